"""The criteria of the rubric with this assessor's score on each, and which key gives which level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QFont

from svassessor.models import Assessment, CriterionScore
from svassessor.rubric.model import Criterion, Rubric, Scale, ScaleLevel
from ui.widgets.table_model import Column, ListTableModel
from ui.text import one_line, tr
from ui.theme import muted_colour


def key_for(scale: Scale, index: int) -> str | None:
    """The digit that picks the level at `index`: its value when every value is 0–9, else its position."""
    if all(0 <= v <= 9 for v in scale.values):
        return str(scale.levels[index].value)
    return str(index) if index <= 9 else None


def level_for_key(scale: Scale, digit: int) -> ScaleLevel | None:
    for i, level in enumerate(scale.levels):
        if key_for(scale, i) == str(digit):
            return level
    return None


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    theme: str
    scale: Scale
    score: CriterionScore | None

    @property
    def done(self) -> bool:
        return self.score is not None and (self.score.score is not None or self.score.not_scored)

    @property
    def level(self) -> ScaleLevel | None:
        if self.score is None or self.score.score is None:
            return None
        return self.scale.level(self.score.score)


def criterion_rows(rubric: Rubric, assessment: Assessment | None) -> list[CriterionRow]:
    scores = assessment.scores if assessment else {}
    return [CriterionRow(c, theme.title, rubric.scale_for(c.id), scores.get(c.id))
            for theme in rubric.themes for c in theme.criteria]


def score_text(row: CriterionRow) -> str:
    if row.score is not None and row.score.not_scored:
        return tr("Not scored")
    level = row.level
    return f"{level.value:g} {level.label}" if level else "—"


class CriteriaModel(ListTableModel[CriterionRow]):
    columns = (
        Column(tr("Criterion"), lambda r: r.criterion.title, tooltip=lambda r: f"{r.theme}: {r.criterion.title}"),
        Column(tr("Score"), score_text),
        Column(tr("Conf."), lambda r: r.score.confidence if r.score else None, lambda c: "" if c is None else str(c),
               tooltip=lambda r: tr("Your confidence in this score, 1 (low) to 5 (high)"), right=True),
        Column(tr("Comment"), lambda r: r.score.comment if r.score else "", lambda c: one_line(c, 40),
               tooltip=lambda r: (r.score.comment or None) if r.score else None),
    )

    def foreground(self, row: CriterionRow, column: int) -> Any:
        return muted_colour() if column == 1 and not row.done else None

    def font(self, row: CriterionRow, column: int) -> Any:
        if column == 1 and row.done:
            font = QFont()
            font.setBold(True)
            return font
        return None
