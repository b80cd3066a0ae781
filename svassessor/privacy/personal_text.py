"""Recognising a person's details in free text: e-mail addresses, UK phone numbers, and names we know.

Used where text is kept but may mention someone (an offer's description is the funder's record of a
commitment, so it is kept with the person taken out), and to widen a subject access search from a
name to the e-mail addresses and phone numbers recorded beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

ERASED = "[erased]"
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# 0121 496 0000, 07700 900123, +44 (0)20 7946 0000, 01632-960-000: ten or eleven digits in all.
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}(?!\d)")
# Extra columns (from an application form) that hold a person's details, by words in their heading.
_CONTACT_HEADING = re.compile(r"name|contact|e-?mail|phone|tel\b|mobile|address|person|signatory", re.IGNORECASE)


def contact_details(extra: Mapping[str, object]) -> list[str]:
    """The values of an application's extra columns whose headings say they are about a person."""
    return [str(value).strip() for heading, value in extra.items()
            if _CONTACT_HEADING.search(heading) and isinstance(value, str | int) and str(value).strip()]


def without_personal_parts(text: str, known: Iterable[str]) -> str:
    """`text` with e-mail addresses, phone numbers and the `known` names and details replaced by [erased]."""
    for value in sorted({k for k in known if len(k) >= 3}, key=len, reverse=True):
        text = re.sub(re.escape(value), ERASED, text, flags=re.IGNORECASE)
    return PHONE.sub(ERASED, EMAIL.sub(ERASED, text))


def details_in(text: str) -> list[str]:
    """The e-mail addresses and phone numbers written in `text`."""
    return EMAIL.findall(text) + [m.group(0) for m in PHONE.finditer(text)]
