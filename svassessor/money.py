"""Money as people write and read it: one place that reads typed pounds and writes pounds, for the window, the
command line, the importer and every report.

Amounts are Decimals from the file (pence stored as integers); pence are shown only when there are
some, as a grant officer writes money. Proxy values (monitoring's £ per unit) are estimates, so they
are shown to the pound.
"""

from __future__ import annotations

from decimal import Decimal

from svassessor.typed_number import typed_number


def typed_pounds(text: str) -> Decimal:
    """The amount in '90000', '90,000', '£90,000.50' or '£ 90 000', exactly as written (no rounding: whether a
    fraction of a penny is allowed is the caller's rule); ValueError, in words that complete "the value …",
    when it is not a finite number or has a decimal comma (5000,50: see `typed_number`)."""
    return typed_number(text.replace("£", ""), "an amount of money")


def money_text(amount: Decimal | int | float | None, *, none: str = "–") -> str:
    """£12,480 or £12,480.50; `none` when there is no amount."""
    if amount is None:
        return none
    return f"£{Decimal(amount):,.2f}".removesuffix(".00")


def whole_pounds(value: float | None, *, none: str = "–") -> str:
    """£12,480, rounded to the pound (an estimate's precision); `none` when there is no value."""
    return none if value is None else f"£{value:,.0f}"
