"""Reading the audit log: the history behind a row, for the defensibility view and reports."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from svassessor.models import AuditEvent
from svassessor.storage.codec import utc_parse

if TYPE_CHECKING:
    from svassessor.store import Store


class History:
    def __init__(self, store: Store):
        self.store = store

    def of(self, entity: str, entity_ids: list[str]) -> list[AuditEvent]:
        """Every event that touched these rows of one table, oldest first."""
        if not entity_ids:
            return []
        marks = ",".join("?" for _ in entity_ids)
        rows = self.store.database.conn.execute(
            f"SELECT seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash FROM audit "
            f"WHERE entity = ? AND entity_id IN ({marks}) ORDER BY seq", [entity, *entity_ids]).fetchall()
        return [AuditEvent(seq=seq, id=event_id, at=utc_parse(at), actor=actor, action=action, entity=table,
                           entity_id=row_id, old=None if old is None else json.loads(old),
                           new=None if new is None else json.loads(new), prev_hash=prev, hash=digest)
                for seq, event_id, at, actor, action, table, row_id, old, new, prev, digest in rows]

    def score_rows(self, application_id: str) -> dict[str, tuple[str, str]]:
        """Score row id → (assessor id, criterion id) for every score given on an application."""
        return {row_id: (assessor, criterion) for row_id, assessor, criterion in self.store.database.conn.execute(
            "SELECT s.id, a.assessor_id, s.criterion_id FROM scores s JOIN assessments a ON a.id = s.assessment_id "
            "WHERE a.application_id = ?", [application_id])}
