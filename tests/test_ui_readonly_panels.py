"""The panel and monitoring windows on a file opened read-only: every change is off before anyone clicks.

A copy of the demo with "Neighbourhood Fund 2026" moved to moderation (so moderating, deciding and moving
the round would all be allowed in a file that can be written), and "Neighbourhood Fund 2025" in
monitoring with reports. Opened read-only, each control that would change the file is disabled with the
context's one sentence as its tooltip; selecting, the what-if slider, the chart, "why this score" and the
register export still work; the click-time refusal is still behind; and the file's bytes never move.
Opened normally, the same controls are on, so these tests can fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from svassessor.monitoring import load_progress
from svassessor.store import Store
from tests.ui_helpers import open_context as open_chair_context
from ui.context import AppContext
from ui.monitoring import MonitoringWindow, open_monitoring
from ui.monitoring.progress_model import ITEM_ROLE
from ui.panel import PanelWindow, open_panel

PANEL_ROUND = "Neighbourhood Fund 2026"
MONITORING_ROUND = "Neighbourhood Fund 2025"
REASON = "demo.svdb is open read-only: nothing in it can be changed."


@pytest.fixture
def demo_in_moderation(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo whose 2026 round is in moderation: the stage where the panel's forms are on."""
    path = tmp_path / "demo.svdb"
    path.write_bytes(demo_template.read_bytes())
    with Store.open(path, actor="Panel chair") as store:
        store.rounds.set_status(store.rounds.get(PANEL_ROUND), "moderation", force=True)
    return path


def open_context(path: Path, tmp_path: Path, *, read_only: bool) -> AppContext:
    return open_chair_context(path, tmp_path / "settings.ini", who="Panel chair", role="chair",
                              round_name=PANEL_ROUND, read_only=read_only)


@pytest.fixture
def read_only(qapp, demo_in_moderation, tmp_path):
    before = demo_in_moderation.read_bytes()
    ctx = open_context(demo_in_moderation, tmp_path, read_only=True)
    yield ctx
    ctx.close_file()
    assert demo_in_moderation.read_bytes() == before  # nothing anywhere in the test wrote to the file


@pytest.fixture
def writable(qapp, demo_in_moderation, tmp_path):
    ctx = open_context(demo_in_moderation, tmp_path, read_only=False)
    yield ctx
    ctx.close_file()


def show_panel(qtbot, ctx) -> PanelWindow:
    win = open_panel(ctx, None)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    assert win.comparison.next_flag(1)  # select a cell: a criterion the assessors disagree on
    assert win.moderation.application is not None and win.moderation.criterion_id
    assert win.decision.application is win.moderation.application
    # what the next stage lacks is told a moment later, and sets the forward button again
    qtbot.waitUntil(lambda: bool(win.status.hint.text()), timeout=3000)
    return win


def panel_edits(win: PanelWindow) -> dict[str, object]:
    controls = {"agreed score": win.moderation.level, "rationale": win.moderation.rationale,
                "agree score": win.moderation.agree, "feedback": win.decision.feedback,
                "record decision": win.decision.record, "move on": win.status.forward,
                "move back": win.status.back}
    controls.update({f"decide {kind}": button for kind, button in win.decision.kinds.items()})
    for name in ("agreeScore", "recordDecision", "statusForward", "statusBack", "fundSelected", "reserveSelected",
                 "declineSelected", "fundDownToLine"):
        controls[f"action {name}"] = next(a for a in win.findChildren(QAction, name))
    return controls


def show_monitoring(qtbot, ctx) -> MonitoringWindow:
    win = open_monitoring(ctx, None)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    assert win.round is not None and win.round.name == MONITORING_ROUND
    # select a commitment with reports, and its newest report
    reported = next(o for o in load_progress(ctx.store, win.round).offers if o.history)
    win.select_offer(reported.offer.id)
    assert win.detail.item.offer.id == reported.offer.id
    win.detail.history.setCurrentIndex(win.detail.history.model_.index(0, 0))
    assert win.detail.history.current() is not None
    return win


def monitoring_edits(win: MonitoringWindow) -> dict[str, object]:
    return {"record button": win.detail.record_button, "amend button": win.detail.amend_button,
            "remove button": win.detail.remove_button, "record action": win.record_action,
            "amend action": win.amend_action, "remove action": win.remove_action,
            "import action": win.import_action}


def assert_off_saying_why(controls: dict[str, object], ctx: AppContext) -> None:
    assert ctx.read_only_reason == REASON
    for name, control in controls.items():
        assert not control.isEnabled(), f"{name} is on in a read-only file"
        assert control.toolTip() == REASON, f"{name} does not say why it is off"


def assert_on(controls: dict[str, object]) -> None:
    for name, control in controls.items():
        assert control.isEnabled(), f"{name} is off in a file that can be changed"
        assert "read-only" not in control.toolTip(), name


