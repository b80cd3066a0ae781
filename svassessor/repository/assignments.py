"""Who reviews which application (DESIGN §3): the read side every statistic, file and view goes by,
and the chair's changes to it.

A round with no assignment row gives every assessor every application they are not conflicted on, as
rounds did before assignment existed; once the chair assigns, only the assigned pairs count (removing
the last one returns the round to everyone reviewing everything). A conflict always wins: a conflicted
pair is never assigned, whatever the rows say.

Who is assigned automatically: the panel members whose role is *assessor*. A chair reviews only the
applications assigned to them by hand (`add`); those count towards an application's reviews like any.

`assign` keeps the assignments already made (by hand or by an earlier run) and fills each
application up to the reviews asked for around them, balancing the loads the kept ones leave;
`replace=True` starts again from nothing. Either way it is one change, all or nothing, and a round
whose conflicts and caps admit no assignment is refused with one sentence naming what cannot be
covered (see `svassessor.assignment`).

When assignments may change: in setup and in scoring (late changes follow a late conflict or a
withdrawn assessor), never in an assessor's prepared file, where the panel is the chair's.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svassessor.assignment import Pair, Problem, application_text, interest_pattern, meets, solve
from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Application, Assessor, Round, utc_now
from svassessor.references import reference_key
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import new_ids, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store

_WHEN = ("setup", "scoring")


@dataclass(frozen=True)
class Assigned:
    """One application and the names of those who review it, in panel order."""

    application_id: str
    reference: str
    organisation: str
    assessors: list[str]


@dataclass(frozen=True)
class AssignmentView:
    """A round's assignment as people read it: applications in natural reference order, each with its
    reviewers; every panel member's load; the pairs (assessor id, application id); and one sentence."""

    assignments: list[Assigned]
    load: dict[str, int]  # name → applications they review, in panel order
    pairs: frozenset[Pair]
    explicit: bool  # False: no assignment yet, everyone reviews everything they are not conflicted on
    sentence: str
    matched: int = 0  # pairs where the assessor's interests meet the application (automatic runs)


