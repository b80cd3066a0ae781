"""A round's life: setup → scoring → moderation → decided → monitoring (DESIGN §3), and what each allows.

A round moves one step at a time. It may step back one stage too (a chair reopens scoring for an
assessor who must correct a score), which the audit log records like any change. Moving forward
has two kinds of precondition:

- hard ones, without which the next stage has nothing to work on (`transition_problem`): no scoring
  without applications, no moderation before anything was scored, no monitoring before something
  was funded;
- work left behind (`work_left`): assessments not submitted, assigned reviews missing, applications
  with no score, or with no decision. Real panels sometimes move on regardless (an assessor fell
  ill), so these only ask to be confirmed: `--force` on the command line, a question in the window.
  Never silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from svassessor.errors import NotAllowed
from svassessor.models import ROUND_STATUSES, RoundStatus

ALLOWS: dict[RoundStatus, str] = {
    "setup": "import applications, add assessors and declare conflicts; nobody scores yet",
    "scoring": "assessors read, annotate and score; the chair can still add applications",
    "moderation": "assessors' scores are frozen; the panel agrees scores, ranks and decides",
    "decided": "decisions are final and can be published (letters, 360Giving)",
    "monitoring": "funded offers are followed: deliveries are recorded against each",
}


@dataclass(frozen=True)
class RoundFacts:
    applications: int
    scored_applications: int
    decided_applications: int
    funded_applications: int
    assessments: int = 0  # assessments started (an assessor has touched the application)
    submitted_assessments: int = 0
    missing_reviews: int = 0  # assigned reviews not submitted (`panel.progress.missing_reviews`)


class WorkLeft(NotAllowed):
    """A forward move refused because it would leave work behind; `work` names each count.

    The window catches it to ask for confirmation; the command line asks for --force.
    """

    def __init__(self, message: str, work: list[str]):
        super().__init__(message)
        self.work = work


def transition_problem(current: RoundStatus, target: RoundStatus, facts: RoundFacts) -> str | None:
    """Why the round cannot move from `current` to `target`, or None when it can."""
    if target not in ROUND_STATUSES:
        return f"'{target}' is not a round status; use one of {', '.join(ROUND_STATUSES)}"
    step = ROUND_STATUSES.index(target) - ROUND_STATUSES.index(current)
    if step == 0:
        return f"the round is already in {target}"
    if abs(step) > 1:
        return (f"a round moves one stage at a time: from {current} it can go to "
                f"{' or '.join(neighbours(current))}, not {target}")
    if step < 0:
        return None
    if target == "scoring" and facts.applications == 0:
        return "there are no applications to score yet"
    if target == "moderation" and facts.scored_applications == 0:
        return "no application has been scored yet"
    if target == "monitoring" and facts.funded_applications == 0:
        return "no application was funded, so there is nothing to monitor"
    return None


def neighbours(status: RoundStatus) -> list[RoundStatus]:
    """The statuses a round in `status` can move to."""
    index = ROUND_STATUSES.index(status)
    return [ROUND_STATUSES[i] for i in (index + 1, index - 1) if 0 <= i < len(ROUND_STATUSES)]


def work_left(facts: RoundFacts, target: RoundStatus | None = None) -> list[str]:
    """What moving on to `target` would leave behind, as counts in plain words (empty: nothing).

    Before moderation: assessments not submitted, applications with no score and assigned reviews not
    submitted (what the progress view's chase list names); before decided: applications with no
    decision. With no target, every count that is not zero.
    """
    left = []
    if target in (None, "moderation"):
        if (open_ := facts.assessments - facts.submitted_assessments) > 0:
            left.append(f"{open_} of {facts.assessments} {_plural(facts.assessments, 'assessment')} "
                        f"{_be(open_)} not submitted")
        if (unscored := facts.applications - facts.scored_applications) > 0:
            left.append(f"{unscored} of {facts.applications} {_plural(facts.applications, 'application')} "
                        f"{_have(unscored)} no score")
        if facts.missing_reviews > 0:
            left.append(f"{facts.missing_reviews} {_plural(facts.missing_reviews, 'review')} missing "
                        f"(assigned but not submitted)")
    if target in (None, "decided") and (undecided := facts.applications - facts.decided_applications) > 0:
        left.append(f"{undecided} of {facts.applications} {_plural(facts.applications, 'application')} "
                    f"{_have(undecided)} no decision")
    return left


def check_move(round_name: str, current: RoundStatus, target: RoundStatus, facts: RoundFacts, *,
               force: bool = False) -> None:
    """Refuse a move the round cannot make (NotAllowed), or one that leaves work behind unless forced (WorkLeft)."""
    if problem := transition_problem(current, target, facts):
        raise NotAllowed(f"Round '{round_name}' cannot move to {target}: {problem}.")
    if force or ROUND_STATUSES.index(target) < ROUND_STATUSES.index(current):
        return
    if left := work_left(facts, target):
        raise WorkLeft(f"Round '{round_name}' still has work left before {target}: {'; '.join(left)}. "
                       f"To move on anyway, use --force (in the window: confirm).", left)


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def _have(count: int) -> str:
    return "has" if count == 1 else "have"