# the panel ---------------------------------------------------------------------------------------------
def test_the_panel_on_a_read_only_file_offers_no_change_but_reads_everything(qtbot, read_only):
    ctx = read_only
    win = show_panel(qtbot, ctx)
    assert win.state.status == "moderation"  # the stage allows it: only the file being read-only stops it
    assert_off_saying_why(panel_edits(win), ctx)
    assert not win.decision.amount.isEnabled() and win.decision.amount.toolTip() == REASON
    assert REASON in win.status.allows.text() and "read-only" in win.windowTitle()  # said without hovering

    # choosing another application (reading) keeps every change off: read-only wins over the stage
    other = win.ranking.model.row(win.ranking.model.rowCount() - 1)
    win.choose(other.id)
    assert win.decision.application.id == other.id
    assert_off_saying_why(panel_edits(win), ctx)

    # the reading parts work: the what-if slider re-ranks (nothing saved), the chart, why this score
    win.tabs.setCurrentWidget(win.ranking)
    whatif = win.ranking.whatif
    assert whatif.slider.isEnabled() and all(p.isEnabled() for p in whatif.presets)
    with qtbot.waitSignal(win.state.whatIfChanged, timeout=2000):
        whatif.presets[0].click()
    assert win.state.scenario is not None and not win.ranking.table.isColumnHidden(win.ranking.model.MOVE)
    assert whatif.reset.isEnabled()  # back to the round's own weight, once away from it
    with qtbot.waitSignal(win.state.whatIfChanged, timeout=2000):
        whatif.reset.click()
    assert win.comparison.table.isEnabled() and win.ranking.table.isEnabled()
    win.tabs.setCurrentWidget(win.chart)
    assert win.chart.chart().series()
    win.tabs.setCurrentWidget(win.defensibility)
    assert win.defensibility.shown.application.id == other.id and win.defensibility.toPlainText()

    # the click-time refusal is still behind the disabled controls, with the same sentence
    problems: list[str] = []
    ctx.problem.connect(problems.append)
    win.choose(other.id, win.criterion_id)
    assert win.moderation.submit() is False and win.decision.submit() is False and win.status.move(1) is False
    assert win.bulk.decide_selected("fund") is False and win.bulk.fund_down() is False
    assert problems and all(p.startswith(REASON) for p in problems)
    assert ctx.undo_stack.count() == 0 and ctx.store.rounds.get(PANEL_ROUND).status == "moderation"


def test_the_panel_on_a_writable_file_offers_the_same_controls(qtbot, writable):
    win = show_panel(qtbot, writable)
    assert writable.read_only_reason == ""
    controls = panel_edits(win)
    assert_on(controls)
    assert "read-only" not in win.status.allows.text() and "read-only" not in win.windowTitle()
    assert win.decision.record.toolTip() == "Record the decision (Ctrl+Shift+Return)"
    assert win.moderation.agree.toolTip() == "Record the panel's score and rationale (Ctrl+Return)"
    win.decision.choose("fund")
    assert win.decision.amount.isEnabled()
    win.decision.choose("decline")
    assert not win.decision.amount.isEnabled()  # an amount belongs to a decision to fund, read-only or not


# monitoring ----------------------------------------------------------------------------------------------
def test_monitoring_on_a_read_only_file_offers_no_change_but_reads_everything(qtbot, read_only, tmp_path):
    ctx = read_only
    win = show_monitoring(qtbot, ctx)
    assert_off_saying_why(monitoring_edits(win), ctx)
    assert REASON in win.subtitle.text() and "read-only" in win.windowTitle()  # said without hovering

    # choosing another commitment and another report (the window re-enables on each) keeps them off
    offers = load_progress(ctx.store, win.round).offers
    for o in offers[:3]:
        win.select_offer(o.offer.id)
        assert win.tree.currentIndex().data(ITEM_ROLE).offer.id == o.offer.id
        assert_off_saying_why(monitoring_edits(win), ctx)
    with_two = next(o for o in offers if len(o.history) > 1)
    win.select_offer(with_two.offer.id)
    newest = win.detail.history.current()
    win.detail.history.setCurrentIndex(win.detail.history.model_.index(1, 0))
    assert win.detail.history.current() is not None and win.detail.history.current() != newest
    assert_off_saying_why(monitoring_edits(win), ctx)
    win.reload()  # a reload re-enables too
    assert_off_saying_why(monitoring_edits(win), ctx)

    # the reading parts work: the roll-ups, the chart, the register export
    assert win.tree.isEnabled() and win.detail.history.isEnabled()
    assert win.by_theme.model_.rowCount() and win.chart.rows
    out = tmp_path / "register.html"
    assert win.export_register("register-html", out) and out.stat().st_size > 1000

    # Enter on a commitment, a double-click on a report, or the import: refused with the sentence, no dialog
    problems: list[str] = []
    ctx.problem.connect(problems.append)
    win.tree.activated.emit(win.tree.currentIndex())
    win.detail.history.activated.emit(win.detail.history.currentIndex())
    assert win.dialog is None
    assert win.import_returns() is None
    win.remove()
    assert len(problems) == 4 and all(p.startswith(REASON) for p in problems)
    assert win.message.isVisible() and REASON in win.message.text()
    assert ctx.undo_stack.count() == 0
    assert QApplication.activeModalWidget() is None


def test_monitoring_on_a_writable_file_offers_the_same_controls(qtbot, writable):
    win = show_monitoring(qtbot, writable)
    assert_on(monitoring_edits(win))
    assert "read-only" not in win.subtitle.text() and "read-only" not in win.windowTitle()
