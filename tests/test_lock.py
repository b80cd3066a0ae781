"""One writer per file: a second process is refused and told who holds it; stale locks are cleared."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from svassessor.errors import FileProblem
from svassessor.storage.codec import utc_text
from svassessor.storage.database import open_database
from svassessor.storage.lock import FileInUse, acquire, lock_path, read_holder
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC

ROOT = Path(__file__).resolve().parent.parent
HOLD = """
import sys
from svassessor.storage.database import open_database
database = open_database(sys.argv[1], backups=None)
print("held", flush=True)
sys.stdin.readline()
database.close()
print("closed", flush=True)
"""


@pytest.fixture
def made(svdb: Path) -> Path:
    with Store.open(svdb, actor="Panel chair", create=True) as store:
        store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
    return svdb


def _holder_process(path: Path) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True, cwd=ROOT)
    assert child.stdout.readline().strip() == "held"
    return child


def test_a_second_process_is_refused_and_told_who_holds_the_file(made):
    child = _holder_process(made)
    try:
        with pytest.raises(FileInUse) as refused:
            open_database(made, backups=None)
        message = str(refused.value)
        assert str(made) in message and socket.gethostname() in message and " since " in message
        assert refused.value.holder.pid == child.pid
        assert message.count(".") <= 2 + str(made).count(".")  # one sentence
        assert read_holder(made).pid == child.pid
        with Store.open(made, actor="reader", readonly=True) as reader:  # readers are never blocked
            assert [r.name for r in reader.rounds.list()] == ["Round"]
    finally:
        child.communicate("\n", timeout=30)
    assert read_holder(made) is None
    assert not lock_path(made).exists()
    open_database(made, backups=None).close()


def test_a_lock_left_by_a_killed_process_is_cleared(made):
    child = _holder_process(made)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert lock_path(made).exists()  # the crashed instance could not clean up
    assert read_holder(made) is None  # but nobody holds it
    database = open_database(made, backups=None)
    try:
        assert json.loads(lock_path(made).read_text())["pid"] == os.getpid()
    finally:
        database.close()


def _foreign_lock(path: Path, *, heartbeat_age: timedelta) -> None:
    now = datetime.now(timezone.utc)
    lock_path(path).write_text(json.dumps({
        "user": "alice", "host": "FINANCE-LAPTOP-7", "pid": 4242, "since": utc_text(now - timedelta(hours=2)),
        "heartbeat": utc_text(now - heartbeat_age)}))


def test_a_live_lock_from_another_machine_is_respected(made):
    _foreign_lock(made, heartbeat_age=timedelta(seconds=20))
    with pytest.raises(FileInUse, match="alice on FINANCE-LAPTOP-7 since"):
        open_database(made, backups=None)
    assert read_holder(made).user == "alice"


def test_a_lock_from_another_machine_without_a_heartbeat_is_stale(made):
    _foreign_lock(made, heartbeat_age=timedelta(minutes=20))
    assert read_holder(made) is None
    open_database(made, backups=None).close()
    assert not lock_path(made).exists()


def test_an_empty_or_garbled_lock_file_is_free(made):
    lock_path(made).write_text("{not json")
    open_database(made, backups=None).close()


def test_the_same_process_may_open_its_own_file_twice(made):
    first = open_database(made, backups=None)
    second = open_database(made, backups=None)
    second.close()
    assert lock_path(made).exists()  # still held by the first
    first.close()
    first.close()  # closing twice does not release someone else's hold
    assert not lock_path(made).exists()


def test_read_only_opens_take_no_lock(made):
    with Store.open(made, actor="reader", readonly=True):
        assert not lock_path(made).exists()


def test_the_heartbeat_is_rewritten(made):
    lock = acquire(made, heartbeat=0.05)
    try:
        first = read_holder(made).heartbeat
        time.sleep(0.3)
        assert read_holder(made).heartbeat > first
    finally:
        lock.release()


def test_a_read_only_folder_is_refused_before_any_lock_is_made(made, monkeypatch):
    import svassessor.storage.database as database_module

    before = made.read_bytes()
    folder = str(made.parent)
    monkeypatch.setattr(database_module.os, "access", lambda path, mode: not (mode == os.W_OK and str(path) == folder))
    with pytest.raises(FileProblem, match="read-only"):
        open_database(made, backups=None)
    assert made.read_bytes() == before and not lock_path(made).exists()


def test_a_heartbeat_dated_in_the_future_holds_nobody_off(made):
    """A lock whose heartbeat is a day ahead (a clock that far wrong, or a file written by hand) is stale."""
    _foreign_lock(made, heartbeat_age=timedelta(days=-1))
    assert read_holder(made) is None
    open_database(made, backups=None).close()


def test_a_holders_name_is_printed_without_its_controls(made):
    now = datetime.now(timezone.utc)
    lock_path(made).write_text(json.dumps({
        "user": "grants\nofficer\u202eA", "host": "FINANCE\x07LAPTOP", "pid": 4242,
        "since": utc_text(now - timedelta(hours=1)), "heartbeat": utc_text(now)}))
    with pytest.raises(FileInUse) as refused:
        open_database(made, backups=None)
    assert "grants?officer?A on FINANCE?LAPTOP since" in str(refused.value)
    assert not any(c in str(refused.value) for c in "\n\u202e\x07")
