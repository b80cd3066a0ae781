"""A new, empty .svdb: never over another file unless asked, never under someone working in it."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from svassessor.errors import FileProblem
from svassessor.storage.codec import utc_text
from svassessor.storage.lock import FileInUse, lock_path
from svassessor.storage.new_file import create_empty
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC


def rounds(path: Path) -> list[str]:
    with Store.open(path, actor="check", readonly=True) as store:
        return [r.name for r in store.rounds.list()]


@pytest.fixture
def existing(svdb: Path) -> Path:
    with Store.open(svdb, actor="Panel chair", create=True) as store:
        store.rounds.create(name="Last year", rubric_yaml=TINY_RUBRIC)
    return svdb


def test_a_new_file_holds_no_rounds_and_leaves_nothing_beside_it(tmp_path):
    path = create_empty(tmp_path / "fund.svdb")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fund.svdb"]
    assert rounds(path) == []


def test_an_existing_file_is_refused_unless_replacing_it_was_confirmed(existing):
    with pytest.raises(FileProblem, match="already exists: choose another name"):
        create_empty(existing)
    assert rounds(existing) == ["Last year"]
    create_empty(existing, replace=True)
    assert rounds(existing) == []


def test_a_file_someone_is_working_in_is_not_replaced(existing):
    now = datetime.now(timezone.utc)
    lock_path(existing).write_text(json.dumps({
        "user": "officer", "host": "FINANCE-LAPTOP-7", "pid": 4242, "since": utc_text(now - timedelta(hours=1)),
        "heartbeat": utc_text(now - timedelta(seconds=5))}))
    with pytest.raises(FileInUse, match="officer on FINANCE-LAPTOP-7"):
        create_empty(existing, replace=True)
    lock_path(existing).unlink()
    assert rounds(existing) == ["Last year"]


def test_a_folder_or_a_missing_folder_is_said_in_a_sentence(tmp_path):
    with pytest.raises(FileProblem, match="is a folder"):
        create_empty(tmp_path)
    with pytest.raises(FileProblem, match="is not a folder"):
        create_empty(tmp_path / "missing" / "fund.svdb")
