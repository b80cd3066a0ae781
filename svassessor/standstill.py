"""The standstill period of a contract award (Procurement Act 2023, s.51), counted in working days.

A contracting authority publishes a contract award notice, then may not enter into the contract
before the end of the *mandatory standstill period*: "the period of eight working days beginning
with the day on which the contract award notice is published" (s.51(2)). So:

- day 1 is the day the notice is published when that is a working day; published on a day that is
  not (a Saturday, say), day 1 is the next working day;
- the period ends at midnight at the end of day 8, and the contract may be entered into from the
  next day on.

A working day (the Act's s.123) is a day other than a Saturday or Sunday, Christmas Day, Good Friday
or a bank holiday under the Banking and Financial Dealings Act 1971. Bank holidays differ between
England, Wales, Scotland and Northern Ireland (2 January and St Andrew's Day are Scotland's, St
Patrick's Day Northern Ireland's). UK statutes define a working day against a bank holiday "in any
part of the United Kingdom", and a standstill counted short is the one mistake that matters (a
contract entered into early can be set aside; one entered a day late cannot), so a bank holiday in
any of the four parts is not a working day wherever the round is. The days come from the `holidays`
package's calendars of the four parts (which also carry the one-off bank holidays made by
proclamation, such as a coronation), not from a hand-kept list.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from svassessor.errors import NotAllowed

Nation = Literal["england", "wales", "scotland", "northern_ireland"]
NATIONS: tuple[Nation, ...] = ("england", "wales", "scotland", "northern_ireland")
NATION_NAMES: dict[Nation, str] = {"england": "England", "wales": "Wales", "scotland": "Scotland",
                                   "northern_ireland": "Northern Ireland"}
STANDSTILL_WORKING_DAYS = 8
_SUBDIVISIONS: dict[Nation, str] = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern_ireland": "NIR"}


def checked_nation(value: str | None) -> Nation | None:
    """A part of the UK as stored (england, wales, scotland, northern_ireland); blank is None.

    Written any way a person would ("Northern Ireland", "northern-ireland"); anything else is refused.
    """
    if value is None or not value.strip():
        return None
    key = "_".join(value.strip().casefold().replace("-", " ").split())
    for nation in NATIONS:
        if key == nation:
            return nation
    raise NotAllowed(f"A round's part of the UK is England, Wales, Scotland or Northern Ireland, "
                     f"not '{value.strip()}'.")


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    """The bank holidays of every part of the UK (with Christmas Day and Good Friday) in one year."""
    from holidays.countries.united_kingdom import UnitedKingdom  # 0.3 s to import: only when a period is counted

    return frozenset(day for part in _SUBDIVISIONS.values() for day in UnitedKingdom(subdiv=part, years=year))


def is_working_day(day: date) -> bool:
    """Not a Saturday, Sunday, Christmas Day, Good Friday or a bank holiday in any part of the UK."""
    if day.weekday() >= 5 or (day.month, day.day) == (12, 25):
        return False
    return day not in _bank_holidays(day.year)


def standstill_end(start: date) -> date:
    """The last day of the standstill beginning on `start` (the day the award notice is published):
    the 8th working day counting `start` as the first when it is a working day. It ends at midnight
    at the end of that day."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == STANDSTILL_WORKING_DAYS:
                return day
        day += timedelta(days=1)


def long_day(day: date) -> str:
    """A day as a letter writes it: Tuesday 15 December 2026."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def standstill_sentence(start: date) -> str:
    """What the window, the command line and a summary say of a standstill beginning on `start`."""
    return (f"Standstill ends at midnight on {long_day(standstill_end(start))} ({STANDSTILL_WORKING_DAYS} working "
            f"days; a bank holiday in any part of the UK is not one).")
