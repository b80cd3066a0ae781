"""The few facts the scoring engine needs about a round, read lean.

Summarising a round of 2,000 applications must not parse every narrative: these queries read only
the columns the engine uses, as the engine's own plain types.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from svassessor.models import Round
from svassessor.references import reference_key
from svassessor.scoring.inputs import Candidate, Conflicts, Moderated
from svassessor.storage.codec import date_parse

if TYPE_CHECKING:
    from svassessor.store import Store


def _pounds(pence: int | None) -> Decimal | None:
    return None if pence is None else Decimal(pence) / 100


class Facts:
    def __init__(self, store: Store):
        self.store = store

    def candidates(self, round_: Round) -> list[Candidate]:
        """The applications the engine ranks: every eligible or not yet screened one (an ineligible
        application keeps its record but leaves the ranking and every statistic)."""
        conn = self.store.database.conn
        out = self.store.screenings.ineligible_ids(round_)
        groups: dict[str, list[str]] = defaultdict(list)
        places: dict[str, list[str]] = defaultdict(list)
        for app, group, place in conn.execute(
                "SELECT o.application_id, o.beneficiary_group, o.place FROM offers o "
                "JOIN applications a ON a.id = o.application_id WHERE a.round_id = ?", [round_.id]):
            if group:
                groups[app].append(group)
            if place:
                places[app].append(place)
        awarded = dict(conn.execute(
            "SELECT d.application_id, d.amount_awarded_pence FROM decisions d JOIN applications a "
            "ON a.id = d.application_id WHERE a.round_id = ? AND d.decision = 'fund'", [round_.id]).fetchall())
        return [
            Candidate(id=app, reference=reference, organisation=organisation, amount=_pounds(amount),
                      price=_pounds(price), received=date_parse(received), groups=tuple(groups[app]),
                      places=tuple(places[app]), awarded=_pounds(awarded.get(app)))
            for app, reference, organisation, amount, price, received in sorted(conn.execute(
                "SELECT id, reference, org_name, amount_requested_pence, price_pence, received FROM applications "
                "WHERE round_id = ?", [round_.id]), key=lambda row: reference_key(row[1])) if app not in out
        ]

    def moderated(self, round_: Round) -> Moderated:
        moderated: dict[str, dict[str, float]] = defaultdict(dict)
        for app, criterion, score in self.store.database.conn.execute(
                "SELECT m.application_id, m.criterion_id, m.score FROM moderations m JOIN applications a "
                "ON a.id = m.application_id WHERE a.round_id = ?", [round_.id]):
            moderated[app][criterion] = score
        return moderated

    def excluded(self, round_: Round) -> Conflicts:
        """(assessor id, application id) pairs whose scores every statistic leaves out: declared conflicts,
        and, in an assigned round, score sheets of an application the assessor is not assigned."""
        return set(self.store.database.conn.execute(
            "SELECT c.assessor_id, c.application_id FROM conflicts c JOIN assessors s ON s.id = c.assessor_id "
            "WHERE s.round_id = ?", [round_.id]).fetchall()) | self.store.assignments.unassigned_scored(round_)
