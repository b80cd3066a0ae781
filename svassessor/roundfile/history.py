"""A round's audit history: finding its events in a file's chain, checking them, and replaying them.

Imported history is kept like this: each event of the round file is appended to the importing
file's chain with its original time, actor, action and old → new (its seq, id and hashes are new,
because it now sits in this file's chain); then the import inserts every row with a fresh event by
the person importing. The chain stays whole, `svassessor check` still verifies (each row's last
event is its insertion), and the round's past stays readable where the audit log is read.
"""

from __future__ import annotations

from collections import defaultdict

from svassessor.roundfile.format import AuditEventPart
from svassessor.storage.audit import StoredEvent, read_events, stored_event_forged
from svassessor.storage.database import Database

# How a row of each table belongs to a round: (column of the row, table whose ids it must be among).
_OWNER = {
    "assessors": ("round_id", "rounds"), "applications": ("round_id", "rounds"),
    "narratives": ("application_id", "applications"), "offers": ("application_id", "applications"),
    "attachments": ("application_id", "applications"), "assessments": ("application_id", "applications"),
    "annotations": ("application_id", "applications"), "moderations": ("application_id", "applications"),
    "decisions": ("application_id", "applications"), "conflicts": ("assessor_id", "assessors"),
    "assignments": ("assessor_id", "assessors"),
    "scores": ("assessment_id", "assessments"), "deliveries": ("offer_id", "offers"),
    "explanation_overrides": ("application_id", "applications"),
    "screenings": ("application_id", "applications"),
    "redaction_words": ("round_id", "rounds"),
}


def round_events(database: Database, round_id: str, snapshot_id: str) -> list[AuditEventPart]:
    """Every event that touched a row of the round (rows since deleted included), in chain order."""
    ids: dict[str, set[str]] = defaultdict(set)
    ids["rounds"].add(round_id)
    ids["rubric_snapshots"].add(snapshot_id)
    events = []
    for event in read_events(database.conn):
        if event.entity_id not in ids[event.entity]:
            owner = _OWNER.get(event.entity)
            row = event.new if event.new is not None else event.old
            if owner is None or row is None or row.get(owner[0]) not in ids[owner[1]]:
                continue
            ids[event.entity].add(event.entity_id)
        events.append(AuditEventPart(
            seq=event.seq, id=event.id, at=event.at, actor=event.actor, action=event.action, entity=event.entity,
            entity_id=event.entity_id, old=event.old, new=event.new, prev_hash=event.prev_hash, hash=event.hash,
            format=event.format, old_digest=event.old_digest, new_digest=event.new_digest, old_salt=event.old_salt,
            new_salt=event.new_salt, erased=event.erased))
    return events


def forged(event: AuditEventPart) -> bool:
    """True when the event no longer matches its own hash (it was edited after export)."""
    return stored_event_forged(StoredEvent(
        event.seq, event.id, event.at, event.actor, event.action, event.entity, event.entity_id, event.old,
        event.new, event.prev_hash, event.hash, event.format, event.old_digest, event.new_digest, event.old_salt,
        event.new_salt, event.erased))
