"""The shared-folder watch's core, and merge on the command line."""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone

from svassessor.panelfiles.folder import scan_folder
from svassessor.storage.codec import utc_text
from svassessor.storage.lock import lock_path
from tests.conftest import run_cli
from tests.test_merge import A, B, _prepare, _score


def test_a_scan_merges_new_and_changed_files_and_leaves_open_ones(store, scoring_round, tmp_path):
    shared = tmp_path / "returned"
    shared.mkdir()
    a, b = _prepare(store, A, shared), _prepare(store, B, shared)
    _score(a, A, "T-001", "need_evidence", 3)
    now = utc_text(datetime.now(timezone.utc))
    lock_path(b).write_text(json.dumps({"user": "officer.b", "host": "B-LAPTOP", "pid": 1, "since": now,
                                        "heartbeat": now}))  # B still has theirs open, on another machine
    (shared / "notes.txt").write_text("not a panel file")
    seen: dict = {}
    first = scan_folder(store, shared, seen)
    assert [r.source.name for r in first.reports] == ["a.svdb"] and first.changed
    assert first.waiting == [f"b.svdb: officer.b on B-LAPTOP since {_local_since(now)} still has it open; "
                             f"it will be merged once closed."]
    assert scan_folder(store, shared, seen).reports == []  # nothing new
    lock_path(b).unlink()
    _score(a, A, "T-002", "offer_who", 2)
    os.utime(a, ns=(0, a.stat().st_mtime_ns + 1))  # make sure the change shows however coarse the clock
    second = scan_folder(store, shared, seen)
    assert sorted(r.source.name for r in second.reports) == ["a.svdb", "b.svdb"]
    by_name = {r.source.name: r for r in second.reports}
    assert by_name["a.svdb"].counts["scores"].new == 1 and by_name["a.svdb"].counts["scores"].unchanged == 1


def _local_since(text: str) -> str:
    from svassessor.storage.codec import utc_parse

    local = utc_parse(text).astimezone()
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def test_merge_on_the_command_line(store, scoring_round, tmp_path):
    a = _prepare(store, A, tmp_path)
    _score(a, A, "T-001", "need_evidence", 3)
    panel = store.database.path
    store.close()
    merged = run_cli("merge", panel, a)
    assert merged.returncode == 0, merged.stderr
    assert "scores: 1 new, 0 updated, 0 unchanged" in merged.stdout
    assert "backed up in" in merged.stdout
    again = run_cli("merge", panel, a, panel, "--json")
    assert again.returncode == 2  # one of the files (the panel's own) was refused
    reports = json.loads(again.stdout)
    assert reports[0]["counts"]["scores"] == {"new": 0, "updated": 0, "unchanged": 1, "older": 0, "refused": 0}
    assert reports[1]["merged"] is False and "panel's own file" in reports[1]["refused_file"]
    assert run_cli("check", panel).returncode == 0
