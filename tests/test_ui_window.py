"""The window's rules: conflicts, blind scoring, read-only rounds, remembered layout, the command line."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.ui_helpers import demo_file, open_window, press
from ui.settings import Settings

ROUND = "Neighbourhood Fund 2026"


def as_assessor(tmp_path, path, name: str):
    settings = Settings.at(tmp_path / "settings.ini")
    settings.set_assessor_for(path, ROUND, name)
    settings.sync()


def test_a_conflicted_application_is_listed_but_cannot_be_opened(qtbot, tmp_path):
    path = demo_file(tmp_path)
    as_assessor(tmp_path, path, "Trustee panel member")
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    assert window.ctx.assessor.name == "Trustee panel member"
    rows = window.list.model.rows()
    conflicted = next(r for r in rows if r.application.reference == "NF26-005")
    assert conflicted.status == "conflict"
    assert "conflicted" in window.list.summary.text()
    window.list.select(conflicted.id)
    assert window.view.application is None and "conflict of interest" in window.view.conflict.text()
    assert "trustee" in window.view.conflict.text().lower()  # the reason given
    assert not window.panel.isEnabled()
    press(qtbot, Qt.Key.Key_3)  # a score key does nothing to a conflicted application
    assert window.ctx.store.assessments.get(conflicted.id, window.ctx.assessor.id) is None


def test_blind_scoring_hides_other_assessors_until_you_submit(qtbot, tmp_path):
    path = demo_file(tmp_path)
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    store, ctx = window.ctx.store, window.ctx
    others = [a for a in store.assessors.for_round(ctx.round) if a.id != ctx.assessor.id]
    # An application someone else highlighted, this assessor has not submitted.
    draft = next(r for r in window.list.model.rows() if r.status in ("in_progress", "not_started")
                 and any(store.annotations.for_application(r.id, assessor_id=o.id) for o in others))
    window.list.select(draft.id)
    assert all(a.assessor_id == ctx.assessor.id for a in window.view.narrative.annotations)
    assert window.panel.others.text() == ""
    submitted = next(r for r in window.list.model.rows() if r.status == "submitted")
    window.list.select(submitted.id)
    assert window.panel.others.text().startswith("Other assessors")
    assert "Grants officer B" in window.panel.others.text()


def test_a_round_in_monitoring_is_read_only(qtbot, tmp_path):
    path = demo_file(tmp_path)
    settings = Settings.at(tmp_path / "settings.ini")
    settings.set_round_for(path, "Neighbourhood Fund 2025")
    settings.sync()
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    assert window.ctx.round.status == "monitoring" and not window.ctx.can_score
    assert "read only" in window.message.text()
    window.list.select(window.list.model.row(0).id)
    before = window.ctx.store.assessments.get(window.view.application.id, window.ctx.assessor.id)
    window.panel.table.setFocus()
    press(qtbot, Qt.Key.Key_1)
    after = window.ctx.store.assessments.get(window.view.application.id, window.ctx.assessor.id)
    assert before == after
    assert window.ctx.undo_stack.count() == 0


def test_switching_round_from_the_list(qtbot, tmp_path):
    path = demo_file(tmp_path)
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    combo = window.list.rounds
    index = combo.findData("Neighbourhood Fund 2025")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    assert window.ctx.round.name == "Neighbourhood Fund 2025"
    assert window.list.model.rowCount() == 6


def test_geometry_and_splitters_are_remembered(qtbot, tmp_path):
    path = demo_file(tmp_path)
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    window.resize(1234, 777)
    window.split.setSizes([300, 600, 334])
    sizes = window.split.sizes()
    window.close()
    again = open_window(qtbot, None, tmp_path / "settings.ini", size=None)
    # The offscreen platform guesses window frames, so allow a frame's worth of difference.
    assert abs(again.size().width() - 1234) < 40 and abs(again.size().height() - 777) < 40
    assert abs(again.split.sizes()[0] - sizes[0]) < 40
    assert again.ctx.path == path  # and the last file is opened again with no path given


def test_the_help_lists_every_key(qtbot, tmp_path):
    from PySide6.QtWidgets import QTreeWidget

    from ui.dialogs.shortcuts import ShortcutsDialog

    window = open_window(qtbot, demo_file(tmp_path), tmp_path / "settings.ini")
    dialog = ShortcutsDialog(window.menu_groups, window)
    qtbot.addWidget(dialog)
    texts = []
    tree = dialog.findChild(QTreeWidget)
    for i in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(i)
        texts += [group.child(j).text(0) + " " + group.child(j).text(1) for j in range(group.childCount())]
    joined = "\n".join(texts)
    for keys in ("Alt+N", "Alt+P", "F2", "Ctrl+F", "Ctrl+Z", "Ctrl+Return", "Alt+O", "E ", "N, -"):
        assert keys in joined, keys


def test_every_control_has_an_accessible_name(qtbot, tmp_path):
    from PySide6.QtWidgets import (
        QAbstractButton, QAbstractItemView, QComboBox, QHeaderView, QLineEdit, QPlainTextEdit, QTextEdit,
    )

    window = open_window(qtbot, demo_file(tmp_path), tmp_path / "settings.ini")
    window.list.step(0)
    nameless = [w for kind in (QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QAbstractButton)
                for w in window.findChildren(kind)
                if w.isVisibleTo(window) and not (w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()))
                and not isinstance(w, QHeaderView)]
    assert nameless == [], [f"{type(w).__name__} {w.objectName()}" for w in nameless]


def test_gui_screenshot_from_the_command_line_on_first_run(tmp_path):
    """`svassessor gui --screenshot` with no file: builds the demo in the data folder, renders, exits 0."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data"),
           "SVASSESSOR_SETTINGS": str(tmp_path / "settings.ini")}
    out = tmp_path / "window.png"
    result = subprocess.run([sys.executable, "-m", "svassessor", "gui", "--screenshot", str(out)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 800
    assert (tmp_path / "data" / "svassessor" / "demo.svdb").exists()
    again = tmp_path / "again.png"
    result = subprocess.run([sys.executable, "-m", "svassessor", "gui", str(tmp_path / "data" / "svassessor" /
                                                                          "demo.svdb"), "--screenshot", str(again)],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and QImage(str(again)).width() >= 1200


def test_theme_can_be_chosen_and_is_remembered(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication

    from ui.theme import is_dark

    monkeypatch.delenv("SVASSESSOR_THEME", raising=False)
    window = open_window(qtbot, demo_file(tmp_path), tmp_path / "settings.ini")
    try:
        window.findChild(QAction, "theme_dark").trigger()
        assert is_dark() and Settings.at(tmp_path / "settings.ini").theme == "dark"
        assert QApplication.instance().property("svassessorTheme") == "dark"
    finally:
        window.findChild(QAction, "theme_light").trigger()
    assert not is_dark()


def test_tab_visits_every_pane_and_comes_back(qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    window = open_window(qtbot, demo_file(tmp_path), tmp_path / "settings.ini")
    window.list.select(next(r for r in window.list.model.rows() if r.status == "not_started").id)
    window.list.view.setFocus()
    visited = []
    for _ in range(40):
        press(qtbot, Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is window.list.view:
            break
    assert visited[-1] is window.list.view  # round trip: no keyboard trap
    for expected in (window.view.narrative, window.view.offers_table, window.panel.table, window.panel.comment,
                     window.panel.confidence, window.panel.overall, window.list.search):
        assert expected in visited, expected.objectName()
    assert any(w in window.panel.levels.group.buttons() for w in visited)
