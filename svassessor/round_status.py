"""A round's life: setup → scoring → moderation → decided → monitoring (DESIGN §3), and what each allows.

A round moves one step at a time. It may step back one stage too (a chair reopens scoring for an
assessor who must correct a score), which the audit log records like any change. Moving forward
has preconditions that keep a decision defensible: no deciding before every application has a
decision, no monitoring before something was funded.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    if target == "decided" and facts.decided_applications < facts.applications:
        missing = facts.applications - facts.decided_applications
        return f"{missing} of {facts.applications} applications have no decision yet (fund, reserve or decline)"
    if target == "monitoring" and facts.funded_applications == 0:
        return "no application was funded, so there is nothing to monitor"
    return None


def neighbours(status: RoundStatus) -> list[RoundStatus]:
    """The statuses a round in `status` can move to."""
    index = ROUND_STATUSES.index(status)
    return [ROUND_STATUSES[i] for i in (index + 1, index - 1) if 0 <= i < len(ROUND_STATUSES)]
