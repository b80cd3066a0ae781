"""The monitoring window offscreen, driven from the keyboard as a grants officer would, checked against the core.

A copy of the demo; the main window's session is on the 2026 round being scored, and the monitoring
window shows "Neighbourhood Fund 2025" (the round in monitoring). A report is recorded through the
dialog, the offer's bar and the theme roll-up move exactly as `load_progress` says, then undo, redo,
amend and remove, each checked in the file.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QComboBox, QHeaderView, QLabel, \
    QLineEdit, QPlainTextEdit

from svassessor.clock import Clock
from svassessor.monitoring import OfferProgress, load_progress
from svassessor.monitoring.words import percent
from svassessor.register.content import tally_line
from svassessor.storage.audit import verify
from tests.ui_helpers import open_context
from ui.monitoring import MonitoringWindow, open_monitoring
from ui.monitoring.history import _Card
from ui.monitoring.progress_model import COLUMNS, ITEM_ROLE, PROGRESS_COLUMN
from ui.monitoring.rollups import RollupModel

ROUND = "Neighbourhood Fund 2025"
TODAY = date(2026, 12, 2)  # the open file's clock: a new report is dated this day unless another is typed
HOSTILE = "<b>bold</b> <script>alert('x')</script> &amp; =SUM(A1) \u202eevil\u202c مرحبا 🎉\nsecond line"


@pytest.fixture
def ctx(qapp, demo_copy, tmp_path):
    context = open_context(demo_copy, tmp_path / "settings.ini", who="Grants officer A", role="assessor",
                           round_name="Neighbourhood Fund 2026")  # the main window scores 2026
    context.store.actor = "Grants officer A"
    context.store.clock = Clock(TODAY)
    yield context
    context.close_file()


@pytest.fixture
def window(qtbot, ctx) -> MonitoringWindow:
    win = open_monitoring(ctx, None)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def fresh(ctx):
    return load_progress(ctx.store, ctx.store.rounds.get(ROUND))


def offer(progress, reference: str, number: int) -> OfferProgress:
    return next(o for a in progress.applications if a.application.reference == reference for o in a.offers
                if o.number == number)


def shown_offer(win: MonitoringWindow, offer_id: str, column: int) -> str:
    return win.model.offer_index(offer_id).siblingAtColumn(column).data()


def theme_lines(win: MonitoringWindow) -> list[str]:
    model = win.by_theme.model_
    return [model.index(r, 4).data() for r in range(model.rowCount())]


def key(qtbot, key_, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    qtbot.keyClick(widget, key_, modifiers)


def back_to(qtbot, win: MonitoringWindow) -> None:
    """The dialog has closed; the window is active again (offscreen, activation is asked for)."""
    qtbot.waitUntil(lambda: win.dialog is None)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)


def open_dialog(qtbot, win: MonitoringWindow, shortcut: str):
    key(qtbot, Qt.Key.Key_N if shortcut == "N" else Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.dialog is not None and win.dialog.isVisible())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and win.dialog.isAncestorOf(QApplication.focusWidget()))
    return win.dialog


def assert_view_is_core(win: MonitoringWindow, ctx) -> None:
    """Every offer's row and every theme line is what the core says now."""
    progress = fresh(ctx)
    for o in progress.offers:
        index = win.model.offer_index(o.offer.id)
        for column, spec in enumerate(COLUMNS):
            assert index.siblingAtColumn(column).data() == spec.offer(o)
    assert theme_lines(win) == [tally_line(t) for g in progress.by_theme for t in g.totals.tallies]
    assert win.chart.rows and {r.caption for r in win.chart.rows} <= set(theme_lines(win))


def test_opens_on_the_round_in_monitoring_at_the_first_commitment_needing_attention(window, ctx):
    progress = fresh(ctx)
    assert window.round.name == ROUND and window.windowTitle().endswith(ROUND)
    current = window.tree.currentIndex().data(ITEM_ROLE)
    assert current.status in ("at_risk", "missed")
    assert current == next(o for o in progress.offers if o.status in ("at_risk", "missed"))
    assert window.model.rowCount() == len(progress.applications) == 4
    assert_view_is_core(window, ctx)
    group_rows = {window.by_group.model_.row(r).group.label for r in range(window.by_group.model_.rowCount())}
    assert group_rows == {g.label for g in progress.by_group}
    place_rows = {window.by_place.model_.row(r).group.label for r in range(window.by_place.model_.rowCount())}
    assert place_rows == {g.label for g in progress.by_place}
    assert window.by_theme.isColumnHidden(RollupModel.PROXY)  # the demo rubric gives no £ proxy


