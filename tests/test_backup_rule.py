"""When a file is backed up and which backups are kept: the rule on its own, at moments handed in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from svassessor.storage.backup_rule import Backup, BackupRule, backup_due, backups_to_keep

RULE = BackupRule()
MB = 1 << 20


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def backup(moment: datetime, size: int = MB) -> Backup:
    return Backup(Path(f"panel-{moment:%Y%m%dT%H%M%S}.svdb"), moment, size)


def open_changed_file(moments: Iterable[datetime], rule: BackupRule = RULE) -> tuple[list[Backup], int]:
    """Open a file that changed since its last backup at each moment, as the core does: a backup when
    one is due, then the thinning. Returns what is kept at the end, and how many were taken."""
    kept: list[Backup] = []
    taken = 0
    for now in moments:
        newest = kept[0].taken_at if kept else None
        if backup_due(newest, changed=True, now=now, rule=rule):
            kept = backups_to_keep([*kept, backup(now)], now=now, rule=rule)
            taken += 1
    return kept, taken


def test_a_backup_is_due_for_a_changed_file_once_a_quarter_hour_has_passed():
    now = at("2026-03-03 14:00")
    assert backup_due(None, changed=True, now=now, rule=RULE)  # the first
    assert not backup_due(now - timedelta(days=30), changed=False, now=now, rule=RULE)  # the same as the newest
    assert not backup_due(now - timedelta(minutes=14, seconds=59), changed=True, now=now, rule=RULE)
    assert backup_due(now - timedelta(minutes=15), changed=True, now=now, rule=RULE)
    assert backup_due(now + timedelta(days=2), changed=True, now=now, rule=RULE)  # the clock was put back


# Any day, a year's end, 29 February, the 2nd of a month, the night the clocks go forward (UTC has none).
@pytest.mark.parametrize("start", ["2026-03-03 13:00", "2026-12-31 21:30", "2028-02-28 22:00", "2026-11-02 13:00",
                                   "2026-03-29 00:00"])
def test_a_scripted_afternoon_leaves_a_backup_at_the_start_of_each_hour_not_hundreds(start):
    """500 `svassessor score` commands 30 seconds apart (4 hours 10 minutes), each changing the file."""
    began = at(start)
    commands = [began + timedelta(seconds=30 * n) for n in range(500)]
    kept, taken = open_changed_file(commands)
    assert taken == 17  # one every quarter of an hour
    moments = [b.taken_at for b in kept]
    assert moments == sorted(moments, reverse=True) and len(moments) == 8
    assert moments[:4] == [began + timedelta(minutes=m) for m in (240, 225, 210, 195)]  # the last hour's, all
    assert moments[-1] == began  # and the first of each hour before: the file as it was before the script ran
    assert all(m.minute == 0 for m in moments[4:-1])


def test_a_term_of_daily_use_keeps_its_recent_openings_and_the_start_of_each_week():
    """Opened and changed at 9:00 and 14:00 every weekday from 5 January to Friday 26 June."""
    days = [at("2026-01-05 00:00") + timedelta(days=d) for d in range(173)]
    opens = [day + timedelta(hours=h) for day in days if day.weekday() < 5 for h in (9, 14)]
    kept, taken = open_changed_file(opens)
    assert taken == len(opens) == 250
    moments = [b.taken_at for b in kept]
    assert moments[0] == opens[-1] and len(moments) == len(set(moments))
    # The 24 most recent hours that have a backup: the last twelve weekdays' openings, all of them.
    assert moments[:24] == opens[-24:][::-1] and moments[23] == at("2026-06-11 09:00")
    # Before them, the first of each of the 12 most recent weeks that have one: Monday mornings back to 6 April.
    mondays = [at("2026-06-08 09:00") - timedelta(weeks=w) for w in range(10)]
    assert moments[24:] == mondays and mondays[-1] == at("2026-04-06 09:00")


def test_a_file_left_alone_for_months_keeps_the_history_of_its_last_weeks_of_use():
    used = [at("2026-01-05 09:00") + timedelta(days=d) for d in range(0, 35, 7)]  # five Mondays
    kept = backups_to_keep([backup(m) for m in used], now=at("2026-10-01 12:00"), rule=RULE)
    assert [b.taken_at for b in kept] == sorted(used, reverse=True)


def test_when_they_take_more_than_the_cap_the_oldest_go_first_and_the_newest_stays():
    now = at("2026-03-03 14:00")
    rule = BackupRule(max_bytes=250 * MB)
    three = [backup(now - timedelta(minutes=m), 100 * MB) for m in (10, 30, 50)]
    assert [b.taken_at for b in backups_to_keep(three, now=now, rule=rule)] == [three[0].taken_at, three[1].taken_at]
    huge = [backup(now - timedelta(minutes=m), 300 * MB) for m in (10, 30)]
    assert backups_to_keep(huge, now=now, rule=rule) == [huge[0]]


def test_the_rule_in_words():
    assert RULE.explained() == (
        "A backup is taken when the file is opened for writing, if it has changed since its newest backup and that "
        "is at least 15 minutes old. Backups older than 1 hour are thinned to the first of each of the last 24 "
        "hours, 7 days and 12 weeks that have one, up to 1 GB in all.")
