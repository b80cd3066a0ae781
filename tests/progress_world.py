"""A round part way through scoring, for the chair's progress: every ABCT grant, three officers and a chair.

Built from an empty file with the core calls a chair and assessors make. The assignment is written as
rows (two officers per grant, round robin; the chair by hand on three), as the chair's assignment
would be. What each assessor does is in `PLAN`, so a test can count what is due and done from the
plan itself, not from the code under test. Each assessor works at a time of the test's choosing
(`working_at`), so "last worked" is known exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

import svassessor.repository.assessments as assessments_module
from svassessor.importing import import_applications, plan_import
from svassessor.models import utc_now
from svassessor.paths import rubrics_dir
from svassessor.storage.codec import new_id, utc_text
from svassessor.store import Store
from tests.shared_data import SHARED_DATA

GRANTS = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
GRANTS_COUNT = 783
NAME = "AB Charitable Trust 2020"
A, B, C, D, CHAIR = "Grants officer A", "Grants officer B", "Grants officer C", "Grants officer D", "Panel chair"
OFFICERS = (A, B, C)
CHAIR_ASSIGNED = 3  # the chair reviews the first three grants, assigned by hand


@dataclass(frozen=True)
class Work:
    """What one assessor does: submit the first `submit` of their assigned grants, begin (one criterion
    marked not scored) the next `begin`, and begin one grant not assigned to them (which must not count)."""

    submit: int
    begin: int
    stray: bool = False


PLAN = {A: Work(submit=40, begin=5, stray=True), B: Work(submit=0, begin=2), C: Work(submit=12, begin=0),
        CHAIR: Work(submit=CHAIR_ASSIGNED, begin=0)}  # D, added last, has not started


def officers_of(index: int) -> tuple[str, str]:
    """The two officers the grant at `index` (natural order) is assigned to: round robin over A, B, C."""
    return OFFICERS[index % 3], OFFICERS[(index + 1) % 3]


@contextmanager
def working_at(moment: datetime) -> Iterator[None]:
    """Scores and submissions made inside are stamped `moment` (the time the assessor's machine gives)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(assessments_module, "utc_now", lambda: moment)
        yield


def make_round(store: Store, *, times: dict[str, datetime] | None = None) -> None:
    """The round in scoring with every grant imported, the panel, the assignment and `PLAN` done;
    `times` gives when each assessor worked (else now)."""
    times = times or {}
    text = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    round_ = store.rounds.create(name=NAME, rubric_yaml=text, status="setup")
    import_applications(store, round_, plan_import(GRANTS))
    apps = store.applications.for_round(round_)
    people = {name: store.assessors.add(round_, name=name) for name in (*OFFICERS, D)}
    people[CHAIR] = store.assessors.add(round_, name=CHAIR, role="chair")
    round_ = store.rounds.set_status(round_, "scoring")
    rubric = store.rounds.rubric(round_)
    # A grant begun before the chair assigned, then assigned to others (the core refuses it afterwards; a
    # merge of a file prepared earlier still brings it): it must not count.
    for name, work in PLAN.items():
        if work.stray:
            stray = next(a.id for a in apps if a.id not in assigned_to(name, [a.id for a in apps]))
            with working_at(times.get(name) or utc_now()):
                store.assessments.set_score(round_, people[name], stray, rubric.criteria[0].id, score=2)
    with store.change() as audit:
        pairs = [(app.id, people[name].id) for i, app in enumerate(apps) for name in officers_of(i)]
        pairs += [(app.id, people[CHAIR].id) for app in apps[:CHAIR_ASSIGNED]]
        for application_id, assessor_id in pairs:
            audit.insert("assignments", {"id": new_id(), "assessor_id": assessor_id, "application_id": application_id,
                                         "assigned_at": utc_text(utc_now())})
    for name, work in PLAN.items():
        person = people[name]
        mine = assigned_to(name, [a.id for a in apps])
        with working_at(times.get(name) or utc_now()):
            for application_id in mine[:work.submit]:
                for criterion in rubric.criteria:
                    store.assessments.set_score(round_, person, application_id, criterion.id, score=3)
                store.assessments.submit(round_, person, application_id)
            for application_id in mine[work.submit:work.submit + work.begin]:
                store.assessments.set_score(round_, person, application_id, rubric.criteria[0].id, not_scored=True)


def assigned_to(name: str, application_ids: list[str]) -> list[str]:
    """The grants (ids, natural order) assigned to `name` in `make_round`."""
    if name == CHAIR:
        return application_ids[:CHAIR_ASSIGNED]
    return [a for i, a in enumerate(application_ids) if name in officers_of(i)]


def made(path: Path, clock, times: dict[str, datetime] | None = None) -> Store:
    """A new file at `path` holding the round, open with `clock` (the caller closes it)."""
    store = Store.open(path, actor="Panel chair", create=True, clock=clock)
    make_round(store, times=times)
    return store
