"""A whole assessment with the keyboard alone, on the demo file; then the file reopened."""

from __future__ import annotations

from PySide6.QtCore import Qt

from svassessor.store import Store
from tests.ui_helpers import demo_file, focused, open_window, press, type_text

CTRL, ALT, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier


def test_a_whole_assessment_by_keyboard(qtbot, tmp_path):
    path = demo_file(tmp_path)
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    ctx = window.ctx
    assert ctx.round.name == "Neighbourhood Fund 2026" and ctx.assessor.name == "Grants officer A"

    # Find an application this assessor has not started, by reference.
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is window.list.search
    type_text(qtbot, "NF26-011")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is window.list.view
    application = window.view.application
    assert application is not None and application.reference == "NF26-011"

    # Read the text and highlight the first three words of the first answer as evidence, with a note.
    press(qtbot, Qt.Key.Key_2, CTRL)
    assert focused() is window.view.narrative
    first_answer = window.view.narrative.spans[0]
    cursor = window.view.narrative.textCursor()
    cursor.setPosition(first_answer.doc_start)  # the caret at the answer: where Down-arrowing would land
    window.view.narrative.setTextCursor(cursor)
    press(qtbot, Qt.Key.Key_Right, CTRL | SHIFT, times=3)
    press(qtbot, Qt.Key.Key_E)
    assert focused() is window.view.highlights.note
    type_text(qtbot, "Local figures")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is window.view.narrative

    # Score every criterion: a level, then on to the next unscored; a comment and a confidence on the first.
    press(qtbot, Qt.Key.Key_3, CTRL)
    criteria = window.panel.model.rowCount()
    press(qtbot, Qt.Key.Key_3)
    press(qtbot, Qt.Key.Key_4, ALT)
    press(qtbot, Qt.Key.Key_F2)
    assert focused() is window.panel.comment
    type_text(qtbot, "Survey of 118 people, May 2026.")
    press(qtbot, Qt.Key.Key_Escape)
    for _ in range(criteria - 2):
        press(qtbot, Qt.Key.Key_N, ALT)
        press(qtbot, Qt.Key.Key_2)
    press(qtbot, Qt.Key.Key_N, ALT)
    press(qtbot, Qt.Key.Key_N)  # the last one: marked not scored, which is not 0
    assert window.panel.status.text().startswith("Draft · 9 of 9")

    # Undo the last mark and redo it; overall comment.
    store = ctx.store
    last = window.panel.current().criterion.id
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert store.assessments.get(application.id, ctx.assessor.id).scores.get(last) is None
    press(qtbot, Qt.Key.Key_Z, CTRL | SHIFT)
    assert store.assessments.get(application.id, ctx.assessor.id).scores[last].not_scored
    press(qtbot, Qt.Key.Key_O, ALT)
    type_text(qtbot, "A clear need; delivery plan thin.")
    press(qtbot, Qt.Key.Key_Escape)

    # Submit.
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert window.panel.status.text().startswith("Submitted")
    row = window.list.current()
    assert row.status == "submitted"
    said: list[str] = []
    ctx.problem.connect(said.append)
    press(qtbot, Qt.Key.Key_N, ALT)  # nothing left to score: the hint says it is submitted, not "submit"
    assert said[-1] == "Every criterion is scored or marked, and this assessment is submitted."
    window.close()

    with Store.open(path, actor="check") as reopened:
        round_ = reopened.rounds.get("Neighbourhood Fund 2026")
        me = reopened.assessors.get(round_, "Grants officer A")
        assessment = reopened.assessments.get(application.id, me.id)
        assert assessment.status == "submitted"
        assert assessment.overall_comment == "A clear need; delivery plan thin."
        scores = assessment.scores
        first = reopened.rounds.rubric(round_).criteria[0].id
        assert scores[first].score == 3 and scores[first].confidence == 4
        assert scores[first].comment == "Survey of 118 people, May 2026."
        assert scores[last].not_scored and scores[last].score is None
        assert sum(1 for s in scores.values() if s.score == 2) == criteria - 2
        [highlight] = reopened.annotations.for_application(application.id, assessor_id=me.id)
        text = application.narrative[0].text
        assert highlight.tag == "evidence" and highlight.note == "Local figures"
        assert highlight.start == 0 and highlight.quote == text[:highlight.end]
        assert len(highlight.quote.split()) == 3
