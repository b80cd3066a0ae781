"""The chair's progress view: opened from the Panel menu, the core's numbers shown, the chase list copied,
and a merge of an assessor's returned file shown without asking."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from svassessor.clock import Clock
from svassessor.panel.progress import round_progress
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.repository.progress import review_facts
from svassessor.store import Store
from tests.progress_world import A, B, C, CHAIR, GRANTS_COUNT, NAME, made, working_at
from tests.ui_helpers import open_window
from ui.monitoring.paint import SHARE_ROLE
from ui.progress import ProgressWindow

TODAY = date(2026, 12, 2)
TIMES = {A: datetime(2026, 11, 29, 12, tzinfo=UTC), B: datetime(2026, 11, 12, 12, tzinfo=UTC),
         C: datetime(2026, 12, 2, 9, tzinfo=UTC), CHAIR: datetime(2026, 12, 1, 12, tzinfo=UTC)}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ui-progress") / "panel.svdb"
    made(path, Clock(TODAY), TIMES).close()
    return path


@pytest.fixture
def window(qtbot, template, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "panel.svdb"
    path.write_bytes(template.read_bytes())
    main = open_window(qtbot, path, tmp_path / "settings.ini")
    main.ctx.store.clock = Clock(TODAY)
    main.findChild(QAction, "openProgress").trigger()
    view = main.findChild(ProgressWindow, "progressWindow")
    assert view is not None and view.isVisible()
    return view


def cells(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_the_view_shows_the_cores_numbers_and_copies_the_chase_list(window):
    store = window.ctx.store
    expected = round_progress(review_facts(store, store.rounds.get(NAME)), round_name=NAME, today=TODAY)
    rows = {cells(window.assessors, r)[0]: cells(window.assessors, r) for r in range(window.assessors.rowCount())}
    assert rows[A] == [A, "522", "45", "40 of 522", "482", "3 days ago (2026-11-29)"]
    assert rows[B][3:] == ["0 of 522", "522", "20 days ago (2026-11-12)"]
    assert rows[CHAIR][3:5] == ["3 of 3", "0"]
    a_row = list(rows).index(A)
    assert window.assessors.index(a_row, 3).data(SHARE_ROLE) == pytest.approx(40 / 522)  # the bar
    assert window.summary.text().startswith(f"{expected.submitted} of {expected.due} reviews submitted, "
                                            f"{expected.missing} missing")
    assert window.short.rowCount() == len(expected.short)
    assert window.short_title.text() == f"Applications short of reviews: {len(expected.short)} of {GRANTS_COUNT}"
    assert cells(window.short, 0) == [expected.short[0].reference, f"{expected.short[0].submitted} of "
                                      f"{expected.short[0].due}", ", ".join(expected.short[0].missing)]

    QApplication.clipboard().clear()
    window.copy_button.click()
    assert QApplication.clipboard().text() == expected.chase
    assert "Grants officer B: 0 of 522 submitted, 522 to go (2 begun)" in QApplication.clipboard().text()
    assert "The chase list is on the clipboard (3 assessor(s) with reviews to go)" in \
        window.statusBar().currentMessage()


def test_work_merged_from_a_returned_file_shows_at_once(qtbot, window, tmp_path):
    main = window.parent()
    store = window.ctx.store
    returned = tmp_path / "returned.svdb"
    prepare_assessor_file(store, round_name=NAME, assessor_name=B, out=returned)
    round_ = store.rounds.get(NAME)
    officer_id, assigned = store.assessors.get(round_, B).id, store.assignments.assigned(round_)
    first = next(a.reference for a in store.applications.for_round(round_) if officer_id in assigned.get(a.id, ()))
    with Store.open(returned, actor=B) as theirs, working_at(datetime(2026, 12, 1, 16, tzinfo=UTC)):
        round_ = theirs.rounds.get(NAME)
        officer, application = theirs.assessors.get(round_, B), theirs.applications.get(round_, first)
        for criterion in theirs.rounds.rubric(round_).criteria:
            theirs.assessments.set_score(round_, officer, application.id, criterion.id, score=3)
        theirs.assessments.submit(round_, officer, application.id)

    main.files.merge(files=[returned])
    merge = main.files.dialog
    merge.go.click()
    qtbot.waitUntil(lambda: merge.job is None and merge.report.isVisible(), timeout=60000)
    merge.accept()
    row = next(r for r in range(window.assessors.rowCount()) if window.assessors.index(r, 0).data() == B)
    qtbot.waitUntil(lambda: window.assessors.index(row, 3).data() == "1 of 522")
    # The merged work is dated when the officer did it, not when the chair merged it.
    assert window.assessors.index(row, 5).data() == "yesterday (2026-12-01)"
    assert "Grants officer B: 1 of 522 submitted, 521 to go (1 begun) — last worked yesterday" in \
        window.chase.toPlainText()
