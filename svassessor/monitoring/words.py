"""Statuses and quantities in words, the same in the command line, the register and a view.

Rounding happens here only, for the eye: the file keeps the exact quantities reported.
"""

from __future__ import annotations

from datetime import date

from svassessor.models import DeliveryStatus
from svassessor.money import whole_pounds

_STATUS_NAMES: dict[str, DeliveryStatus] = {
    "on track": "on_track", "at risk": "at_risk", "delivered": "delivered", "missed": "missed",
    "complete": "delivered", "completed": "delivered", "not delivered": "missed",
}


def parse_status(written: str) -> DeliveryStatus | None:
    """A status as people write it: 'On track', 'on_track', 'at-risk', 'Delivered'; None if it is none."""
    return _STATUS_NAMES.get(" ".join(written.replace("_", " ").replace("-", " ").split()).casefold())


def quantity(value: float | None) -> str:
    """1,580 or 2.5: whole numbers without a decimal point; an en dash when there is none."""
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


def amount(value: float | None, unit: str) -> str:
    """A quantity with its unit: '1,580 hours', '£4,380'; the unit '£' goes in front."""
    if value is None:
        return "–"
    unit = unit.strip()
    if unit in ("£", "GBP", "gbp"):
        return f"£{quantity(value)}"
    return f"{quantity(value)} {unit}".rstrip()


def of(delivered: float | None, promised: float | None, unit: str) -> str:
    """'286 of 200 people', '£4,380 of £4,000': the unit said once, as people write it."""
    shown = f"£{quantity(delivered)}" if unit.strip() in ("£", "GBP", "gbp") and delivered is not None \
        else quantity(delivered)
    return f"{shown} of {amount(promised, unit)}"


def percent(share: float | None) -> str:
    """A share of the promise as people read it: '105%'; an en dash when there is no promise to compare."""
    return "–" if share is None else f"{share * 100:.0f}%"


pounds = whole_pounds  # a £ proxy value, to the pound


def when(day: date | None) -> str:
    """10 April 2026, the way a published report writes a date."""
    return "–" if day is None else f"{day.day} {day:%B %Y}"
