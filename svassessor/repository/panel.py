"""The panel's work: moderated scores with their rationale, and decisions with feedback."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed
from svassessor.models import Application, Decision, DecisionKind, Moderation, Round, utc_now
from svassessor.money import money_text
from svassessor.repository.rows import decision_model, moderation_model
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import dicts, new_id, pence, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store


class Panel:
    def __init__(self, store: Store):
        self.store = store

    def moderate(self, round_: Round, application: Application, criterion_id: str, *, score: float,
                 rationale: str) -> Moderation | None:
        """Agree the panel's score for one criterion; returns the moderation it replaced, if any."""
        rubric = self.store.rounds.rubric(round_)
        if criterion_id not in {c.id for c in rubric.criteria}:
            raise NotAllowed(f"The rubric has no criterion '{criterion_id}'.")
        if rubric.scale_for(criterion_id).level(score) is None:
            raise NotAllowed(f"{score:g} is not on the scale of '{criterion_id}'.")
        if not rationale.strip():
            raise NotAllowed("A moderated score needs a rationale: the panel's decision must be justified.")
        self.require_status(round_, "moderation")
        with self.store.change() as audit:
            found = dicts(audit.conn.execute(
                "SELECT * FROM moderations WHERE application_id = ? AND criterion_id = ?",
                [application.id, criterion_id]))
            values = {"score": float(score), "rationale": rationale, "moderated_by": self.store.actor,
                      "updated_at": utc_text(utc_now())}
            if found:
                audit.update("moderations", found[0]["id"], values)
                return moderation_model(found[0])
            audit.insert("moderations", {"id": new_id(), "application_id": application.id,
                                         "criterion_id": criterion_id, **values})
        return None

    def moderations(self, round_: Round) -> list[Moderation]:
        return [moderation_model(r) for r in dicts(self.store.database.conn.execute(
            "SELECT m.* FROM moderations m JOIN applications a ON a.id = m.application_id WHERE a.round_id = ?",
            [round_.id]))]

    def decide(self, round_: Round, application: Application, *, decision: DecisionKind,
               amount_awarded: Decimal | None, feedback: str) -> Decision | None:
        """Record the panel's decision; returns the decision it replaced, if any."""
        self.require_status(round_, "moderation", "decided")
        with self.store.change() as audit:
            return self.write_decision(audit, application, decision=decision, amount_awarded=amount_awarded,
                                       feedback=feedback)

    def write_decision(self, audit: AuditWriter, application: Application, *, decision: DecisionKind,
                       amount_awarded: Decimal | None, feedback: str) -> Decision | None:
        """Check and write one decision inside a change already open (many decisions, one transaction).

        The caller checks the round's status. Returns the decision it replaced, if any.
        """
        round_ = self.store.rounds.by_id(application.round_id)
        tender = self.store.rounds.rubric(round_).kind == "tender"
        check_decision(application, decision, amount_awarded, tender=tender)
        if decision != "decline" and (out := self.store.screenings.scoring_refusal(application.id)) is not None:
            raise NotAllowed(f"{out.rstrip('.')}. It can only be declined (its letter says why), unless an officer "
                             f"screens it eligible first.")
        found = dicts(audit.conn.execute("SELECT * FROM decisions WHERE application_id = ?", [application.id]))
        values = {"decision": decision, "amount_awarded_pence": pence(amount_awarded), "feedback": feedback,
                  "decided_by": self.store.actor, "decided_at": utc_text(utc_now())}
        if found:
            audit.update("decisions", found[0]["id"], values)
            return decision_model(found[0])
        audit.insert("decisions", {"id": new_id(), "application_id": application.id, **values})
        return None

    def decisions(self, round_: Round) -> list[Decision]:
        return [decision_model(r) for r in dicts(self.store.database.conn.execute(
            "SELECT d.* FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.round_id = ?",
            [round_.id]))]

    def require_status(self, round_: Round, *allowed: str) -> None:
        """Refuse, with the round's name and status, work that belongs to another stage."""
        status = self.store.database.conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
        if status not in allowed:
            raise NotAllowed(f"Round '{round_.name}' is in {status}; this is done in {' or '.join(allowed)}.")


def check_decision(application: Application, decision: DecisionKind, amount_awarded: Decimal | None, *,
                   tender: bool = False) -> None:
    """Refuse a decision that cannot stand: funding with no amount, or more than was asked; an amount on a non-fund."""
    ref = application.reference
    if decision not in ("fund", "reserve", "decline"):
        raise NotAllowed(f"{ref}: '{decision}' is not a decision; use fund, reserve or decline.")
    if decision == "fund":
        if amount_awarded is None or amount_awarded <= 0:
            raise NotAllowed(f"{ref}: funding needs an amount awarded above £0.")
        asked = application.asks(tender=tender)
        if asked is not None and amount_awarded > asked:
            raise NotAllowed(f"{ref}: {_gbp(amount_awarded)} is more than the {_gbp(asked)} "
                             f"{'bid' if tender else 'requested'}.")
        if amount_awarded != amount_awarded.quantize(Decimal("0.01")):
            raise NotAllowed(f"{ref}: £{amount_awarded:,} has a fraction of a penny.")
    elif amount_awarded:
        raise NotAllowed(f"{ref}: only a 'fund' decision carries an amount awarded, not '{decision}'.")


_gbp = money_text
