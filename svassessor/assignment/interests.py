"""Whether an assessor's declared interests meet an application, for preferring such pairs.

Deliberately simple, so a chair can predict it: an assessor's interests ("youth, Birmingham; food
poverty") are split at commas, semicolons, slashes and new lines into terms; a term meets an
application when it appears, as whole words and ignoring case, in what says who and where the
application is for: its offers' beneficiary groups and places, the organisation's area and
postcode, and the project title. "B19" meets the postcode "B19 1AA"; "youth" meets "Youth club"
but not "Youthful"; "young people" does not meet "youth". Terms of one or two characters are
ignored, so a stray "a" matches nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPLIT = re.compile(r"[,;/\n]+")
_SHORTEST = 3


def interest_terms(interests: str) -> list[re.Pattern[str]]:
    """The patterns an assessor's interests stand for (empty for none given)."""
    terms = {" ".join(t.split()).casefold() for t in _SPLIT.split(interests)}
    return [re.compile(rf"(?<!\w){re.escape(t)}(?!\w)", re.IGNORECASE) for t in sorted(terms) if len(t) >= _SHORTEST]


def meets(terms: list[re.Pattern[str]], texts: Iterable[str | None]) -> bool:
    """Whether any term appears in any of the texts."""
    present = [t for t in texts if t]
    return any(term.search(text) for term in terms for text in present)
