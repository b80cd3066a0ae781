"""The list of this assessor's highlights on one application."""

from __future__ import annotations

from typing import Any

from svassessor.models import Annotation, Application
from svassessor.rubric.model import Rubric
from ui.widgets.table_model import Column, ListTableModel
from ui.text import one_line, tr
from ui.theme import accent_colour, swatch


class AnnotationsModel(ListTableModel[Annotation]):
    """Rows in reading order; `set_context` gives the tag labels and the questions each passage is in."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tags: dict[str, tuple[str, str]] = {}
        self._questions: dict[str, str] = {}
        self.columns = (
            Column(tr("Tag"), lambda a: self._tags.get(a.tag, (a.tag, ""))[0]),
            Column(tr("Passage"), lambda a: a.quote, lambda q: "“" + one_line(q, 90) + "”",
                   tooltip=lambda a: a.quote),
            Column(tr("Note"), lambda a: a.note, lambda n: one_line(n, 90), tooltip=lambda a: a.note or None),
            Column(tr("Answer"), lambda a: self._questions.get(a.narrative_id, ""), lambda q: one_line(q, 40)),
        )

    def set_context(self, rubric: Rubric | None, application: Application | None) -> None:
        self._tags = {t.id: (t.label, t.colour) for t in rubric.tags} if rubric else {}
        self._questions = {n.id: n.question for n in application.narrative} if application else {}

    def set_annotations(self, annotations: list[Annotation], order: dict[str, int]) -> None:
        """`order` gives each narrative answer's position, so the list reads in the text's order."""
        self.set_rows(sorted(annotations, key=lambda a: (order.get(a.narrative_id, 0), a.start, a.end)))

    def decoration(self, row: Annotation, column: int) -> Any:
        if column == 0 and row.tag in self._tags:
            return swatch(accent_colour(self._tags[row.tag][1]))
        return None