def test_record_a_delivery_from_the_keyboard_then_undo_redo_amend_and_remove(qtbot, window, ctx):
    before = fresh(ctx)
    target = offer(before, "NF25-003", 3)  # weekly drop-ins: 34 of 40 sessions, missed
    window.select_offer(target.offer.id)
    window.tree.setFocus()
    theme_before = theme_lines(window)
    assert shown_offer(window, target.offer.id, PROGRESS_COLUMN) == "85%"
    undo_index = ctx.undo_stack.index()

    dialog = open_dialog(qtbot, window, "N")
    assert QApplication.focusWidget() is dialog.quantity
    assert dialog.quantity.selectedText() == "34"  # the last total, ready to be typed over
    qtbot.keyClicks(dialog.quantity, "40")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.status
    key(qtbot, Qt.Key.Key_Up)  # missed → delivered
    assert dialog.status.currentData() == "delivered"
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.evidence
    qtbot.keyClicks(dialog.evidence, "Register of the six make-up sessions, December.")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.story
    dialog.story.insertPlainText(HOSTILE)  # keyClicks cannot type RTL marks and emoji; the text box takes them as typed
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    back_to(qtbot, window)

    after = fresh(ctx)
    moved = offer(after, "NF25-003", 3)
    assert (moved.delivered, moved.status, moved.latest.story) == (40, "delivered", HOSTILE)
    assert moved.latest.recorded_by == "Grants officer A"
    assert shown_offer(window, target.offer.id, PROGRESS_COLUMN) == percent(moved.share) == "100%"
    assert shown_offer(window, target.offer.id, 1) == "Delivered"
    assert theme_lines(window) != theme_before
    assert "85 of 85 sessions (100%)" in theme_lines(window)
    assert_view_is_core(window, ctx)
    assert ctx.undo_stack.index() == undo_index + 1

    # the story shows exactly as typed: plain text in the card, the list's spoken text, and the tooltip
    row = window.detail.history.current()
    assert row.delivery.id == moved.latest.id
    assert HOSTILE in window.detail.history.model_.index(0, 0).data()
    card = _Card(row, window.font(), 500)
    assert card.story[0].text() == HOSTILE.replace("\n", "\u2028")
    for label in window.findChildren(QLabel):
        if label.buddy() is not None:
            continue  # our own "R&ound:", not user text
        assert label.textFormat() == Qt.TextFormat.PlainText or not label.text(), label.objectName()

    # undo and redo from the keyboard, in this window
    window.tree.setFocus()
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert offer(fresh(ctx), "NF25-003", 3).delivered == 34
    assert shown_offer(window, target.offer.id, PROGRESS_COLUMN) == "85%"
    assert theme_lines(window) == theme_before
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    redone = offer(fresh(ctx), "NF25-003", 3)
    assert redone.latest.id == moved.latest.id and redone.delivered == 40
    assert window.tree.currentIndex().data(ITEM_ROLE).offer.id == target.offer.id
    assert_view_is_core(window, ctx)

    # amend the new report: the newest card is current; Ctrl+E opens it
    window.detail.history.setFocus()
    assert window.detail.history.current().delivery.id == moved.latest.id
    dialog = open_dialog(qtbot, window, "E")
    assert dialog.existing.id == moved.latest.id
    assert dialog.story.toPlainText() == HOSTILE
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.quantity
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "38")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Up)  # delivered → at risk
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    back_to(qtbot, window)
    amended = offer(fresh(ctx), "NF25-003", 3)
    assert (amended.latest.id, amended.delivered, amended.status) == (moved.latest.id, 38, "at_risk")
    assert amended.latest.story == HOSTILE and amended.latest.recorded_at == moved.latest.recorded_at
    assert shown_offer(window, target.offer.id, PROGRESS_COLUMN) == "95%"
    ctx.undo_stack.undo()
    assert offer(fresh(ctx), "NF25-003", 3).status == "delivered"
    ctx.undo_stack.redo()
    assert offer(fresh(ctx), "NF25-003", 3).status == "at_risk"

    # remove it (Ctrl+Delete), then undo puts back the very same report
    window.detail.history.setFocus()
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    gone = offer(fresh(ctx), "NF25-003", 3)
    assert moved.latest.id not in {d.id for d in gone.history} and gone.delivered == 34
    assert_view_is_core(window, ctx)
    ctx.undo_stack.undo()
    back = offer(fresh(ctx), "NF25-003", 3).latest
    assert back == amended.latest
    assert window.detail.history.current().delivery.id == back.id
    assert_view_is_core(window, ctx)
    assert verify(ctx.store.database) is None  # every step, undo included, is in the audit chain


