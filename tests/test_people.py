"""The panel from an empty file: assessors, their roles and interests, conflicts of interest (declared,
withdrawn, imported), and who may score what, in the chair's file and in a prepared assessor's file.

The round is made on a shipped rubric and filled from the ABCT Charitable Trust's published 360Giving
file, through the importer, as a funder would.
"""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from svassessor.errors import ImportProblem, NotAllowed, NotFound
from svassessor.importing import ImportRejected, import_applications, plan_import
from svassessor.importing.conflicts import import_conflicts
from svassessor.models import Annotation
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.paths import rubrics_dir
from svassessor.roundfile import import_round_json, write_round_json
from svassessor.storage.audit import verify
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.shared_data import SHARED_DATA

ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
A, B, CHAIR = "Grants officer A", "Grants officer B", "Panel chair"


def abct_extract(folder: Path, count: int = 12) -> Path:
    """The first `count` grants of ABCT's published file, unchanged."""
    with ABCT.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))[: count + 1]
    path = folder / "abct-extract.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


@pytest.fixture
def round_(store: Store, tmp_path: Path):
    """A round in setup on the shipped small-grants rubric, twelve real grants imported, nobody on the panel."""
    text = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    made = store.rounds.create(name="ABCT 2020", rubric_yaml=text, rubric_filename="small-grants.yaml")
    # The grant's description is what an assessor reads and highlights.
    import_applications(store, made, plan_import(abct_extract(tmp_path)).remap({"Description": "narrative"}))
    return made


def refs(store: Store, round_) -> list[str]:
    return [a.reference for a in store.applications.for_round(round_)]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def test_assessors_are_added_renamed_given_a_role_and_interests(store, round_):
    assert store.assessors.for_round(round_) == []
    a = store.assessors.add(round_, name=f"  {A} ", interests="Youth work; Birmingham")
    chair = store.assessors.add(round_, name=CHAIR, role="chair")
    assert (a.name, a.role, a.interests) == (A, "assessor", "Youth work; Birmingham")
    assert [(p.name, p.role) for p in store.assessors.for_round(round_)] == [(CHAIR, "chair"), (A, "assessor")]

    with pytest.raises(NotAllowed, match=f"already has an assessor called '{A}'"):
        store.assessors.add(round_, name=A)
    with pytest.raises(NotAllowed, match="needs a name"):
        store.assessors.add(round_, name="  ")
    with pytest.raises(NotAllowed, match="'trustee' is not a role"):
        store.assessors.add(round_, name=B, role="trustee")

    a = store.assessors.rename(round_, a, B)
    assert store.assessors.get(round_, B).id == a.id
    with pytest.raises(NotAllowed, match=f"already has an assessor called '{CHAIR}'"):
        store.assessors.rename(round_, a, CHAIR)
    a = store.assessors.set_role(round_, a, "chair")
    assert a.role == "chair"
    a = store.assessors.set_interests(round_, a, "  ")
    assert a.interests == ""
    chair = store.assessors.set_interests(round_, chair, "Older people")
    assert store.assessors.get(round_, CHAIR).interests == "Older people"
    assert check_file(store.database.path).ok  # every change audited; the log verifies


def test_conflicts_are_declared_listed_and_withdrawn_with_a_reason(store, round_):
    a = store.assessors.add(round_, name=A)
    b = store.assessors.add(round_, name=B)
    first, second, third = store.applications.for_round(round_)[:3]
    with pytest.raises(NotAllowed, match="needs a reason"):
        store.assessors.declare_conflict(a, first, reason="  ")
    store.assessors.declare_conflict(b, third, reason="Trustee of the applicant")
    a = store.assessors.declare_conflict(a, second, reason="Former employee")
    a = store.assessors.declare_conflict(a, first, reason="Partner works there")
    assert set(a.conflicts) == {first.id, second.id}

    listed = store.assessors.conflicts(round_)
    assert [(c.assessor, c.reference, c.reason) for c in listed] == [
        (A, first.reference, "Partner works there"), (A, second.reference, "Former employee"),
        (B, third.reference, "Trustee of the applicant")]
    assert (listed[0].application_id, listed[0].assessor_id) == (first.id, a.id)

    events = store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    store.assessors.declare_conflict(a, first, reason="Partner works there")  # again: nothing changes
    assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == events
    store.assessors.declare_conflict(a, first, reason="Partner is a trustee")  # a new reason replaces the old
    assert store.assessors.conflict_reason(a, first.id) == "Partner is a trustee"

    a = store.assessors.withdraw_conflict(a, first)
    assert a.conflicts == [second.id]
    with pytest.raises(NotFound, match=f"no conflict of interest with {first.reference}"):
        store.assessors.withdraw_conflict(a, first)
    actions = store.database.conn.execute(
        "SELECT action FROM audit WHERE entity = 'conflicts' ORDER BY seq").fetchall()
    assert [x[0] for x in actions] == ["insert", "insert", "insert", "update", "delete"]
    assert check_file(store.database.path).ok


