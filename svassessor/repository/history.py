"""Reading the audit log: the history behind a row, for the defensibility view and reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svassessor.models import AuditEvent
from svassessor.storage.audit import read_events
from svassessor.storage.codec import utc_parse

if TYPE_CHECKING:
    from svassessor.store import Store


class History:
    def __init__(self, store: Store):
        self.store = store

    def of(self, entity: str, entity_ids: list[str]) -> list[AuditEvent]:
        """Every event that touched these rows of one table, oldest first (values since erased left out)."""
        if not entity_ids:
            return []
        marks = ",".join("?" for _ in entity_ids)
        return [AuditEvent(seq=e.seq, id=e.id, at=utc_parse(e.at), actor=e.actor, action=e.action, entity=e.entity,
                           entity_id=e.entity_id, old=e.old, new=e.new, prev_hash=e.prev_hash, hash=e.hash)
                for e in read_events(self.store.database.conn, f"entity = ? AND entity_id IN ({marks})",
                                     [entity, *entity_ids])]

    def score_rows(self, application_id: str) -> dict[str, tuple[str, str]]:
        """Score row id → (assessor id, criterion id) for every score given on an application."""
        return {row_id: (assessor, criterion) for row_id, assessor, criterion in self.store.database.conn.execute(
            "SELECT s.id, a.assessor_id, s.criterion_id FROM scores s JOIN assessments a ON a.id = s.assessment_id "
            "WHERE a.application_id = ?", [application_id])}
