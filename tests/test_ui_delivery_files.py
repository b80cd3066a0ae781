"""A report's files in the monitoring window, offscreen: attached in the dialog, listed under the reports,
opened from a temporary copy with a safe name, and gone and back again with undo and redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from svassessor.storage.audit import verify
from tests.test_ui_monitoring import back_to, ctx, fresh, key, offer, open_dialog, window  # noqa: F401 (fixtures)
from ui.monitoring.history import spoken


@pytest.fixture
def opened(monkeypatch):
    """What the window asks the system to open, instead of opening it."""
    urls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def _files(tmp_path):
    register = tmp_path / "sign-in register.csv"
    register.write_bytes(b"date,people\n2026-10-01,9\n")
    photo = tmp_path / "photo: the class.jpg"  # a name that is not safe to write everywhere
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    return register, photo


def test_attach_files_when_recording_list_them_open_one_and_undo(qtbot, window, ctx, tmp_path, opened):
    register, photo = _files(tmp_path)
    target = offer(fresh(ctx), "NF25-004", 4)
    window.select_offer(target.offer.id)
    window.tree.setFocus()
    dialog = open_dialog(qtbot, window, "N")
    dialog.quantity.selectAll()
    qtbot.keyClicks(dialog.quantity, "9")
    dialog.add_files([register, photo, register])  # as the file chooser hands them over; each once
    assert [dialog.files.item(i).text() for i in range(dialog.files.count())] == \
           [f"{register.name}  ({register.stat().st_size} bytes)", f"{photo.name}  ({photo.stat().st_size} bytes)"]
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    back_to(qtbot, window)

    latest = offer(fresh(ctx), "NF25-004", 4).latest
    stored = ctx.store.delivery_files.for_delivery(latest.id)
    assert sorted(f.filename for f in stored) == sorted([register.name, photo.name])
    row = window.detail.history.current()
    assert row.delivery.id == latest.id
    assert "Files: " in spoken(row) and register.name in spoken(row)
    listed = window.detail.files
    assert listed.isVisibleTo(window) and listed.count() == 2
    listed.setCurrentRow(next(i for i in range(listed.count()) if listed.item(i).text().startswith("photo")))
    path = listed.open_current()
    assert path is not None and path.read_bytes() == photo.read_bytes()
    assert ":" not in path.name and path.name.endswith(".jpg")  # a safe name for the temporary copy
    assert opened and opened[-1].toLocalFile() == str(path)
    assert verify(ctx.store.database) is None

    ctx.undo_stack.undo()  # the report and its files go
    assert ctx.store.delivery_files.for_delivery(latest.id) == []
    ctx.undo_stack.redo()  # and come back as they were
    assert ctx.store.delivery_files.for_delivery(latest.id) == stored
    assert verify(ctx.store.database) is None


def test_a_file_that_cannot_be_read_keeps_the_dialog_open_and_nothing_changes(qtbot, window, ctx, tmp_path):
    target = offer(fresh(ctx), "NF25-004", 4)
    window.select_offer(target.offer.id)
    window.tree.setFocus()
    count, index = len(target.history), ctx.undo_stack.index()
    dialog = open_dialog(qtbot, window, "N")
    dialog.add_files([tmp_path / "gone.pdf"])
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and "gone.pdf" in dialog.problem.text()
    assert len(offer(fresh(ctx), "NF25-004", 4).history) == count and ctx.undo_stack.index() == index
    dialog.files.setCurrentRow(0)
    dialog.files.setFocus()
    key(qtbot, Qt.Key.Key_Delete)  # take it off the list, then the report saves without it
    assert dialog.paths == []
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    back_to(qtbot, window)
    assert len(offer(fresh(ctx), "NF25-004", 4).history) == count + 1


def test_removing_a_report_with_files_is_undone_with_its_files(ctx, tmp_path):
    from datetime import date

    from svassessor.models import Delivery
    from svassessor.repository.delivery_files import DeliveryFile
    from ui.commands.base import push
    from ui.commands.deliveries import RecordDeliveryCommand, RemoveDeliveryCommand

    round_ = ctx.store.rounds.get("Neighbourhood Fund 2025")
    target = offer(fresh(ctx), "NF25-001", 1)
    delivery = Delivery(offer_id=target.offer.id, on=date(2026, 5, 1), quantity=300, status="delivered",
                        recorded_by="Grants officer A")
    assert push(ctx, RecordDeliveryCommand(ctx, round_, delivery, "NF25-001",
                                           [DeliveryFile(filename="a.txt", content=b"a")]))
    first = ctx.store.delivery_files.for_delivery(delivery.id)
    assert push(ctx, RemoveDeliveryCommand(ctx, round_, delivery, "NF25-001"))
    assert ctx.store.delivery_files.for_delivery(delivery.id) == []
    ctx.undo_stack.undo()
    assert ctx.store.delivery_files.for_delivery(delivery.id) == first
    assert ctx.store.delivery_files.content(first[0].id) == b"a"
    assert verify(ctx.store.database) is None
