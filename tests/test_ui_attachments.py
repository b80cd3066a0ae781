"""Attachments open in the system's viewer from a private copy, whatever their name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from svassessor.repository.attachments import Attachments
from svassessor.store import Store
from tests.ui_helpers import demo_file, open_window, press
from svassessor.sizes import size_text
from svassessor.monitoring.extract import safe_name  # the window uses it when it opens a file


def test_safe_names():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\x\\budget.xlsx") == "budget.xlsx"
    assert safe_name("a<b>\x00.pdf") == "a_b__.pdf"
    assert safe_name("...") == "attachment"


def test_sizes_read_as_a_person_says_them():
    assert [size_text(n) for n in (0, 1, 2, 1023, 1024, 5 * (1 << 20) + 1)] == \
           ["0 bytes", "1 byte", "2 bytes", "1023 bytes", "1.0 KB", "5.0 MB"]
    assert size_text(3 * (1 << 30)) == "3.0 GB"


def test_an_attachment_opens_by_keyboard(qtbot, tmp_path, monkeypatch):
    path = demo_file(tmp_path)
    with Store.open(path, actor="Panel chair") as store:
        round_ = store.rounds.get("Neighbourhood Fund 2026")
        application = store.applications.get(round_, "NF26-011")
        with store.change() as audit:
            Attachments(store).insert(audit, application.id, filename="../budget <2026>.pdf",
                                      media_type="application/pdf", content=b"%PDF-1.4 budget")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    window.list.select(application.id)
    assert window.view.tabs.tabText(2) == "Attachments (1)"
    press(qtbot, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.view.attachments.hasFocus()
    window.view.attachments.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Return)
    [file] = opened
    assert Path(file).name == "budget _2026_.pdf" and Path(file).read_bytes() == b"%PDF-1.4 budget"
