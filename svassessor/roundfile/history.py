"""A round's audit history: finding its events in a file's chain, checking them, and replaying them.

Imported history is kept like this: each event of the round file is appended to the importing
file's chain with its original time, actor, action and old → new (its seq, id and hashes are new,
because it now sits in this file's chain); then the import inserts every row with a fresh event by
the person importing. The chain stays whole, `svassessor check` still verifies (each row's last
event is its insertion), and the round's past stays readable where the audit log is read.
"""

from __future__ import annotations

import json
from collections import defaultdict

from svassessor.roundfile.format import AuditEventPart
from svassessor.storage.audit import canonical, event_hash
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
    for seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash, digest in database.conn.execute(
            "SELECT seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash FROM audit ORDER BY seq"):
        if entity_id not in ids[entity]:
            owner = _OWNER.get(entity)
            row = json.loads(new if new is not None else old)
            if owner is None or row.get(owner[0]) not in ids[owner[1]]:
                continue
            ids[entity].add(entity_id)
        events.append(AuditEventPart(
            seq=seq, id=event_id, at=at, actor=actor, action=action, entity=entity, entity_id=entity_id,
            old=None if old is None else json.loads(old), new=None if new is None else json.loads(new),
            prev_hash=prev_hash, hash=digest))
    return events


def _text(row: dict | None) -> str | None:
    return None if row is None else canonical(row)


def forged(event: AuditEventPart) -> bool:
    """True when the event no longer matches its own hash (it was edited after export)."""
    return event_hash(event.seq, event.id, event.at, event.actor, event.action, event.entity, event.entity_id,
                      _text(event.old), _text(event.new), event.prev_hash) != event.hash

