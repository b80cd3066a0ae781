"""Cells that are safe to open in a spreadsheet: no text can become a formula (CSV/formula injection).

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula, and some also do after a
leading tab or carriage return; an applicant's name such as `=HYPERLINK(...)` would then run on a
grant officer's machine. Such *text* is prefixed with an apostrophe, which spreadsheets show as text.
Numbers are never touched: they are written as numbers, so a real −2 stays a number that sums.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

Value = str | int | float | Decimal | date | datetime | bool | None
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text that no spreadsheet will read as a formula."""
    return "'" + text if text.startswith(TRIGGERS) else text


def csv_text(value: Value) -> str:
    """A value as a CSV field: numbers plain (no thousands separator), dates ISO, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return neutralised(value)