def test_conflicts_are_refused_for_an_application_of_another_round(store, round_, tmp_path):
    text = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    other = store.rounds.create(name="ABCT 2021", rubric_yaml=text)
    import_applications(store, other, plan_import(abct_extract(tmp_path, 2)))
    a = store.assessors.add(round_, name=A)
    elsewhere = store.applications.for_round(other)[0]
    with pytest.raises(NotAllowed, match=f"{elsewhere.reference} is not in {A}'s round"):
        store.assessors.declare_conflict(a, elsewhere, reason="Trustee")


def test_an_assessor_is_removed_only_while_they_have_no_work(store, round_):
    a = store.assessors.add(round_, name=A)
    b = store.assessors.add(round_, name=B)
    first, second = store.applications.for_round(round_)[:2]
    store.assessors.declare_conflict(b, second, reason="Volunteers there")
    store.assessors.remove(round_, b)  # with a conflict but no scores: goes, and the conflict with them
    assert [p.name for p in store.assessors.for_round(round_)] == [A]
    assert store.assessors.conflicts(round_) == []

    round_ = store.rounds.set_status(round_, "scoring")
    criterion = store.rounds.rubric(round_).criteria[0].id
    store.assessments.set_score(round_, a, first.id, criterion, score=3)
    with pytest.raises(NotAllowed, match=rf"^{A} cannot be removed: they have 1 assessment, 1 score and "
                                         rf"0 highlights in round 'ABCT 2020'"):
        store.assessors.remove(round_, a)
    assert [p.name for p in store.assessors.for_round(round_)] == [A]
    assert check_file(store.database.path).ok


def test_the_round_status_decides_what_the_panel_may_change(store, round_):
    a = store.assessors.add(round_, name=A)
    first, second = store.applications.for_round(round_)[:2]
    round_ = store.rounds.set_status(round_, "scoring")
    b = store.assessors.add(round_, name=B)  # a late addition while scoring
    store.assessments.set_score(round_, a, first.id, store.rounds.rubric(round_).criteria[0].id, score=3)
    round_ = store.rounds.set_status(round_, "moderation", force=True)  # one score is enough here

    with pytest.raises(NotAllowed, match=r"^Round 'ABCT 2020' is in moderation, so assessors cannot be added "
                                         r"\(that is done in setup or scoring\)\.$"):
        store.assessors.add(round_, name="Someone new")
    with pytest.raises(NotAllowed, match=f"is in moderation, so {B} cannot be removed"):
        store.assessors.remove(round_, b)
    # A conflict can surface late: it may still be declared in moderation, and takes the scores out.
    a = store.assessors.declare_conflict(a, first, reason="Recognised the applicant's director in discussion")
    assert first.id in a.conflicts
    # ...and withdrawn again (a mistake, or the window's undo of declaring it), until the round is decided.
    a = store.assessors.withdraw_conflict(a, first)
    assert first.id not in a.conflicts
    a = store.assessors.declare_conflict(a, first, reason="Recognised the applicant's director in discussion")
    store.assessors.rename(round_, b, "Grants officer C")

    store.panel.decide(round_, first, decision="decline", amount_awarded=None, feedback="")
    for app in store.applications.for_round(round_)[1:]:
        store.panel.decide(round_, app, decision="decline", amount_awarded=None, feedback="")
    round_ = store.rounds.set_status(round_, "decided")
    with pytest.raises(NotAllowed, match=r"is in decided, so conflicts of interest cannot be declared "
                                         r"\(that is done before it is decided\)"):
        store.assessors.declare_conflict(a, second, reason="Late")
    with pytest.raises(NotAllowed, match="is in decided, so conflicts of interest cannot be withdrawn"):
        store.assessors.withdraw_conflict(a, first)
    with pytest.raises(NotAllowed, match="is in decided, so .* cannot be renamed"):
        store.assessors.rename(round_, a, "Someone else")


