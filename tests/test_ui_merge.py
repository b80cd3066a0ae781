"""The offline panel in the window: prepare assessors' files, merge what comes back, read the merge report."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, make_application
from tests.ui_helpers import open_window
from ui.assessor.applications_model import IN_PROGRESS

A, B = "Grants officer A", "Grants officer B"


@pytest.fixture
def chair_file(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "panel.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Test round", rubric_yaml=TINY_RUBRIC, status="scoring")
        store.applications.add([make_application(round_.id, "T-001"), make_application(round_.id, "T-002")])
        store.assessors.add(round_, name=A)
        store.assessors.add(round_, name=B)
        store.assessors.add(round_, name="Panel chair", role="chair")
    return path


def score_in(path: Path, name: str, reference: str, criterion: str, score: float) -> None:
    """An assessor's edit in their own file, through the core, as their window makes it."""
    with Store.open(path, actor=name) as theirs:
        round_ = theirs.rounds.get()
        person = theirs.assessors.get(round_, name)
        application = theirs.applications.get(round_, reference)
        theirs.assessments.set_score(round_, person, application.id, criterion, score=score)


def prepare(qtbot, window, folder: Path):
    window.findChild(QAction, "prepareFiles").trigger()
    dialog = window.files.dialog
    dialog.folder.setText(str(folder))
    return dialog


def test_prepare_then_merge_shows_what_came_in(qtbot, tmp_path, chair_file):
    window = open_window(qtbot, chair_file, tmp_path / "settings.ini")
    assert window.ctx.assessor.name == A
    out = tmp_path / "out"
    out.mkdir()
    dialog = prepare(qtbot, window, out)
    ticked = dialog.chosen()
    assert ticked == [A, B]  # the chair is listed but not ticked
    dialog.go.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.report.isVisible(), timeout=20000)
    a_file, b_file = out / f"Test round - {A}.svdb", out / f"Test round - {B}.svdb"
    assert a_file.exists() and b_file.exists()
    assert dialog.report.item(0).text().startswith(f"Written to {out};")
    assert dialog.report.item(1).text() == f"{A}: {a_file.name}, 2 applications."
    assert not dialog.go.isVisible()
    dialog.accept()

    score_in(a_file, A, "T-001", "need_evidence", 3)
    window.files.merge(files=[a_file, b_file, chair_file])
    merge = window.files.dialog
    assert merge.sources() == [a_file, b_file, chair_file]
    merge.go.click()
    qtbot.waitUntil(lambda: merge.job is None and merge.report.isVisible(), timeout=20000)
    lines = [merge.report.topLevelItem(i).text(0) for i in range(merge.report.topLevelItemCount())]
    assert lines[0] == f"{A}: new work merged into “Test round”"
    assert lines[1] == f"{B}: nothing new (this work was merged before)"
    assert lines[2].startswith("panel.svdb: not merged: it is the panel's own file")
    detail = [merge.report.topLevelItem(0).child(i).text(0) for i in range(merge.report.topLevelItem(0).childCount())]
    assert detail[0] == f"From {a_file.name}"
    assert "Scores: 1 new, 0 updated, 0 unchanged, 0 older than the copy here (kept)" in detail
    assert merge.report.topLevelItem(2).foreground(0).color() != merge.report.topLevelItem(0).foreground(0).color()
    assert "1 of 3 returned file(s) brought in new work" in window.statusBar().currentMessage()
    merge.accept()
    qtbot.waitUntil(lambda: window.files.dialog is None)
    # The list, as officer A sees it, shows the merged score: T-001 is now in progress.
    row = next(r for r in window.list.model.rows() if r.application.reference == "T-001")
    assert row.status == IN_PROGRESS
    # Merging the same file again changes nothing, and says so.
    window.files.merge(files=[a_file])
    merge = window.files.dialog
    merge.go.click()
    qtbot.waitUntil(lambda: merge.job is None and merge.report.isVisible(), timeout=20000)
    assert merge.report.topLevelItem(0).text(0).endswith("nothing new (this work was merged before)")
    merge.accept()


def test_prepare_keeps_nothing_when_one_file_is_refused(qtbot, tmp_path, chair_file):
    window = open_window(qtbot, chair_file, tmp_path / "settings.ini")
    out = tmp_path / "out"
    out.mkdir()
    taken = out / f"Test round - {B}.svdb"
    taken.write_bytes(b"someone else's file")
    dialog = prepare(qtbot, window, out)
    dialog.go.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.problem.isVisible(), timeout=20000)
    assert "already exists" in dialog.problem.text() and dialog.isVisible() and dialog.go.isVisible()
    assert sorted(p.name for p in out.iterdir()) == [taken.name]  # A's file of this go removed; B's untouched
    assert taken.read_bytes() == b"someone else's file"


def test_prepare_needs_an_assessor_and_a_folder(qtbot, tmp_path, chair_file):
    window = open_window(qtbot, chair_file, tmp_path / "settings.ini")
    dialog = prepare(qtbot, window, tmp_path / "nowhere")
    dialog.go.click()
    assert "is not a folder" in dialog.problem.text()
    for i in range(dialog.assessors.count()):
        dialog.assessors.item(i).setCheckState(Qt.CheckState.Unchecked)
    dialog.go.click()
    assert "Tick at least one assessor" in dialog.problem.text()
    dialog.reject()
