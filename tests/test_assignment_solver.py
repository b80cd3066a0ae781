"""The assignment solver against any conflicts and caps: a solution whenever one exists (checked by an
independent maximum flow written here), respecting every conflict and cap and balanced as far as they
allow; otherwise one sentence naming what cannot be covered."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from svassessor.assignment import Problem, solve
from svassessor.errors import NotAllowed


def coverable(apps: list[str], people: list[str], per: int, cap: int | None, conflicted: set) -> bool:
    """Whether every application can have `per` reviewers: a plain augmenting-path maximum flow."""
    room = {k: cap if cap is not None else len(apps) for k in people}
    given: dict[str, set[str]] = {a: set() for a in apps}

    def augment(app: str, seen: set[str]) -> bool:
        for k in people:
            if (k, app) in conflicted or k in given[app] or k in seen:
                continue
            seen.add(k)
            if room[k] > 0:
                room[k] -= 1
                given[app].add(k)
                return True
            for other in apps:  # take k from another application that can find someone else
                if k in given[other] and other != app:
                    given[other].discard(k)
                    if augment(other, seen):
                        given[app].add(k)
                        return True
                    given[other].add(k)
        return False

    return all(augment(app, set()) for app in apps for _ in range(per))


@st.composite
def problems(draw):
    apps = [f"REF-{i:03d}" for i in range(draw(st.integers(1, 7)))]
    people = [f"Officer {c}" for c in "ABCDE"[: draw(st.integers(1, 5))]]
    pairs = [(k, a) for k in people for a in apps]
    conflicted = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs)))) if pairs else set()
    return Problem(applications=apps, assessors=people, per_application=draw(st.integers(1, 3)),
                   cap=draw(st.none() | st.integers(1, 6)), conflicted=frozenset(conflicted),
                   matches=frozenset(draw(st.lists(st.sampled_from(pairs), max_size=4))),
                   seed=draw(st.integers(0, 2 ** 32)), names={x: x for x in apps + people})


@settings(max_examples=300, deadline=None)
@given(problems())
def test_any_coverable_round_is_covered_within_conflicts_and_caps_and_balanced(problem: Problem):
    apps, people = list(problem.applications), list(problem.assessors)
    if not coverable(apps, people, problem.per_application, problem.cap, set(problem.conflicted)):
        with pytest.raises(NotAllowed) as refused:
            solve(problem)
        sentence = str(refused.value)
        assert sentence.endswith(".") and "\n" not in sentence
        assert any(name in sentence for name in apps + people) or "applications need" in sentence
        return
    plan = solve(problem)
    reviewers = Counter(a for _, a in plan.pairs)
    assert all(reviewers[a] == problem.per_application for a in apps)
    assert not plan.pairs & problem.conflicted
    loads = Counter(k for k, _ in plan.pairs)
    assert all(problem.cap is None or loads[k] <= problem.cap for k in people)
    # Balanced: no review could move from a busier assessor to one with two fewer who is free for it.
    for k, app in plan.pairs:
        for j in people:
            movable = (j, app) not in plan.pairs and (j, app) not in problem.conflicted and \
                (problem.cap is None or loads[j] < problem.cap)
            assert not (movable and loads[j] <= loads[k] - 2), (k, j, app)
    if not problem.conflicted and (problem.cap is None or problem.cap * len(people) >= len(plan.pairs) + len(people)):
        assert max(loads[k] for k in people) - min(loads[k] for k in people) <= 1
    assert solve(problem).pairs == plan.pairs  # the same seed, the same assignment


def test_a_group_whose_only_free_assessors_are_at_the_cap_is_named():
    apps = ["REF-1", "REF-2", "REF-3", "REF-4"]
    people = ["Officer A", "Officer B", "Officer C"]
    conflicted = {(k, a) for k in people[1:] for a in apps[:3]}  # only A may review the first three
    with pytest.raises(NotAllowed) as refused:
        solve(Problem(apps, people, 1, cap=2, conflicted=frozenset(conflicted), names={x: x for x in apps + people}))
    assert str(refused.value) == ("REF-1, REF-2 and REF-3 cannot all have 1 reviewer: apart from the assessors they "
                                  "already have, only Officer A is free of conflicts with them, and that assessor is "
                                  "at the cap of 2.")


def test_interests_meet_whole_words_of_who_and_where_an_application_is_for():
    from svassessor.assignment import application_text, interest_pattern, meets

    pattern = interest_pattern("Youth; B19 / food poverty, a")
    assert meets(pattern, application_text(["Youth club", None]))
    assert meets(pattern, application_text(["Lozells", "B19 1AA"]))
    assert meets(pattern, application_text(["Tackling FOOD  POVERTY in Aston".replace("  ", " ")]))
    assert not meets(pattern, application_text(["Youthful ideas", "B191 2AA", "A community café"]))
    assert interest_pattern(" ; , ") is None and not meets(None, "Youth")
