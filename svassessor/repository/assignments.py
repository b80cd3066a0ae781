"""Who reviews which application (DESIGN §3): the read side every statistic, file and view goes by.

A round with no assignment row gives every assessor every application they are not conflicted on, as
rounds did before assignment existed; once the chair assigns, only the assigned pairs count. A
conflict always wins: a conflicted pair is never assigned, whatever the rows say.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from svassessor.models import Round

if TYPE_CHECKING:
    from svassessor.store import Store


class Assignments:
    def __init__(self, store: Store):
        self.store = store

    def explicit(self, round_: Round) -> bool:
        """Whether the chair has assigned this round (any assignment row), rather than everyone reviewing all."""
        return self.store.database.conn.execute(
            "SELECT 1 FROM assignments g JOIN assessors s ON s.id = g.assessor_id WHERE s.round_id = ? LIMIT 1",
            [round_.id]).fetchone() is not None

    def assigned(self, round_: Round) -> dict[str, set[str]]:
        """Application id → the ids of the assessors who review it (conflicted pairs never included)."""
        conn = self.store.database.conn
        out: dict[str, set[str]] = defaultdict(set)
        if self.explicit(round_):
            rows = conn.execute(
                "SELECT g.application_id, g.assessor_id FROM assignments g JOIN assessors s ON s.id = g.assessor_id "
                "LEFT JOIN conflicts c ON c.assessor_id = g.assessor_id AND c.application_id = g.application_id "
                "WHERE s.round_id = ? AND c.id IS NULL", [round_.id])
        else:
            rows = conn.execute(
                "SELECT a.id, s.id FROM applications a JOIN assessors s ON s.round_id = a.round_id "
                "LEFT JOIN conflicts c ON c.assessor_id = s.id AND c.application_id = a.id "
                "WHERE a.round_id = ? AND c.id IS NULL", [round_.id])
        for application_id, assessor_id in rows:
            out[application_id].add(assessor_id)
        return dict(out)
