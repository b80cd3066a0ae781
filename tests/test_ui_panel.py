"""The panel window from moderation to decision, offscreen: what a chair does, and that the numbers agree.

A copy of the demo; "Neighbourhood Fund 2026" is moved to moderation from the window, a flagged
criterion is moderated with a rationale, every application is decided, the round moves to decided,
and everything is undone and redone. The matrix and ranking are compared against `summarise` itself.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from svassessor.panel.summary import summarise
from svassessor.storage.audit import verify
from tests.panel_world import answer, when_asked
from tests.ui_helpers import open_context
from ui.commands.base import push
from ui.commands.panel import DecideCommand
from ui.widgets.table_model import ROW_ROLE
from ui.panel import PanelWindow, open_panel
from ui.panel.matrix_model import APP_ROLE, CRITERION_ROLE, FLAG_DISCUSSED, FLAG_OPEN, MARK_ROLE, MODERATED, VALUE_ROLE

ROUND = "Neighbourhood Fund 2026"


@pytest.fixture
def ctx(qapp, demo_copy, tmp_path):
    context = open_context(demo_copy, tmp_path / "settings.ini", who="Panel chair", role="chair", round_name=ROUND)
    yield context
    context.close_file()


@pytest.fixture
def window(qtbot, ctx) -> PanelWindow:
    win = open_panel(ctx, None)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    qtbot.waitExposed(win)
    return win


def stored_round(ctx):
    return ctx.store.rounds.get(ROUND)


def assert_views_match_engine(win: PanelWindow) -> None:
    """Every matrix cell, total and rank the window shows is the engine's own figure."""
    summary = summarise(win.ctx.store, stored_round(win.ctx))
    model = win.comparison.model
    assert model.rowCount() == len(summary.ranking)
    criteria = [c.id for c in win.ctx.store.rounds.rubric(stored_round(win.ctx)).criteria]
    for row, standing in enumerate(summary.ranking):
        app = standing.candidate.id
        assert model.index(row, 0).data(APP_ROLE) == app
        for column in range(1, len(criteria) + 1):
            index = model.index(row, column)
            cid = index.data(CRITERION_ROLE)
            assert index.data(VALUE_ROLE) == summary.panel.combined[app].get(cid)
        total = model.index(row, model.columnCount() - 5)
        assert total.data(VALUE_ROLE) == standing.total.total
        assert model.index(row, model.columnCount() - 3).data(VALUE_ROLE) == standing.priority_points
        assert model.index(row, model.columnCount() - 2).data(VALUE_ROLE) == standing.ranking_score
    ranked = [win.ranking.model.row(i) for i in range(win.ranking.model.rowCount())]
    assert [r.id for r in ranked] == [s.candidate.id for s in summary.ranking]
    assert [r.status for r in ranked] == [summary.budget.status[s.candidate.id] for s in summary.ranking]
    assert win.state.summary.budget == summary.budget


def test_open_panel_reuses_the_parents_window(qtbot, ctx):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    first = open_panel(ctx, parent)
    assert open_panel(ctx, parent) is first


