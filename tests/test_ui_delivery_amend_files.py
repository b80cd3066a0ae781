"""Amending a report's files in the monitoring window, offscreen: the dialog lists the files kept with the
report (name and size), adds an invoice that came later and takes off one attached by mistake; Save is one
undoable step with the amended fields, undo puts back exactly the files and fields there were, redo repeats,
and the file's audit log verifies throughout."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

import svassessor.repository.delivery_files as delivery_files
from svassessor.models import Delivery
from svassessor.repository.delivery_files import DeliveryFile
from svassessor.storage.audit import verify
from svassessor.storage.integrity import check_file
from tests.test_ui_monitoring import ROUND, back_to, ctx, fresh, key, offer, open_dialog, window  # noqa: F401
from ui.commands.base import push
from ui.commands.deliveries import RecordDeliveryCommand

REGISTER = b"date,people\n2026-10-01,9\n"  # 25 bytes
WRONG = b"%PDF someone else's invoice"


def _texts(listing) -> list[str]:
    return [listing.item(i).text() for i in range(listing.count())]


def _stored(ctx, delivery_id: str) -> list[tuple[str, str, bytes]]:
    return sorted((f.id, f.filename, f.content) for f in ctx.store.delivery_files.stored(delivery_id))


@pytest.fixture
def report(qtbot, window, ctx):
    """A report on NF25-004 commitment 4 recorded with a register and, by mistake, another grant's invoice;
    chosen in the window with the history focused, ready for Ctrl+E."""
    target = offer(fresh(ctx), "NF25-004", 4)
    delivery = Delivery(offer_id=target.offer.id, on=date(2026, 10, 1), quantity=9, status="on_track",
                        recorded_by="Grants officer A", evidence="Register")
    files = [DeliveryFile(filename="sign-in register.csv", content=REGISTER),
             DeliveryFile(filename="wrong invoice.pdf", content=WRONG)]
    assert push(ctx, RecordDeliveryCommand(ctx, ctx.store.rounds.get(ROUND), delivery, "NF25-004", files))
    window.select_offer(target.offer.id)
    window.detail.history.setFocus()
    assert window.detail.history.current().delivery.id == delivery.id
    return delivery


def _choose(monkeypatch, *paths) -> None:
    """The file chooser hands over these files."""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], ""))


def test_amend_adds_one_file_and_takes_one_off_in_one_undoable_step(qtbot, window, ctx, report, demo_copy,
                                                                     tmp_path, monkeypatch):
    invoice = tmp_path / "invoice.pdf"
    invoice.write_bytes(b"%PDF the invoice that came a week later")
    before_files = _stored(ctx, report.id)
    before_meta = ctx.store.delivery_files.for_delivery(report.id)
    wrong_id = next(f.id for f in before_meta if f.filename == "wrong invoice.pdf")
    index = ctx.undo_stack.index()

    dialog = open_dialog(qtbot, window, "E")
    assert dialog.existing.id == report.id
    assert dialog.files.isVisible() and dialog.attach_button.isVisible() and dialog.take_off_button.isVisible()
    assert _texts(dialog.files) == ["sign-in register.csv  (25 bytes)", f"wrong invoice.pdf  ({len(WRONG)} bytes)"]

    # Delete marks the wrong invoice to be taken off; Delete again keeps it; a third time marks it again
    dialog.files.setFocus()
    dialog.files.setCurrentRow(1)
    key(qtbot, Qt.Key.Key_Delete)
    assert dialog.taking_off == [wrong_id] and "taken off when saved" in dialog.files.item(1).text()
    assert dialog.files.item(1).font().strikeOut() and dialog.take_off_button.text() == "&Keep"
    key(qtbot, Qt.Key.Key_Delete)
    assert dialog.taking_off == [] and not dialog.files.item(1).font().strikeOut()
    key(qtbot, Qt.Key.Key_Delete)
    assert dialog.taking_off == [wrong_id]
    assert _stored(ctx, report.id) == before_files  # nothing changes before Save

    # Alt+F attaches the invoice through the (stubbed) file chooser
    _choose(monkeypatch, invoice)
    key(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.paths != [])  # a mnemonic clicks the button after a moment
    assert dialog.paths == [invoice] and f"invoice.pdf  ({invoice.stat().st_size} bytes): added when saved" in _texts(dialog.files)
    dialog.quantity.setFocus()
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "12")
    dialog.evidence.setPlainText("Register and invoice")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    back_to(qtbot, window)

    # one step: the fields amended, the invoice added, the wrong one gone, the register untouched
    assert ctx.undo_stack.index() == index + 1
    amended = ctx.store.deliveries.get(ctx.store.rounds.get(ROUND), report.id)
    assert (amended.quantity, amended.evidence, amended.recorded_at) == (12, "Register and invoice", report.recorded_at)
    after_meta = ctx.store.delivery_files.for_delivery(report.id)
    assert sorted(f.filename for f in after_meta) == ["invoice.pdf", "sign-in register.csv"]
    assert wrong_id not in {f.id for f in after_meta}
    new_id = next(f.id for f in after_meta if f.filename == "invoice.pdf")
    assert ctx.store.delivery_files.content(new_id) == invoice.read_bytes()
    assert sorted(_texts(window.detail.files)) == sorted(
        ["invoice.pdf  (39 bytes)", "sign-in register.csv  (25 bytes)"])  # the window shows them
    assert verify(ctx.store.database) is None

    ctx.undo_stack.undo()  # exactly the files and fields there were: same ids, times and content
    assert ctx.store.deliveries.get(ctx.store.rounds.get(ROUND), report.id) == report
    assert ctx.store.delivery_files.for_delivery(report.id) == before_meta
    assert _stored(ctx, report.id) == before_files
    assert window.detail.history.current().delivery.id == report.id
    assert len(_texts(window.detail.files)) == 2 and any("wrong invoice.pdf" in t for t in _texts(window.detail.files))
    assert verify(ctx.store.database) is None

    ctx.undo_stack.redo()  # the amended state again, the invoice with the id it was first given
    assert ctx.store.deliveries.get(ctx.store.rounds.get(ROUND), report.id) == amended
    assert ctx.store.delivery_files.for_delivery(report.id) == after_meta
    removals = ctx.store.database.conn.execute(
        "SELECT count(*) FROM audit WHERE action = 'delete' AND entity = 'attachments' AND entity_id = ?",
        [wrong_id]).fetchone()[0]
    assert removals == 2  # taking it off is in the audit log, each time
    ctx.store.database.conn.execute("PRAGMA wal_checkpoint(FULL)")
    assert check_file(demo_copy).ok


def test_an_unreadable_file_keeps_the_dialog_open_and_changes_nothing(qtbot, window, ctx, report, tmp_path,
                                                                      monkeypatch):
    before_files, index = _stored(ctx, report.id), ctx.undo_stack.index()
    dialog = open_dialog(qtbot, window, "E")
    dialog.files.setFocus()
    dialog.files.setCurrentRow(1)
    key(qtbot, Qt.Key.Key_Delete)  # marked to be taken off, but the save fails: it stays
    dialog.add_files([tmp_path / "gone.pdf"])
    dialog.quantity.setText("15")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "gone.pdf" in dialog.problem.text() and "cannot be read" in dialog.problem.text()
    assert _stored(ctx, report.id) == before_files and ctx.undo_stack.index() == index
    assert ctx.store.deliveries.get(ctx.store.rounds.get(ROUND), report.id).quantity == 9

    # the file comes off the list (Delete on a file to add drops it); the rest saves
    dialog.files.setFocus()
    dialog.files.setCurrentRow(2)
    key(qtbot, Qt.Key.Key_Delete)
    assert dialog.paths == [] and dialog.taking_off
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    back_to(qtbot, window)
    assert [f.filename for f in ctx.store.delivery_files.for_delivery(report.id)] == ["sign-in register.csv"]
    assert ctx.undo_stack.index() == index + 1


def test_an_oversize_file_is_refused_naming_it_and_nothing_changes(qtbot, window, ctx, report, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setattr(delivery_files, "MAX_BYTES", 1 << 20)  # 1 MB here, so the test needs no 50 MB file
    video = tmp_path / "video.mp4"
    video.write_bytes(b"\0" * ((1 << 20) + 1))
    before_files, index = _stored(ctx, report.id), ctx.undo_stack.index()
    dialog = open_dialog(qtbot, window, "E")
    dialog.files.setFocus()
    dialog.files.setCurrentRow(1)
    key(qtbot, Qt.Key.Key_Delete)
    dialog.add_files([video])
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.problem.text().startswith("⚠  video.mp4 is 1 MB")
    assert _stored(ctx, report.id) == before_files and ctx.undo_stack.index() == index
    assert verify(ctx.store.database) is None
    dialog.reject()
    back_to(qtbot, window)
    assert QApplication.activeModalWidget() is None
