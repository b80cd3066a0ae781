"""Money as people read it: one place that writes pounds, for the window, the command line and every report.

Amounts are Decimals from the file (pence stored as integers); pence are shown only when there are
some, as a grant officer writes money. Proxy values (monitoring's £ per unit) are estimates, so they
are shown to the pound.
"""

from __future__ import annotations

from decimal import Decimal


def money_text(amount: Decimal | int | float | None, *, none: str = "–") -> str:
    """£12,480 or £12,480.50; `none` when there is no amount."""
    if amount is None:
        return none
    return f"£{Decimal(amount):,.2f}".removesuffix(".00")


def whole_pounds(value: float | None, *, none: str = "–") -> str:
    """£12,480, rounded to the pound (an estimate's precision); `none` when there is no value."""
    return none if value is None else f"£{value:,.0f}"
