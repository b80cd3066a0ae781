"""The day the core's rules go by, handed to the core rather than read from the system.

A rule that depends on the date (no delivery report dated after today, the date printed on a
register or a pack) asks the open file's clock, `Store.clock`, so a test can hand it a fixed day and
pass on whatever day it runs. Timestamps that only record when something happened (audit events,
backups) keep reading the system's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Clock:
    """The system's calendar; `Clock(fixed)` is stopped on one day, for tests."""

    fixed: date | None = None

    def today(self) -> date:
        """Today's date where the user is (the local calendar)."""
        return self.fixed if self.fixed is not None else date.today()


SYSTEM_CLOCK = Clock()
