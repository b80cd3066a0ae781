"""Deciding many applications in one step, and moving on with work left, in the panel window.

From an empty file with real data, not the demo (`tests/panel_world.py`): a round made with the core
from the AB Charitable Trust's published 360Giving file (783 grants), two assessors added, sixteen
applications scored through the core (the rest, as in a real first week, not yet), and, for the
deciding tests, the round moved to moderation. The chair then selects rows and decides them, funds down to the budget
line, undoes and redoes; and moves the round on, told what is left.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from svassessor.panel.summary import summarise
from svassessor.storage.audit import verify
from tests.panel_world import BUDGET, GRANTS_COUNT, NAME, SCORED, answer, make_round, panel_on
from ui.panel import PanelWindow


@pytest.fixture
def panel(qtbot, qapp, store, svdb, tmp_path):
    make_round(store, moderation=True)
    window = panel_on(qtbot, store, svdb, tmp_path)
    yield window
    window.ctx.store = None  # the store fixture closes the file


@pytest.fixture
def scoring_panel(qtbot, qapp, store, svdb, tmp_path):
    make_round(store, moderation=False)
    window = panel_on(qtbot, store, svdb, tmp_path)
    yield window
    window.ctx.store = None


def decided(window: PanelWindow) -> dict[str, tuple[str, Decimal | None, str]]:
    store = window.ctx.store
    return {d.application_id: (d.decision, d.amount_awarded, d.feedback)
            for d in store.panel.decisions(store.rounds.get(NAME))}


def select_rows(window: PanelWindow, rows: list[int]) -> None:
    table = window.ranking.table
    model = table.selectionModel()
    table.selectRow(rows[0])
    for row in rows[1:]:
        model.select(table.model().index(row, 0),
                     QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_three_rows_selected_by_keyboard_are_funded_in_one_step_undone_and_redone(qtbot, panel):
    ctx, ranking = panel.ctx, panel.ranking
    store = ctx.store
    # An earlier decision on the third row: the step replaces it, and undo must put it back.
    third = ranking.model.row(2)
    app = store.applications.by_id(third.id)
    store.panel.decide(store.rounds.get(NAME), app, decision="decline", amount_awarded=None, feedback="Too late.")
    panel.state.refresh()
    before = decided(panel)

    # Keys only: the ranking's first row, then Shift+Down twice.
    panel.activateWindow()
    ranking.table.setFocus()
    ranking.table.setCurrentIndex(ranking.model.index(0, 0))
    for _ in range(2):
        qtbot.keyClick(ranking.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = ranking.selected_ids()
    assert chosen == [ranking.model.row(i).id for i in range(3)]
    asked = {r: ranking.model.row(i).standing.candidate.amount for i, r in enumerate(chosen)}
    assert "3 selected" in panel.bulk.chosen.text() and panel.bulk.actions["fund"].isEnabled()
    assert panel.decision.application.id == chosen[2]  # the current row is the form's, the selection kept

    depth = ctx.undo_stack.count()
    said = answer("bulkConfirm", feedback="Funded in full by the panel.")
    assert panel.bulk.actions["fund"].text() == "&Fund 3 selected…"
    assert panel.bulk.buttons["fund"].text() == "Fund 3 selected…"  # the bar says it plain, no mnemonic
    panel.bulk.actions["fund"].trigger()
    total = sum(asked.values())
    assert f"Fund 3 applications, each at the amount it asked: £{total:,} in all." in said[0]
    assert "1 already decided is changed" in said[1]
    assert any(line.endswith("| Decline") for line in said[2:])
    assert ctx.undo_stack.count() == depth + 1  # one step

    now = decided(panel)
    for app_id in chosen:
        assert now[app_id] == ("fund", asked[app_id], "Funded in full by the panel.")
    assert ranking.selected_ids() == chosen  # the rows stay selected after the refresh
    assert "Fund" in ranking.model.index(0, ranking.model.DECISION).data()

    ctx.undo_stack.undo()  # one undo: every one as it was, decided or not
    assert decided(panel) == before
    assert ranking.selected_ids() == chosen
    ctx.undo_stack.redo()
    assert decided(panel) == now
    assert verify(store.database) is None


def test_reserve_or_decline_every_row_with_ctrl_a_and_cancel_changes_nothing(qtbot, panel):
    ranking = panel.ranking
    panel.activateWindow()
    ranking.table.setFocus()
    qtbot.keyClick(ranking.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(ranking.selected_ids()) == ranking.model.rowCount() == GRANTS_COUNT

    said = answer("bulkCancel")
    assert not panel.bulk.decide_selected("reserve")
    assert said[0] == f"Reserve {GRANTS_COUNT} applications." and decided(panel) == {}

    answer("bulkConfirm", feedback="The trustees will consider these in the spring.")
    assert panel.bulk.decide_selected("decline")
    assert set(decided(panel).values()) == {("decline", None, "The trustees will consider these in the spring.")}
    assert len(decided(panel)) == GRANTS_COUNT


def test_fund_down_to_the_budget_line_says_how_many_and_how_much_first(qtbot, panel):
    ctx = panel.ctx
    store = ctx.store
    summary = summarise(store, store.rounds.get(NAME))
    above = [s for s in summary.ranking if summary.budget.status[s.candidate.id] == "funded"]
    assert 1 < len(above) < SCORED  # the line falls inside the scored applications
    total = sum(s.candidate.amount for s in above)

    said = answer("bulkConfirm")
    panel.bulk.down.trigger()
    assert said[0] == (f"Fund {len(above)} applications above the budget line, each at the amount it asked: "
                       f"£{total:,} in all.")
    assert said[1].splitlines()[:2] == [
        f"After this step: awarded £{total:,} of the £{BUDGET:,} budget, £{BUDGET - total:,} left.",
        f"The other {GRANTS_COUNT - len(above)} undecided applications are left for you to decide."]
    now = decided(panel)
    assert now == {s.candidate.id: ("fund", s.candidate.amount, "") for s in above}
    assert panel.state.tally.awarded == total and panel.state.tally.undecided == GRANTS_COUNT - len(above)
    ctx.undo_stack.undo()
    assert decided(panel) == {}
    ctx.undo_stack.redo()
    assert decided(panel) == now


def test_the_status_line_and_the_move_name_the_work_left_and_confirming_moves(qtbot, scoring_panel):
    ctx, status = scoring_panel.ctx, scoring_panel.status
    store = ctx.store
    unscored = GRANTS_COUNT - SCORED
    qtbot.waitUntil(lambda: "Before Moderation" in status.hint.text())
    hint = status.hint.text()
    assert "Ready" not in hint
    assert f"{SCORED} of {2 * SCORED} assessments are not submitted" in hint
    assert f"{unscored} of {GRANTS_COUNT} applications have no score" in hint

    said = answer("moveCancel")
    assert not status.move(1)
    assert store.rounds.get(NAME).status == "scoring"
    assert f"{unscored} of {GRANTS_COUNT} applications have no score" in said[1]

    said = answer("moveAnyway")
    status.forward.click()
    assert store.rounds.get(NAME).status == "moderation" and ctx.round.status == "moderation"
    assert f"{SCORED} of {2 * SCORED} assessments are not submitted" in said[1]
    ctx.undo_stack.undo()
    assert store.rounds.get(NAME).status == "scoring"
    ctx.undo_stack.redo()  # the chair confirmed once; redo moves without asking again
    assert store.rounds.get(NAME).status == "moderation"


def test_deciding_many_is_off_while_the_round_is_in_scoring_saying_why(qtbot, scoring_panel):
    window = scoring_panel
    select_rows(window, [0, 1, 2])
    reason = "is in scoring; this is done in moderation or decided"
    for action in (*window.bulk.actions.values(), window.bulk.down):
        assert not action.isEnabled() and reason in action.toolTip()
    assert reason in window.bulk.reason.text()
    window.choose(window.ranking.model.row(0).id)  # the one-application form says the same
    assert not window.decision.record.isEnabled() and reason in window.decision.record.toolTip()
    assert not window.bulk.decide_selected("fund")  # and refused, before any question, if tried anyway
    assert reason in window.message.text() and decided(window) == {}


def test_undoing_a_step_back_returns_to_where_the_round_was_without_asking(qtbot, panel):
    """Work is still left (most applications unscored), but undo only puts back a state the round was in."""
    ctx, status = panel.ctx, panel.status
    store = ctx.store
    assert status.move(-1)  # moving back never asks
    assert store.rounds.get(NAME).status == "scoring"
    ctx.undo_stack.undo()
    assert store.rounds.get(NAME).status == "moderation" and ctx.round.status == "moderation"
    assert ctx.undo_stack.canRedo()
