"""What an assessment summary says to one applicant or bidder (Procurement Act 2023 s.50, Regulations reg. 31).

In the Regulations' order: the award criteria (each one's title, relative importance, how it was scored
and which scores were available), the applicant's score for each criterion explained by reference to
its application, the total and sub-totals, and for an unsuccessful one any further reason it did not
win. A grant round gets the same contents as a fuller feedback letter.

Each explanation is the panel's own words: the agreed score's rationale where the panel moderated,
else the comments of the assessors whose scores count (conflicted ones left out, unnamed: an applicant
is told what was found, not who found it), with the passages of the application the assessors
highlighted against that criterion quoted beside it. Pure: built from a `RoundData` read once.
"""

from __future__ import annotations

from dataclasses import dataclass

from svassessor.models import Application, Decision
from svassessor.money import money_text
from svassessor.reports.data import RoundData
from svassessor.rubric.model import Criterion, ScaleLevel
from svassessor.scoring.importance import importance
from svassessor.scoring.panel import AGGREGATE_WORDS

QUOTES = 3  # passages quoted per criterion, at most
QUOTE_CHARS = 280  # a passage longer than this is cut, with an ellipsis


@dataclass(frozen=True)
class CriterionPart:
    criterion: Criterion
    theme: str  # the theme's title
    importance: float  # percent of the overall score
    levels: tuple[ScaleLevel, ...]  # the scores available, with their labels
    score: float | None  # the panel's combined score (agreed where moderated); None when not scored
    agreed: bool  # the panel moderated this criterion
    explanation: tuple[str, ...]  # the rationale, or each counted assessor's comment
    quotes: tuple[str, ...]  # highlighted passages of the application, by reference to which it was scored

    @property
    def top(self) -> bool:
        return self.score is not None and self.score >= self.levels[-1].value


@dataclass(frozen=True)
class AssessmentSummary:
    application: Application
    decision: Decision
    rank: int
    of: int  # how many were ranked
    criteria: tuple[CriterionPart, ...]
    total: float | None  # assessed total 0–100
    themes: tuple[tuple[str, float | None], ...]  # (theme title, 0–100)
    parts: tuple[tuple[str, float | None], ...]  # ("Quality" | "Social value" | "Price", 0–100)
    overall: float | None  # what was ranked (tenders: price, quality and social value mixed)
    further_reason: str | None  # an unsuccessful one's further reason it did not win
    how_scored: str  # how every criterion was scored, one sentence


def summaries(data: RoundData) -> list[AssessmentSummary]:
    """One summary per decided application, in ranking order."""
    rubric, summary = data.rubric, data.summary
    shares = importance(summary.plan)
    titles = {c.id: t.title for t in rubric.themes for c in t.criteria}
    how = _how_scored(data)
    out = []
    for rank, standing in enumerate(summary.ranking, start=1):
        app_id = standing.candidate.id
        decision = data.decisions.get(app_id)
        if decision is None:
            continue
        combined = summary.panel.combined.get(app_id, {})
        counted = set(summary.panel.own.get(app_id, {}))
        parts = tuple(
            CriterionPart(
                criterion=c, theme=titles[c.id], importance=shares.get(c.id, 0.0),
                levels=tuple(rubric.scale_for(c.id).levels), score=combined.get(c.id),
                agreed=c.id in data.moderations.get(app_id, {}),
                explanation=_explanation(data, app_id, c.id, counted), quotes=_quotes(data, app_id, c.id, counted))
            for c in rubric.criteria)
        total = standing.total
        named = [("Quality", total.quality), ("Social value", total.social_value)]
        if rubric.kind == "tender":
            named.append(("Price", standing.price_score))
        out.append(AssessmentSummary(
            application=data.application_by_id(app_id), decision=decision, rank=rank, of=len(summary.ranking),
            criteria=parts, total=total.total, themes=tuple((t.title, total.themes.get(t.id)) for t in rubric.themes),
            parts=tuple((name, value) for name, value in named if value is not None), overall=standing.overall,
            further_reason=_further_reason(data, app_id, rank, decision), how_scored=how))
    return out


def _explanation(data: RoundData, app_id: str, criterion_id: str, counted: set[str]) -> tuple[str, ...]:
    agreed = data.moderations.get(app_id, {}).get(criterion_id)
    if agreed is not None:
        return (agreed.rationale.strip(),)
    comments = []
    for assessor in data.assessors:
        found = data.assessments.get((app_id, assessor.id))
        if assessor.id in counted and found is not None and (score := found.scores.get(criterion_id)) is not None:
            if score.comment.strip():
                comments.append(score.comment.strip())
    return tuple(dict.fromkeys(comments))


def _quotes(data: RoundData, app_id: str, criterion_id: str, counted: set[str]) -> tuple[str, ...]:
    passages = [a.quote.strip() for a in data.annotations.get(app_id, [])
                if a.criterion_id == criterion_id and a.assessor_id in counted and a.quote.strip()]
    return tuple(p if len(p) <= QUOTE_CHARS else p[: QUOTE_CHARS - 1].rstrip() + "…"
                 for p in dict.fromkeys(passages))[:QUOTES]


def _how_scored(data: RoundData) -> str:
    rule = AGGREGATE_WORDS[data.rubric.moderation.aggregate]
    return (f"Each criterion was scored by the assessors on the levels shown, each level described in the "
            f"criteria; the score here is the panel's agreed score where it moderated, otherwise {rule}. "
            f"The full criteria are the rubric '{data.rubric.name}', version {data.rubric.version}.")


def _further_reason(data: RoundData, app_id: str, rank: int, decision: Decision) -> str | None:
    """Why an application that was not funded did not win, in the engine's words where it has them."""
    if decision.decision == "fund":
        return None
    line, of = data.summary.budget, len(data.summary.ranking)
    won = "win the contract" if data.rubric.kind == "tender" else "be funded"
    _, standing = data.standing[app_id]
    if standing.threshold_failures:
        titles = [f"“{data.rubric.criterion(c).title}”" for c in standing.threshold_failures]
        named = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
        said = f"score for {named} was" if len(titles) == 1 else f"scores for {named} were"
        return (f"Its {said} below the pass mark the criteria set, so it could not {won} whatever its place "
                f"in the ranking.")
    if (reason := line.reasons.get(app_id)) is not None:
        return f"It could not {won} whatever the budget ({reason})."
    if data.rubric.kind == "tender":
        best = data.summary.ranking[0]
        if best.candidate.id != app_id and best.ranking_score is not None and standing.ranking_score is not None:
            return (f"The contract goes to the most advantageous tender. Yours ranked {rank} of {of}, with an "
                    f"overall score of {standing.ranking_score:.1f} out of 100 against the most advantageous "
                    f"tender's {best.ranking_score:.1f}; section 3 shows where the points were.")
    if line.status.get(app_id) == "below_line" and line.total is not None:
        return (f"It ranked {rank} of {of}; the budget of {money_text(line.total)} was taken by the applications "
                f"ranked above it, which are funded strictly in rank order.")
    if decision.decision == "reserve":
        return f"It ranked {rank} of {of} and is on the reserve list."
    return f"It ranked {rank} of {of}; the panel decided not to take it forward."
