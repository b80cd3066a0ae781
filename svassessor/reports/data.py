"""Everything a report prints about a round, read from the file once and summarised once by the engine.

The page builders take this in-memory bundle and never touch the store: the layout code can then be
timed apart from the reading (bench/pack.py), and a report can never show a number the engine did not
produce. Every score, total, rank, flag and budget figure comes from `summary` (the scoring engine);
the only figure derived here is the spread of each criterion's raw scores, the engine's own
definition (max − min of the non-conflicted assessors' scores in `Panel.values`) for the criteria it
did not flag.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from svassessor.models import Annotation, Application, Assessment, Assessor, Decision, Moderation, Round
from svassessor.panel.summary import summarise
from svassessor.rubric.model import Rubric
from svassessor.scoring.robustness import Robustness
from svassessor.scoring.standing import Standing
from svassessor.scoring.summary import RoundSummary
from svassessor.scoring.weights import what_if_range
from svassessor.storage.audit import chain_head
from svassessor.store import Store

WHAT_IF = (10.0, 20.0, 30.0)  # social value weights the chair compares (DESIGN §2.5: 10% floor, 20%, 30% used)


def what_if_weights(rubric: Rubric) -> tuple[float, ...]:
    """The what-if weights a report compares: none when the rubric's weight is fixed (all social value)."""
    limits = what_if_range(rubric)
    return () if limits is None else tuple(w for w in WHAT_IF if limits[0] <= w <= limits[1])


@dataclass(frozen=True)
class RoundData:
    round: Round
    rubric: Rubric
    applications: list[Application]  # reference order
    assessors: list[Assessor]  # assessors first (chairs after), by name
    assessments: dict[tuple[str, str], Assessment]  # (application id, assessor id) → assessment
    annotations: dict[str, list[Annotation]]  # application id → highlights, in text order
    moderations: dict[str, dict[str, Moderation]]  # application id → criterion id → agreed score
    decisions: dict[str, Decision]  # application id → decision
    summary: RoundSummary
    printed: date  # the day the store's clock says it is
    audit_head: str  # the chain's head when the round was read: printed in every PDF's footer
    robustness: Robustness | None = None  # the funding line tested (the pack's; None without a budget)
    ineligible: dict[str, tuple[str, ...]] = field(default_factory=dict)  # application id → reasons, for the applicant

    @cached_property
    def scorers(self) -> list[Assessor]:
        """Who gives scores: every assessor, and a chair only if they scored something themselves."""
        scored = {assessor for _, assessor in self.assessments}
        return [a for a in self.assessors if a.role == "assessor" or a.id in scored]

    @cached_property
    def standing(self) -> dict[str, tuple[int, Standing]]:
        """Application id → (rank, standing) from the engine's ranking."""
        return {s.candidate.id: (rank, s) for rank, s in enumerate(self.summary.ranking, start=1)}

    def spread(self, application_id: str, criterion_id: str) -> float | None:
        """Max − min of the assessors' raw scores (None with fewer than two scores), as the engine defines it."""
        values = self.summary.panel.values.get(application_id, {}).get(criterion_id)
        return max(values) - min(values) if values and len(values) > 1 else None

    def flagged(self, application_id: str, criterion_id: str) -> bool:
        return (application_id, criterion_id) in self._flags

    @cached_property
    def _flags(self) -> frozenset[tuple[str, str]]:
        return frozenset((f.application, f.criterion) for f in self.summary.flags)

    def application_by_id(self, application_id: str) -> Application:
        return next(a for a in self.applications if a.id == application_id)


def load_round(store: Store, round_: Round) -> RoundData:
    """Read a round and summarise it (moderated scores where agreed, conflicted assessors left out)."""
    applications = store.applications.for_round(round_)
    assessors = store.assessors.for_round(round_)
    assessments: dict[tuple[str, str], Assessment] = {}
    annotations: dict[str, list[Annotation]] = {}
    for app in applications:
        for person in assessors:
            if (found := store.assessments.get(app.id, person.id)) is not None:
                assessments[(app.id, person.id)] = found
        annotations[app.id] = store.annotations.for_application(app.id)
    moderations: dict[str, dict[str, Moderation]] = defaultdict(dict)
    for m in store.panel.moderations(round_):
        moderations[m.application_id][m.criterion_id] = m
    rubric = store.rounds.rubric(round_)
    return RoundData(
        round=round_, rubric=rubric, applications=applications,
        assessors=sorted(assessors, key=lambda a: (a.role != "assessor", a.name)),
        assessments=assessments, annotations=annotations, moderations=dict(moderations),
        decisions={d.application_id: d for d in store.panel.decisions(round_)},
        summary=summarise(store, round_, what_if_weights=what_if_weights(rubric)), printed=store.clock.today(),
        audit_head=chain_head(store.database.conn),
        ineligible={s.applicant.id: s.result.reasons for s in store.screenings.results(round_)
                    if s.result.status == "ineligible"},
    )
