"""The chair's progress (issue 15): who has done what, which applications are short of reviews, who to chase.

From an empty file with every ABCT grant, through the core calls, with a fixed clock and fixed times of
work; the expected counts are worked out from the world's plan, not from the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from svassessor.clock import Clock
from svassessor.panel.progress import AssessorProgress, chase_text, last_worked, round_progress
from svassessor.references import reference_key
from svassessor.repository.progress import review_facts
from svassessor.round_status import WorkLeft
from tests.progress_world import (
    A, B, C, CHAIR, CHAIR_ASSIGNED, D, GRANTS_COUNT, NAME, OFFICERS, PLAN, assigned_to, made, officers_of,
)

TODAY = date(2026, 12, 2)
TIMES = {A: datetime(2026, 11, 29, 12, 0, tzinfo=UTC), B: datetime(2026, 11, 12, 12, 0, tzinfo=UTC),
         C: datetime(2026, 12, 2, 9, 30, tzinfo=UTC), CHAIR: datetime(2026, 12, 1, 12, 0, tzinfo=UTC)}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    store = made(tmp_path_factory.mktemp("progress") / "panel.svdb", Clock(TODAY), TIMES)
    yield store
    store.close()


def expected_counts() -> dict[str, tuple[int, int, int]]:
    """(assigned, scored, submitted) per assessor, from the plan: a stray begun grant counts for nothing."""
    per_officer = sum(1 for i in range(GRANTS_COUNT) if A in officers_of(i))
    out = {D: (0, 0, 0)}
    for name, work in PLAN.items():
        assigned = CHAIR_ASSIGNED if name == CHAIR else per_officer
        out[name] = (assigned, work.submit + work.begin, work.submit)
    return out


def test_each_assessor_is_counted_over_their_assigned_grants(world):
    round_ = world.rounds.get(NAME)
    found = round_progress(review_facts(world, round_), round_name=NAME, today=world.clock.today())
    assert {p.name: (p.assigned, p.scored, p.submitted) for p in found.assessors} == expected_counts()
    assert expected_counts()[A] == (522, 45, 40)  # 783 grants, two officers each, round robin over three
    # The assessors list in the window and on the command line counts the same way.
    assert {w.name: (w.assigned, w.scored, w.submitted) for w in world.assessors.work(round_)} == expected_counts()
    by_name = {p.name: p for p in found.assessors}
    assert by_name[A].last_activity == TIMES[A] and by_name[D].last_activity is None


def test_each_application_says_who_reviews_it_and_who_has_not(world):
    round_ = world.rounds.get(NAME)
    found = round_progress(review_facts(world, round_), round_name=NAME, today=TODAY)
    ids = [a.id for a in world.applications.for_round(round_)]
    references = [a.reference for a in world.applications.for_round(round_)]
    done = {(application_id, name) for name, work in PLAN.items()
            for application_id in assigned_to(name, ids)[:work.submit]}
    assert [a.reference for a in found.applications] == sorted(references, key=reference_key)
    by_reference = {a.reference: a for a in found.applications}
    for i, (application_id, reference) in enumerate(zip(ids, references)):
        reviewers = [n for n in (*OFFICERS, CHAIR) if n in officers_of(i) or (n == CHAIR and i < CHAIR_ASSIGNED)]
        missing = [n for n in reviewers if (application_id, n) not in done]
        row = by_reference[reference]
        assert (sorted(row.assessors), row.due, row.submitted, sorted(row.missing)) == (
            sorted(reviewers), len(reviewers), len(reviewers) - len(missing), sorted(missing)), reference
    due = 2 * GRANTS_COUNT + CHAIR_ASSIGNED
    assert (found.due, found.submitted, found.missing) == (due, len(done), due - len(done))
    assert [a.reference for a in found.short] == [a.reference for a in found.applications if a.missing]


def test_the_chase_list_names_exactly_those_with_work_outstanding(world):
    found = round_progress(review_facts(world, world.rounds.get(NAME)), round_name=NAME, today=TODAY)
    lines = found.chase.splitlines()
    assert lines[0] == (f"Reviews still to do in round '{NAME}' on 2026-12-02: {found.missing} reviews "
                        f"from 3 assessors.")
    assert lines[1:] == [  # the most to go first
        "Grants officer B: 0 of 522 submitted, 522 to go (2 begun) — last worked 20 days ago (2026-11-12)",
        "Grants officer C: 12 of 522 submitted, 510 to go — last worked today (2026-12-02)",
        "Grants officer A: 40 of 522 submitted, 482 to go (5 begun) — last worked 3 days ago (2026-11-29)",
    ]
    assert CHAIR not in found.chase and D not in found.chase  # all done; nothing assigned


def test_moderation_is_refused_while_reviews_are_missing_and_forced_goes(tmp_path):
    store = made(tmp_path / "panel.svdb", Clock(TODAY))
    try:
        round_ = store.rounds.get(NAME)
        missing = round_progress(review_facts(store, round_), round_name=NAME, today=TODAY).missing
        assert missing == 2 * GRANTS_COUNT + CHAIR_ASSIGNED - sum(w.submit for w in PLAN.values())
        with pytest.raises(WorkLeft) as refused:
            store.rounds.set_status(round_, "moderation")
        assert f"{missing} reviews missing (assigned but not submitted)" in str(refused.value)
        assert store.rounds.get(NAME).status == "scoring"
        assert store.rounds.set_status(round_, "moderation", force=True).status == "moderation"
    finally:
        store.close()


def test_without_assignment_every_assessor_but_the_chair_reviews_every_grant(store):
    from tests.conftest import TINY_RUBRIC, make_application

    round_ = store.rounds.create(name="Open round", rubric_yaml=TINY_RUBRIC, status="scoring")
    store.applications.add([make_application(round_.id, f"T-{n}") for n in (1, 2, 10)])
    a = store.assessors.add(round_, name=A)
    store.assessors.add(round_, name=CHAIR, role="chair")
    t10 = store.applications.get(round_, "T-10")
    store.assessors.declare_conflict(a, t10, reason="Trustee of the applicant")
    found = round_progress(review_facts(store, round_), round_name="Open round", today=TODAY)
    assert [(p.name, p.assigned) for p in found.assessors] == [(CHAIR, 0), (A, 2)]
    assert [(x.reference, x.assessors) for x in found.applications] == [("T-1", [A]), ("T-2", [A]), ("T-10", [])]


@pytest.mark.parametrize("today, moment, words", [
    (date(2028, 2, 29), datetime(2028, 2, 27, 12, tzinfo=UTC), "last worked 2 days ago (2028-02-27)"),
    (date(2028, 2, 29), datetime(2027, 12, 31, 12, tzinfo=UTC), "last worked 60 days ago (2027-12-31)"),
    (date(2028, 2, 29), datetime(2028, 2, 28, 12, tzinfo=UTC), "last worked yesterday (2028-02-28)"),
    (date(2028, 3, 1), datetime(2028, 2, 29, 12, tzinfo=UTC), "last worked yesterday (2028-02-29)"),
    (date(2026, 12, 31), datetime(2026, 11, 29, 12, tzinfo=UTC), "last worked 32 days ago (2026-11-29)"),
    (date(2026, 12, 31), datetime(2026, 12, 31, 12, tzinfo=UTC), "last worked today (2026-12-31)"),
    (date(2026, 12, 31), datetime(2025, 12, 31, 12, tzinfo=UTC), "last worked 365 days ago (2025-12-31)"),
    (date(2026, 12, 31), datetime(2027, 1, 2, 12, tzinfo=UTC), "last worked on 2027-01-02"),  # a clock ahead
    (date(2026, 12, 31), None, "not started"),
])
def test_last_worked_counts_calendar_days_to_the_clock(today, moment, words):
    assert last_worked(moment, today) == words


@pytest.mark.parametrize("today, worked, days", [
    (date(2028, 2, 29), datetime(2028, 1, 30, 12, tzinfo=UTC), "30 days ago (2028-01-30)"),
    (date(2026, 12, 31), datetime(2026, 12, 28, 12, tzinfo=UTC), "3 days ago (2026-12-28)"),
])
def test_the_chase_list_is_dated_by_the_files_clock(tmp_path, today, worked, days):
    """The whole round, its work stamped on a day before the clock's: the chase list reads the same on any day."""
    store = made(tmp_path / "panel.svdb", Clock(today), {name: worked for name in PLAN})
    try:
        found = round_progress(review_facts(store, store.rounds.get(NAME)), round_name=NAME,
                               today=store.clock.today())
    finally:
        store.close()
    assert f"on {today.isoformat()}:" in found.chase.splitlines()[0]
    assert f"Grants officer A: 40 of 522 submitted, 482 to go (5 begun) — last worked {days}" in found.chase


def test_nobody_to_chase_says_so():
    done = AssessorProgress(A, "assessor", 4, 4, 4, datetime(2026, 12, 1, 12, tzinfo=UTC))
    idle = AssessorProgress(D, "assessor", 0, 0, 0, None)
    assert chase_text("Open round", [done, idle], TODAY) == (
        "Every assessor in round 'Open round' has submitted all their assigned reviews (2026-12-02).")
