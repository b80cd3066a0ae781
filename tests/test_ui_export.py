"""File > Export: the dialog writes a panel pack and a score matrix, refuses in a sentence, and Cancel leaves no file."""

from __future__ import annotations

import csv
import time

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton

from tests.ui_helpers import demo_file, open_window


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return open_window(qtbot, demo_file(tmp_path), tmp_path / "settings.ini")


def open_export(window, fmt: str, output):
    window.findChild(QAction, "exportRound").trigger()
    dialog = window.files.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.choose(fmt)
    assert dialog.chosen_format() == fmt
    dialog.output.setText(str(output))
    return dialog


def test_a_panel_pack_is_written_and_the_window_says_so(qtbot, window, tmp_path):
    output = tmp_path / "pack.pdf"
    dialog = open_export(window, "pack", output)
    assert "budget line" in dialog.about.text() and not dialog.which.isVisible()
    dialog.export_button.click()
    qtbot.waitUntil(lambda: window.files.dialog is None, timeout=60000)
    assert output.read_bytes().startswith(b"%PDF")
    assert "Panel pack of 'Neighbourhood Fund 2026'" in window.statusBar().currentMessage()


def test_a_score_matrix_csv_is_written(qtbot, window, tmp_path):
    output = tmp_path / "scores.csv"
    dialog = open_export(window, "csv", output)
    dialog.export_button.click()
    qtbot.waitUntil(lambda: window.files.dialog is None, timeout=30000)
    with output.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) > 10 and any("NF26-001" in cell for cell in rows[1])
    assert "Score matrix" in window.statusBar().currentMessage()


def test_the_suggested_name_follows_the_format_until_the_user_types_one(qtbot, window, tmp_path):
    window.findChild(QAction, "exportRound").trigger()
    dialog = window.files.dialog
    assert dialog.output.text().endswith("Neighbourhood Fund 2026 - Panel pack.pdf")
    dialog.choose("xlsx")
    assert dialog.output.text().endswith("Neighbourhood Fund 2026 - Score matrix workbook.xlsx")
    dialog.output.setText(str(tmp_path / "mine.xlsx"))
    dialog.choose("csv")
    assert dialog.output.text() == str(tmp_path / "mine.xlsx")
    dialog.reject()


def test_a_refusal_keeps_the_dialog_open_with_its_sentence(qtbot, window, tmp_path):
    output = tmp_path / "grants.csv"
    dialog = open_export(window, "360giving", output)  # the round is still being scored: nothing is awarded
    dialog.export_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.problem.isVisible(), timeout=30000)
    assert window.files.dialog is dialog and dialog.isVisible()
    assert "decided" in dialog.problem.text() and not output.exists(), dialog.problem.text()


def test_cancel_leaves_no_file(qtbot, window, tmp_path, monkeypatch):
    import ui.dialogs.export_dialog as module

    real = module.export

    def waits_for_cancel(store, round_, fmt, output, *, progress, cancelled, **kwargs):
        def held(done, total, what=""):
            progress(done, total, what)
            deadline = time.monotonic() + 10
            while not cancelled() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(store, round_, fmt, output, progress=held, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(module, "export", waits_for_cancel)
    output = tmp_path / "pack.pdf"
    dialog = open_export(window, "pack", output)
    dialog.export_button.click()
    job = dialog.job
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=10000)
    next(b for b in job.dialog.findChildren(QPushButton) if b.text() == "Cancel").click()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=30000)
    assert job.outcome == "cancelled" and "cancelled" in dialog.problem.text()
    assert not output.exists() and list(tmp_path.glob("*.pdf*")) == []
