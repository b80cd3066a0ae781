"""When a file is backed up, and which of its backups are kept: the rule, as pure functions of time.

A backup is there to put a file back after a mistake: a wrong merge, a script that scored the wrong
round, a file overwritten by a copy. So a backup is taken when the file is opened for writing, but
only when it holds something the newest backup does not, and not more often than once every quarter
of an hour: a script that runs `svassessor score` five hundred times in ten minutes leaves one backup
(the file as it was before the script), not five hundred seconds-old copies. The most that restoring
can lose is the work of the quarter hour before the opening that went wrong.

They are then thinned out so that they reach back in time rather than pile up: every backup of the
last hour is kept; beyond that, the first backup of each of the 24 most recent hours that have one,
of the 7 most recent days and of the 12 most recent weeks, that is the file as it was when that
hour's, day's or week's work began (hours, days and ISO weeks in UTC, counting only those with a
backup, so a file left alone for months keeps the history of its last weeks of use). The newest is
always kept. If what is kept takes more than 1 GB, the oldest go first.

Every function takes the time as an argument (the caller hands in its clock), so the rule can be
checked for any moment of any year.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Backup:
    """One backup of a file: where it is, when it was taken (UTC) and its size in bytes."""

    path: Path
    taken_at: datetime
    size: int


@dataclass(frozen=True)
class BackupRule:
    """The rule's numbers (see the module docstring)."""

    quiet: timedelta = timedelta(minutes=15)  # at most one backup on opening per quiet interval
    recent: timedelta = timedelta(hours=1)  # every backup this young is kept
    hours: int = 24
    days: int = 7
    weeks: int = 12
    max_bytes: int = 1 << 30

    def explained(self) -> str:
        """The rule in plain words, the same on the command line and in the window."""
        return (f"A backup is taken when the file is opened for writing, if it has changed since its newest "
                f"backup and that is at least {_duration(self.quiet)} old. Backups older than "
                f"{_duration(self.recent)} are thinned to the first of each of the last {self.hours} hours, "
                f"{self.days} days and {self.weeks} weeks that have one, up to {self.max_bytes / (1 << 30):g} GB "
                f"in all.")


def backup_due(newest: datetime | None, *, changed: bool, now: datetime, rule: BackupRule) -> bool:
    """Whether opening the file for writing at `now` backs it up, given when its newest backup was taken.

    None as `newest`: the file has no backup yet. `changed`: the file is not as it was in that backup.
    A newest backup dated after `now` (the clock was put back) does not hold the next one off.
    """
    if newest is None:
        return True
    if not changed:
        return False
    age = now - newest
    return age >= rule.quiet or age < timedelta(0)


def backups_to_keep(backups: Sequence[Backup], *, now: datetime, rule: BackupRule) -> list[Backup]:
    """The backups the rule keeps at `now` (see the module docstring), newest first."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    kept = {b.path for b in newest_first[:1]}
    kept |= {b.path for b in newest_first if now - b.taken_at < rule.recent}
    for count, period in ((rule.hours, _hour), (rule.days, _day), (rule.weeks, _week)):
        kept |= _first_of_each(newest_first, period, count)
    chosen: list[Backup] = []
    total = 0
    for backup in (b for b in newest_first if b.path in kept):
        total += backup.size
        if chosen and total > rule.max_bytes:
            break
        chosen.append(backup)
    return chosen


def _first_of_each(newest_first: Sequence[Backup], period: Callable[[datetime], Hashable], count: int) -> set[Path]:
    """The first backup of each of the `count` most recent periods that have one."""
    first: dict[Hashable, Path] = {}
    for backup in newest_first:
        key = period(backup.taken_at)
        if key not in first and len(first) == count:
            break
        first[key] = backup.path  # newest first, so the last one a period sees is its first
    return set(first.values())


def _hour(moment: datetime) -> Hashable:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _day(moment: datetime) -> Hashable:
    return moment.astimezone(UTC).date()


def _week(moment: datetime) -> Hashable:
    return moment.astimezone(UTC).isocalendar()[:2]


def _duration(interval: timedelta) -> str:
    """'15 minutes', '1 hour', '2 hours'."""
    minutes = round(interval.total_seconds() / 60)
    count, unit = (minutes // 60, "hour") if minutes and minutes % 60 == 0 else (minutes, "minute")
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"
