"""The panel's actions beyond one edit: undo's put-backs, many decisions at once, the move between stages.

Put back: what undo needs beside `store.panel.moderate` and `.decide`.

`moderate` and `decide` return the row they replaced (or None when there was none). Undo must then
either restore that row exactly (same id, score, rationale, who and when) or, for a first moderation
or decision, remove the row. Both are audited changes like any other: the log keeps the undone value
as the `old` of a `delete` or `update` event, so nothing the panel agreed is ever lost from the record.

The same round-status rules apply as to the change itself: moderation is edited only in moderation,
decisions in moderation or decided.

Many at once: `decide_many` saves a list of `DecisionChoice` in one transaction (all or none), and
`down_the_ranking` computes the chair's usual first pass from the one ranking and budget line of
the core (`summarise`): fund above the line at what each asks (price, for tenders), decline what
fails a pass mark, reserve the rest. Nothing is saved until the chair passes it to `decide_many`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import ROUND_STATUSES, Decision, DecisionKind, Moderation, Round, RoundStatus
from svassessor.panel.summary import summarise
from svassessor.round_status import neighbours, transition_problem, work_left
from svassessor.storage.codec import pence, utc_text
from svassessor.store import Store

MODERATION_STATUSES = ("moderation",)
DECISION_STATUSES = ("moderation", "decided")


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
    store.panel.require_status(round_, *MODERATION_STATUSES)
    with store.change() as audit:
        row_id = _moderation_id(store, application_id, criterion_id)
        if row_id is None:
            return False
        audit.delete("moderations", row_id)
    return True


def restore_moderation(store: Store, round_: Round, moderation: Moderation) -> None:
    """Make the moderation exactly as recorded in `moderation` (its id, score, rationale, who, when)."""
    store.panel.require_status(round_, *MODERATION_STATUSES)
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
    store.panel.require_status(round_, *DECISION_STATUSES)
    with store.change() as audit:
        row_id = _decision_id(store, application_id)
        if row_id is None:
            return False
        audit.delete("decisions", row_id)
    return True


def restore_decision(store: Store, round_: Round, decision: Decision) -> None:
    """Make the decision exactly as recorded in `decision` (kind, amount, feedback, who, when)."""
    restore_decisions(store, round_, [decision.application_id], [decision])


def current_status(store: Store, round_: Round) -> RoundStatus:
    """The round's status as stored now (the `Round` a window holds may be older)."""
    return store.database.conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]


@dataclass(frozen=True, slots=True)
class MoveCheck:
    """What stands between the round and one stage it could move to."""

    problem: str | None  # why it cannot move at all (a hard precondition), or None
    work_left: tuple[str, ...]  # what moving on would leave behind; moving needs confirming (--force)

    @property
    def ready(self) -> bool:
        return self.problem is None and not self.work_left

    @property
    def sentence(self) -> str | None:
        """Both in plain words, the hard problem first: what the panel's status line shows; None when ready."""
        parts = ([self.problem] if self.problem else []) + list(self.work_left)
        return "; ".join(parts) or None


def move_checks(store: Store, round_: Round) -> dict[RoundStatus, MoveCheck]:
    """Each stage the round could move to next, with what stands in the way.

    Uses the very facts `store.rounds.set_status` checks, so the hint shown before a move and the
    refusal given on trying it always agree. Stepping back leaves no work behind.
    """
    current = current_status(store, round_)
    facts = store.rounds._facts(round_)  # noqa: SLF001 - one source of the preconditions
    here = ROUND_STATUSES.index(current)
    return {target: MoveCheck(transition_problem(current, target, facts),
                              tuple(work_left(facts, target)) if ROUND_STATUSES.index(target) > here else ())
            for target in neighbours(current)}


def move_problems(store: Store, round_: Round) -> dict[RoundStatus, str | None]:
    """Each stage the round could move to next, with what stands in the way in words (None when ready).

    The hard problem and the work left, as `MoveCheck.sentence`; `move_checks` keeps them apart.
    """
    return {target: check.sentence for target, check in move_checks(store, round_).items()}


@dataclass(frozen=True, slots=True)
class DecisionChoice:
    """One decision the panel means to make (not yet saved)."""

    application_id: str
    decision: DecisionKind
    amount: Decimal | None
    feedback: str = ""


def decide_many(store: Store, round_: Round, choices: Sequence[DecisionChoice]) -> list[Decision]:
    """Save many decisions in one transaction: all of them, or (on any refusal) none.

    Returns the decisions as saved, in the order given. Undo: `restore_decisions` with what was there.
    """
    store.panel.require_status(round_, *DECISION_STATUSES)
    applications = {a.id: a for a in store.applications.for_round(round_)}
    seen: set[str] = set()
    for choice in choices:
        if choice.application_id not in applications:
            raise NotFound(f"Round '{round_.name}' has no application with id {choice.application_id}.")
        if choice.application_id in seen:
            reference = applications[choice.application_id].reference
            raise NotAllowed(f"{reference} is given two decisions at once; give it one.")
        seen.add(choice.application_id)
    with store.change() as audit:
        for choice in choices:
            store.panel.write_decision(audit, applications[choice.application_id], decision=choice.decision,
                                       amount_awarded=choice.amount, feedback=choice.feedback)
    saved = {d.application_id: d for d in store.panel.decisions(round_)}
    return [saved[choice.application_id] for choice in choices]


def restore_decisions(store: Store, round_: Round, application_ids: Sequence[str],
                      before: Sequence[Decision]) -> None:
    """Put the decisions on these applications back as they were (one transaction): undo of `decide_many`.

    `before` holds the decisions those applications had; an application without one loses its decision.
    """
    store.panel.require_status(round_, *DECISION_STATUSES)
    kept = {d.application_id: d for d in before}
    with store.change() as audit:
        for application_id in application_ids:
            row_id = _decision_id(store, application_id)
            decision = kept.get(application_id)
            if decision is None:
                if row_id is not None:
                    audit.delete("decisions", row_id)
                continue
            values = {"decision": decision.decision, "amount_awarded_pence": pence(decision.amount_awarded),
                      "feedback": decision.feedback, "decided_by": decision.decided_by,
                      "decided_at": utc_text(decision.decided_at)}
            if row_id is not None and row_id != decision.id:
                audit.delete("decisions", row_id)
                row_id = None
            if row_id is None:
                audit.insert("decisions", {"id": decision.id, "application_id": application_id, **values})
            else:
                audit.update("decisions", row_id, values)


def down_the_ranking(store: Store, round_: Round, *,
                     rest: Literal["reserve", "leave"] = "reserve") -> list[DecisionChoice]:
    """The chair's first pass, computed, not saved: in rank order, fund each application above the
    budget line at what it asks (its price, for a tender), decline each that fails a pass mark, and
    reserve the rest; with `rest="leave"`, only the funded rows (the window's "Fund down to the
    budget line").

    Refused, with a sentence, when the round has no budget: there is no line to fund down to.
    """
    if round_.budget is None:
        raise NotAllowed(f"Round '{round_.name}' has no budget, so there is no budget line to fund down to; "
                         "set one first (round set --budget).")
    summary = summarise(store, round_)
    choices = []
    for standing in summary.ranking:
        app = standing.candidate.id
        if summary.budget.status.get(app) == "funded":
            choices.append(DecisionChoice(app, "fund", standing.cost))
        elif rest == "leave":
            continue
        elif not standing.meets_threshold:
            choices.append(DecisionChoice(app, "decline", None))
        else:
            choices.append(DecisionChoice(app, "reserve", None))
    return choices
