"""Deciding many applications in one step, and moving on with work left, in the panel window.

From an empty file with real data, not the demo: a round made with the core from the AB Charitable
Trust's published 360Giving file (783 grants), two assessors added, a dozen applications scored
through the core (the rest, as in a real first week, not yet), and, for the deciding tests, the
round moved to moderation. The chair then selects rows and decides them, funds down to the budget
line, undoes and redoes; and moves the round on, told what is left.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from svassessor.importing import import_applications, plan_import
from svassessor.panel.summary import summarise
from svassessor.paths import rubrics_dir
from svassessor.storage.audit import verify
from svassessor.store import Store
from tests.panel_world import answer
from ui.context import AppContext
from ui.panel import PanelWindow, open_panel
from ui.settings import Settings

GRANTS = Path("/work/shared/data/360giving/abct-ab-charitable-trust-grants-2013-2020.csv")
NAME = "AB Charitable Trust 2020"
SCORED = 12
BUDGET = Decimal(150000)


def make_round(store: Store, *, moderation: bool) -> None:
    """The round: every published grant imported, two assessors, `SCORED` applications scored by both."""
    text = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    round_ = store.rounds.create(name=NAME, rubric_yaml=text, status="scoring", budget=BUDGET)
    import_applications(store, round_, plan_import(GRANTS))
    rubric = store.rounds.rubric(round_)
    apps = store.applications.for_round(round_)[:SCORED]
    for who in ("Grants officer", "Trustee"):
        person = store.assessors.add(round_, name=who)
        for n, app in enumerate(apps):
            for c, criterion in enumerate(rubric.criteria):
                levels = [level.value for level in rubric.scale_for(criterion.id).levels]
                store.assessments.set_score(round_, person, app.id, criterion.id,
                                            score=levels[1 + (n * 5 + c * 3 + len(who)) % (len(levels) - 1)])
            if who == "Grants officer":
                store.assessments.submit(round_, person, app.id)
    if moderation:
        store.rounds.set_status(store.rounds.get(NAME), "moderation", force=True)


def panel_on(qtbot, store: Store, svdb: Path, tmp_path: Path) -> PanelWindow:
    ctx = AppContext(Settings.at(tmp_path / "settings.ini"))
    ctx.store, ctx.path = store, svdb
    ctx.set_session(store.rounds.get(NAME), None)
    window = open_panel(ctx, None)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.tabs.setCurrentWidget(window.ranking)
    return window


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
    assert panel.bulk.actions["fund"].text() == "Fund 3 selected…"
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
    assert decided(panel) == now | {a: decided(panel)[a] for a in chosen}
    assert {a: decided(panel)[a][:2] for a in chosen} == {a: ("fund", asked[a]) for a in chosen}
    assert verify(store.database) is None


def test_reserve_or_decline_every_row_with_ctrl_a_and_cancel_changes_nothing(qtbot, panel):
    ranking = panel.ranking
    panel.activateWindow()
    ranking.table.setFocus()
    qtbot.keyClick(ranking.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(ranking.selected_ids()) == ranking.model.rowCount() == 783

    said = answer("bulkCancel")
    assert not panel.bulk.decide_selected("reserve")
    assert said[0] == "Reserve 783 applications." and decided(panel) == {}

    assert panel.bulk.decide_selected("decline", feedback="")
    assert {v[0] for v in decided(panel).values()} == {"decline"} and len(decided(panel)) == 783


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
                       f"£{total:,} of the £{BUDGET:,} budget.")
    assert f"The other {783 - len(above)} undecided applications are left for you to decide." in said[1]
    now = decided(panel)
    assert now == {s.candidate.id: ("fund", s.candidate.amount, "") for s in above}
    assert panel.state.tally.awarded == total and panel.state.tally.undecided == 783 - len(above)
    ctx.undo_stack.undo()
    assert decided(panel) == {}
    ctx.undo_stack.redo()
    assert decided(panel) == now


def test_the_status_line_and_the_move_name_the_work_left_and_confirming_moves(qtbot, scoring_panel):
    window, ctx = scoring_panel, scoring_panel.ctx
    store, status = ctx.store, scoring_panel.status
    unscored = 783 - SCORED
    qtbot.waitUntil(lambda: "Before Moderation" in status.hint.text())
    hint = status.hint.text()
    assert "Ready" not in hint
    assert f"{SCORED} of {2 * SCORED} assessments are not submitted" in hint
    assert f"{unscored} of 783 applications have no score" in hint

    said = answer("moveCancel")
    assert not status.move(1)
    assert store.rounds.get(NAME).status == "scoring"
    assert f"{unscored} of 783 applications have no score" in said[1]

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
    assert not window.bulk.decide_selected("fund", feedback="")  # and refused if tried anyway
    assert reason in window.message.text() and decided(window) == {}
