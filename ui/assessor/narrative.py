"""The application's text: summary and narrative answers, read-only, with highlights drawn over it.

The text is put into the document exactly as stored (inserted as plain text, never parsed as HTML).
Highlights are extra selections, not edits of the document, so the text and every offset stay as
they are. Annotations store Python (code point) offsets into one answer; the document counts UTF-16
units across all answers, with one separator per line break, so each answer keeps a map of its lines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

from svassessor.anonymity.redact import PLACEHOLDERS
from svassessor.models import Annotation, Application, NarrativeAnswer
from svassessor.rubric.model import Rubric
from ui.text import tooltip, tr, utf16_len, utf16_to_index
from ui.theme import accent_colour, highlight_colour, secondary_text

# Where Qt's insertText starts a new block: a line break of any kind, or a frame marker.
_BREAK = re.compile("\r\n|[\r\n\u2029\ufdd0\ufdd1]")


@dataclass
class AnswerSpan:
    """Where one narrative answer's text sits in the document, line by line."""

    answer: NarrativeAnswer
    line_starts: list[int] = field(default_factory=list)  # Python index of each line's start
    line_texts: list[str] = field(default_factory=list)
    doc_starts: list[int] = field(default_factory=list)  # document position of each line's start

    @property
    def doc_start(self) -> int:
        return self.doc_starts[0]

    @property
    def doc_end(self) -> int:
        return self.doc_starts[-1] + utf16_len(self.line_texts[-1])

    def to_doc(self, index: int) -> int:
        line = max(0, bisect.bisect_right(self.line_starts, index) - 1)
        return self.doc_starts[line] + utf16_len(self.line_texts[line][: index - self.line_starts[line]])

    def to_index(self, position: int) -> int:
        line = max(0, bisect.bisect_right(self.doc_starts, position) - 1)
        text = self.line_texts[line]
        units = min(position - self.doc_starts[line], utf16_len(text))
        return self.line_starts[line] + utf16_to_index(text, units)


