"""The panel's core helpers without Qt: undoing moderation and decisions, the matrix, ranking and tally."""

from __future__ import annotations

from decimal import Decimal

import pytest

from svassessor.errors import NotAllowed
from svassessor.panel.actions import (
    move_problems,
    remove_decision,
    remove_moderation,
    restore_decision,
    restore_moderation,
)
from svassessor.panel.comparison import Comparison, agreement_level, chart_points, ranking_rows, reweigh, tally
from svassessor.repository.facts import Facts
from svassessor.panel.summary import summarise
from svassessor.storage.audit import verify
from svassessor.store import Store

ROUND = "Neighbourhood Fund 2026"


@pytest.fixture
def demo(demo_copy):
    with Store.open(demo_copy, actor="Panel chair") as store:
        yield store


@pytest.fixture
def moderating(demo):
    round_ = demo.rounds.set_status(demo.rounds.get(ROUND), "moderation", force=True)  # part-scored
    return demo, round_


def test_a_first_moderation_is_removed_and_a_replaced_one_restored_exactly(moderating):
    store, round_ = moderating
    app = store.applications.get(round_, "NF26-002")
    assert store.panel.moderate(round_, app, "need_evidence", score=3, rationale="Agreed on the survey.") is None
    assert remove_moderation(store, round_, app.id, "need_evidence")
    assert store.panel.moderations(round_) == []
    assert not remove_moderation(store, round_, app.id, "need_evidence")
    store.panel.moderate(round_, app, "need_evidence", score=3, rationale="First.")
    first = store.panel.moderations(round_)[0]
    replaced = store.panel.moderate(round_, app, "need_evidence", score=2, rationale="Second.")
    assert replaced == first
    restore_moderation(store, round_, replaced)
    assert store.panel.moderations(round_) == [first]
    assert verify(store.database) is None  # every step went through the audit log
    actions = [e.action for e in store.history.of("moderations", [first.id])]
    assert actions.count("delete") == 0 and actions[-1] == "update"


def test_decisions_are_removed_and_restored(moderating):
    store, round_ = moderating
    app = store.applications.get(round_, "NF26-011")
    assert store.panel.decide(round_, app, decision="fund", amount_awarded=Decimal("16000"), feedback="Yes.") is None
    first = store.panel.decisions(round_)[0]
    store.panel.decide(round_, app, decision="reserve", amount_awarded=None, feedback="Reserve.")
    restore_decision(store, round_, first)
    assert store.panel.decisions(round_) == [first]
    assert remove_decision(store, round_, app.id)
    assert store.panel.decisions(round_) == []
    assert verify(store.database) is None


def test_undoing_moderation_keeps_the_round_status_rule(demo):
    round_ = demo.rounds.get(ROUND)
    with pytest.raises(NotAllowed, match="in scoring"):
        remove_moderation(demo, round_, "x", "need_evidence")


def test_the_next_stages_and_what_stops_them(moderating):
    store, round_ = moderating
    problems = move_problems(store, round_)
    assert problems["scoring"] is None
    assert "12 of 12 applications have no decision" in problems["decided"]


def test_the_matrix_reads_the_engines_numbers(moderating):
    store, round_ = moderating
    summary = summarise(store, round_)
    rubric = store.rounds.rubric(round_)
    matrix = Comparison(summary, rubric, Facts(store).moderated(round_))
    assert [s.candidate.reference for s in matrix.rows] == [s.candidate.reference for s in summary.ranking]
    for r, standing in enumerate(matrix.rows):
        for c, column in enumerate(matrix.columns):
            assert matrix.value(r, c) == summary.panel.combined[standing.candidate.id].get(column.id)
    flag = summary.flags[0]
    r, c = matrix.row_of[flag.application], [x.id for x in matrix.columns].index(flag.criterion)
    assert matrix.flag(r, c) is flag
    detail = matrix.detail(r, c)
    assert detail.flagged and detail.spread == flag.spread
    assert dict(detail.scores) == flag.scores
    assert 0 <= matrix.fraction(r, c) <= 1


def test_ranking_rows_mark_the_line_and_what_if_crossings(moderating):
    store, round_ = moderating
    summary = summarise(store, round_)
    rows = ranking_rows(summary, {})
    assert [r.rank for r in rows] == list(range(1, 13))
    assert sum(r.at_cut_off for r in rows) == 1
    assert next(r for r in rows if r.at_cut_off).id == summary.budget.cut_off
    scenario = reweigh(store.rounds.rubric(round_), summary, round_.budget, 10)
    expected = summarise(store, round_, what_if_weights=[10]).what_if[0]
    assert [s.candidate.id for s in scenario.ranking] == [s.candidate.id for s in expected.ranking]
    assert scenario.newly_funded == expected.newly_funded
    moved = ranking_rows(summary, {}, scenario)
    assert {r.id for r in moved if r.crossed == "newly_funded"} == set(expected.newly_funded)
    assert all(r.was_rank is not None for r in moved)
    # the chart takes each point's side of the scenario's line; the scores themselves do not move
    plotted = {p.application: p for p in chart_points(summary, scenario)}
    assert expected.newly_funded and all(plotted[a].status == "funded" for a in expected.newly_funded)
    assert all(plotted[a].status != "funded" for a in expected.no_longer_funded)
    assert {a: p.y for a, p in plotted.items()} == {p.application: p.y for p in chart_points(summary)}


def test_tally_chart_and_agreement(moderating):
    store, round_ = moderating
    summary = summarise(store, round_)
    app = store.applications.get(round_, "NF26-011")
    store.panel.decide(round_, app, decision="fund", amount_awarded=Decimal("16000"), feedback="")
    counted = tally(round_.budget, store.panel.decisions(round_), 12)
    assert counted.awarded == Decimal("16000") and counted.left == round_.budget - 16000
    assert counted.undecided == 11 and not counted.over_budget
    assert len(chart_points(summary)) == 12
    assert agreement_level(summary.alpha) == "low"
