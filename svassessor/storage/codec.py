"""How values are written to and read from SQLite, exactly (DESIGN §5: no rounding in storage)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal


def pence(amount: Decimal | None) -> int | None:
    """Pounds to whole pence; refuses fractions of a penny rather than rounding them away."""
    if amount is None:
        return None
    value = Decimal(amount) * 100
    if value != value.to_integral_value():
        raise ValueError(f"£{amount} has a fraction of a penny")
    return int(value)


def pounds(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value) / 100


def utc_text(moment: datetime | None) -> str | None:
    """An aware datetime as ISO 8601 UTC with microseconds, so text order is time order."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def utc_parse(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def date_text(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def date_parse(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)
