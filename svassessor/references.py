"""The order of application references as people read them: `360G-X-177` before `360G-X-1769`.

Funders number grants without leading zeros, so text order puts `-177` between `-1769` and `-1776`
and `-100001` before `-2098`. A reference is read as runs of letters and runs of digits: digits
compare as numbers, letters without regard to case. Two references that read the same
(`ab-07` and `AB-7`) are then ordered by their exact text, so the order is total and never depends
on the order the references came in.

Hand-written rather than `natsort`: the rule is these few lines, and it must stay exactly this rule
(the repository, the ranking's tie-break, the window and every report share it).
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"([0-9]+)")

ReferenceKey = tuple[tuple[str | int, ...], str]


def reference_key(reference: str) -> ReferenceKey:
    """The sort key of a reference: `sorted(refs, key=reference_key)` is natural order.

    The parts alternate text, number, text, … (text first, possibly empty), so two keys always
    compare text with text and number with number.
    """
    parts = _DIGITS.split(reference.casefold())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), reference
