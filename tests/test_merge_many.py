"""Merging several returned files in one go: read side by side in worker processes, same result as one by one."""

from __future__ import annotations

import os
import shutil
import sqlite3
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

import svassessor.panelfiles.returned as returned_module
from svassessor.panelfiles.merge import merge_file, merge_files
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.test_merge import A, B, _panel_rows, _prepare, _score, chair  # noqa: F401 - chair is a fixture

C = "Grants officer C"


@pytest.fixture
def returned(chair, tmp_path):  # noqa: F811 - the fixture imported above
    """Three assessors' files scored, one edited by hand, and a file that is no assessor's."""
    round_ = chair.rounds.get()
    chair.assessors.add(round_, name=C)
    files = {name: _prepare(chair, name, tmp_path) for name in (A, B, C)}
    for n, (name, path) in enumerate(files.items()):
        for reference in ("T-001", "T-002", "T-003"):
            _score(path, name, reference, "need_evidence", (n + 1) % 5, f"{name} on {reference}: ✓ مرحبا")
    conn = sqlite3.connect(files[B])
    conn.execute("UPDATE scores SET comment = 'changed by hand'")
    conn.commit()
    conn.close()
    stranger = tmp_path / "not-an-assessors.svdb"
    with Store.open(stranger, actor="Someone", create=True):
        pass
    return [files[A], files[B], stranger, files[C]]


def test_several_files_at_once_through_worker_processes_match_one_by_one(chair, returned, tmp_path,  # noqa: F811
                                                                          monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)  # workers even on a one-core machine
    chair.close()
    one_by_one = tmp_path / "one-by-one.svdb"
    shutil.copy(chair.database.path, one_by_one)
    with Store.open(one_by_one, actor="Panel chair") as panel:
        expected = [merge_file(panel, source) for source in [*returned, one_by_one]]
    with Store.open(chair.database.path, actor="Panel chair") as panel:
        seen = []
        reports = merge_files(panel, [*returned, panel.database.path],
                              progress=lambda done, total, what="": seen.append((done, total, what)))
    assert [(r.refused_file, r.assessor, r.counts, r.refused) for r in reports] == \
           [(r.refused_file, r.assessor, r.counts, r.refused) for r in expected]
    assert [r.counts["scores"].new for r in reports] == [3, 0, 0, 3, 0]
    assert "audit log does not verify" in reports[1].refused_file
    assert "not an assessor's file" in reports[2].refused_file
    assert "panel's own file" in reports[4].refused_file
    assert _panel_rows(chair.database.path) == _panel_rows(one_by_one)
    assert check_file(chair.database.path).ok
    assert seen[0] == (0, 5, returned[0].name) and seen[-1] == (5, 5, "")


def test_a_cancel_stops_between_files_and_keeps_those_merged(chair, returned, monkeypatch):  # noqa: F811
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 1  # cancel once the first file is merged

    reports = merge_files(chair, returned, cancelled=cancelled)
    assert [r.assessor for r in reports] == [A]
    comments = {c for (c,) in chair.database.conn.execute("SELECT comment FROM scores")}
    assert comments == {f"{A} on {ref}: ✓ مرحبا" for ref in ("T-001", "T-002", "T-003")}
    assert merge_files(chair, returned[:1])[0].counts["scores"].unchanged == 3  # merging again changes nothing


def test_a_returned_file_that_cannot_be_read_is_refused_in_one_sentence(chair, returned, tmp_path,  # noqa: F811
                                                                         monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    broken = tmp_path / "broken.svdb"
    broken.write_bytes(Path(returned[0]).read_bytes()[:8192])  # cut short in the post
    reports = merge_files(chair, [broken, returned[0]])
    assert reports[0].refused_file and "\n" not in reports[0].refused_file
    assert reports[1].counts["scores"].new == 3


class _DeadPool:
    """A process pool whose worker has died: what a merge meets when the machine runs out of memory."""

    def __init__(self, *args, **kwargs):
        self.submitted = 0

    def submit(self, *args):
        self.submitted += 1
        if self.submitted > 1:
            raise BrokenProcessPool("the pool is broken")
        future = Future()
        future.set_exception(BrokenProcessPool("a worker died"))
        return future

    def shutdown(self, **kwargs):
        pass


def test_files_a_dead_worker_was_reading_are_read_here_instead(chair, returned, monkeypatch):  # noqa: F811
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    monkeypatch.setattr(returned_module, "ProcessPoolExecutor", _DeadPool)
    reports = merge_files(chair, returned)
    assert [r.counts["scores"].new for r in reports] == [3, 0, 0, 3]
    assert [bool(r.refused_file) for r in reports] == [False, True, True, False]
