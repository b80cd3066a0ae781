"""The chair's overrides of the assessment summaries' checker: an explanation stands as written, and why.

An override is kept per application, criterion and kind of question (empty, restates the descriptor,
does not say what was missing), so fixing the text instead needs no override, and a later question of
another kind is asked afresh. Overrides are made while the panel works (moderation or decided) and are
audited like any change; withdrawing one is its undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Application, Round, utc_now
from svassessor.storage.codec import new_id, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store

KINDS = ("empty", "restates", "no_gap")
_WHEN = ("moderation", "decided", "monitoring")


@dataclass(frozen=True)
class Override:
    application_id: str
    criterion_id: str
    kind: str
    reason: str
    by: str


class Overrides:
    def __init__(self, store: Store):
        self.store = store

    def for_round(self, round_: Round) -> list[Override]:
        return [Override(*row) for row in self.store.database.conn.execute(
            "SELECT o.application_id, o.criterion_id, o.kind, o.reason, o.overridden_by FROM explanation_overrides o "
            "JOIN applications a ON a.id = o.application_id WHERE a.round_id = ? ORDER BY o.overridden_at, o.id",
            [round_.id])]

    def override(self, round_: Round, application: Application, criterion_id: str, kind: str, reason: str) -> None:
        """Let an explanation stand as written despite the checker's question of `kind`, with the chair's reason."""
        reason = reason.strip()
        if kind not in KINDS:
            raise NotAllowed(f"'{kind}' is not a question the checker asks; use one of {', '.join(KINDS)}.")
        if not reason:
            raise NotAllowed(f"Overriding the checker on {application.reference} {criterion_id} needs a reason.")
        if criterion_id not in {c.id for c in self.store.rounds.rubric(round_).criteria}:
            raise NotFound(f"The rubric of round '{round_.name}' has no criterion '{criterion_id}'.")
        self.store.panel.require_status(round_, *_WHEN)
        with self.store.change() as audit:
            found = audit.conn.execute(
                "SELECT id FROM explanation_overrides WHERE application_id = ? AND criterion_id = ? AND kind = ?",
                [application.id, criterion_id, kind]).fetchone()
            values = {"reason": reason, "overridden_by": self.store.actor, "overridden_at": utc_text(utc_now())}
            if found:
                audit.update("explanation_overrides", found[0], values)
            else:
                audit.insert("explanation_overrides", {"id": new_id(), "application_id": application.id,
                                                       "criterion_id": criterion_id, "kind": kind, **values})

    def withdraw(self, round_: Round, application: Application, criterion_id: str, kind: str) -> None:
        """Take an override back (its undo): the checker asks its question again."""
        self.store.panel.require_status(round_, *_WHEN)
        with self.store.change() as audit:
            found = audit.conn.execute(
                "SELECT id FROM explanation_overrides WHERE application_id = ? AND criterion_id = ? AND kind = ?",
                [application.id, criterion_id, kind]).fetchone()
            if found is None:
                raise NotFound(f"No override of {application.reference} {criterion_id} ({kind}) to withdraw.")
            audit.delete("explanation_overrides", found[0])
