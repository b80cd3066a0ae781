"""Reading one cell as the value a field needs: money, a date, or text.

Spreadsheets hand us typed cells (numbers, datetimes) and CSV hands us text, so each reader accepts
both. Dates are read the UK way only (day first): a file that says 05/06/2014 means 5 June, and a
date we cannot read is refused, never guessed at.

Money is pounds and whole pence. A spreadsheet keeps amounts as binary floating point, and writes
£41,133.77 out as `41133.770000000004` when it saves a CSV (the nearest double, shown in full). So an
amount within a millionth of a pound of a whole penny is that penny, whether the cell is text (the
decimal exactly as written) or a number (its shortest round-trip `repr`, the digits the spreadsheet
holds): the same data as CSV or as XLSX gives the same pennies. A millionth is far above the error
of a double for any sum under a billion pounds (about 1e-7 there), and far below any fraction a
person types, so `12.345` and `12.341` are still refused as a fraction of a penny.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from svassessor.money import typed_pounds
from svassessor.typed_number import typed_number

# What a cell can hold: CSV gives text; a workbook also numbers, booleans, dates and times of day or
# durations (cells formatted as such).
Cell = str | int | float | bool | datetime | date | time | timedelta | None

_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
_PENNY = Decimal("0.01")
_NOISE = Decimal("0.000001")  # a millionth of a pound: floating-point noise, never a typed fraction


class ValueProblem(ValueError):
    """The cell cannot be read as the field needs; the message completes 'the value …'."""


def is_blank(cell: object) -> bool:
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
    """Pounds and pence from 30000, 30000.5, '£30,000.50' or 41133.770000000004; None for an empty cell."""
    if cell is None or is_blank(cell):
        return None
    if isinstance(cell, (bool, datetime, date, time, timedelta)):
        raise ValueProblem(f"{text(cell)!r} is not an amount of money")
    if isinstance(cell, str):
        try:
            exact = typed_pounds(cell)
        except ValueError as problem:  # not a number, or a decimal comma: the reason in words
            raise ValueProblem(str(problem)) from None
    else:
        exact = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
    try:
        penny = exact.quantize(_PENNY) if exact.is_finite() else None
    except InvalidOperation:  # too many digits to be pounds and pence
        penny = None
    if penny is None:
        raise ValueProblem(f"{_shown(text(cell))} is not an amount of money")
    if penny < 0:
        raise ValueProblem(f"{_shown(text(cell))} is a negative amount")
    if abs(exact - penny) >= _NOISE:
        raise ValueProblem(f"{_shown(text(cell))} has a fraction of a penny")
    return penny + 0  # + 0: a tiny negative noise rounds to -0.00, which is plain 0.00


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
    """A quantity, such as an offer's 40 people or 1,580 meals; a decimal comma (250,5) is refused, as in money."""
    if is_blank(cell):
        return None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    try:
        return float(typed_number(text(cell)))
    except ValueError as problem:  # not a number, or a decimal comma (250,5): the reason in words
        raise ValueProblem(str(problem)) from None


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def yes_no(cell: Cell) -> bool | None:
    """Yes or no from yes/no, true/false, 1/0 or Y/N (any case, or a spreadsheet's TRUE and 1); None when blank."""
    if is_blank(cell):
        return None
    if isinstance(cell, bool):
        return cell
    written = text(cell).strip().casefold()
    if written in _YES:
        return True
    if written in _NO:
        return False
    raise ValueProblem(f"{_shown(text(cell))} is not yes or no (write yes, no, true, false, 1, 0, Y or N)")


def _shown(value: str) -> str:
    """The value quoted for a message, cut short so that a huge cell does not flood the report."""
    return repr(value if len(value) <= 40 else value[:37] + "...")
