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


def interest_pattern(interests: str) -> re.Pattern[str] | None:
    """One pattern for all of an assessor's interest terms (None for none given)."""
    terms = sorted({" ".join(t.split()).casefold() for t in _SPLIT.split(interests)} - {""})
    terms = [re.escape(t) for t in terms if len(t) >= _SHORTEST]
    return re.compile(rf"(?<!\w)(?:{'|'.join(terms)})(?!\w)", re.IGNORECASE) if terms else None


def application_text(texts: Iterable[str | None]) -> str:
    """What an application's terms are looked for in, as one text (a term never spans two of its lines)."""
    return "\n".join(t for t in texts if t)


def meets(pattern: re.Pattern[str] | None, text: str) -> bool:
    """Whether any of the assessor's terms appears in the application's text."""
    return pattern is not None and pattern.search(text) is not None
