"""Assessments: one assessor's scores, comments and confidence for one application.

A score edit is the hottest write in the app (an assessor presses a key), so it is a handful of
indexed statements in one transaction. Each edit returns the value before and after, which is what
undo needs to put things back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from svassessor.errors import NotAllowed
from svassessor.models import Assessment, Assessor, CriterionScore, Round, utc_now
from svassessor.repository.rows import score_model
from svassessor.rubric.model import Rubric
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import dicts, new_id, utc_parse, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store

UNSET: Any = object()
ScoreTable = dict[str, dict[str, dict[str, float | None]]]


@dataclass(frozen=True)
class ScoreEdit:
    """What one edit changed: `before` is None when the criterion had never been touched."""

    application_id: str
    assessor_id: str
    criterion_id: str
    before: CriterionScore | None
    after: CriterionScore | None


class Assessments:
    def __init__(self, store: Store):
        self.store = store

    def set_score(
        self, round_: Round, assessor: Assessor, application_id: str, criterion_id: str, *,
        score: float | None = UNSET, not_scored: bool = UNSET, comment: str = UNSET, confidence: int | None = UNSET,
    ) -> ScoreEdit:
        """Change what an assessor gave one criterion; only the fields passed change."""
        rubric = self.store.rounds.rubric(round_)
        changes = _validated_changes(rubric, criterion_id, score, not_scored, comment, confidence)
        with self.store.change(assessor.name) as audit:
            assessment_id = self._open_assessment(audit, round_, assessor, application_id)
            row = audit.conn.execute(
                "SELECT * FROM scores WHERE assessment_id = ? AND criterion_id = ?", [assessment_id, criterion_id])
            found = dicts(row)
            changes["updated_at"] = utc_text(utc_now())
            if found:
                before = score_model(found[0])
                result = audit.update("scores", found[0]["id"], changes, old=found[0])
                after = before if result is None else score_model(result[1])
            else:
                before = None
                new = {"id": new_id(), "assessment_id": assessment_id, "criterion_id": criterion_id, "score": None,
                       "not_scored": 0, "comment": "", "confidence": None, **changes}
                after = score_model(audit.insert("scores", new))
        return ScoreEdit(application_id, assessor.id, criterion_id, before, after)

    def restore_score(self, round_: Round, assessor: Assessor, edit: ScoreEdit) -> ScoreEdit:
        """Put a criterion back as it was before `edit` (undo): forget it if it had never been touched."""
        if edit.before is None:
            with self.store.change(assessor.name) as audit:
                assessment_id = self._open_assessment(audit, round_, assessor, edit.application_id)
                found = audit.conn.execute(
                    "SELECT id FROM scores WHERE assessment_id = ? AND criterion_id = ?",
                    [assessment_id, edit.criterion_id]).fetchone()
                if found:
                    audit.delete("scores", found[0])
            return ScoreEdit(edit.application_id, assessor.id, edit.criterion_id, edit.after, None)
        before = edit.before
        return self.set_score(round_, assessor, edit.application_id, edit.criterion_id, score=before.score,
                              not_scored=before.not_scored, comment=before.comment, confidence=before.confidence)

    def set_overall_comment(self, round_: Round, assessor: Assessor, application_id: str, comment: str) -> str:
        """Change the overall comment; returns the comment it replaced."""
        with self.store.change(assessor.name) as audit:
            assessment_id = self._open_assessment(audit, round_, assessor, application_id)
            row = audit.row("assessments", assessment_id)
            audit.update("assessments", assessment_id, {"overall_comment": comment, "updated_at": utc_text(utc_now())},
                         old=row)
        return row["overall_comment"]

    def submit(self, round_: Round, assessor: Assessor, application_id: str) -> Assessment:
        """Submit: every criterion must be scored or explicitly marked not scored."""
        self.store.assessors.require_may_score(assessor, application_id)
        rubric = self.store.rounds.rubric(round_)
        assessment = self.get(application_id, assessor.id)
        scores = assessment.scores if assessment else {}
        missing = [c.id for c in rubric.criteria
                   if c.id not in scores or (scores[c.id].score is None and not scores[c.id].not_scored)]
        if missing:
            first = rubric.criterion(missing[0]).title
            raise NotAllowed(f"The assessment cannot be submitted yet: {len(missing)} criteria are neither scored "
                             f"nor marked not scored (first: {first}).")
        self._set_status(round_, assessor, application_id, "submitted")
        submitted = self.get(application_id, assessor.id)
        assert submitted is not None  # _set_status has just written it
        return submitted

    def reopen(self, round_: Round, assessor: Assessor, application_id: str) -> None:
        """Take a submitted assessment back to draft (undo of submit, or a chair's request)."""
        self._set_status(round_, assessor, application_id, "draft")

    def _set_status(self, round_: Round, assessor: Assessor, application_id: str, status: str) -> None:
        with self.store.change(assessor.name) as audit:
            assessment_id = self._open_assessment(audit, round_, assessor, application_id, allow_submitted=True)
            now = utc_text(utc_now())
            audit.update("assessments", assessment_id, {
                "status": status, "submitted_at": now if status == "submitted" else None, "updated_at": now})

    def get(self, application_id: str, assessor_id: str) -> Assessment | None:
        conn = self.store.database.conn
        rows = dicts(conn.execute("SELECT * FROM assessments WHERE application_id = ? AND assessor_id = ?",
                                  [application_id, assessor_id]))
        if not rows:
            return None
        row = rows[0]
        scores = {s.criterion_id: s for s in map(score_model, dicts(conn.execute(
            "SELECT * FROM scores WHERE assessment_id = ?", [row["id"]])))}
        return Assessment(
            id=row["id"], application_id=application_id, assessor_id=assessor_id, status=row["status"],
            overall_comment=row["overall_comment"], scores=scores, submitted_at=utc_parse(row["submitted_at"]),
            updated_at=utc_parse(row["updated_at"]),
        )

    def for_application(self, application_id: str) -> dict[str, Assessment]:
        """Every assessor's assessment of one application, by assessor id (for after submission)."""
        conn = self.store.database.conn
        rows = dicts(conn.execute("SELECT * FROM assessments WHERE application_id = ?", [application_id]))
        scores: dict[str, dict[str, CriterionScore]] = defaultdict(dict)
        for row in dicts(conn.execute(
                "SELECT s.* FROM scores s JOIN assessments a ON a.id = s.assessment_id WHERE a.application_id = ?",
                [application_id])):
            scores[row["assessment_id"]][row["criterion_id"]] = score_model(row)
        return {row["assessor_id"]: Assessment(
            id=row["id"], application_id=application_id, assessor_id=row["assessor_id"], status=row["status"],
            overall_comment=row["overall_comment"], scores=scores[row["id"]],
            submitted_at=utc_parse(row["submitted_at"]), updated_at=utc_parse(row["updated_at"])) for row in rows}

    def statuses(self, round_: Round, assessor: Assessor) -> dict[str, tuple[str, int]]:
        """Per application this assessor has touched: (draft|submitted, criteria scored or marked)."""
        return {app: (status, count) for app, status, count in self.store.database.conn.execute(
            "SELECT a.application_id, a.status, "
            "(SELECT count(*) FROM scores s WHERE s.assessment_id = a.id AND (s.score IS NOT NULL OR s.not_scored)) "
            "FROM assessments a JOIN applications p ON p.id = a.application_id "
            "WHERE p.round_id = ? AND a.assessor_id = ?", [round_.id, assessor.id])}

    def score_table(self, round_: Round) -> ScoreTable:
        """Every score of a round as application → assessor → criterion → score (None = not scored)."""
        table: ScoreTable = defaultdict(lambda: defaultdict(dict))
        for application_id, assessor_id, criterion_id, score in self.store.database.conn.execute(
                "SELECT a.application_id, a.assessor_id, s.criterion_id, s.score FROM scores s "
                "JOIN assessments a ON a.id = s.assessment_id JOIN applications p ON p.id = a.application_id "
                "WHERE p.round_id = ?", [round_.id]):
            table[application_id][assessor_id][criterion_id] = score
        return table

    def _open_assessment(self, audit: AuditWriter, round_: Round, assessor: Assessor, application_id: str, *,
                         allow_submitted: bool = False) -> str:
        """The assessment's id, made on first touch, after the checks every edit must pass."""
        conn = audit.conn
        # One statement for the status and the assessment: this runs on every key an assessor presses.
        status, assessment_id, assessment_status = conn.execute(
            "SELECT r.status, "
            "(SELECT id FROM assessments WHERE application_id = :app AND assessor_id = :assessor), "
            "(SELECT status FROM assessments WHERE application_id = :app AND assessor_id = :assessor) "
            "FROM rounds r WHERE r.id = :round",
            {"assessor": assessor.id, "app": application_id, "round": round_.id}).fetchone()
        if status != "scoring":
            raise NotAllowed(f"Round '{round_.name}' is in {status}, so scores cannot be changed "
                             f"(scores are given while a round is in scoring).")
        self.store.assessors.require_may_score(assessor, application_id)
        if assessment_id is None:
            if conn.execute("SELECT 1 FROM applications WHERE id = ? AND round_id = ?",
                            [application_id, round_.id]).fetchone() is None:
                raise NotAllowed(f"That application is not in round '{round_.name}'.")
            assessment_id = new_id()
            audit.insert("assessments", {"id": assessment_id, "application_id": application_id,
                                         "assessor_id": assessor.id, "status": "draft", "overall_comment": "",
                                         "submitted_at": None, "updated_at": utc_text(utc_now())})
            return assessment_id
        if assessment_status == "submitted" and not allow_submitted:
            raise NotAllowed(f"{assessor.name} has already submitted this assessment; reopen it to change it.")
        return assessment_id


def _validated_changes(rubric: Rubric, criterion_id: str, score: Any, not_scored: Any, comment: Any,
                       confidence: Any) -> dict:
    if criterion_id not in {c.id for c in rubric.criteria}:
        known = ", ".join(c.id for c in rubric.criteria)
        raise NotAllowed(f"The rubric has no criterion '{criterion_id}' (its criteria: {known}).")
    changes: dict = {}
    if score is not UNSET:
        if score is not None:
            scale = rubric.scale_for(criterion_id)
            if scale.level(score) is None:
                levels = ", ".join(str(v) for v in scale.values)
                raise NotAllowed(f"{score:g} is not on the scale of '{criterion_id}' (choose one of {levels}).")
            changes["not_scored"] = 0
        changes["score"] = None if score is None else float(score)
    if not_scored is not UNSET:
        changes["not_scored"] = int(bool(not_scored))
        if not_scored:
            changes["score"] = None
    if comment is not UNSET:
        changes["comment"] = comment
    if confidence is not UNSET:
        if confidence is not None and not 1 <= confidence <= 5:
            raise NotAllowed(f"Confidence is 1 to 5, not {confidence}.")
        changes["confidence"] = confidence
    return changes