class NarrativeView(QTextEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("narrative")
        self.setAccessibleName(tr("Application text"))
        self.setAccessibleDescription(tr("Select a passage with Shift and the arrow keys, then press a tag key."))
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTabChangesFocus(True)
        self.document().setDocumentMargin(18)
        self.spans: list[AnswerSpan] = []
        self.annotations: list[Annotation] = []
        self._tags: dict[str, tuple[str, str]] = {}
        self._focus: Annotation | None = None
        self._placeholders: list[QTextEdit.ExtraSelection] = []

    # content ------------------------------------------------------------------------------------
    def show_application(self, application: Application | None) -> None:
        self.spans = []
        self.annotations = []
        self._placeholders = []
        document = QTextDocument(self)
        document.setDocumentMargin(18)
        document.setDefaultFont(self.font())
        self.setDocument(document)
        if application is None:
            return
        cursor = QTextCursor(document)
        first = True
        if application.summary:
            self._heading(cursor, tr("Summary"), first=True)
            self._body(cursor, application.summary)
            first = False
        for answer in application.narrative:
            self._heading(cursor, answer.question, first=first)
            first = False
            self.spans.append(self._body(cursor, answer.text, answer))
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._mark_placeholders(document)

    def _mark_placeholders(self, document: QTextDocument) -> None:
        """An anonymised round's placeholders ("[organisation]") set apart, so no one reads them as the
        applicant's own words."""
        fmt = QTextCharFormat()
        fmt.setFontItalic(True)
        fmt.setForeground(secondary_text())
        for placeholder in PLACEHOLDERS.values():
            found = document.find(placeholder)
            while not found.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor, selection.format = found, fmt
                self._placeholders.append(selection)
                found = document.find(placeholder, found)
        self.setExtraSelections(self._placeholders)

    def _heading(self, cursor: QTextCursor, text: str, *, first: bool) -> None:
        block = QTextBlockFormat()
        block.setTopMargin(0 if first else 16)
        block.setBottomMargin(6)
        chars = QTextCharFormat()
        chars.setFontWeight(QFont.Weight.DemiBold)
        chars.setFontPointSize(self.font().pointSizeF() * 1.08)
        if not first:
            cursor.insertBlock(block, chars)
        else:
            cursor.setBlockFormat(block)
            cursor.setCharFormat(chars)
        cursor.insertText(" ".join(_BREAK.split(text)), chars)

    def _body(self, cursor: QTextCursor, text: str, answer: NarrativeAnswer | None = None) -> AnswerSpan:
        block = QTextBlockFormat()
        block.setBottomMargin(2)
        block.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        chars = QTextCharFormat()
        chars.setFontWeight(QFont.Weight.Normal)
        chars.setFontPointSize(self.font().pointSizeF())
        span = AnswerSpan(answer) if answer else AnswerSpan(NarrativeAnswer(question="Summary", text=text))
        position = 0
        for match in [*_BREAK.finditer(text), None]:
            end = match.start() if match else len(text)
            cursor.insertBlock(block, chars)
            span.line_starts.append(position)
            span.line_texts.append(text[position:end])
            span.doc_starts.append(cursor.position())
            cursor.insertText(text[position:end], chars)
            position = match.end() if match else len(text)
        return span

    # highlights ----------------------------------------------------------------------------------
    def set_highlights(self, annotations: list[Annotation], rubric: Rubric | None) -> None:
        self.annotations = list(annotations)
        self._tags = {t.id: (t.label, t.colour) for t in rubric.tags} if rubric else {}
        self._draw()

    def _draw(self) -> None:
        selections = []
        for annotation in self.annotations:
            found = self.doc_range(annotation)
            if found is None:
                continue
            cursor = QTextCursor(self.document())
            cursor.setPosition(found[0])
            cursor.setPosition(found[1], QTextCursor.MoveMode.KeepAnchor)
            colour = self._tags.get(annotation.tag, ("", "#888888"))[1]
            fmt = QTextCharFormat()
            fmt.setBackground(highlight_colour(colour))
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(accent_colour(colour))
            if self._focus is not None and annotation.id == self._focus.id:
                fmt.setFontWeight(QFont.Weight.DemiBold)
            selection = QTextEdit.ExtraSelection()
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self.setExtraSelections(self._placeholders + selections)

    def doc_range(self, annotation: Annotation) -> tuple[int, int] | None:
        span = next((s for s in self.spans if s.answer.id == annotation.narrative_id), None)
        if span is None or span.answer.text[annotation.start:annotation.end] != annotation.quote:
            return None  # the stored quote no longer matches: never highlight the wrong words
        return span.to_doc(annotation.start), span.to_doc(annotation.end)

    def reveal(self, annotation: Annotation) -> None:
        """Select the passage and scroll to it, so the keyboard user lands on it."""
        found = self.doc_range(annotation)
        if found is None:
            return
        self._focus = annotation
        cursor = self.textCursor()
        cursor.setPosition(found[0])
        cursor.setPosition(found[1], QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self._draw()

    # selection -----------------------------------------------------------------------------------
    def selected_passage(self) -> tuple[NarrativeAnswer, int, int] | str:
        """The selected passage as (answer, start, end) in the answer's text, or why there is none."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return tr("Select a passage of an answer first (Shift with the arrow keys, or the mouse).")
        low, high = cursor.selectionStart(), cursor.selectionEnd()
        span = next((s for s in self.spans if s.doc_start <= low and high <= s.doc_end), None)
        if span is None:
            return tr("Highlights are made inside one narrative answer: select a passage within one answer.")
        start, end = span.to_index(low), span.to_index(high)
        text = span.answer.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return tr("The selection is only spaces; select some words.")
        return span.answer, start, end

    def annotation_at(self, point: QPoint) -> Annotation | None:
        position = self.cursorForPosition(point).position()
        for annotation in self.annotations:
            found = self.doc_range(annotation)
            if found and found[0] <= position < found[1]:
                return annotation
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            annotation = self.annotation_at(self.viewport().mapFromGlobal(event.globalPos()))
            if annotation is None:
                QToolTip.hideText()
            else:
                label = self._tags.get(annotation.tag, (annotation.tag, ""))[0]
                QToolTip.showText(event.globalPos(), tooltip(f"{label}: {annotation.note}" if annotation.note
                                                             else label), self)
            return True
        return super().event(event)

