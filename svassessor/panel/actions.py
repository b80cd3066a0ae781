"""Put the panel's work back as it was: what undo needs beside `store.panel.moderate` and `.decide`.

`moderate` and `decide` return the row they replaced (or None when there was none). Undo must then
either restore that row exactly (same id, score, rationale, who and when) or, for a first moderation
or decision, remove the row. Both are audited changes like any other: the log keeps the undone value
as the `old` of a `delete` or `update` event, so nothing the panel agreed is ever lost from the record.

The same round-status rules apply as to the change itself: moderation is edited only in moderation,
decisions in moderation or decided.
"""

from __future__ import annotations

from svassessor.errors import NotAllowed
from svassessor.models import Decision, Moderation, Round, RoundStatus
from svassessor.round_status import neighbours, transition_problem
from svassessor.storage.codec import pence, utc_text
from svassessor.store import Store

MODERATION_STATUSES = ("moderation",)
DECISION_STATUSES = ("moderation", "decided")


def _require_status(store: Store, round_: Round, allowed: tuple[str, ...]) -> None:
    status = store.database.conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
    if status not in allowed:
        raise NotAllowed(f"Round '{round_.name}' is in {status}; this is done in {' or '.join(allowed)}.")


def _moderation_id(store: Store, application_id: str, criterion_id: str) -> str | None:
    found = store.database.conn.execute(
        "SELECT id FROM moderations WHERE application_id = ? AND criterion_id = ?",
        [application_id, criterion_id]).fetchone()
    return found[0] if found else None


def _decision_id(store: Store, application_id: str) -> str | None:
    found = store.database.conn.execute(
        "SELECT id FROM decisions WHERE application_id = ?", [application_id]).fetchone()
    return found[0] if found else None


def remove_moderation(store: Store, round_: Round, application_id: str, criterion_id: str) -> bool:
    """Remove the panel's agreed score for one criterion (audited); False when there was none."""
    _require_status(store, round_, MODERATION_STATUSES)
    with store.change() as audit:
        row_id = _moderation_id(store, application_id, criterion_id)
        if row_id is None:
            return False
        audit.delete("moderations", row_id)
    return True


def restore_moderation(store: Store, round_: Round, moderation: Moderation) -> None:
    """Make the moderation exactly as recorded in `moderation` (its id, score, rationale, who, when)."""
    _require_status(store, round_, MODERATION_STATUSES)
    values = {"score": float(moderation.score), "rationale": moderation.rationale,
              "moderated_by": moderation.moderated_by, "updated_at": utc_text(moderation.updated_at)}
    with store.change() as audit:
        row_id = _moderation_id(store, moderation.application_id, moderation.criterion_id)
        if row_id is not None and row_id != moderation.id:
            audit.delete("moderations", row_id)
            row_id = None
        if row_id is None:
            audit.insert("moderations", {"id": moderation.id, "application_id": moderation.application_id,
                                         "criterion_id": moderation.criterion_id, **values})
        else:
            audit.update("moderations", row_id, values)


def remove_decision(store: Store, round_: Round, application_id: str) -> bool:
    """Remove the panel's decision on one application (audited); False when there was none."""
    _require_status(store, round_, DECISION_STATUSES)
    with store.change() as audit:
        row_id = _decision_id(store, application_id)
        if row_id is None:
            return False
        audit.delete("decisions", row_id)
    return True


def restore_decision(store: Store, round_: Round, decision: Decision) -> None:
    """Make the decision exactly as recorded in `decision` (kind, amount, feedback, who, when)."""
    _require_status(store, round_, DECISION_STATUSES)
    values = {"decision": decision.decision, "amount_awarded_pence": pence(decision.amount_awarded),
              "feedback": decision.feedback, "decided_by": decision.decided_by,
              "decided_at": utc_text(decision.decided_at)}
    with store.change() as audit:
        row_id = _decision_id(store, decision.application_id)
        if row_id is not None and row_id != decision.id:
            audit.delete("decisions", row_id)
            row_id = None
        if row_id is None:
            audit.insert("decisions", {"id": decision.id, "application_id": decision.application_id, **values})
        else:
            audit.update("decisions", row_id, values)


def current_status(store: Store, round_: Round) -> RoundStatus:
    """The round's status as stored now (the `Round` a window holds may be older)."""
    return store.database.conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]


def move_problems(store: Store, round_: Round) -> dict[RoundStatus, str | None]:
    """Each stage the round could move to next, with why it cannot (None when it can).

    Uses the very facts `store.rounds.set_status` checks, so the hint shown before a move and the
    refusal given on trying it always agree.
    """
    current = current_status(store, round_)
    facts = store.rounds._facts(round_)  # noqa: SLF001 - one source of the preconditions
    return {target: transition_problem(current, target, facts) for target in neighbours(current)}
