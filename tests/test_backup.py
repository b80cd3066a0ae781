"""Backups on opening a file for writing, thinned by the rule, listed with their sizes, and restored."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from svassessor.errors import FileProblem
from svassessor.storage.audit import verify
from svassessor.storage.backup import BackupPolicy, age_text, list_backups, restore_backup
from svassessor.storage.database import open_database
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, run_cli


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **interval: float) -> None:
        self.now += timedelta(**interval)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 3, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def policy(tmp_path: Path, clock: Clock) -> BackupPolicy:
    return BackupPolicy(root=tmp_path / "backups", clock=clock)


def _open(path: Path, policy: BackupPolicy, *, create: bool = False) -> Store:
    return Store(open_database(path, create=create, backups=policy), actor="Panel chair")


def _round_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM rounds ORDER BY name")]
    finally:
        conn.close()


def _add_round(path: Path, policy: BackupPolicy, name: str):
    """Open the file, let its backup (if one is due) finish, add a round; returns that backup or None."""
    with _open(path, policy) as store:
        backup = store.database.wait_for_backup()
        store.rounds.create(name=name, rubric_yaml=TINY_RUBRIC)
    return backup


def test_a_new_file_has_no_backup_and_a_later_open_makes_one(svdb, policy):
    with _open(svdb, policy, create=True) as store:
        store.rounds.create(name="First", rubric_yaml=TINY_RUBRIC)
    assert list_backups(svdb, policy) == []
    taken = _add_round(svdb, policy, "Second")
    assert [b.path for b in list_backups(svdb, policy)] == [taken.path]
    assert _round_names(taken.path) == ["First"]  # the file as it was opened, not after the edit
    assert not Path(f"{taken.path}-wal").exists()  # one plain file
    assert taken.path.parent != svdb.parent


def test_a_file_is_backed_up_again_only_once_it_has_changed_and_a_quarter_hour_has_passed(svdb, policy, clock):
    with _open(svdb, policy, create=True) as store:
        store.rounds.create(name="First", rubric_yaml=TINY_RUBRIC)
    first = _add_round(svdb, policy, "Second")
    clock.advance(minutes=5)
    assert _add_round(svdb, policy, "Third") is None  # changed, but the newest backup is five minutes old
    clock.advance(days=1)
    second = _add_round(svdb, policy, "Fourth")
    assert _round_names(second.path) == ["First", "Second", "Third"]
    assert [b.path for b in list_backups(svdb, policy)] == [second.path, first.path]


def test_an_opening_with_no_change_since_the_newest_backup_takes_none(svdb, policy, clock):
    with _open(svdb, policy, create=True) as store:
        store.rounds.create(name="First", rubric_yaml=TINY_RUBRIC)
    first = _add_round(svdb, policy, "Second")
    held = []
    for _ in range(3):
        clock.advance(days=1)
        with _open(svdb, policy) as store:  # opened and closed again with no edit
            held.append(store.database.wait_for_backup())
    assert held[0].path != first.path and _round_names(held[0].path) == ["First", "Second"]
    assert held[1] == held[2] == held[0]  # the backup that holds the file as it was opened
    assert len(list_backups(svdb, policy)) == 2


def test_backups_are_thinned_as_new_ones_are_taken(svdb, policy, clock):
    """Opened and changed every 20 minutes from 9:00 to 12:00: the last hour's kept, then each hour's first."""
    with _open(svdb, policy, create=True) as store:
        store.rounds.create(name="Round 0", rubric_yaml=TINY_RUBRIC)
    for n in range(1, 11):
        _add_round(svdb, policy, f"Round {n}")
        clock.advance(minutes=20)
    kept = [f"{b.taken_at:%H:%M}" for b in list_backups(svdb, policy)]
    assert kept == ["12:00", "11:40", "11:20", "11:00", "10:00", "09:00"]
    assert not list(policy.folder(svdb).glob(".*.partial"))


def test_restore_puts_the_file_back_and_keeps_what_it_replaced(svdb, policy, clock):
    with _open(svdb, policy, create=True) as store:
        store.rounds.create(name="First", rubric_yaml=TINY_RUBRIC)
    only_first = _add_round(svdb, policy, "Second")
    clock.advance(minutes=1)
    with _open(svdb, policy) as store:
        saved = restore_backup(store.database, only_first.path, policy)
        assert [r.name for r in store.rounds.list()] == ["First"]
        assert verify(store.database) is None
    assert _round_names(saved.path) == ["First", "Second"]  # taken although the quarter hour had not passed
    assert [b.path for b in list_backups(svdb, policy)] == [saved.path, only_first.path]


def test_restore_refuses_what_is_not_a_backup(svdb, policy, tmp_path):
    open_database(svdb, create=True, backups=policy).close()
    notes = tmp_path / "notes.svdb"
    notes.write_text("not a database " * 100)
    with _open(svdb, policy) as store, pytest.raises(FileProblem, match="not a whole svassessor file"):
        restore_backup(store.database, notes, policy)


def test_a_backup_that_cannot_be_written_does_not_stop_the_open(svdb, tmp_path):
    with _open(svdb, BackupPolicy(), create=True) as store:
        store.rounds.create(name="First", rubric_yaml=TINY_RUBRIC)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the backup folder should be")
    database = open_database(svdb, backups=BackupPolicy(root=blocked))
    try:
        assert database.wait_for_backup() is None
        assert "could not be written" in database.backup_problem
    finally:
        database.close()


def test_how_long_ago_a_backup_was_taken():
    now = datetime(2027, 1, 1, 0, 30, tzinfo=timezone.utc)
    ages = [age_text(now - timedelta(seconds=s), now) for s in (-30, 89, 90, 5399, 5400, 36 * 3600 - 1, 36 * 3600,
                                                                   14 * 86400 - 1, 14 * 86400, 84 * 86400)]
    assert ages == ["just now", "just now", "2 minutes ago", "90 minutes ago", "2 hours ago", "36 hours ago",
                    "2 days ago", "14 days ago", "2 weeks ago", "12 weeks ago"]


def test_a_scripted_scoring_run_leaves_one_backup_of_the_file_as_it_was_before(store, scoring_round):
    """The issue's case: `svassessor score` run again and again by a script. Each command opens the file
    for writing; the first finds no backup and takes one, the rest find it a few seconds old."""
    path = store.database.path
    store.close()
    for reference in ("T-001", "T-002"):
        for criterion, score in (("need_evidence", 3), ("offer_who", 2), ("offer_measures", 4)):
            scored = run_cli("score", path, "--assessor", "Grants officer A", "--application", reference,
                             "--criterion", criterion, "--score", str(score))
            assert scored.returncode == 0, scored.stderr
    backups = list_backups(path)
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0].path)
    try:
        assert conn.execute("SELECT count(*) FROM scores").fetchone()[0] == 0  # the file before the script ran
    finally:
        conn.close()


def test_backups_and_restore_on_the_command_line(svdb):
    assert run_cli("round", "new", svdb, "--name", "First", "--rubric", "small-grants").returncode == 0
    listed = run_cli("backups", svdb).stdout
    assert listed.startswith(f"{svdb} has no backups yet.\nA backup is taken when the file is opened for writing")
    assert run_cli("round", "new", svdb, "--name", "Second", "--rubric", "small-grants").returncode == 0
    lines = run_cli("backups", svdb).stdout.splitlines()
    backup = list_backups(svdb)[0]
    assert re.fullmatch(rf"1  \d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d  (just now|\d+ minutes ago)  \d+\.\d KB  "
                        rf"{re.escape(str(backup.path))}", lines[0]), lines[0]
    assert lines[1] == f"1 backup, {backup.size / 1024:.1f} KB in all."
    assert lines[2].startswith("A backup is taken when the file is opened for writing, if it has changed")
    assert [b["number"] for b in json.loads(run_cli("backups", svdb, "--json").stdout)] == [1]
    restored = run_cli("restore", svdb, "1")
    assert restored.returncode == 0, restored.stderr
    assert "what it held before is backed up in" in restored.stdout
    assert [r["name"] for r in json.loads(run_cli("rounds", svdb, "--json").stdout)] == ["First"]
    listed = json.loads(run_cli("backups", svdb, "--json").stdout)
    assert len(listed) == 2
    assert run_cli("backups", svdb).stdout.splitlines()[2] == (
        f"2 backups, {sum(b['size'] for b in listed) / 1024:.1f} KB in all.")
    assert run_cli("check", svdb).returncode == 0
    refused = run_cli("restore", svdb, "9")
    assert refused.returncode == 2 and "choose a number from 1 to 2" in refused.stderr
