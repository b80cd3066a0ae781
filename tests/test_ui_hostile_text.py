"""Hostile text (very long, right-to-left, emoji, control characters, markup) shows and saves exactly.

Comments and notes are pasted (Ctrl+V), the way long or unusual text usually arrives; the file is then
reopened with a new Store. Markup must show as the characters typed, never be rendered as HTML.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from svassessor.models import Application, NarrativeAnswer, Offer, Organisation
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC
from tests.ui_helpers import focused, open_window, press

CTRL = Qt.KeyboardModifier.ControlModifier
MARKUP = '<b>bold</b> <img src="x" onerror="alert(1)"> &amp; <a href="http://x">link</a>'
RTL = "مرحبا بالعالم — שלום עולם"
EMOJI = "👩‍👩‍👧 🎉🇬🇧"
CONTROL = "bell\x07 esc\x1b[31m tab\t nul\x00 rlo\u202eevil\u202c nbsp\u00a0end"
HOSTILE = [MARKUP, RTL, EMOJI, CONTROL, "x" * 20_000 + " end", f"{MARKUP}\n{RTL}\n{EMOJI}\n{CONTROL}"]
NARRATIVE = f"{EMOJI} {RTL}\r\n{MARKUP}\nThe target passage follows emoji 🎉 here.\u2028Same line after a separator."


@pytest.fixture
def hostile_file(tmp_path):
    path = tmp_path / "hostile.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Round <i>1</i> & co", rubric_yaml=TINY_RUBRIC, status="scoring")
        store.applications.add([Application(
            round_id=round_.id, reference="H-<1>", title=f"{MARKUP} {RTL} {EMOJI}",
            organisation=Organisation(name=f"Smith & Sons <b>Ltd</b> {RTL}"), amount_requested=Decimal("5000"),
            summary=f"{CONTROL} {MARKUP}",
            narrative=[NarrativeAnswer(question=f"Q <b>1</b> {EMOJI}", text=NARRATIVE)],
            offers=[Offer(description=MARKUP, beneficiary_group=RTL, place=EMOJI)])])
        store.assessors.add(round_, name="Grants officer A")
    return path


@pytest.fixture
def window(qtbot, hostile_file, tmp_path):
    return open_window(qtbot, hostile_file, tmp_path / "settings.ini")


def paste(qtbot, text: str) -> None:
    QApplication.clipboard().setText(text)
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_V, CTRL)


def test_applicant_text_shows_as_typed(window):
    view = window.view
    application = view.application
    assert view.title.text() == application.title and view.title.textFormat() == Qt.TextFormat.PlainText
    assert application.organisation.name in view.who.text()
    shown = view.narrative.toPlainText()
    assert MARKUP in shown and RTL in shown and EMOJI in shown and "bell\x07" in shown
    assert "alert(1)" in shown  # markup is text, never an element
    offers = view.offers
    assert offers.index(0, 0).data() == MARKUP
    assert "&lt;b&gt;" in offers.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)  # tooltips escape it


def test_a_highlight_after_emoji_and_line_breaks_keeps_its_words(qtbot, window, hostile_file):
    narrative = window.view.narrative
    found = narrative.document().find("target passage")
    cursor = QTextCursor(narrative.document())
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    narrative.setTextCursor(cursor)
    narrative.setFocus()
    press(qtbot, Qt.Key.Key_R)
    paste(qtbot, MARKUP + RTL)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is narrative
    [drawn] = narrative.extraSelections()
    assert drawn.cursor.selectedText() == "target passage"  # the highlight sits on the same words
    with Store.open(hostile_file, actor="check") as store:
        [annotation] = store.annotations.for_application(window.view.application.id)
        assert annotation.quote == "target passage"
        assert NARRATIVE[annotation.start:annotation.end] == "target passage"
        assert annotation.note == MARKUP + RTL


@pytest.mark.parametrize("text", HOSTILE, ids=["markup", "rtl", "emoji", "control", "long", "all"])
def test_comments_save_and_show_exactly(qtbot, window, hostile_file, text):
    panel, ctx = window.panel, window.ctx
    application_id = window.view.application.id
    press(qtbot, Qt.Key.Key_F2)
    paste(qtbot, text)
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    paste(qtbot, text)
    criterion = panel.current().criterion.id
    # Shown back exactly after the application is opened afresh.
    panel.show_application(ctx.store.applications.by_id(application_id))
    panel.reveal(criterion)
    assert panel.comment.text() == text and panel.overall.text() == text
    cell = panel.model.index(panel.model.find(lambda r: r.criterion.id == criterion), 3)
    tooltip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" not in tooltip.removeprefix('<p style="white-space:pre-wrap">')
    with Store.open(hostile_file, actor="check") as store:
        round_ = store.rounds.get()
        me = store.assessors.get(round_, "Grants officer A")
        assessment = store.assessments.get(application_id, me.id)
        assert assessment.scores[criterion].comment == text
        assert assessment.overall_comment == text


def test_undo_of_a_pasted_comment_puts_back_the_old_text(qtbot, window):
    panel = window.panel
    press(qtbot, Qt.Key.Key_F2)
    paste(qtbot, RTL)
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_F2)
    paste(qtbot, EMOJI)
    assert panel.comment.text() == EMOJI
    press(qtbot, Qt.Key.Key_Z, CTRL)  # from inside the box: the window's undo, not the box's own
    assert panel.comment.text() == RTL
    assert window.ctx.store.assessments.get(window.view.application.id, window.ctx.assessor.id).scores[
        panel.current().criterion.id].comment == RTL