def test_a_conflicted_assessor_never_scores_the_application_in_the_chairs_file(store, round_):
    a = store.assessors.add(round_, name=A)
    first = store.applications.for_round(round_)[0]
    a = store.assessors.declare_conflict(a, first, reason="Trustee of the applicant")
    round_ = store.rounds.set_status(round_, "scoring")
    criterion = store.rounds.rubric(round_).criteria[0].id
    sentence = f"{A} has declared a conflict of interest with {first.reference}, so cannot open or score it."
    assert store.assessors.scoring_refusal(a, first.id) == sentence
    for attempt in (
            lambda: store.assessments.set_score(round_, a, first.id, criterion, score=3),
            lambda: store.assessments.set_overall_comment(round_, a, first.id, "Strong"),
            lambda: store.assessments.submit(round_, a, first.id),
            lambda: store.assessments.reopen(round_, a, first.id),
            lambda: store.annotations.add(round_, a, _highlight(store, first, a))):
        with pytest.raises(NotAllowed) as refused:
            attempt()
        assert str(refused.value) == sentence
    assert store.assessments.get(first.id, a.id) is None


def _highlight(store: Store, application, assessor) -> Annotation:
    narrative = application.narrative[0]
    tag = store.rounds.rubric(store.rounds.by_id(application.round_id)).tags[0].id
    return Annotation(application_id=application.id, assessor_id=assessor.id, narrative_id=narrative.id,
                      start=0, end=5, quote=narrative.text[:5], tag=tag)


def test_a_prepared_file_is_its_assessors_alone(store, round_, tmp_path):
    a = store.assessors.add(round_, name=A)
    store.assessors.add(round_, name=B)
    store.assessors.add(round_, name=CHAIR, role="chair")
    first, second = store.applications.for_round(round_)[:2]
    store.assessors.declare_conflict(a, second, reason="Former employee")
    round_ = store.rounds.set_status(round_, "scoring")
    out = tmp_path / "officer-a.svdb"
    prepared = prepare_assessor_file(store, round_name=None, assessor_name=A, out=out)
    assert prepared.left_out == [second.reference]  # conflicted applications stay out of the file
    criterion = store.rounds.rubric(round_).criteria[0].id

    with Store.open(out, actor=B) as theirs:
        r = theirs.rounds.get()
        assert second.reference not in refs(theirs, r)
        officer_b, chair = theirs.assessors.get(r, B), theirs.assessors.get(r, CHAIR)
        for someone in (officer_b, chair):
            sentence = f"This file was prepared for {A}; {someone.name} cannot score in it."
            for attempt in (
                    lambda who: theirs.assessments.set_score(r, who, first.id, criterion, score=3),
                    lambda who: theirs.assessments.set_overall_comment(r, who, first.id, "Fine"),
                    lambda who: theirs.assessments.submit(r, who, first.id),
                    lambda who: theirs.assessments.reopen(r, who, first.id),
                    lambda who: theirs.annotations.add(r, who, _highlight(theirs, first, who))):
                with pytest.raises(NotAllowed) as refused:
                    attempt(someone)
                assert str(refused.value) == sentence
        owner = theirs.assessors.get(r, A)
        theirs.assessments.set_score(r, owner, first.id, criterion, score=3)  # the owner scores
        with pytest.raises(NotAllowed, match="That application is not in round 'ABCT 2020'"):
            theirs.assessments.set_score(r, owner, second.id, criterion, score=3)  # not even in their file
        # The panel is the chair's: a change in the assessor's file would never reach it.
        with pytest.raises(NotAllowed, match=f"^This file was prepared for {A}, so assessors cannot be added in it"):
            theirs.assessors.add(r, name="Someone new")
        with pytest.raises(NotAllowed, match=f"^This file was prepared for {A}, so conflicts of interest cannot"):
            theirs.assessors.declare_conflict(officer_b, theirs.applications.get(r, first.reference), reason="x")
        assert verify(theirs.database) is None


