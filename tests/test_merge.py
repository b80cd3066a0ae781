"""Merging assessors' files: owned rows, idempotent, order-independent, newest wins, refusals explained."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from svassessor.models import Annotation
from svassessor.panelfiles.merge import merge_file
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, make_application

A, B = "Grants officer A", "Grants officer B"


@pytest.fixture
def chair(store: Store, scoring_round):
    store.applications.add([make_application(scoring_round.id, "T-003")])
    return store


def _prepare(chair: Store, name: str, folder: Path) -> Path:
    out = folder / f"{name.split()[-1].lower()}.svdb"
    prepare_assessor_file(chair, round_name=None, assessor_name=name, out=out)
    return out


def _score(path: Path, name: str, reference: str, criterion: str, score: float, comment: str = "") -> None:
    """An assessor's edit in their own file, through the core, as the window makes it."""
    with Store.open(path, actor=name) as theirs:
        round_ = theirs.rounds.get()
        person = theirs.assessors.get(round_, name)
        application = theirs.applications.get(round_, reference)
        theirs.assessments.set_score(round_, person, application.id, criterion, score=score, comment=comment)


def _score_in_anothers_name(path: Path, owner: str, other: str, reference: str, criterion: str, score: float) -> None:
    """A score for `other` in `owner`'s file, as a build before the core refused it could write: through
    the audit writer, so the file's log still verifies and only the merge's own rule stands in the way."""
    with Store.open(path, actor=owner) as theirs:
        round_ = theirs.rounds.get()
        person = theirs.assessors.get(round_, other)
        application = theirs.applications.get(round_, reference)
        now = "2026-03-01T10:00:00.000000Z"
        with theirs.change(other) as audit:
            audit.insert("assessments", {"id": "assessment-in-another-name", "application_id": application.id,
                                         "assessor_id": person.id, "status": "draft", "overall_comment": "",
                                         "submitted_at": None, "updated_at": now})
            audit.insert("scores", {"id": "score-in-another-name", "assessment_id": "assessment-in-another-name",
                                    "criterion_id": criterion, "score": score, "not_scored": 0, "comment": "",
                                    "confidence": None, "updated_at": now})


def _panel_rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
                for t in ("assessments", "scores", "annotations")}
    finally:
        conn.close()