class Assignments:
    def __init__(self, store: Store):
        self.store = store

    # --- reading ---------------------------------------------------------------------------------

    def explicit(self, round_: Round) -> bool:
        """Whether the chair has assigned this round (any assignment row), rather than everyone reviewing all."""
        return self.store.database.conn.execute(
            "SELECT 1 FROM assignments g JOIN assessors s ON s.id = g.assessor_id WHERE s.round_id = ? LIMIT 1",
            [round_.id]).fetchone() is not None

    def assigned(self, round_: Round) -> dict[str, set[str]]:
        """Application id → the ids of the assessors who review it (conflicted pairs never included).

        Before the chair assigns, every assessor reviews every application they are not conflicted on, but
        the chair reviews only what is assigned by hand (as automatic assignment has it): nobody is chased
        for, nor the move to moderation held up by, reviews nobody asked of them. Applications screened out
        as ineligible are reviewed by nobody.
        """
        conn = self.store.database.conn
        out: dict[str, set[str]] = defaultdict(set)
        ineligible = self.store.screenings.ineligible_ids(round_)
        if self.explicit(round_):
            rows = conn.execute(
                "SELECT g.application_id, g.assessor_id FROM assignments g JOIN assessors s ON s.id = g.assessor_id "
                "LEFT JOIN conflicts c ON c.assessor_id = g.assessor_id AND c.application_id = g.application_id "
                "WHERE s.round_id = ? AND c.id IS NULL", [round_.id])
        else:
            rows = conn.execute(
                "SELECT a.id, s.id FROM applications a JOIN assessors s ON s.round_id = a.round_id "
                "LEFT JOIN conflicts c ON c.assessor_id = s.id AND c.application_id = a.id "
                "WHERE a.round_id = ? AND c.id IS NULL AND s.role = 'assessor'", [round_.id])
        for application_id, assessor_id in rows:
            if application_id not in ineligible:
                out[application_id].add(assessor_id)
        return dict(out)

    def unassigned_scored(self, round_: Round) -> set[Pair]:
        """(assessor id, application id) of the score sheets outside an assigned round's assignment: their
        scores leave every statistic, as a conflicted assessor's do. Empty while the round is not assigned."""
        if not self.explicit(round_):
            return set()
        return set(self.store.database.conn.execute(
            "SELECT t.assessor_id, t.application_id FROM assessments t JOIN applications a ON a.id = t.application_id "
            "LEFT JOIN assignments g ON g.assessor_id = t.assessor_id AND g.application_id = t.application_id "
            "WHERE a.round_id = ? AND g.id IS NULL", [round_.id]).fetchall())

    def saved(self, round_: Round) -> frozenset[Pair]:
        """The round's assignment rows as they are (what `restore` puts back), conflicted ones included."""
        return frozenset(self._rows(self.store.database.conn, round_))

    def view(self, round_: Round) -> AssignmentView:
        """The round's assignment now (everyone on everything they may score, while none is made)."""
        pairs = frozenset((k, app) for app, ks in self.assigned(round_).items() for k in ks)
        explicit = self.explicit(round_)
        view = self._view(round_, pairs, explicit=explicit, sentence="")
        return AssignmentView(view.assignments, view.load, pairs, explicit, _state_sentence(round_, view, explicit))

    # --- changing --------------------------------------------------------------------------------

    def assign(self, round_: Round, *, per_application: int, max_per_assessor: int | None = None, seed: int = 0,
               interests: bool = True, replace: bool = False, dry_run: bool = False) -> AssignmentView:
        """Assign the round's applications to its assessors automatically (see the module's docstring).

        Returns the assignment as it stands after (as it would, with `dry_run`, which saves nothing).
        """
        conn = self.store.database.conn
        self._require_may_change(conn, round_)
        pool = [a for a in self.store.assessors.for_round(round_) if a.role == "assessor"]
        candidates = self._candidates(round_)
        names = {app_id: reference for app_id, reference in candidates} | {a.id: a.name for a in pool}
        existing = self._rows(conn, round_)
        conflicted = self._conflicted(conn, round_)
        plan = solve(Problem(
            applications=[app_id for app_id, _ in candidates], assessors=[a.id for a in pool],
            per_application=per_application, cap=max_per_assessor, conflicted=conflicted,
            kept=frozenset() if replace else frozenset(existing),
            matches=self._matches(conn, round_, pool) if interests else frozenset(), seed=seed, names=names))
        if not dry_run:
            with self.store.change() as audit:
                self._require_may_change(audit.conn, round_)
                self._write(audit, set(plan.pairs) if replace else plan.pairs | set(existing), existing)
        pairs = frozenset(p for p in (plan.pairs if replace else plan.pairs | set(existing)) if p not in conflicted)
        view = self._view(round_, pairs, explicit=True, sentence="")
        return AssignmentView(view.assignments, view.load, pairs, True,
                              _assign_sentence(len(candidates), per_application, max_per_assessor,
                                               list(plan.loads.values()), plan.matched, len(plan.added)),
                              plan.matched)

    def add(self, round_: Round, assessor: Assessor, application: Application) -> bool:
        """Assign one application to one panel member by hand (a chair too); False when it already was.

        Refused for a conflicted pair, with the sentence scoring would give.
        """
        with self.store.change() as audit:
            self._require_may_change(audit.conn, round_)
            self._require_in_round(audit.conn, round_, assessor, application)
            if audit.conn.execute("SELECT 1 FROM conflicts WHERE assessor_id = ? AND application_id = ?",
                                  [assessor.id, application.id]).fetchone():
                raise NotAllowed(self.store.assessors.scoring_refusal(assessor, application.id) or "")
            if audit.conn.execute("SELECT 1 FROM assignments WHERE assessor_id = ? AND application_id = ?",
                                  [assessor.id, application.id]).fetchone():
                return False
            audit.insert("assignments", _row(assessor.id, application.id, new_ids(1)[0], utc_text(utc_now())))
        return True

    def remove(self, round_: Round, assessor: Assessor, application: Application) -> None:
        """Take one application off one panel member's list."""
        with self.store.change() as audit:
            self._require_may_change(audit.conn, round_)
            self._require_in_round(audit.conn, round_, assessor, application)
            found = audit.conn.execute("SELECT id FROM assignments WHERE assessor_id = ? AND application_id = ?",
                                       [assessor.id, application.id]).fetchone()
            if found is None:
                hint = "" if self.explicit(round_) else (f" (round '{round_.name}' has no assignment yet: everyone "
                                                         f"reviews everything they are not conflicted on)")
                raise NotFound(f"{assessor.name} is not assigned {application.reference}{hint}.")
            audit.delete("assignments", found[0])

    def restore(self, round_: Round, pairs: Iterable[Pair]) -> None:
        """Make the round's assignment exactly `pairs` again, in one change: the undo of an automatic run."""
        with self.store.change() as audit:
            self._require_may_change(audit.conn, round_)
            self._write(audit, set(pairs), self._rows(audit.conn, round_))

    # --- inside --------------------------------------------------------------------------------

    def _candidates(self, round_: Round) -> list[tuple[str, str]]:
        """(id, reference) of the applications to assign, in natural reference order: the ineligible leave."""
        out = self.store.screenings.ineligible_ids(round_)
        rows = self.store.database.conn.execute(
            "SELECT id, reference FROM applications WHERE round_id = ?", [round_.id]).fetchall()
        return sorted((r for r in rows if r[0] not in out), key=lambda r: reference_key(r[1]))

    def _rows(self, conn: sqlite3.Connection, round_: Round) -> dict[Pair, str]:
        return {(k, app): row_id for row_id, k, app in conn.execute(
            "SELECT g.id, g.assessor_id, g.application_id FROM assignments g JOIN assessors s ON s.id = g.assessor_id "
            "WHERE s.round_id = ?", [round_.id])}

    def _conflicted(self, conn: sqlite3.Connection, round_: Round) -> frozenset[Pair]:
        return frozenset(conn.execute(
            "SELECT c.assessor_id, c.application_id FROM conflicts c JOIN assessors s ON s.id = c.assessor_id "
            "WHERE s.round_id = ?", [round_.id]).fetchall())

    def _matches(self, conn: sqlite3.Connection, round_: Round, pool: list[Assessor]) -> frozenset[Pair]:
        """The pairs where an assessor's interests meet the application (see `svassessor.assignment.interests`)."""
        patterns = {a.id: p for a in pool if (p := interest_pattern(a.interests)) is not None}
        if not patterns:
            return frozenset()
        texts: dict[str, list[str]] = defaultdict(list)
        for app_id, *values in conn.execute(
                "SELECT id, title, org_area, org_postcode FROM applications WHERE round_id = ?", [round_.id]):
            texts[app_id].extend(values)
        for app_id, *values in conn.execute(
                "SELECT o.application_id, o.beneficiary_group, o.place FROM offers o JOIN applications a "
                "ON a.id = o.application_id WHERE a.round_id = ?", [round_.id]):
            texts[app_id].extend(values)
        joined = {app: application_text(found) for app, found in texts.items()}
        return frozenset((k, app) for app, text in joined.items() for k, p in patterns.items() if meets(p, text))

    def _write(self, audit: AuditWriter, wanted: Set[Pair], existing: dict[Pair, str]) -> None:
        for pair, row_id in sorted(existing.items()):
            if pair not in wanted:
                audit.delete("assignments", row_id)
        new = sorted(p for p in wanted if p not in existing)
        now = utc_text(utc_now())
        audit.insert_many("assignments", [_row(k, app, row_id, now)
                                          for (k, app), row_id in zip(new, new_ids(len(new)))])

    def _view(self, round_: Round, pairs: frozenset[Pair], *, explicit: bool, sentence: str) -> AssignmentView:
        people = self.store.assessors.for_round(round_)
        order = {a.id: i for i, a in enumerate(people)}
        names = {a.id: a.name for a in people}
        by_app: dict[str, list[str]] = defaultdict(list)
        for k, app in pairs:
            if k in names:
                by_app[app].append(k)
        rows = sorted(self.store.database.conn.execute(
            "SELECT id, reference, org_name FROM applications WHERE round_id = ?", [round_.id]),
            key=lambda r: reference_key(r[1]))
        load = Counter(k for k, _ in pairs)
        return AssignmentView(
            assignments=[Assigned(app, reference, org, [names[k] for k in sorted(by_app[app], key=order.__getitem__)])
                         for app, reference, org in rows],
            load={a.name: load[a.id] for a in people}, pairs=pairs, explicit=explicit, sentence=sentence)

    def _require_may_change(self, conn: sqlite3.Connection, round_: Round) -> None:
        owner = self.store.assessors.file_owner()
        if owner is not None:
            found = conn.execute("SELECT name FROM assessors WHERE id = ?", [owner]).fetchone()
            raise NotAllowed(f"This file was prepared for {found[0] if found else 'one assessor'}, so assignments "
                             f"cannot be changed in it (the panel is changed in the chair's file).")
        name, status = conn.execute("SELECT name, status FROM rounds WHERE id = ?", [round_.id]).fetchone()
        if status not in _WHEN:
            raise NotAllowed(f"Round '{name}' is in {status}, so assignments cannot be changed (that is done in "
                             f"setup or scoring).")

    def _require_in_round(self, conn: sqlite3.Connection, round_: Round, assessor: Assessor,
                          application: Application) -> None:
        if conn.execute("SELECT 1 FROM assessors WHERE id = ? AND round_id = ?",
                        [assessor.id, round_.id]).fetchone() is None:
            raise NotFound(f"{assessor.name} is not on the panel of round '{round_.name}'.")
        if application.round_id != round_.id:
            raise NotAllowed(f"{application.reference} is not in round '{round_.name}'.")


def _row(assessor_id: str, application_id: str, row_id: str, at: str) -> dict:
    return {"id": row_id, "assessor_id": assessor_id, "application_id": application_id, "assigned_at": at}


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return f"{low:,}" if low == high else f"{low:,} to {high:,}"


def _state_sentence(round_: Round, view: AssignmentView, explicit: bool) -> str:
    if not explicit:
        return (f"Round '{round_.name}' has no assignment yet: every assessor reviews every application they are "
                f"not conflicted on.")
    counts = [len(a.assessors) for a in view.assignments]
    loads = [n for n in view.load.values() if n]
    return (f"{sum(1 for n in counts if n):,} of {len(counts):,} applications have reviewers ({_span(counts)} "
            f"each); {len(loads)} panel members review {_span(loads)} each.")


def _assign_sentence(applications: int, per_application: int, cap: int | None, loads: list[int], matched: int,
                     added: int) -> str:
    capped = f" (cap {cap})" if cap is not None else ""
    interests = f"; {matched:,} match an assessor's interests" if matched else ""
    return (f"{applications:,} applications have at least {per_application} reviewers ({added:,} "
            f"assignments made); loads {_span(loads) if loads else '0'}{capped}{interests}.")
