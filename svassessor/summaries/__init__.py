"""Assessment summaries: what each applicant is told, and the check its explanations pass first.

`checked(store, round_)` reads the round once and returns its data, every decided application's
summary and the checker's open questions (those the chair has not overridden), so the PDF, the
command line and the window all ask the same questions.
"""

from __future__ import annotations

from svassessor.models import Round
from svassessor.reports.data import RoundData, load_round
from svassessor.store import Store
from svassessor.summaries.checker import Question, questions
from svassessor.summaries.content import AssessmentSummary, summaries


def checked(store: Store, round_: Round) -> tuple[RoundData, list[AssessmentSummary], list[Question]]:
    data = load_round(store, round_)
    found = summaries(data)
    overridden = {(o.application_id, o.criterion_id, o.kind) for o in store.overrides.for_round(round_)}
    return data, found, questions(found, overridden)
