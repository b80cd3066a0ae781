"""Numbers as people type them, with one rule for the comma: it separates thousands, never decimals.

A semicolon CSV from a European spreadsheet writes 5000,50 for five thousand and a half. Reading its
comma as a thousands separator turns £5,000.50 into £500,050 without a word, so a comma is accepted
only where it is one (1,234 and 12,345,678.90: groups of three after the first group) and any other
comma (5000,50, 12,5, 1,23) is refused, for money and quantities alike. Spaces group digits too
(90 000), as a typed or pasted amount may.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f")  # spaces, also no-break and narrow no-break


def typed_number(text: str, what: str = "a number") -> Decimal:
    """The number in '1,234', '2.5' or '12 345,678'... exactly as written; ValueError, in words that complete
    "the value …", when it is not a finite number or a comma in it does not separate thousands."""
    compact = text.translate(_SPACES)
    if "," in compact:
        if not _GROUPED.fullmatch(compact):
            raise ValueError(f"{quoted(text)} has a comma that does not separate thousands "
                             f"(write the decimal point as a full stop, as in {_example(compact)})")
        compact = compact.replace(",", "")
    try:
        number = Decimal(compact)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"{quoted(text)} is not {what}")
    return number


def quoted(text: str) -> str:
    """The value quoted for a message, cut short so that a huge cell does not flood the report."""
    shown = text.strip()
    return repr(shown if len(shown) <= 40 else shown[:37] + "...")


def _example(compact: str) -> str:
    """5000.50 for 5000,50, where one comma stands where a decimal point would; else a general example."""
    if compact.count(",") == 1 and "." not in compact and len(compact) <= 40:
        return compact.replace(",", ".")
    return "1,234.50"
