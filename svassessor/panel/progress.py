"""Who has done what in a round, and who to chase (DESIGN §13 step 6, issue 15).

Everything is counted over the round's assignment (`store.assignments.assigned`): an assessor's
*assigned* applications are the ones they review (never one they are conflicted on), *scored* the
assigned ones they have begun (a criterion scored or marked not scored), *submitted* the assigned
ones they have submitted. Work on an application not assigned to them counts for nothing here.
`assessors --json`, the progress view and the warning before moderation all read these counts, so
they agree.

*Last activity* is the latest time on an assessor's own work: their assessments, scores and
highlights (`updated_at`, `created_at`). Those times are written where the assessor works and a
merge carries them into the chair's file unchanged, so in a merged file they still say when the
assessor worked. Audit events are not used: a merge writes its events under the assessor's name at
the moment of the merge, which would date their work to the day the chair merged it.

"N days ago" counts calendar days in the user's local calendar against the store's clock, so it
reads the same on any day a test runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from svassessor.models import Assessor, Role

Pair = tuple[str, str]  # (application id, assessor id)


@dataclass(frozen=True)
class ReviewFacts:
    """What the progress reads from a round: its panel in panel order, its applications in natural
    reference order as (id, reference), who is assigned what, and what each has begun and submitted."""

    assessors: list[Assessor]
    applications: list[tuple[str, str]]
    assigned: dict[str, set[str]]  # application id → assessor ids
    begun: set[Pair]
    submitted: set[Pair]
    last_activity: dict[str, datetime]  # assessor id → the latest time on their work


@dataclass(frozen=True)
class AssessorProgress:
    """One assessor's reviews: `scored` counts the begun ones, submitted included."""

    name: str
    role: Role
    assigned: int
    scored: int
    submitted: int
    last_activity: datetime | None

    @property
    def to_go(self) -> int:
        """Assigned reviews not submitted yet."""
        return self.assigned - self.submitted

    @property
    def in_draft(self) -> int:
        """Assigned reviews begun but not submitted (a submitted review was begun first)."""
        return self.scored - self.submitted

    @property
    def share(self) -> float | None:
        """The part of their assigned reviews submitted, 0–1; None with nothing assigned."""
        return self.submitted / self.assigned if self.assigned else None


@dataclass(frozen=True)
class ApplicationProgress:
    """One application's reviews: who reviews it (panel order), how many submitted, who has not."""

    reference: str
    assessors: list[str]
    submitted: int
    missing: list[str]

    @property
    def due(self) -> int:
        return len(self.assessors)


@dataclass(frozen=True)
class RoundProgress:
    """A round's progress on `today`: every assessor, every application (natural order), the chase text."""

    round_name: str
    today: date
    assessors: list[AssessorProgress]
    applications: list[ApplicationProgress]
    chase: str

    @property
    def short(self) -> list[ApplicationProgress]:
        """The applications still short of reviews, in natural reference order."""
        return [a for a in self.applications if a.missing]

    @property
    def due(self) -> int:
        return sum(a.due for a in self.applications)

    @property
    def submitted(self) -> int:
        return sum(a.submitted for a in self.applications)

    @property
    def missing(self) -> int:
        return self.due - self.submitted


def assessor_counts(facts: ReviewFacts) -> dict[str, tuple[int, int, int]]:
    """Assessor id → (assigned, scored, submitted), over assigned applications only."""
    counts = {a.id: [0, 0, 0] for a in facts.assessors}
    for application_id, assessor_ids in facts.assigned.items():
        for assessor_id in assessor_ids:
            if assessor_id in counts:
                pair = (application_id, assessor_id)
                row = counts[assessor_id]
                row[0] += 1
                row[1] += pair in facts.begun
                row[2] += pair in facts.submitted
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def missing_reviews(facts: ReviewFacts) -> int:
    """How many assigned reviews are not submitted: what moving on to moderation leaves behind."""
    return sum(1 for application_id, assessor_ids in facts.assigned.items() for assessor_id in assessor_ids
               if (application_id, assessor_id) not in facts.submitted)


def round_progress(facts: ReviewFacts, *, round_name: str, today: date) -> RoundProgress:
    """Each assessor's and each application's reviews, and the chase text dated `today`."""
    counts = assessor_counts(facts)
    people = [AssessorProgress(a.name, a.role, *counts[a.id], facts.last_activity.get(a.id))
              for a in facts.assessors]
    order = {a.id: i for i, a in enumerate(facts.assessors)}
    names = {a.id: a.name for a in facts.assessors}
    applications = []
    for application_id, reference in facts.applications:
        ids = sorted((i for i in facts.assigned.get(application_id, ()) if i in order), key=order.__getitem__)
        done = [i for i in ids if (application_id, i) in facts.submitted]
        applications.append(ApplicationProgress(reference, [names[i] for i in ids], len(done),
                                                [names[i] for i in ids if i not in done]))
    return RoundProgress(round_name, today, people, applications, chase_text(round_name, people, today))


def chase_text(round_name: str, people: list[AssessorProgress], today: date) -> str:
    """Plain text a chair can paste into an e-mail: one line per assessor with reviews to go, the most
    to go first; or one sentence saying nobody has."""
    behind = sorted((p for p in people if p.to_go > 0), key=lambda p: (-p.to_go, p.name.casefold(), p.name))
    if not behind:
        return f"Every assessor in round '{round_name}' has submitted all their assigned reviews ({today.isoformat()})."
    missing = sum(p.to_go for p in behind)
    lines = [f"Reviews still to do in round '{round_name}' on {today.isoformat()}: {missing} "
             f"{'review' if missing == 1 else 'reviews'} from {len(behind)} "
             f"{'assessor' if len(behind) == 1 else 'assessors'}."]
    lines += [chase_line(p, today) for p in behind]
    return "\n".join(lines)


def chase_line(person: AssessorProgress, today: date) -> str:
    """'Grants officer A: 12 of 40 submitted, 28 to go (3 begun) — last worked 3 days ago (2026-11-29)'."""
    begun = f" ({person.in_draft} begun)" if person.in_draft else ""
    return (f"{person.name}: {person.submitted} of {person.assigned} submitted, {person.to_go} to go{begun} — "
            f"{last_worked(person.last_activity, today)}")


def last_worked(moment: datetime | None, today: date) -> str:
    """'last worked 3 days ago (2026-11-29)', or 'not started': `worked_when` in a sentence."""
    return "not started" if moment is None else f"last worked {worked_when(moment, today)}"


def worked_when(moment: datetime | None, today: date) -> str:
    """When someone last worked, in calendar days before `today` (the local calendar), with the date:
    '3 days ago (2026-11-29)'. A day after `today` (another machine's clock ahead of this one) is given
    as a date only."""
    if moment is None:
        return "not started"
    day = local_day(moment)
    days = (today - day).days
    if days < 0:
        return f"on {day.isoformat()}"
    ago = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    return f"{ago} ({day.isoformat()})"


def local_day(moment: datetime) -> date:
    """The day a stored (UTC) time falls on where the user is."""
    return moment.astimezone().date()
