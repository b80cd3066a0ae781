"""Scoring one criterion: the score (or *not scored*), the comment, the confidence; the overall comment."""

from __future__ import annotations

from typing import Any

from svassessor.repository.assessments import ScoreEdit
from ui.commands.base import CoreCommand
from ui.context import AppContext
from ui.text import tr

COMMENT_ID, OVERALL_ID = 1001, 1002


class ScoreCommand(CoreCommand):
    """Change fields of one criterion's score with `store.assessments.set_score`; undo restores it whole."""

    def __init__(self, ctx: AppContext, application_id: str, criterion_id: str, text: str, **changes: Any):
        super().__init__(ctx, text)
        self.application_id = application_id
        self.criterion_id = criterion_id
        self.changes = changes
        self.edit: ScoreEdit | None = None

    def _do(self) -> None:
        edit = self.store.assessments.set_score(self.round, self.assessor, self.application_id, self.criterion_id,
                                                **self.changes)
        if self.edit is None:
            self.edit = edit  # the state before the first run is what undo puts back, however often redone
        self.ctx.scoreChanged.emit(self.application_id, self.criterion_id)

    def _undo(self) -> None:
        assert self.edit is not None
        self.store.assessments.restore_score(self.round, self.assessor, self.edit)
        self.ctx.scoreChanged.emit(self.application_id, self.criterion_id)

    def _reveal(self) -> None:
        self.ctx.revealRequested.emit(self.application_id, self.criterion_id)


def set_score(ctx: AppContext, application_id: str, criterion_id: str, score: float | None,
              label: str) -> ScoreCommand:
    title = ctx.rubric.criterion(criterion_id).title if ctx.rubric else criterion_id
    return ScoreCommand(ctx, application_id, criterion_id, tr("Score {title}: {label}").format(title=title, label=label),
                        score=score)


def mark_not_scored(ctx: AppContext, application_id: str, criterion_id: str) -> ScoreCommand:
    title = ctx.rubric.criterion(criterion_id).title if ctx.rubric else criterion_id
    return ScoreCommand(ctx, application_id, criterion_id, tr("Mark {title} not scored").format(title=title),
                        not_scored=True)


def set_confidence(ctx: AppContext, application_id: str, criterion_id: str, confidence: int | None) -> ScoreCommand:
    text = tr("Confidence {n}").format(n=confidence) if confidence else tr("Clear confidence")
    return ScoreCommand(ctx, application_id, criterion_id, text, confidence=confidence)


class CommentCommand(ScoreCommand):
    """Typing in a criterion's comment: successive keystrokes in one sitting merge into one undo step."""

    def __init__(self, ctx: AppContext, application_id: str, criterion_id: str, comment: str, *, sitting: int = 0):
        super().__init__(ctx, application_id, criterion_id, tr("Type comment"), comment=comment)
        self.sitting = sitting

    def id(self) -> int:
        return COMMENT_ID

    def mergeWith(self, other: Any) -> bool:
        if not (isinstance(other, CommentCommand) and other.ok and other.sitting == self.sitting
                and (other.application_id, other.criterion_id) == (self.application_id, self.criterion_id)):
            return False
        self.changes = other.changes  # keep our `edit` (the state before the first keystroke)
        return True


class OverallCommentCommand(CoreCommand):
    """Typing the overall comment; merges like `CommentCommand`."""

    def __init__(self, ctx: AppContext, application_id: str, comment: str, *, sitting: int = 0):
        super().__init__(ctx, tr("Type overall comment"))
        self.application_id = application_id
        self.comment = comment
        self.sitting = sitting
        self.old: str | None = None

    def id(self) -> int:
        return OVERALL_ID

    def mergeWith(self, other: Any) -> bool:
        if not (isinstance(other, OverallCommentCommand) and other.ok and other.sitting == self.sitting
                and other.application_id == self.application_id):
            return False
        self.comment = other.comment
        return True

    def _do(self) -> None:
        old = self.store.assessments.set_overall_comment(self.round, self.assessor, self.application_id, self.comment)
        if self.old is None:
            self.old = old
        self.ctx.assessmentChanged.emit(self.application_id)

    def _undo(self) -> None:
        self.store.assessments.set_overall_comment(self.round, self.assessor, self.application_id, self.old or "")
        self.ctx.assessmentChanged.emit(self.application_id)

    def _reveal(self) -> None:
        self.ctx.revealRequested.emit(self.application_id, "")

