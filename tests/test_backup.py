"""Rotating backups on open, listing and restoring them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from svassessor.errors import FileProblem
from svassessor.storage.audit import verify
from svassessor.storage.backup import BackupPolicy, list_backups, restore_backup
from svassessor.storage.database import open_database
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC


@pytest.fixture
def policy(tmp_path: Path) -> BackupPolicy:
    return BackupPolicy(keep=3, root=tmp_path / "backups")


def _open(path: Path, policy: BackupPolicy, *, create: bool = False) -> Store:
    return Store(open_database(path, create=create, backups=policy), actor="Panel chair")


def _round_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM rounds ORDER BY name")]
    finally:
        conn.close()


def test_a_new_file_has_no_backup_and_each_later_open_makes_one(svdb, policy):
    with _open(svdb, policy, create=True) as store:
        store.rounds.create(name="First", rubric_yaml=TINY_RUBRIC)
    assert list_backups(svdb, policy) == []
    with _open(svdb, policy) as store:
        store.rounds.create(name="Second", rubric_yaml=TINY_RUBRIC)
        taken = store.database.wait_for_backup()
    backups = list_backups(svdb, policy)
    assert [b.path for b in backups] == [taken.path]
    assert _round_names(taken.path) == ["First"]  # the file as it was opened, not after the edit
    assert not Path(f"{taken.path}-wal").exists()  # one plain file
    assert taken.path.parent != svdb.parent


def test_only_the_newest_are_kept(svdb, policy):
    open_database(svdb, create=True, backups=policy).close()
    for _ in range(5):
        open_database(svdb, backups=policy).close()
    backups = list_backups(svdb, policy)
    assert len(backups) == 3
    assert backups == sorted(backups, key=lambda b: b.taken_at, reverse=True)


def test_restore_puts_the_file_back_and_keeps_what_it_replaced(svdb, policy):
    with _open(svdb, policy, create=True) as store:
        store.rounds.create(name="First", rubric_yaml=TINY_RUBRIC)
    with _open(svdb, policy) as store:
        store.rounds.create(name="Second", rubric_yaml=TINY_RUBRIC)
        store.database.wait_for_backup()
    only_first = list_backups(svdb, policy)[0]
    with _open(svdb, policy) as store:
        store.database.wait_for_backup()
        saved = restore_backup(store.database, only_first.path, policy)
        assert [r.name for r in store.rounds.list()] == ["First"]
        assert verify(store.database) is None
    assert _round_names(saved.path) == ["First", "Second"]
    assert only_first.path.exists()  # kept although it may be the oldest


def test_restore_refuses_what_is_not_a_backup(svdb, policy, tmp_path):
    open_database(svdb, create=True, backups=policy).close()
    notes = tmp_path / "notes.svdb"
    notes.write_text("not a database " * 100)
    with _open(svdb, policy) as store, pytest.raises(FileProblem, match="not a whole svassessor file"):
        restore_backup(store.database, notes, policy)


def test_a_backup_that_cannot_be_written_does_not_stop_the_open(svdb, tmp_path):
    open_database(svdb, create=True, backups=None).close()
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the backup folder should be")
    database = open_database(svdb, backups=BackupPolicy(root=blocked))
    try:
        assert database.wait_for_backup() is None
        assert "could not be written" in database.backup_problem
    finally:
        database.close()


def test_backups_and_restore_on_the_command_line(svdb, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}  # where platformdirs puts backups on Linux

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "svassessor", *map(str, args)], capture_output=True, text=True,
                              env=env, timeout=120)

    assert cli("round", "new", svdb, "--name", "First", "--rubric", "small-grants").returncode == 0
    assert "has no backups yet" in cli("backups", svdb).stdout
    assert cli("round", "new", svdb, "--name", "Second", "--rubric", "small-grants").returncode == 0
    listed = json.loads(cli("backups", svdb, "--json").stdout)
    assert [b["number"] for b in listed] == [1]
    restored = cli("restore", svdb, "1")
    assert restored.returncode == 0, restored.stderr
    assert "what it held before is backed up in" in restored.stdout
    assert [r["name"] for r in json.loads(cli("rounds", svdb, "--json").stdout)] == ["First"]
    assert len(json.loads(cli("backups", svdb, "--json").stdout)) == 2
    assert cli("check", svdb).returncode == 0
    refused = cli("restore", svdb, "9")
    assert refused.returncode == 2 and "choose a number from 1 to 2" in refused.stderr