def test_conflicts_import_from_a_csv_all_or_nothing(store, round_, tmp_path):
    store.assessors.add(round_, name=A)
    store.assessors.add(round_, name=B)
    first, second, third = refs(store, round_)[:3]
    good = write_csv(tmp_path / "conflicts.csv", [
        ["Assessor", "REFERENCE", "Reason", "Notes"],
        [A, first, "Trustee of the applicant", "ignored"],
        [B, second, "Former employee", ""],
        [A, first, "Trustee of the applicant", ""],  # repeated in the file: once
    ])
    assert import_conflicts(store, round_, good) == 2
    assert [(c.assessor, c.reference, c.reason) for c in store.assessors.conflicts(round_)] == [
        (A, first, "Trustee of the applicant"), (B, second, "Former employee")]
    assert import_conflicts(store, round_, good) == 0  # the same file again changes nothing

    bad = write_csv(tmp_path / "bad.csv", [
        ["assessor", "reference", "reason"],
        [B, third, "Chair of its board"],
        ["Officer Z", third, "Trustee"],
        [A, "NOT-A-REF", "Trustee"],
        [A, third, " "],
    ])
    with pytest.raises(ImportRejected) as refused:
        import_conflicts(store, round_, bad)
    sentences = [p.sentence() for p in refused.value.problems]
    assert sentences == [
        (f"bad.csv, row 3, column 'assessor': 'Officer Z' is not an assessor of round 'ABCT 2020' "
         f"(its assessors: {A}, {B})"),
        "bad.csv, row 4, column 'reference': round 'ABCT 2020' has no application 'NOT-A-REF'",
        "bad.csv, row 5, column 'reason': the reason is blank; a conflict of interest needs a reason"]
    assert str(refused.value).endswith("(and 2 more problems); nothing was imported.")
    assert len(store.assessors.conflicts(round_)) == 2  # nothing of the bad file was kept, not even row 2

    missing = write_csv(tmp_path / "no-reason.csv", [["assessor", "reference"], [A, third]])
    with pytest.raises(ImportProblem, match="no-reason.csv, row 1: the file has no column 'reason'"):
        import_conflicts(store, round_, missing)
    assert check_file(store.database.path).ok


def test_conflicts_import_from_a_workbook(store, round_, tmp_path):
    store.assessors.add(round_, name=A)
    reference = refs(store, round_)[4]
    book = openpyxl.Workbook()
    book.active.append(["Reason", "Assessor", "Reference"])
    book.active.append(["Sits on its advisory group", A, reference])
    book.save(tmp_path / "conflicts.xlsx")
    assert import_conflicts(store, round_, tmp_path / "conflicts.xlsx") == 1
    assert [(c.assessor, c.reference) for c in store.assessors.conflicts(round_)] == [(A, reference)]


def _back_to_version(conn: sqlite3.Connection, version: int) -> None:
    from tests.old_files import back_to_version

    back_to_version(conn, version)


def test_a_file_from_before_interests_opens_and_still_checks(store, round_, tmp_path):
    """The 0005 migration on a real file: rows recorded without `interests` still match their events."""
    store.assessors.add(round_, name=A)
    path = store.database.path
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE assessors DROP COLUMN interests")
    _back_to_version(conn, 4)
    conn.commit()
    conn.close()
    with Store.open(path, actor=CHAIR) as reopened:
        r = reopened.rounds.get()
        assert reopened.assessors.get(r, A).interests == ""
        assert verify(reopened.database) is None
        reopened.assessors.set_interests(r, reopened.assessors.get(r, A), "Food banks")
    assert check_file(path).ok


def test_the_round_file_carries_interests_and_conflict_reasons(store, round_, tmp_path):
    a = store.assessors.add(round_, name=A, interests="Housing and homelessness")
    store.assessors.add(round_, name=B)
    first = store.applications.for_round(round_)[0]
    store.assessors.declare_conflict(a, first, reason="Volunteers at the applicant")
    write_round_json(store, round_, tmp_path / "round.json")
    with Store.open(tmp_path / "again.svdb", actor=CHAIR, create=True) as again:
        copy = import_round_json(again, tmp_path / "round.json")
        assert [(p.name, p.interests) for p in again.assessors.for_round(copy)] == [
            (A, "Housing and homelessness"), (B, "")]
        assert [(c.assessor, c.reference, c.reason) for c in again.assessors.conflicts(copy)] == [
            (A, first.reference, "Volunteers at the applicant")]
        assert verify(again.database) is None


def test_a_name_of_invisible_characters_is_no_name_and_the_ends_are_trimmed(store, round_):
    with pytest.raises(NotAllowed, match="An assessor needs a name"):
        store.assessors.add(round_, name="\u200b\u2060 \ufeff")
    added = store.assessors.add(round_, name="\ufeff Grants officer Z\u200b ")
    assert added.name == "Grants officer Z"