def test_a_moderation_from_start_to_decision(qtbot, window, ctx):
    store = ctx.store
    status = window.status
    assert "Scoring" in status.stages.text() and status.forward.text() == "Move to Moderation →"

    # 1. Move to moderation from the window, confirming the assessments still open; the assessor's
    #    window hears of it through the context.
    qtbot.waitUntil(lambda: "9 of 21 assessments are not submitted" in status.hint.text())
    said = answer("moveAnyway")
    status.forward.click()
    assert "9 of 21 assessments are not submitted" in said[1]
    assert stored_round(ctx).status == "moderation" and ctx.round.status == "moderation"
    qtbot.waitUntil(lambda: "12 of 12 applications have no decision" in status.hint.text())

    # 2. Moving on to decided asks first, naming what is undecided; cancelled, nothing goes on the stack.
    depth = ctx.undo_stack.count()
    said = answer("moveCancel")
    status.forward.click()
    assert "12 of 12 applications have no decision" in said[1]
    assert stored_round(ctx).status == "moderation"
    assert ctx.undo_stack.count() == depth
    assert_views_match_engine(window)

    # 3. F8 goes to the first criterion still to discuss, by keyboard.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # back from the question
    window.comparison.table.setFocus()
    qtbot.keyClick(window.comparison.table, Qt.Key.Key_F8)
    index = window.comparison.table.currentIndex()
    app_id, criterion = index.data(APP_ROLE), index.data(CRITERION_ROLE)
    assert index.data(MARK_ROLE) == FLAG_OPEN
    flag = next(f for f in window.state.summary.flags if (f.application, f.criterion) == (app_id, criterion))
    assert window.moderation.application.id == app_id and window.moderation.criterion_id == criterion
    for name in ctx.store.assessors.for_round(stored_round(ctx)):
        if name.id in flag.scores:
            assert name.name in window.moderation.scores.text()

    # 4. No rationale: the core refuses and says why; nothing is stored.
    window.moderation.rationale.clear()
    window.moderation.agree.click()
    assert "needs a rationale" in window.message.text()
    assert store.panel.moderations(stored_round(ctx)) == []

    # 5. Agree the top level with a rationale, from the keyboard (Ctrl+Return).
    top = window.moderation.level.count() - 1
    window.moderation.level.setCurrentIndex(top)
    agreed = window.moderation.level.currentData()
    window.moderation.rationale.setFocus()
    qtbot.keyClicks(window.moderation.rationale, "The survey of 40 families settles it.")
    before = summarise(store, stored_round(ctx))
    qtbot.keyClick(window.moderation.rationale, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    moderations = store.panel.moderations(stored_round(ctx))
    assert [(m.application_id, m.criterion_id, m.score) for m in moderations] == [(app_id, criterion, agreed)]
    assert moderations[0].rationale == "The survey of 40 families settles it."
    assert moderations[0].moderated_by == "Panel chair"
    after = summarise(store, stored_round(ctx))
    assert after.panel.combined[app_id][criterion] == agreed != before.panel.combined[app_id][criterion]
    row = window.comparison.model.matrix.row_of[app_id]
    cell = window.comparison.model.index(row, window.comparison.model.column_of(criterion))
    assert cell.data(VALUE_ROLE) == agreed and cell.data(MARK_ROLE) == FLAG_DISCUSSED | MODERATED
    assert "Agreed by the panel" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert_views_match_engine(window)  # the matrix and the ranking moved with the engine

    # 6. Decide every application from the decision form: fund down the line, reserve the next two.
    reserves = 2
    for i in range(window.ranking.model.rowCount()):
        rank_row = window.ranking.model.row(i)
        window.ranking.table.selectRow(i)
        assert window.decision.application.id == rank_row.id
        if rank_row.status == "funded":
            window.decision.kinds["fund"].click()
            window.decision.amount.setValue(float(rank_row.standing.candidate.amount))
        elif rank_row.status == "below_line" and reserves:
            reserves -= 1
            window.decision.kinds["reserve"].click()
        else:
            window.decision.kinds["decline"].click()
        window.decision.feedback.setPlainText(f"Feedback for {rank_row.standing.candidate.reference}.")
        assert window.decision.submit(), window.message.text()
    decisions = store.panel.decisions(stored_round(ctx))
    assert len(decisions) == 12 and sum(d.decision == "reserve" for d in decisions) == 2
    awarded = sum(d.amount_awarded for d in decisions if d.decision == "fund")
    budget = stored_round(ctx).budget
    assert window.state.tally.awarded == awarded and window.state.tally.undecided == 0
    assert f"£{budget - awarded:,}" in window.decision.tally.text()
    assert all(window.ranking.model.row(i).decision is not None for i in range(12))
    assert_views_match_engine(window)

    # 7. More than was requested is refused by the core, and said.
    app = store.applications.by_id(decisions[0].application_id)
    assert not push(ctx, DecideCommand(ctx, app, "fund", app.amount_requested + 1, ""))
    assert "more than the" in window.message.text()

    # 8. Now the round can move to decided.
    qtbot.waitUntil(lambda: "Ready to move to Decided" in status.hint.text())
    status.forward.click()
    assert stored_round(ctx).status == "decided"
    assert "Monitoring" in status.forward.text()

    # 9. Undo the move and the last decision; redo both; undo everything back to scoring.
    stack = ctx.undo_stack
    stack.undo()
    assert stored_round(ctx).status == "moderation"
    stack.undo()
    assert len(store.panel.decisions(stored_round(ctx))) == 11 and window.state.tally.undecided == 1
    stack.redo()
    stack.redo()
    assert stored_round(ctx).status == "decided" and len(store.panel.decisions(stored_round(ctx))) == 12
    while stack.canUndo():
        stack.undo()
    assert stored_round(ctx).status == "scoring"
    assert store.panel.decisions(stored_round(ctx)) == [] and store.panel.moderations(stored_round(ctx)) == []
    assert_views_match_engine(window)
    while stack.canRedo():
        stack.redo()
    assert stored_round(ctx).status == "decided" and len(store.panel.moderations(stored_round(ctx))) == 1
    assert verify(store.database) is None  # every step, undo included, is in the audit chain


def test_what_if_weight_reranks_and_marks_who_crosses_the_line(qtbot, window, ctx):
    window.tabs.setCurrentWidget(window.ranking)
    slider = window.ranking.whatif.slider
    assert slider.value() == 45  # the demo rubric's own social value share
    with qtbot.waitSignal(window.state.whatIfChanged, timeout=2000):
        window.ranking.whatif.presets[0].click()  # 10%
    expected = summarise(ctx.store, stored_round(ctx), what_if_weights=[10]).what_if[0]
    rows = [window.ranking.model.row(i) for i in range(window.ranking.model.rowCount())]
    assert [r.id for r in rows] == [s.candidate.id for s in expected.ranking]
    assert {r.id for r in rows if r.crossed == "newly_funded"} == set(expected.newly_funded)
    assert {r.id for r in rows if r.crossed == "no_longer_funded"} == set(expected.no_longer_funded)
    assert not window.ranking.table.isColumnHidden(window.ranking.model.MOVE)
    assert window.ranking.crossing.isVisibleTo(window) and "At 10% social value" in window.ranking.crossing.text()
    cut = next((i for i, r in enumerate(rows) if r.at_cut_off), -1)
    assert window.ranking.line.row == cut
    line = window.ranking.line
    assert line.rule.isVisibleTo(window) and "left" in line.tag.text()
    assert line.rule.y() + 1 == window.ranking.table.rowViewportPosition(cut)
    with qtbot.waitSignal(window.state.whatIfChanged, timeout=2000):
        window.ranking.whatif.reset.click()
    assert window.state.scenario is None and window.ranking.table.isColumnHidden(window.ranking.model.MOVE)


def test_the_chart_plots_every_application_by_its_side_of_the_line(window, ctx):
    assert window.chart.chart().series() == []  # drawn only when seen
    window.tabs.setCurrentWidget(window.chart)
    summary = summarise(ctx.store, stored_round(ctx))
    plotted = {p.application for points in window.chart.points.values() for p in points}
    assert plotted == {s.candidate.id for s in summary.ranking}
    names = {s.name() for s in window.chart.chart().series()}
    assert {"Funded", "Below the line", "Not eligible"} <= names


def test_the_chart_follows_the_what_if_weight(qtbot, window, ctx):
    window.tabs.setCurrentWidget(window.chart)
    funded = {p.application for p in window.chart.points["funded"]}
    with qtbot.waitSignal(window.state.whatIfChanged, timeout=2000):
        window.state.set_sv_weight(20)
    scenario = window.state.scenario
    assert scenario is not None and scenario.newly_funded  # someone crosses the line at 20%
    now_funded = {p.application for p in window.chart.points["funded"]}
    assert now_funded == funded - set(scenario.no_longer_funded) | set(scenario.newly_funded)
    assert "weighted 20%" in window.chart.chart().title()
    with qtbot.waitSignal(window.state.whatIfChanged, timeout=2000):
        window.state.set_sv_weight(None)
    assert {p.application for p in window.chart.points["funded"]} == funded
    assert "weighted" not in window.chart.chart().title()


def test_the_defensibility_view_shows_the_trail_escaped(qtbot, window, ctx):
    store = ctx.store
    round_ = store.rounds.set_status(stored_round(ctx), "moderation", force=True)
    app = store.applications.get(round_, "NF26-006")
    store.panel.moderate(round_, app, "need_voice", score=2, rationale="<b>Agreed</b> after the survey.")
    window.state.refresh()
    window.choose(app.id, "need_voice")
    window.tabs.setCurrentWidget(window.defensibility)
    text = window.defensibility.toPlainText()
    assert "NF26-006" in text and "<b>Agreed</b> after the survey." in text  # shown as typed, not as markup
    assert "Moderated from" in text and "Panel chair" in text
    assert window.defensibility.shown.application.id == app.id


def test_every_control_has_a_name_a_screen_reader_can_say(window):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, \
        QComboBox, QPlainTextEdit

    for widget in window.findChildren(QAbstractButton):
        if widget.isVisibleTo(window) and not widget.objectName().startswith("qt_"):  # Qt's own corner button
            assert widget.text() or widget.accessibleName(), widget.objectName()
    for kind in (QComboBox, QPlainTextEdit, QAbstractSpinBox, QAbstractSlider, QAbstractItemView):
        for widget in window.findChildren(kind):
            if widget.isVisibleTo(window) and widget.objectName() and not widget.objectName().startswith("qt_"):
                assert widget.accessibleName(), widget.objectName()


def test_rows_are_the_engines_standings(window):
    ranked = window.ranking.model.index(0, 0).data(ROW_ROLE)
    assert ranked.standing is window.state.summary.ranking[0]


def test_a_moderation_is_refused_outside_moderation(qtbot, window, ctx):
    window.comparison.next_flag(1)
    assert not window.moderation.agree.isEnabled()
    assert "in moderation" in window.moderation.hint.text()
    assert not window.decision.record.isEnabled()


def test_priority_points_are_their_own_column_never_in_the_total(window, ctx):
    model = window.comparison.model
    priority_column = model.columnCount() - 3
    assert model.headerData(priority_column, Qt.Orientation.Horizontal) == "Priority\npoints"
    for row, standing in enumerate(window.state.summary.ranking):
        if standing.priority_points:
            assert model.index(row, priority_column).data() == f"+{standing.priority_points:g}"
            assert standing.ranking_score == pytest.approx(standing.total.total + standing.priority_points)


def test_decided_round_amounts_are_decimal(window, ctx):
    assert isinstance(window.state.tally.awarded, Decimal)


def test_repainting_never_drains_a_reference_from_none(window):
    """PySide6 6.12 on Python 3.11 takes a reference from the return value of each Python override of a
    C++ virtual (a delegate's paint, a paintEvent) it calls; the panel overrides none on its paint paths,
    so scrolling for an afternoon cannot free None and abort Python."""
    import sys

    tables = (window.comparison.table, window.ranking.table)
    before = sys.getrefcount(None)
    for table in tables:
        window.tabs.setCurrentWidget(table.parent())
        for _ in range(30):
            table.viewport().repaint()
    assert sys.getrefcount(None) >= before - 5


def test_the_chair_needs_no_mouse(qtbot, window, ctx):
    """Move the round, pick an application in the ranking, decline it with feedback: keys only."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    def keys(key, modifiers=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)

    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    # The question about the assessments still open is answered with its own mnemonic (Alt+M).
    when_asked(lambda box: qtbot.keyClick(box, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier))
    keys(Qt.Key.Key_M, ctrl | shift)
    assert stored_round(ctx).status == "moderation"
    window.activateWindow()  # offscreen there is no window manager to give the panel its focus back
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    keys(Qt.Key.Key_2, ctrl)
    assert QApplication.focusWidget() is window.ranking.table
    keys(Qt.Key.Key_Down)
    keys(Qt.Key.Key_Down)
    chosen = window.decision.application
    assert chosen is not None and chosen.id == window.ranking.current()
    keys(Qt.Key.Key_6, ctrl)
    keys(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # Decli&ne (Alt+E is the Edit menu)
    qtbot.waitUntil(window.decision.kinds["decline"].isChecked)  # a mnemonic clicks with a short animation
    keys(Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Feed&back
    assert QApplication.focusWidget() is window.decision.feedback
    qtbot.keyClicks(window.decision.feedback, "Strong need; others evidenced it better.")
    keys(Qt.Key.Key_Return, ctrl | shift)
    decision = next(d for d in ctx.store.panel.decisions(stored_round(ctx)) if d.application_id == chosen.id)
    assert (decision.decision, decision.feedback) == ("decline", "Strong need; others evidenced it better.")
    keys(Qt.Key.Key_2, ctrl)  # in the feedback box, Ctrl+Z undoes typing; from the table, the decision
    keys(Qt.Key.Key_Z, ctrl)
    assert ctx.store.panel.decisions(stored_round(ctx)) == []


def test_the_heat_follows_the_theme(qapp, window):
    from ui.theme import apply_theme

    model = window.comparison.model
    cell = model.index(0, 1)
    light = cell.data(Qt.ItemDataRole.BackgroundRole).color().name()
    try:
        apply_theme(qapp, "dark")
        qapp.processEvents()
        dark = model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole).color().name()
        assert dark != light
        assert _lightness(dark) < 128  # a dark page keeps dark cells, so light text stays readable
    finally:
        apply_theme(qapp, "light")


def _lightness(name: str) -> int:
    from PySide6.QtGui import QColor

    return QColor(name).lightness()
