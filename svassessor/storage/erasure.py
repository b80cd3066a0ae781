"""Erasing values from the audit log, and then from the file's free pages and write-ahead log.

Format 2 events (see `storage.audit`) are erased by setting their private text to NULL: the digest stays
in the hashed event, so the chain verifies exactly as before.

Format 1 events, written before migration 0011, hashed the whole row, so their values cannot go without
their hash no longer being recomputable. An erasure cuts such an event down to its kept columns in place,
marks it with the erasure's id (`erased_by`, which the triggers allow once), and records in its own
erasure row a digest of every field each cut event now holds, hash and prev_hash included, in log order.
Why that is sound:
- the erasure first verifies the whole log (`repository.erasures` refuses a log that does not verify),
  so what it cuts down was, at that moment, exactly what its hashes vouched for;
- the cut events keep their hash and prev_hash, so the chain's links, its head and every printed head
  (`check --head`) are what they were;
- the erasure row is inserted through the audit log, so its digest is itself covered by a format 2
  event's hash and by every event after it: changing a cut event's kept text, or its erased_by, makes
  `verify` find the digest no longer agrees, just as changing an uncut event breaks its own hash;
- what is lost is only what erasure must lose: the values, and with them the proof that the cut event's
  own hash was made from them (the erasure's verification before it stands in for that).
Re-hashing the old events in their new form instead would have changed the head of every file, and so
broken every head already printed on a panel pack or a decision record.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping

from svassessor.storage.audit import old_event_digest, split

_CHUNK = 500  # ids per statement, well under SQLite's limit on parameters


def erase_history(conn: sqlite3.Connection, rows: Mapping[str, Iterable[str]], erasure_id: str, *,
                  since: int) -> tuple[int, str | None]:
    """Erase the erasable values of every event of these rows, inside the caller's transaction.

    Events after `since` are the erasure's own: their new side (the row with its values erased) stays.
    Returns how many format 1 events were cut down, and the digest the erasure records of them (None: none).
    """
    cut: list[tuple] = []
    for table, ids in rows.items():
        ids = sorted(ids)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            where = f"entity = ? AND entity_id IN ({marks})"
            conn.execute(f"UPDATE audit SET old_private = NULL WHERE {where} AND old_private IS NOT NULL",
                         [table, *chunk])
            conn.execute(f"UPDATE audit SET new_private = NULL WHERE {where} AND new_private IS NOT NULL "
                         f"AND seq <= ?", [table, *chunk, since])
            for event in conn.execute(
                    "SELECT seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash FROM audit "
                    f"WHERE {where} AND format = 1 AND erased_by IS NULL", [table, *chunk]).fetchall():
                cut.append(event)
    if not cut:
        return 0, None
    cut.sort()
    running = hashlib.sha256()
    for seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash, digest in cut:
        old, new = _kept(entity, old), _kept(entity, new)
        conn.execute("UPDATE audit SET old = ?, new = ?, erased_by = ? WHERE seq = ?", [old, new, erasure_id, seq])
        running.update(old_event_digest(seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash,
                                        digest).encode("ascii"))
    return len(cut), running.hexdigest()


def _kept(table: str, text: str | None) -> str | None:
    return None if text is None else split(table, json.loads(text))[0]


def clear_leftovers(conn: sqlite3.Connection) -> bool:
    """Leave no copy of erased values in the file's free pages or its write-ahead log.

    The connection erased with `PRAGMA secure_delete` on (freed space is overwritten with zeros); here the
    log is copied back and emptied, the file rebuilt (`VACUUM`, which also drops pages a past version left)
    and the log emptied again. False when another program held the log and it could not be emptied now
    (it is when the last program using the file closes it).
    """
    conn.execute("PRAGMA secure_delete = ON")
    emptied = _empty_log(conn)
    conn.execute("VACUUM")
    return _empty_log(conn) and emptied


def _empty_log(conn: sqlite3.Connection) -> bool:
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return busy == 0
