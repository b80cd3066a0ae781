"""File > Add narrative documents and File > Open read-only, as a grant officer drives them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from svassessor.storage.lock import FileInUse
from tests.ui_helpers import demo_file, open_window
from ui.app import build_window
from ui.assessor.window import MainWindow
from ui.settings import Settings


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return open_window(qtbot, demo_file(tmp_path), tmp_path / "settings.ini")


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def start_dialog(window, files):
    window.findChild(QAction, "addNarratives").trigger()
    dialog = window.files.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.add_files(files)
    return dialog


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("How will volunteers be trained?", level=1)
    document.add_paragraph("Every volunteer shadows a coordinator for two sessions.")
    document.save(str(path))
    return path


def test_a_txt_and_a_docx_are_attached_and_shown(qtbot, window, tmp_path):
    apps = window.ctx.store.applications.for_round(window.ctx.round)
    first, second = apps[0], apps[1]
    txt = tmp_path / f"{first.reference} extra answers.txt"
    txt.write_text("Our volunteers come from the estate itself.\n", encoding="utf-8")
    docx_file = _docx(tmp_path / "trustees answers.docx")  # no reference in its name: chosen by hand
    dialog = start_dialog(window, [txt, docx_file])
    rows = dialog.rows
    assert rows[0].reference == first.reference and "Matched" in rows[0].match.text()
    assert rows[1].reference is None and not dialog.attach_button.isEnabled()
    assert rows[1].combo.accessibleName() == "Application for “trustees answers.docx”"
    rows[1].combo.setCurrentIndex(rows[1].combo.findData(second.reference))
    assert "Chosen by you" in rows[1].match.text() and dialog.attach_button.isEnabled()
    dialog.attach_button.click()
    qtbot.waitUntil(lambda: window.files.dialog is None, timeout=15000)
    assert dialog.results is not None and len(dialog.results) == 2

    window.list.select(second.id)
    qtbot.waitUntil(lambda: window.view.application is not None and window.view.application.id == second.id)
    shown = window.view.application
    assert any("two sessions" in answer.text for answer in shown.narrative)
    assert any(a.filename == "trustees answers.docx" for a in shown.attachments)
    assert window.view.tabs.tabText(2).startswith("Attachments (")
    window.list.select(first.id)
    qtbot.waitUntil(lambda: window.view.application.id == first.id)
    assert any("from the estate itself" in a.text for a in window.view.application.narrative)


def test_a_bad_pdf_is_refused_with_its_sentence_and_nothing_kept(qtbot, window, tmp_path):
    app = window.ctx.store.applications.for_round(window.ctx.round)[0]
    good = tmp_path / f"{app.reference} answers.txt"
    good.write_text("A good answer.\n", encoding="utf-8")
    bad = tmp_path / f"{app.reference} scan.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")
    before = dump(window.ctx.path)
    dialog = start_dialog(window, [good, bad])
    dialog.attach_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.problem.isVisible(), timeout=15000)
    assert dialog.isVisible() and window.files.dialog is dialog  # stays open, to put right
    assert "scan.pdf" in dialog.problem.text() and "Traceback" not in dialog.problem.text()
    assert dump(window.ctx.path) == before
    dialog.reject()
    qtbot.waitUntil(lambda: window.files.dialog is None)


def test_read_only_shows_the_data_refuses_edits_and_leaves_the_file_as_it_was(qtbot, window, tmp_path):
    path = window.ctx.path
    window.ctx.close_file()  # the window used to hold it for writing
    before = path.read_bytes()
    assert window.open_path(path, read_only=True)
    ctx = window.ctx
    assert ctx.read_only and not ctx.can_score
    assert "read-only" in window.windowTitle()
    assert "read-only" in window.saved.text()
    assert window.list.model.rows()  # the data is there
    qtbot.waitUntil(lambda: window.view.application is not None)
    problems: list[str] = []
    ctx.problem.connect(problems.append)
    window.panel.table.setFocus()
    window.panel.score_key(2)
    assert problems and "read-only" in problems[-1] and "Traceback" not in problems[-1]
    window.findChild(QAction, "importApplications").trigger()
    assert window.files.dialog is None and "read-only" in problems[-1]
    window.findChild(QAction, "addNarratives").trigger()
    assert window.files.dialog is None
    from ui.commands.base import push

    problems.clear()
    assert push(ctx, object()) is False  # the panel's and monitoring's changes all pass through push
    assert problems and "read-only" in problems[-1] and ctx.undo_stack.count() == 0
    ctx.close_file()
    assert path.read_bytes() == before


def test_a_file_in_use_is_offered_read_only(qtbot, window, tmp_path, monkeypatch):
    path = window.ctx.path
    asked: list[FileInUse] = []

    def in_use(*_a, read_only: bool = False, **_k):
        if not read_only:
            raise FileInUse(path, None)
        real(path, read_only=True)

    real = window.ctx.open_file
    monkeypatch.setattr(window.ctx, "open_file", in_use)
    monkeypatch.setattr(window, "ask_read_only", lambda error: asked.append(error) or True)
    assert window.open_path(path, offer_read_only=True)
    assert asked and window.ctx.read_only and "read-only" in window.windowTitle()


@pytest.fixture
def held_elsewhere(tmp_path):
    """The demo open for writing in another copy of the app (another process), until the test ends."""
    path = demo_file(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom svassessor.storage.database import open_database\n"
         "database = open_database(sys.argv[1], backups=None)\nprint('open', flush=True)\ntime.sleep(120)",
         str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield path
    finally:
        holder.kill()
        holder.wait()


def known_officer(tmp_path: Path) -> Settings:
    """Settings of someone who has used the app before, so no one is asked who they are."""
    settings_ = Settings.at(tmp_path / "settings.ini")
    settings_.set_identity("Grants officer A", "assessor")
    return settings_


def test_starting_on_a_file_another_copy_is_writing_offers_it_read_only(qtbot, held_elsewhere, tmp_path,
                                                                         monkeypatch):
    asked: list[FileInUse] = []
    monkeypatch.setattr(MainWindow, "ask_read_only", lambda self, error: asked.append(error) or True)
    before = held_elsewhere.read_bytes()
    window = build_window(held_elsewhere, interactive=True, settings_=known_officer(tmp_path))
    qtbot.addWidget(window)
    assert asked and "since" in str(asked[0])  # who holds it, on which machine, since when
    assert window.ctx.read_only and "read-only" in window.windowTitle()
    window.ctx.close_file()
    assert held_elsewhere.read_bytes() == before


def test_starting_without_anyone_to_ask_reports_the_holder_instead(qtbot, held_elsewhere, tmp_path, monkeypatch):
    monkeypatch.setattr(MainWindow, "ask_read_only", lambda self, error: pytest.fail("nobody is there to ask"))
    window = build_window(held_elsewhere, interactive=False, settings_=known_officer(tmp_path))
    qtbot.addWidget(window)
    assert window.ctx.store is None