def test_a_bad_quantity_or_a_refusal_keeps_the_dialog_open_and_nothing_changes(qtbot, window, ctx):
    target = offer(fresh(ctx), "NF25-004", 4)
    window.select_offer(target.offer.id)
    window.tree.setFocus()
    count, index = len(target.history), ctx.undo_stack.index()
    dialog = open_dialog(qtbot, window, "N")
    qtbot.keyClicks(dialog.quantity, "lots")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "number" in dialog.problem.text()
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "-5")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "0 or more" in dialog.problem.text()  # the core's own sentence
    assert len(offer(fresh(ctx), "NF25-004", 4).history) == count and ctx.undo_stack.index() == index
    key(qtbot, Qt.Key.Key_Escape)
    back_to(qtbot, window)


def test_a_total_below_the_last_one_is_questioned_once_then_kept_if_saved_again(qtbot, window, ctx):
    target = offer(fresh(ctx), "NF25-003", 3)  # weekly drop-ins: 34 sessions so far
    window.select_offer(target.offer.id)
    window.tree.setFocus()
    count = len(target.history)
    dialog = open_dialog(qtbot, window, "N")
    qtbot.keyClicks(dialog.quantity, "6")  # this month's sessions, typed where the total goes
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "totals so far" in dialog.problem.text() and "34" in dialog.problem.text()
    assert len(offer(fresh(ctx), "NF25-003", 3).history) == count  # nothing saved yet
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # the officer means it: keep it
    back_to(qtbot, window)
    assert offer(fresh(ctx), "NF25-003", 3).delivered == 6


def test_a_date_typed_in_the_dialog_is_the_date_recorded(qtbot, window, ctx):
    target = offer(fresh(ctx), "NF25-004", 4)
    window.select_offer(target.offer.id)
    window.tree.setFocus()
    dialog = open_dialog(qtbot, window, "N")
    key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.on and dialog.on.text() == "02/12/2026"  # today, to type over
    qtbot.keyClicks(dialog.on, "03/08/2026")  # on the 2nd of a month: a date edit with today as its maximum made
    assert dialog.on.day() == date(2026, 8, 3)  # this 02/12/2026
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    back_to(qtbot, window)
    assert offer(fresh(ctx), "NF25-004", 4).latest.on == date(2026, 8, 3)


def test_commands_alone_record_and_undo_in_the_file(ctx):
    from ui.commands.base import push
    from ui.commands.deliveries import RecordDeliveryCommand, RemoveDeliveryCommand
    from svassessor.models import Delivery
    from datetime import date

    round_ = ctx.store.rounds.get(ROUND)
    target = offer(fresh(ctx), "NF25-001", 1)
    delivery = Delivery(offer_id=target.offer.id, on=date(2026, 5, 1), quantity=300, status="delivered",
                        recorded_by="Grants officer A")
    assert push(ctx, RecordDeliveryCommand(ctx, round_, delivery, "NF25-001"))
    assert offer(fresh(ctx), "NF25-001", 1).delivered == 300
    ctx.undo_stack.undo()
    assert offer(fresh(ctx), "NF25-001", 1).delivered == 286
    ctx.undo_stack.redo()
    assert push(ctx, RemoveDeliveryCommand(ctx, round_, delivery, "NF25-001"))
    assert offer(fresh(ctx), "NF25-001", 1).delivered == 286
    ctx.undo_stack.undo()
    assert offer(fresh(ctx), "NF25-001", 1).latest.id == delivery.id
    # a round not in monitoring refuses, and nothing is left on the stack
    scoring = ctx.store.rounds.get("Neighbourhood Fund 2026")
    index = ctx.undo_stack.index()
    assert not push(ctx, RecordDeliveryCommand(ctx, scoring, delivery.model_copy(update={"id": "x"}), "NF25-001"))
    assert ctx.undo_stack.index() == index


def test_every_control_has_a_name_a_screen_reader_can_say(window):
    for widget in window.findChildren(QAbstractItemView) + window.findChildren(QComboBox):
        if isinstance(widget, QHeaderView) or isinstance(widget.parent(), QComboBox) or not widget.isVisibleTo(window) and widget.parent() is not window.tabs:
            continue  # a combo box's own popup list
        assert widget.accessibleName(), widget.objectName()
    for button in window.findChildren(QAbstractButton):
        assert button.text() or button.accessibleName() or not button.isVisible(), button.objectName()


def test_the_dialog_fields_are_named(qtbot, window):
    window.tree.setFocus()
    dialog = open_dialog(qtbot, window, "N")
    for widget in dialog.findChildren(QLineEdit) + dialog.findChildren(QPlainTextEdit) + \
            dialog.findChildren(QComboBox):
        if widget.parent() is dialog:
            assert widget.accessibleName(), widget.objectName()
    dialog.reject()


def test_export_the_register_from_the_window(window, tmp_path):
    out = tmp_path / "register.html"
    assert window.export_register("register-html", out)
    assert out.stat().st_size > 1000


def test_open_monitoring_reuses_the_parents_window(qtbot, ctx):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    first = open_monitoring(ctx, parent)
    assert open_monitoring(ctx, parent) is first