def _audit_count(store: Store) -> int:
    return store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def test_new_work_comes_in_under_the_assessors_name_and_check_passes(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    _score(a, A, "T-001", "need_evidence", 3, "Clear need")
    _score(a, A, "T-002", "offer_who", 2)
    report = merge_file(chair, a)
    assert report.refused_file is None and report.assessor == A and report.round == "Test round"
    assert (report.counts["assessments"].new, report.counts["scores"].new) == (2, 2)
    round_ = chair.rounds.get()
    person = chair.assessors.get(round_, A)
    got = chair.assessments.get(chair.applications.get(round_, "T-001").id, person.id)
    assert got.scores["need_evidence"].score == 3 and got.scores["need_evidence"].comment == "Clear need"
    actors = {r[0] for r in chair.database.conn.execute("SELECT actor FROM audit WHERE entity = 'scores'")}
    assert actors == {A}
    assert check_file(chair.database.path).ok


def test_merging_the_same_file_twice_changes_nothing(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    _score(a, A, "T-001", "need_evidence", 3)
    merge_file(chair, a)
    before, events = _panel_rows(chair.database.path), _audit_count(chair)
    again = merge_file(chair, a)
    assert not again.changed
    assert (again.counts["assessments"].unchanged, again.counts["scores"].unchanged) == (1, 1)
    assert _panel_rows(chair.database.path) == before and _audit_count(chair) == events


def test_different_assessors_merge_to_the_same_result_in_either_order(chair, tmp_path):
    a, b = _prepare(chair, A, tmp_path), _prepare(chair, B, tmp_path)
    _score(a, A, "T-001", "need_evidence", 3)
    _score(b, B, "T-001", "need_evidence", 1)
    _score(b, B, "T-002", "offer_measures", 4)
    chair.close()
    copy = tmp_path / "copy.svdb"
    shutil.copy(chair.database.path, copy)
    with Store.open(chair.database.path, actor="Panel chair") as first, Store.open(copy, actor="Panel chair") as second:
        merge_file(first, a), merge_file(first, b)
        merge_file(second, b), merge_file(second, a)
    assert _panel_rows(chair.database.path) == _panel_rows(copy)
    assert check_file(copy).ok and check_file(chair.database.path).ok


def test_the_newer_edit_of_a_row_wins_and_the_replaced_value_stays_in_the_log(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    _score(a, A, "T-001", "need_evidence", 2, "first thoughts")
    earlier = tmp_path / "a-earlier.svdb"
    shutil.copy(a, earlier)
    _score(a, A, "T-001", "need_evidence", 4, "after rereading")
    chair.close()
    copy = tmp_path / "copy.svdb"
    shutil.copy(chair.database.path, copy)
    with Store.open(chair.database.path, actor="Panel chair") as first, Store.open(copy, actor="Panel chair") as second:
        assert merge_file(first, earlier).counts["scores"].new == 1
        assert merge_file(first, a).counts["scores"].updated == 1
        assert merge_file(second, a).counts["scores"].new == 1
        assert merge_file(second, earlier).counts["scores"].older == 1
        replaced = first.database.conn.execute(
            "SELECT old, actor FROM audit WHERE entity = 'scores' AND action = 'update'").fetchall()
    assert len(replaced) == 1 and "first thoughts" in replaced[0][0] and replaced[0][1] == A
    assert _panel_rows(chair.database.path) == _panel_rows(copy)
    assert check_file(chair.database.path).ok


def test_rows_for_a_conflicted_application_or_another_assessor_are_refused_and_counted(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    _score(a, A, "T-001", "need_evidence", 3)
    _score(a, A, "T-002", "need_evidence", 1)
    _score(a, A, "T-002", "offer_who", 1)
    _score_in_anothers_name(a, A, B, "T-003", "offer_who", 2)  # scored in B's name in A's file
    round_ = chair.rounds.get()
    chair.assessors.declare_conflict(chair.assessors.get(round_, A), chair.applications.get(round_, "T-002"),
                                     reason="Declared after the file went out")
    report = merge_file(chair, a)
    assert report.refused_file is None
    assert report.refused == {
        ("assessments", f"{A} has declared a conflict of interest with T-002"): 1,
        ("scores", f"{A} has declared a conflict of interest with T-002"): 2,
        ("assessments", f"they are {B}'s, not {A}'s"): 1,
        ("scores", f"they are {B}'s, not {A}'s"): 1,
    }
    counts = report.counts
    assert (counts["assessments"].new, counts["scores"].new) == (1, 1)
    assert report.as_json()["counts"]["scores"] == {"new": 1, "updated": 0, "unchanged": 0, "older": 0, "refused": 3}
    assert chair.database.conn.execute("SELECT count(*) FROM scores").fetchone()[0] == 1
    assert any("conflict of interest with T-002" in line for line in report.lines())


def test_the_reports_counts_for_a_mixed_return(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    for criterion in ("need_evidence", "offer_who", "offer_measures"):
        _score(a, A, "T-001", criterion, 1)
    merge_file(chair, a)
    _score(a, A, "T-001", "offer_who", 4)  # updated
    _score(a, A, "T-002", "offer_who", 2)  # new, with a new assessment
    round_ = chair.rounds.get()  # the chair's file has a later edit of offer_measures than the assessor's
    person = chair.assessors.get(round_, A)
    chair.assessments.set_score(round_, person, chair.applications.get(round_, "T-001").id, "offer_measures",
                                score=3)
    counts = merge_file(chair, a).counts
    assert vars(counts["scores"]) == {"new": 1, "updated": 1, "unchanged": 1, "older": 1}
    assert vars(counts["assessments"]) == {"new": 1, "updated": 0, "unchanged": 1, "older": 0}
    assert check_file(chair.database.path).ok


def test_annotations_come_in_newer_notes_win_and_nothing_is_deleted(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    with Store.open(a, actor=A) as theirs:
        round_ = theirs.rounds.get()
        person = theirs.assessors.get(round_, A)
        application = theirs.applications.get(round_, "T-001")
        text = application.narrative[0].text
        start = text.index("lunch club")
        added = theirs.annotations.add(round_, person, Annotation(
            application_id=application.id, assessor_id=person.id, narrative_id=application.narrative[0].id,
            start=start, end=start + len("lunch club"), quote="lunch club", tag="evidence", note="first"))
    earlier = tmp_path / "a-earlier.svdb"
    shutil.copy(a, earlier)
    with Store.open(a, actor=A) as theirs:
        theirs.annotations.update_note(person, added.id, "second")
    assert merge_file(chair, earlier).counts["annotations"].new == 1
    assert merge_file(chair, a).counts["annotations"].updated == 1
    assert merge_file(chair, earlier).counts["annotations"].older == 1
    with Store.open(a, actor=A) as theirs:
        theirs.annotations.remove(person, added.id)
    assert not merge_file(chair, a).changed
    notes = chair.database.conn.execute("SELECT note FROM annotations").fetchall()
    assert notes == [("second",)]
    assert check_file(chair.database.path).ok


def test_files_that_are_not_this_panels_are_refused_whole(chair, tmp_path):
    missing = merge_file(chair, tmp_path / "missing.svdb")
    assert "does not exist" in missing.refused_file
    assert "panel's own file" in merge_file(chair, chair.database.path).refused_file

    other = tmp_path / "other.svdb"  # another panel's file with a round of the same name
    with Store.open(other, actor="Other chair", create=True) as elsewhere:
        round_ = elsewhere.rounds.create(name="Test round", rubric_yaml=TINY_RUBRIC, status="scoring")
        elsewhere.applications.add([make_application(round_.id, "T-001")])
        elsewhere.assessors.add(round_, name=A)
        wrong_round = tmp_path / "elsewhere-a.svdb"
        prepare_assessor_file(elsewhere, round_name=None, assessor_name=A, out=wrong_round)
    assert "wrong round" in merge_file(chair, wrong_round).refused_file

    chair.close()  # a copy of this panel's file in which the chair added someone
    grown = tmp_path / "grown.svdb"
    shutil.copy(chair.database.path, grown)
    with Store.open(grown, actor="Panel chair") as copy:
        copy.assessors.add(copy.rounds.get(), name="Late addition")
        stranger = _prepare(copy, "Late addition", tmp_path)
    with Store.open(chair.database.path, actor="Panel chair") as panel:
        report = merge_file(panel, stranger)
        assert "not this panel's assessor" in report.refused_file and report.as_json()["merged"] is False
        assert "not merged" in report.lines()[0]


def test_a_file_edited_outside_svassessor_is_refused_whole(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    _score(a, A, "T-001", "need_evidence", 1)
    conn = sqlite3.connect(a)
    conn.execute("UPDATE scores SET score = 4")
    conn.commit()
    conn.close()
    report = merge_file(chair, a)
    assert "audit log does not verify" in report.refused_file
    assert chair.database.conn.execute("SELECT count(*) FROM scores").fetchone()[0] == 0


def test_nothing_is_merged_once_the_round_has_left_scoring(chair, tmp_path):
    a = _prepare(chair, A, tmp_path)
    _score(a, A, "T-001", "need_evidence", 1)
    b = _prepare(chair, B, tmp_path)
    _score(b, B, "T-001", "need_evidence", 2)
    merge_file(chair, b)  # a round moves to moderation once something is scored
    chair.rounds.set_status(chair.rounds.get(), "moderation", force=True)
    assert "is in moderation here" in merge_file(chair, a).refused_file
