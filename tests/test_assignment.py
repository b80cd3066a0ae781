"""Assignment from an empty file: ABCT's 783 published grants, six assessors, three reviews each, a cap and
five conflicts; then what the assignment governs (who may score, the prepared files, the statistics, the
round file) and the chair's hand changes.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from svassessor.errors import NotAllowed, NotFound
from svassessor.importing import import_applications, plan_import
from svassessor.panel.summary import summarise
from svassessor.panel.trail import trail
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.paths import rubrics_dir
from svassessor.repository.facts import Facts
from svassessor.roundfile import import_round_json, write_round_json
from svassessor.storage.audit import verify
from svassessor.store import Store
from tests.shared_data import SHARED_DATA

ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
OFFICERS = [f"Grants officer {c}" for c in "ABCDEF"]
CAP = 400


@pytest.fixture
def abct(store: Store):
    """A round in setup with all 783 ABCT grants, six assessors (one interested in London), a chair, five conflicts."""
    text = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    round_ = store.rounds.create(name="ABCT 2020", rubric_yaml=text, rubric_filename="small-grants.yaml")
    import_applications(store, round_, plan_import(ABCT))
    people = [store.assessors.add(round_, name=n, interests="London" if n.endswith("A") else "") for n in OFFICERS]
    store.assessors.add(round_, name="Panel chair", role="chair")
    apps = store.applications.for_round(round_)
    for person, app in zip(people[:5], apps[:5]):
        store.assessors.declare_conflict(person, app, reason="Trustee of the applicant")
    return round_


def test_every_grant_gets_three_assessors_none_conflicted_within_the_cap_and_balanced(store, abct):
    view = store.assignments.assign(abct, per_application=3, max_per_assessor=CAP, seed=7)
    assert len(view.assignments) == 783 and len(view.assignments[0].reference) >= 28
    assert all(len(a.assessors) == 3 for a in view.assignments)
    conflicted = {(c.assessor, c.reference) for c in store.assessors.conflicts(abct)}
    assert len(conflicted) == 5
    assert not {(n, a.reference) for a in view.assignments for n in a.assessors} & conflicted
    loads = [view.load[n] for n in OFFICERS]
    assert max(loads) <= CAP and max(loads) - min(loads) <= 1 and sum(loads) == 3 * 783
    assert view.load["Panel chair"] == 0  # a chair reviews only what is assigned by hand
    assert view.sentence.startswith("783 applications have at least 3 reviewers (2,349 assignments made); "
                                    "loads 391 to 392 (cap 400)")
    assert store.assignments.view(abct).pairs == view.pairs  # what was saved is what was shown
    assert verify(store.database) is None


def test_the_same_seed_gives_the_same_assignment_and_a_dry_run_saves_nothing(store, abct):
    first = store.assignments.assign(abct, per_application=3, max_per_assessor=CAP, seed=7, dry_run=True)
    assert not store.assignments.explicit(abct)
    again = store.assignments.assign(abct, per_application=3, max_per_assessor=CAP, seed=7, dry_run=True)
    other = store.assignments.assign(abct, per_application=3, max_per_assessor=CAP, seed=8, dry_run=True)
    assert first.pairs == again.pairs and first.pairs != other.pairs


def test_interests_are_matched_where_balance_allows(store, abct):
    with_interests = store.assignments.assign(abct, per_application=3, seed=1, dry_run=True)
    without = store.assignments.assign(abct, per_application=3, seed=1, interests=False, dry_run=True)
    london = {a.reference for a in store.applications.for_round(abct) if "london" in (a.organisation.area or "").lower()}
    a_in_london = sum(1 for a in with_interests.assignments if OFFICERS[0] in a.assessors and a.reference in london)
    assert a_in_london > sum(1 for a in without.assignments if OFFICERS[0] in a.assessors and a.reference in london)
    assert sorted(with_interests.load.values()) == sorted(without.load.values())  # no balance given up for them
    assert with_interests.matched >= a_in_london


def test_a_run_keeps_hand_assignments_and_fills_around_them_or_replaces_them(store, abct):
    apps = store.applications.for_round(abct)
    chair = store.assessors.get(abct, "Panel chair")
    assert store.assignments.add(abct, chair, apps[10]) is True
    assert store.assignments.add(abct, chair, apps[10]) is False  # already assigned: nothing changes
    view = store.assignments.assign(abct, per_application=3, seed=1)
    assert set(next(a for a in view.assignments if a.reference == apps[10].reference).assessors) >= {"Panel chair"}
    assert Counter(len(a.assessors) for a in view.assignments) == {3: 783}
    replaced = store.assignments.assign(abct, per_application=2, seed=1, replace=True)
    assert replaced.load["Panel chair"] == 0 and Counter(len(a.assessors) for a in replaced.assignments) == {2: 783}


def test_hand_changes_refuse_a_conflict_with_the_scoring_sentence_and_undo_restores(store, abct):
    apps = store.applications.for_round(abct)
    a = store.assessors.get(abct, OFFICERS[0])
    with pytest.raises(NotAllowed) as refused:
        store.assignments.add(abct, a, apps[0])
    assert str(refused.value) == store.assessors.scoring_refusal(a, apps[0].id) == (
        f"{OFFICERS[0]} has declared a conflict of interest with {apps[0].reference}, so cannot open or score it.")
    with pytest.raises(NotFound, match="has no assignment yet"):
        store.assignments.remove(abct, a, apps[1])
    before = store.assignments.view(abct).pairs
    store.assignments.assign(abct, per_application=3, seed=2)
    store.assignments.restore(abct, set())
    assert store.assignments.view(abct).pairs == before and not store.assignments.explicit(abct)
    assert verify(store.database) is None


def test_no_solution_is_one_sentence_naming_what_cannot_be_covered(store, abct):
    apps = store.applications.for_round(abct)
    people = {p.name: p for p in store.assessors.for_round(abct)}
    for name in OFFICERS[1:5]:
        store.assessors.declare_conflict(people[name], apps[20], reason="Former employee")
    with pytest.raises(NotAllowed) as refused:
        store.assignments.assign(abct, per_application=3)
    assert str(refused.value) == (f"{apps[20].reference} needs 3 reviewers but only 2 of the 6 assessors are free "
                                  f"of conflicts with it.")
    with pytest.raises(NotAllowed, match=r"^783 applications need 1,566 reviews but the 6 assessors can take "
                                         r"only 600 at a cap of 100 each\.$"):
        store.assignments.assign(abct, per_application=2, max_per_assessor=100)
    assert not store.assignments.explicit(abct)  # nothing half-changed


def test_assignment_governs_scoring_prepared_files_and_statistics(store, abct, tmp_path: Path):
    view = store.assignments.assign(abct, per_application=3, max_per_assessor=CAP, seed=3)
    abct = store.rounds.set_status(abct, "scoring")
    a = store.assessors.get(abct, OFFICERS[0])
    theirs = sorted(x.reference for x in view.assignments if OFFICERS[0] in x.assessors)
    others = next(x for x in view.assignments if OFFICERS[0] not in x.assessors and x.reference not in
                  {c.reference for c in store.assessors.conflicts(abct) if c.assessor == OFFICERS[0]})
    assert store.assessors.scoring_refusal(a, others.application_id) == (
        f"{OFFICERS[0]} is not assigned {others.reference} in round 'ABCT 2020', so cannot score it "
        f"(the chair assigns who reviews what).")

    prepared = prepare_assessor_file(store, round_name="ABCT 2020", assessor_name=OFFICERS[0],
                                     out=tmp_path / "a.svdb")
    with sqlite3.connect(prepared.path) as conn:
        assert sorted(r for (r,) in conn.execute("SELECT reference FROM applications")) == theirs
    assert prepared.applications == len(theirs) == view.load[OFFICERS[0]]

    # A score sheet outside the assignment (given before the chair assigned) leaves every statistic.
    rubric = store.rounds.rubric(abct)
    criterion = rubric.criteria[0].id
    mine = next(x for x in view.assignments if OFFICERS[0] in x.assessors)
    store.assessments.set_score(abct, a, mine.application_id, criterion, score=3)
    assert (a.id, others.application_id) not in Facts(store).excluded(abct)
    store.assignments.add(abct, a, store.applications.by_id(others.application_id))
    store.assessments.set_score(abct, a, others.application_id, criterion, score=1)
    store.assignments.remove(abct, a, store.applications.by_id(others.application_id))
    assert (a.id, others.application_id) in Facts(store).excluded(abct)
    assert others.application_id not in summarise(store, abct).panel.combined or \
        criterion not in summarise(store, abct).panel.combined[others.application_id]
    assert trail(store, abct, store.applications.by_id(others.application_id)).unassigned == [OFFICERS[0]]


def test_the_round_file_carries_the_assignment(store, abct, tmp_path: Path):
    view = store.assignments.assign(abct, per_application=3, max_per_assessor=CAP, seed=5)
    out = tmp_path / "round.json"
    write_round_json(store, abct, out)
    with Store.open(tmp_path / "other.svdb", actor="Panel chair", create=True) as other:
        copy = import_round_json(other, out)
        assert other.assignments.view(copy).pairs == view.pairs
        assert verify(other.database) is None
