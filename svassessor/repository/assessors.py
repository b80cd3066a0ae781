"""The panel's people, their interests and their declared conflicts of interest; and who may score what.

When the panel may change (DESIGN §3), checked inside each change's transaction:

- Assessors are added and removed while the round is in setup or scoring.
  An assessor is removed only while they have no work in the round (no assessment, score or highlight),
  so no score ever loses the person who gave it.
- A conflict of interest may be declared, and withdrawn (a mistake, or the undo of one), at any time
  before the round is decided: a conflict can surface late (an assessor recognises an applicant in
  moderation), and declaring it takes that assessor's scores of the application out of every statistic.
- Names, roles and interests can be corrected until the round is decided.

In an assessor's prepared file the panel is the chair's, so none of it changes there: a change would
never reach the chair, because a merge takes only the assessor's own work.

`require_may_score` is the one place that says whether an assessor may score an application: never
one they are conflicted on, and in a prepared file only the assessor it was prepared for. Scores,
comments, submission and highlights all pass through it, so the window, `svassessor score` and every
other caller refuse with the same sentence at the moment of scoring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import (
    ROLES,
    Application,
    Assessor,
    Role,
    Round,
    RoundStatus,
    utc_now,
)
from svassessor.panel.progress import assessor_counts
from svassessor.panelfiles.identity import read_identity
from svassessor.references import reference_key
from svassessor.repository.progress import review_facts
from svassessor.repository.rows import assessor_model
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import dicts, new_id, utc_text
from svassessor.text_rules import required_name

if TYPE_CHECKING:
    from svassessor.store import Store

_PANEL: tuple[RoundStatus, ...] = ("setup", "scoring")
_BEFORE_DECIDED: tuple[RoundStatus, ...] = ("setup", "scoring", "moderation")
_UNREAD: Any = object()


@dataclass(frozen=True)
class ConflictInfo:
    """One declared conflict of interest, as the panel lists them."""

    assessor: str
    reference: str
    reason: str
    application_id: str
    assessor_id: str


@dataclass(frozen=True)
class AssessorWork:
    """Where one assessor stands: `assigned` is how many applications they review (the round's assignment,
    never one they are conflicted on), `scored` how many of those they have begun (a criterion scored or
    marked not scored), `submitted` how many of those they have submitted; `conflicts` are references in
    natural order."""

    name: str
    role: Role
    interests: str
    assigned: int
    scored: int
    submitted: int
    conflicts: list[str]


class Assessors:
    def __init__(self, store: Store):
        self.store = store
        self._owner: str | None = _UNREAD

    # --- the panel -------------------------------------------------------------------------------

    def add(self, round_: Round, *, name: str, role: Role = "assessor", interests: str = "") -> Assessor:
        """Put someone on the round's panel (setup or scoring)."""
        name = _checked_name(name)
        role = _checked_role(role)
        assessor = Assessor(round_id=round_.id, name=name, role=role, interests=interests.strip())
        with self.store.change() as audit:
            self._require_status(audit, round_.id, _PANEL, "assessors cannot be added")
            self._require_unique(audit, round_, name)
            audit.insert("assessors", {"id": assessor.id, "round_id": round_.id, "name": name, "role": role,
                                       "created_at": utc_text(utc_now()), "interests": assessor.interests or None})
        return assessor

    def rename(self, round_: Round, assessor: Assessor, new_name: str) -> Assessor:
        """Correct an assessor's name (until decided); their work and conflicts stay theirs."""
        new_name = _checked_name(new_name)
        with self.store.change() as audit:
            self._require_status(audit, round_.id, _BEFORE_DECIDED, f"{assessor.name} cannot be renamed")
            if new_name != assessor.name:
                self._require_unique(audit, round_, new_name)
            audit.update("assessors", self._row_id(audit, round_, assessor), {"name": new_name})
        return self.by_id(assessor.id)

    def set_role(self, round_: Round, assessor: Assessor, role: Role) -> Assessor:
        """Make an assessor the chair or the chair an assessor (until decided)."""
        role = _checked_role(role)
        with self.store.change() as audit:
            self._require_status(audit, round_.id, _BEFORE_DECIDED, f"{assessor.name}'s role cannot be changed")
            audit.update("assessors", self._row_id(audit, round_, assessor), {"role": role})
        return self.by_id(assessor.id)

    def set_interests(self, round_: Round, assessor: Assessor, interests: str) -> Assessor:
        """Replace what an assessor knows and cares about (blank clears it), until decided."""
        with self.store.change() as audit:
            self._require_status(audit, round_.id, _BEFORE_DECIDED, f"{assessor.name}'s interests cannot be changed")
            audit.update("assessors", self._row_id(audit, round_, assessor), {"interests": interests.strip() or None})
        return self.by_id(assessor.id)

    def remove(self, round_: Round, assessor: Assessor) -> None:
        """Take someone off the panel (setup or scoring) with their conflicts and assignments, only while they
        have no work."""
        with self.store.change() as audit:
            self._require_status(audit, round_.id, _PANEL, f"{assessor.name} cannot be removed")
            row_id = self._row_id(audit, round_, assessor)
            assessments, scores, highlights = audit.conn.execute(
                "SELECT (SELECT count(*) FROM assessments WHERE assessor_id = :a), "
                "(SELECT count(*) FROM scores s JOIN assessments t ON t.id = s.assessment_id WHERE t.assessor_id = :a),"
                " (SELECT count(*) FROM annotations WHERE assessor_id = :a)", {"a": row_id}).fetchone()
            if assessments or scores or highlights:
                raise NotAllowed(f"{assessor.name} cannot be removed: they have {_count(assessments, 'assessment')}, "
                                 f"{_count(scores, 'score')} and {_count(highlights, 'highlight')} in round "
                                 f"'{round_.name}', which would lose who gave them.")
            for (conflict_id,) in audit.conn.execute("SELECT id FROM conflicts WHERE assessor_id = ? ORDER BY id",
                                                     [row_id]).fetchall():
                audit.delete("conflicts", conflict_id)
            for (assignment_id,) in audit.conn.execute(
                    "SELECT id FROM assignments WHERE assessor_id = ? ORDER BY id", [row_id]).fetchall():
                audit.delete("assignments", assignment_id)
            audit.delete("assessors", row_id)

    def for_round(self, round_: Round) -> list[Assessor]:
        conn = self.store.database.conn
        conflicts: dict[str, list[str]] = defaultdict(list)
        for assessor_id, application_id in conn.execute(
                "SELECT c.assessor_id, c.application_id FROM conflicts c JOIN assessors s ON s.id = c.assessor_id "
                "WHERE s.round_id = ?", [round_.id]):
            conflicts[assessor_id].append(application_id)
        rows = dicts(conn.execute("SELECT * FROM assessors WHERE round_id = ? ORDER BY role DESC, name", [round_.id]))
        return [assessor_model(r, conflicts[r["id"]]) for r in rows]

    def work(self, round_: Round) -> list[AssessorWork]:
        """Every assessor of the round with their assigned reviews and what they have done of them, in
        `for_round` order; counted as the progress counts them (`panel.progress.assessor_counts`)."""
        facts = review_facts(self.store, round_)
        counts = assessor_counts(facts)
        references: dict[str, list[str]] = defaultdict(list)
        for info in self.conflicts(round_):
            references[info.assessor_id].append(info.reference)
        return [AssessorWork(a.name, a.role, a.interests, *counts[a.id], references[a.id]) for a in facts.assessors]

    def get(self, round_: Round, name: str) -> Assessor:
        for assessor in self.for_round(round_):
            if assessor.name == name:
                return assessor
        known = ", ".join(f"'{a.name}'" for a in self.for_round(round_)) or "none yet"
        raise NotFound(f"Round '{round_.name}' has no assessor called '{name}' (its assessors: {known}).")

    def by_id(self, assessor_id: str) -> Assessor:
        conn = self.store.database.conn
        rows = dicts(conn.execute("SELECT * FROM assessors WHERE id = ?", [assessor_id]))
        if not rows:
            raise NotFound("That assessor is no longer on the panel.")
        conflicts = [r[0] for r in conn.execute("SELECT application_id FROM conflicts WHERE assessor_id = ?",
                                                [assessor_id])]
        return assessor_model(rows[0], conflicts)

    # --- conflicts of interest -------------------------------------------------------------------

    def declare_conflict(self, assessor: Assessor, application: Application, *, reason: str) -> Assessor:
        """Record that an assessor must not open or score an application; their scores leave every statistic.

        Allowed at any time before the round is decided, because a conflict can surface late. A reason
        is required. Declaring it again changes nothing, or replaces the reason when it differs.
        """
        self.declare_conflicts([(assessor, application, reason)])
        return self.by_id(assessor.id)

    def declare_conflicts(self, declared: Iterable[tuple[Assessor, Application, str]]) -> int:
        """Declare many conflicts (assessor, application, reason) in one step, all or none, as
        `declare_conflict` does each; returns how many were new or changed their reason."""
        changed = 0
        with self.store.change() as audit:
            for assessor, application, reason in declared:
                reason = reason.strip()
                if not reason:
                    raise NotAllowed(f"A conflict of interest needs a reason ({assessor.name} and "
                                     f"{application.reference}).")
                round_id = self._require_same_round(audit, assessor, application)
                self._require_status(audit, round_id, _BEFORE_DECIDED, "conflicts of interest cannot be declared")
                found = audit.conn.execute(
                    "SELECT id, reason FROM conflicts WHERE assessor_id = ? AND application_id = ?",
                    [assessor.id, application.id]).fetchone()
                if found is None:
                    audit.insert("conflicts", {"id": new_id(), "assessor_id": assessor.id,
                                               "application_id": application.id, "reason": reason,
                                               "declared_at": utc_text(utc_now())})
                elif found[1] != reason:
                    audit.update("conflicts", found[0], {"reason": reason})
                else:
                    continue
                changed += 1
        return changed

    def withdraw_conflict(self, assessor: Assessor, application: Application) -> Assessor:
        """Take back a conflict declared in error (setup or scoring); the assessor may then score the application."""
        with self.store.change() as audit:
            round_id = self._require_same_round(audit, assessor, application)
            self._require_status(audit, round_id, _BEFORE_DECIDED, "conflicts of interest cannot be withdrawn")
            found = audit.conn.execute("SELECT id FROM conflicts WHERE assessor_id = ? AND application_id = ?",
                                       [assessor.id, application.id]).fetchone()
            if found is None:
                raise NotFound(f"{assessor.name} has declared no conflict of interest with {application.reference}.")
            audit.delete("conflicts", found[0])
        return self.by_id(assessor.id)

    def conflicts(self, round_: Round) -> list[ConflictInfo]:
        """Every declared conflict of the round, by assessor, then in natural reference order."""
        found = [ConflictInfo(*row) for row in self.store.database.conn.execute(
            "SELECT s.name, a.reference, c.reason, c.application_id, c.assessor_id FROM conflicts c "
            "JOIN assessors s ON s.id = c.assessor_id JOIN applications a ON a.id = c.application_id "
            "WHERE s.round_id = ?", [round_.id])]
        return sorted(found, key=lambda c: (c.assessor.casefold(), c.assessor, reference_key(c.reference)))

    def conflict_reason(self, assessor: Assessor, application_id: str) -> str | None:
        found = self.store.database.conn.execute(
            "SELECT reason FROM conflicts WHERE assessor_id = ? AND application_id = ?",
            [assessor.id, application_id]).fetchone()
        return None if found is None else found[0]

    # --- who may score what ----------------------------------------------------------------------

    def file_owner(self) -> str | None:
        """The id of the assessor this file was prepared for; None in a chair's file."""
        if self._owner is _UNREAD:  # a file's identity is written once, when `prepare` makes it
            identity = read_identity(self.store.database.conn)
            self._owner = None if identity is None else identity.assessor_id
        return self._owner

    def scoring_refusal(self, assessor: Assessor, application_id: str) -> str | None:
        """Why `assessor` may not score (or comment on, submit, highlight) the application; None when they may."""
        conn = self.store.database.conn
        owner = self.file_owner()
        if owner is not None and owner != assessor.id:
            found = conn.execute("SELECT name FROM assessors WHERE id = ?", [owner]).fetchone()
            return f"This file was prepared for {found[0] if found else 'another assessor'}; " \
                   f"{assessor.name} cannot score in it."
        conflicted = conn.execute(
            "SELECT a.reference FROM conflicts c JOIN applications a ON a.id = c.application_id "
            "WHERE c.assessor_id = ? AND c.application_id = ?", [assessor.id, application_id]).fetchone()
        if conflicted:
            return (f"{assessor.name} has declared a conflict of interest with {conflicted[0]}, "
                    f"so cannot open or score it.")
        # In an assigned round (any assignment row) only the assigned may score; a prepared file has no rows.
        unassigned = conn.execute(
            "SELECT a.reference, r.name FROM applications a JOIN rounds r ON r.id = a.round_id WHERE a.id = :app "
            "AND NOT EXISTS (SELECT 1 FROM assignments WHERE assessor_id = :who AND application_id = :app) "
            "AND EXISTS (SELECT 1 FROM assignments g JOIN assessors s ON s.id = g.assessor_id "
            "WHERE s.round_id = a.round_id)", {"app": application_id, "who": assessor.id}).fetchone()
        if unassigned:
            return (f"{assessor.name} is not assigned {unassigned[0]} in round '{unassigned[1]}', so cannot score it "
                    f"(the chair assigns who reviews what).")
        return self.store.screenings.scoring_refusal(application_id)

    def require_may_score(self, assessor: Assessor, application_id: str) -> None:
        """Refuse, with the sentence of `scoring_refusal`, work the assessor may not do on this application."""
        refusal = self.scoring_refusal(assessor, application_id)
        if refusal:
            raise NotAllowed(refusal)

    # --- checks inside a change ------------------------------------------------------------------

    def _require_status(self, audit: AuditWriter, round_id: str, allowed: tuple[RoundStatus, ...], what: str) -> None:
        owner = self.file_owner()
        if owner is not None:
            found = audit.conn.execute("SELECT name FROM assessors WHERE id = ?", [owner]).fetchone()
            raise NotAllowed(f"This file was prepared for {found[0] if found else 'one assessor'}, so {what} in it "
                             f"(the panel is changed in the chair's file).")
        name, status = audit.conn.execute("SELECT name, status FROM rounds WHERE id = ?", [round_id]).fetchone()
        if status not in allowed:
            when = "in setup or scoring" if allowed == _PANEL else "before it is decided"
            raise NotAllowed(f"Round '{name}' is in {status}, so {what} (that is done {when}).")

    def _require_unique(self, audit: AuditWriter, round_: Round, name: str) -> None:
        if audit.conn.execute("SELECT 1 FROM assessors WHERE round_id = ? AND name = ?",
                              [round_.id, name]).fetchone():
            raise NotAllowed(f"Round '{round_.name}' already has an assessor called '{name}'.")

    def _row_id(self, audit: AuditWriter, round_: Round, assessor: Assessor) -> str:
        if audit.conn.execute("SELECT 1 FROM assessors WHERE id = ? AND round_id = ?",
                              [assessor.id, round_.id]).fetchone() is None:
            raise NotFound(f"{assessor.name} is not on the panel of round '{round_.name}'.")
        return assessor.id

    def _require_same_round(self, audit: AuditWriter, assessor: Assessor, application: Application) -> str:
        found = audit.conn.execute("SELECT round_id FROM assessors WHERE id = ?", [assessor.id]).fetchone()
        if found is None:
            raise NotFound(f"{assessor.name} is no longer on the panel.")
        if application.round_id != found[0]:
            raise NotAllowed(f"{application.reference} is not in {assessor.name}'s round.")
        return found[0]


def _checked_name(name: str) -> str:
    return required_name(name, "An assessor needs a name (spaces and invisible characters alone are not one).")


def _checked_role(role: str) -> Role:
    if role not in ROLES:
        raise NotAllowed(f"'{role}' is not a role on a panel; use assessor or chair.")
    return role


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"
