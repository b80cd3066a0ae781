"""Preparing an assessor's file: the round and what they may score, blind to everyone else's work."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from svassessor.errors import FileProblem, NotAllowed, NotFound
from svassessor.panelfiles.identity import read_identity
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from svassessor.storage.codec import new_id
from tests.conftest import make_application, run_cli


@pytest.fixture
def panel(store: Store, scoring_round):
    """Three applications; officer B is conflicted with T-003; both officers have scored T-001."""
    store.applications.add([make_application(scoring_round.id, "T-003")])
    a = store.assessors.get(scoring_round, "Grants officer A")
    b = store.assessors.get(scoring_round, "Grants officer B")
    apps = {x.reference: x for x in store.applications.for_round(scoring_round)}
    store.assessors.declare_conflict(b, apps["T-003"], reason="Trustee of the applicant")
    store.assessments.set_score(scoring_round, a, apps["T-001"].id, "need_evidence", score=3, comment="A's secret")
    b = store.assessors.get(scoring_round, "Grants officer B")
    store.assessments.set_score(scoring_round, b, apps["T-001"].id, "need_evidence", score=1, comment="B's own")
    content = b"%PDF-1.4 budget"
    with store.change() as audit:
        audit.insert("attachments", {"id": new_id(), "application_id": apps["T-001"].id, "filename": "budget.pdf",
                                     "media_type": "application/pdf", "size": len(content),
                                     "sha256": hashlib.sha256(content).hexdigest(), "content": content,
                                     "added_at": "2026-03-01T10:00:00.000000Z"})
    return store, scoring_round, apps


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_file_holds_the_round_and_what_the_assessor_may_score(panel, tmp_path):
    store, round_, apps = panel
    out = tmp_path / "officer-b.svdb"
    prepared = prepare_assessor_file(store, round_name=None, assessor_name="Grants officer B", out=out)
    assert prepared.applications == 2 and prepared.left_out == ["T-003"] and prepared.carried == 1
    with Store.open(out, actor="Grants officer B", readonly=True) as theirs:
        got = theirs.rounds.get()
        assert (got.id, got.rubric_snapshot_id, got.status) == (round_.id, round_.rubric_snapshot_id, "scoring")
        assert [a.reference for a in theirs.applications.for_round(got)] == ["T-001", "T-002"]
        assert theirs.applications.get(got, "T-001") == store.applications.get(round_, "T-001")  # same UUIDs
        assert {a.name for a in theirs.assessors.for_round(got)} == {"Grants officer A", "Grants officer B"}
        identity = read_identity(theirs.database.conn)
        assert identity.assessor_id == store.assessors.get(round_, "Grants officer B").id
        assert identity.round_id == round_.id
    assert _rows(out, "SELECT filename, content FROM attachments") == [("budget.pdf", b"%PDF-1.4 budget")]
    assert _rows(out, "SELECT count(*) FROM conflicts") == [(0,)]
    assert check_file(out).ok


def test_no_other_assessors_work_is_in_the_file_or_its_log(panel, tmp_path):
    store, round_, apps = panel
    out = tmp_path / "officer-b.svdb"
    prepare_assessor_file(store, round_name=None, assessor_name="Grants officer B", out=out)
    assert _rows(out, "SELECT comment, score FROM scores") == [("B's own", 1.0)]
    assert _rows(out, "SELECT count(*) FROM audit WHERE new LIKE '%A''s secret%' OR old LIKE '%A''s secret%'") == [(0,)]
    assert _rows(out, "SELECT count(*) FROM moderations") == [(0,)]


def test_what_cannot_be_prepared_is_refused_and_nothing_written(panel, tmp_path):
    store, round_, apps = panel
    out = tmp_path / "x.svdb"
    with pytest.raises(NotFound, match="no assessor called 'Nobody'"):
        prepare_assessor_file(store, round_name=None, assessor_name="Nobody", out=out)
    out.write_text("keep me")
    with pytest.raises(FileProblem, match="already exists"):
        prepare_assessor_file(store, round_name=None, assessor_name="Grants officer A", out=out)
    assert out.read_text() == "keep me"
    store.rounds.set_status(round_, "moderation", force=True)
    with pytest.raises(NotAllowed, match="in moderation"):
        prepare_assessor_file(store, round_name=None, assessor_name="Grants officer A", out=tmp_path / "y.svdb")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".svdb")) == ["panel.svdb", "x.svdb"]


def test_prepare_on_the_command_line(panel, tmp_path):
    store, round_, apps = panel
    store.close()
    out = tmp_path / "officer-a.svdb"
    result = run_cli("prepare", store.database.path, "--round", "Test round", "--assessor", "Grants officer A",
                     "-o", out)
    assert result.returncode == 0, result.stderr
    assert "3 applications of round 'Test round' for Grants officer A" in result.stdout
    again = run_cli("prepare", store.database.path, "--assessor", "Grants officer A", "-o", out)
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
