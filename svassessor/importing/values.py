"""Reading one cell as the value a field needs: money, a date, or text.

Spreadsheets hand us typed cells (numbers, datetimes) and CSV hands us text, so each reader accepts
both. Dates are read the UK way only (day first): a file that says 05/06/2014 means 5 June, and a
date we cannot read is refused, never guessed at.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

Cell = str | int | float | bool | datetime | date | None

_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
_MONEY_JUNK = str.maketrans("", "", "£, \u00a0")


class ValueProblem(ValueError):
    """The cell cannot be read as the field needs; the message completes 'the value …'."""


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell: Cell) -> str:
    """The cell as text exactly (no trimming), with spreadsheet numbers and dates written plainly."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def money(cell: Cell) -> Decimal | None:
    """Pounds and pence from 30000, 30000.5, '£30,000.50'; None for an empty cell."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool) or isinstance(cell, (datetime, date)):
        raise ValueProblem(f"{text(cell)!r} is not an amount of money")
    if isinstance(cell, float):
        amount = Decimal(repr(cell))
        rounded = amount.quantize(Decimal("0.01"))
        if abs(amount - rounded) < Decimal("0.000001"):  # a spreadsheet's binary fraction of 0.1 etc.
            amount = rounded
    elif isinstance(cell, int):
        amount = Decimal(cell)
    else:
        try:
            amount = Decimal(cell.translate(_MONEY_JUNK))
        except InvalidOperation:
            raise ValueProblem(f"{_shown(cell)} is not an amount of money") from None
    if not amount.is_finite():
        raise ValueProblem(f"{_shown(text(cell))} is not an amount of money")
    if amount < 0:
        raise ValueProblem(f"{_shown(text(cell))} is a negative amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueProblem(f"{_shown(text(cell))} has a fraction of a penny")
    return amount


def day(cell: Cell) -> date | None:
    """A date from a spreadsheet date, YYYY-MM-DD (with or without a time) or DD/MM/YYYY."""
    if is_blank(cell):
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    value = text(cell).strip()
    try:
        if found := _ISO.fullmatch(value):
            return date(int(found[1]), int(found[2]), int(found[3]))
        if found := _DAY_FIRST.fullmatch(value):
            return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        raise ValueProblem(f"{_shown(value)} is not a date in the calendar") from None
    raise ValueProblem(f"{_shown(value)} is not a date (write YYYY-MM-DD or DD/MM/YYYY)")


def number(cell: Cell) -> float | None:
    """A quantity, such as an offer's 40 people."""
    if is_blank(cell):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    try:
        return float(text(cell).replace(",", "").strip())
    except ValueError:
        raise ValueProblem(f"{_shown(text(cell))} is not a number") from None


def _shown(value: str) -> str:
    """The value quoted for a message, cut short so that a huge cell does not flood the report."""
    return repr(value if len(value) <= 40 else value[:37] + "...")
