"""An application's eligibility: the rules, the officer's answers and the officer's decision, combined.

- A failed rule or a question answered "no" makes the application *ineligible*, with the reasons an
  applicant reads; otherwise a rule the file cannot decide, or a question not yet answered, leaves it
  *not yet screened*; otherwise it is *eligible*. That is the automatic result.
- The officer who screens may decide instead: *eligible* or *ineligible*, and their decision stands.
  Deciding against the automatic result is an overrule. Declaring an application ineligible always
  needs a reason (the applicant reads it); overruling the rules to make one eligible needs a reason
  too (the panel reads it), while confirming what the rules found, or screening what they could not
  decide, does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from svassessor.eligibility.applicant import Applicant
from svassessor.eligibility.rules import Check, automatic_checks
from svassessor.rubric.model import Eligibility, ScreeningQuestion

Status = Literal["eligible", "ineligible", "unscreened"]
Decision = Literal["eligible", "ineligible"]
STATUSES: tuple[Status, ...] = ("eligible", "ineligible", "unscreened")
STATUS_WORDS: dict[Status, str] = {"eligible": "Eligible", "ineligible": "Not eligible",
                                   "unscreened": "Not yet screened"}


@dataclass(frozen=True)
class Screening:
    """What the officer recorded for one application: answers to the rubric's questions (question id →
    yes), and their decision with its reason when they made one."""

    decision: Decision | None
    reason: str
    answers: Mapping[str, bool]
    by: str
    at: datetime


@dataclass(frozen=True)
class Answer:
    question: ScreeningQuestion
    answer: bool | None  # None: not yet answered

    @property
    def reason(self) -> str:
        """What the applicant reads when the answer is no."""
        return self.question.reason or f"The officer who checked your application found that it did not meet " \
                                        f"this requirement: {self.question.text}"


@dataclass(frozen=True)
class Result:
    status: Status
    reasons: tuple[str, ...]  # for the applicant; empty unless ineligible
    automatic: Status  # what the rules and the answers give, before any decision
    checks: tuple[Check, ...] = ()
    answers: tuple[Answer, ...] = ()
    screening: Screening | None = field(default=None)

    @property
    def overruled(self) -> bool:
        """The officer decided against what the rules and answers found."""
        decision = self.screening.decision if self.screening else None
        return decision is not None and self.automatic != "unscreened" and decision != self.automatic

    @property
    def words(self) -> str:
        return STATUS_WORDS[self.status]

    @property
    def why(self) -> str:
        """Why it is not eligible, for the officer and the panel (empty unless ineligible)."""
        if self.status != "ineligible":
            return ""
        if self.screening is not None and self.screening.decision == "ineligible":
            return self.screening.reason
        against = [c.finding for c in self.checks if c.outcome == "fail"]
        against += [f"Screened “no”: {a.question.text}" for a in self.answers if a.answer is False]
        return " ".join(against)

    @property
    def note(self) -> str:
        """Who decided and why, for the officer; empty when the rules alone decided."""
        s = self.screening
        if s is None or s.decision is None:
            return ""
        how = "Overruled to" if self.overruled else "Screened"
        why = f": {s.reason}" if s.reason else ""
        return f"{how} {STATUS_WORDS[s.decision].lower()} by {s.by}{why}"


def _automatic(checks: list[Check], answers: list[Answer]) -> tuple[Status, list[str]]:
    reasons = [c.reason for c in checks if c.outcome == "fail" and c.reason]
    reasons += [a.reason for a in answers if a.answer is False]
    if reasons:
        return "ineligible", reasons
    if any(c.outcome == "unknown" for c in checks) or any(a.answer is None for a in answers):
        return "unscreened", []
    return "eligible", []


def evaluate(rules: Eligibility | None, applicant: Applicant, screening: Screening | None) -> Result:
    """The application's eligibility; with no rules and no screening every application is eligible."""
    checks = automatic_checks(rules, applicant) if rules is not None else []
    given = screening.answers if screening is not None else {}
    answers = [Answer(q, given.get(q.id)) for q in (rules.questions if rules is not None else [])]
    automatic, reasons = _automatic(checks, answers)
    decision = screening.decision if screening is not None else None
    if decision is None:
        status: Status = automatic
    elif decision == "eligible":
        status, reasons = "eligible", []
    else:
        own = screening.reason if screening is not None else ""
        status, reasons = "ineligible", [own, *(r for r in reasons if r != own)]
    return Result(status, tuple(reasons), automatic, tuple(checks), tuple(answers), screening)


def decision_problem(reference: str, automatic: Status, decision: Decision | None, reason: str) -> str | None:
    """Why the officer's decision cannot be recorded as given (a reason missing), or None when it can."""
    if decision == "ineligible" and not reason:
        return (f"Marking {reference} not eligible needs a reason, in words the applicant will read in their "
                f"letter.")
    if decision == "eligible" and automatic == "ineligible" and not reason:
        return (f"{reference} fails the round's eligibility rules, so overruling them to make it eligible needs "
                f"a reason for the panel.")
    return None
