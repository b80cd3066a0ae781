"""Why an application scored what it did: the view a panel shows when a decision is challenged.

For each criterion: every (non-conflicted and, in an assigned round, assigned) assessor's score,
comment, confidence and when they gave it, the passages they highlighted as evidence for it, every
earlier value the score had (from the audit log), and what moderation changed, from which combined
score to which, and why. The numbers come from the scoring engine, so the trail and the ranking agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from svassessor.models import Annotation, Application, Round
from svassessor.panel.summary import summarise
from svassessor.scoring.panel import Aggregate, before_moderation
from svassessor.store import Store


@dataclass(frozen=True)
class ScoreChange:
    at: datetime
    actor: str
    old: float | None
    new: float | None
    comment: str


@dataclass(frozen=True)
class AssessorScore:
    assessor: str
    score: float | None
    not_scored: bool
    comment: str
    confidence: int | None
    at: datetime | None
    changes: list[ScoreChange] = field(default_factory=list)


@dataclass(frozen=True)
class CriterionTrail:
    criterion_id: str
    title: str
    scores: list[AssessorScore]
    evidence: list[Annotation]
    combined: float | None  # what the ranking used: moderated, else the assessors' mean or median
    before_moderation: float | None  # the assessors' mean (or median, as the rubric says) before moderation
    moderated: float | None
    rationale: str | None
    moderated_by: str | None
    moderated_at: datetime | None


@dataclass(frozen=True)
class Trail:
    application: Application
    criteria: list[CriterionTrail]
    excluded: list[str]  # assessors left out for a declared conflict of interest
    aggregate: Aggregate = "mean"  # how the assessors' scores were combined before moderation (the rubric's rule)
    unassigned: list[str] = field(default_factory=list)  # assessors with scores left out: not assigned it


def trail(store: Store, round_: Round, application: Application) -> Trail:
    rubric = store.rounds.rubric(round_)
    assessors = store.assessors.for_round(round_)
    names = {a.id: a.name for a in assessors}
    excluded = [a.name for a in assessors if application.id in a.conflicts]
    left_out = {k for k, app in store.assignments.unassigned_scored(round_) if app == application.id}
    unassigned = [a.name for a in assessors if a.id in left_out and application.id not in a.conflicts]
    sheets = {a.id: store.assessments.get(application.id, a.id) for a in assessors
              if application.id not in a.conflicts and a.id not in left_out}
    summary = summarise(store, round_)
    combined = summary.panel.combined.get(application.id, {})
    moderations = {m.criterion_id: m for m in store.panel.moderations(round_) if m.application_id == application.id}
    annotations = store.annotations.for_application(application.id)
    changes = _score_changes(store, application.id, names)
    criteria = []
    for criterion in rubric.criteria:
        scores = []
        for assessor_id, sheet in sheets.items():
            given = sheet.scores.get(criterion.id) if sheet else None
            if given is None:
                continue
            scores.append(AssessorScore(
                assessor=names[assessor_id], score=given.score, not_scored=given.not_scored,
                comment=given.comment, confidence=given.confidence, at=given.updated_at,
                changes=changes.get((assessor_id, criterion.id), [])))
        values = [s.score for s in scores if s.score is not None]
        moderation = moderations.get(criterion.id)
        criteria.append(CriterionTrail(
            criterion_id=criterion.id, title=criterion.title, scores=scores,
            evidence=[a for a in annotations if a.criterion_id == criterion.id and a.assessor_id in sheets],
            combined=combined.get(criterion.id),
            before_moderation=before_moderation(values, rubric.moderation.aggregate) if values else None,
            moderated=moderation.score if moderation else None, rationale=moderation.rationale if moderation else None,
            moderated_by=moderation.moderated_by if moderation else None,
            moderated_at=moderation.updated_at if moderation else None))
    return Trail(application=application, criteria=criteria, excluded=excluded,
                 aggregate=rubric.moderation.aggregate, unassigned=unassigned)


def _score_changes(store: Store, application_id: str,
                   names: dict[str, str]) -> dict[tuple[str, str], list[ScoreChange]]:
    """Each score's earlier values, from the audit log (the first entry is when it was first given)."""
    rows = store.history.score_rows(application_id)
    found: dict[tuple[str, str], list[ScoreChange]] = {}
    for event in store.history.of("scores", list(rows)):
        key = rows[event.entity_id]
        old = event.old or {}
        new = event.new or {}
        if old.get("score") == new.get("score") and event.action == "update":
            continue  # a comment or confidence edit: the comment itself is shown with the score
        found.setdefault(key, []).append(ScoreChange(
            at=event.at, actor=event.actor, old=old.get("score"), new=new.get("score"), comment=new.get("comment", "")))
    return found
