"""The audit log: every change to an audited row, who made it, when, old → new (DESIGN §3, §5).

Events are append-only (triggers refuse UPDATE and DELETE) and hash-chained: each event's SHA-256
covers its own fields and the hash of the event before, so editing or removing an event breaks the
chain. Each event also holds the whole row as it stood after the change, so a row edited by hand
no longer matches the last event that touched it; `verify` finds both kinds of tampering.

All writes to audited tables go through `insert`, `update` and `delete` here, inside the caller's
transaction, so a change and its event are saved together or not at all.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from svassessor.models import new_id
from svassessor.storage.codec import utc_text
from svassessor.storage.database import Database
from svassessor.storage.migrations import AUDITED_TABLES

GENESIS = "0" * 64
_BLOB_COLUMNS = {"attachments": "content"}  # covered by the row's own sha256 column instead
# Columns a later migration added: left out of a snapshot while NULL, so a row recorded before the
# column existed still matches the event that recorded it.
_ADDED_LATER = {"attachments": ("delivery_id",)}


canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def event_hash(seq: int, event_id: str, at: str, actor: str, action: str, entity: str,
               entity_id: str, old: str | None, new: str | None, prev_hash: str) -> str:
    """The SHA-256 an event carries: over its own fields and the hash of the event before it.

    Each field goes in as its length in bytes, a colon and the bytes (None as "~"), so no two
    different events share a body whatever their text holds.
    """
    parts = []
    for field in (str(seq), event_id, at, actor, action, entity, entity_id, old, new, prev_hash):
        if field is None:
            parts.append(b"~")
        else:
            data = field.encode("utf-8")
            parts.append(b"%d:%s" % (len(data), data))
    return hashlib.sha256(b"".join(parts)).hexdigest()


def _stored(types: dict[str, str], row: dict) -> dict:
    """The row as SQLite will give it back (REAL columns hold floats, INTEGER whole numbers ints)."""
    out = dict(row)
    for column, kind in types.items():
        if column not in out:
            continue
        value = out[column]
        if kind == "REAL":
            if type(value) is int:
                out[column] = float(value)
        elif kind == "INTEGER":
            if type(value) is bool or (type(value) is float and value.is_integer()):
                out[column] = int(value)
    return out


def snapshot(table: str, row: dict) -> dict:
    """The row as its audit event holds it: without its blob, and without later columns still NULL."""
    blob = _BLOB_COLUMNS.get(table)
    later = _ADDED_LATER.get(table, ())
    return {k: v for k, v in row.items() if k != blob and not (k in later and v is None)}


class AuditWriter:
    """Records events for one transaction, keeping the chain's head in hand between events."""

    def __init__(self, database: Database, actor: str):
        self.database = database
        self.conn = database.conn
        self.actor = actor
        last = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        self._seq, self._head = last if last else (0, GENESIS)
        self._at = utc_text(datetime.now(timezone.utc))

    def _event(self, action: str, entity: str, entity_id: str, old: dict | None, new: dict | None,
               *, at: str | None = None, actor: str | None = None) -> tuple:
        """The next event of the chain as a row for the audit table (not yet written)."""
        self._seq += 1
        event_id = new_id()
        at, actor = at or self._at, actor or self.actor
        old_text = None if old is None else canonical(snapshot(entity, old))
        new_text = None if new is None else canonical(snapshot(entity, new))
        digest = event_hash(self._seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, self._head)
        row = (self._seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, self._head, digest)
        self._head = digest
        return row

    def _write(self, events: list[tuple]) -> None:
        self.conn.executemany(
            "INSERT INTO audit (seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)", events)

    def _record(self, action: str, entity: str, entity_id: str, old: dict | None, new: dict | None) -> None:
        self._write([self._event(action, entity, entity_id, old, new)])

    def replay(self, *, at: str, actor: str, action: str, entity: str, entity_id: str, old: dict | None,
               new: dict | None) -> None:
        """Append an event made elsewhere (an imported round's history), keeping who made it and when."""
        self._write([self._event(action, entity, entity_id, old, new, at=at, actor=actor)])

    def insert(self, table: str, row: dict) -> dict:
        """Insert one row (with its `id`) and record it."""
        return self.insert_many(table, [row])[0]

    def insert_many(self, table: str, rows: Iterable[dict]) -> list[dict]:
        """Insert rows sharing the same columns and record each; the fast path for imports."""
        types = self.database.numeric_columns(table)
        stored = [_stored(types, row) for row in rows]
        if not stored:
            return []
        columns = list(stored[0])
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})", [[r[c] for c in columns] for r in stored]
        )
        self._write([self._event("insert", table, row["id"], None, row) for row in stored])
        return stored

    def update(self, table: str, row_id: str, changes: dict, *, old: dict | None = None) -> tuple[dict, dict] | None:
        """Change some columns of one row; record old → new. None when nothing actually changed.

        `old` saves a read when the caller has just read the row in this transaction.
        """
        old = old if old is not None else self.row(table, row_id)
        if old is None:
            raise KeyError(f"{table} {row_id}")
        new = {**old, **_stored(self.database.numeric_columns(table), changes)}
        if new == old:
            return None
        assignments = ", ".join(f'"{c}" = ?' for c in changes)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [new[c] for c in changes] + [row_id]
        )
        self._record("update", table, row_id, old, new)
        return old, new

    def delete(self, table: str, row_id: str) -> dict:
        old = self.row(table, row_id)
        if old is None:
            raise KeyError(f"{table} {row_id}")
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        self._record("delete", table, row_id, old, None)
        return old

    def row(self, table: str, row_id: str) -> dict | None:
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        found = cursor.fetchone()
        if found is None:
            return None
        return dict(zip([d[0] for d in cursor.description], found))


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    message: str


def verify(database: Database) -> AuditProblem | None:
    """The first sign of tampering, or None when the chain and every audited row agree."""
    conn = database.conn
    head, expected_seq = GENESIS, 0
    latest: dict[tuple[str, str], tuple[int, str | None]] = {}
    for seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash, digest in conn.execute(
        "SELECT seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash FROM audit ORDER BY seq"
    ):
        expected_seq += 1
        label = f"audit event #{seq} ({action} {entity} {entity_id})"
        if seq != expected_seq:
            return AuditProblem(seq, f"audit event #{expected_seq} is missing: the log was cut by hand")
        if prev_hash != head:
            return AuditProblem(seq, f"{label} does not follow the event before it: the log was edited by hand")
        if event_hash(seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash) != digest:
            return AuditProblem(seq, f"{label} does not match its hash: the log was edited by hand")
        head = digest
        latest[(entity, entity_id)] = (seq, new)
    return _rows_match(conn, latest)


def _rows_match(conn: sqlite3.Connection, latest: dict[tuple[str, str], tuple[int, str | None]]) -> AuditProblem | None:
    problems: list[AuditProblem] = []
    seen: set[tuple[str, str]] = set()
    for table in AUDITED_TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(columns, values))
            key = (table, row["id"])
            seen.add(key)
            event = latest.get(key)
            if event is None or event[1] is None:
                problems.append(AuditProblem(None, f"{table} row {row['id']} has no audit event: it was added by hand"))
            elif canonical(snapshot(table, row)) != event[1]:
                problems.append(AuditProblem(
                    event[0], f"{table} row {row['id']} no longer matches audit event #{event[0]}, which recorded "
                              f"its last change: it was edited outside svassessor"))
            elif table in _BLOB_COLUMNS and hashlib.sha256(row[_BLOB_COLUMNS[table]]).hexdigest() != row["sha256"]:
                problems.append(AuditProblem(event[0], f"{table} row {row['id']} content does not match its SHA-256"))
    for key, (seq, new) in latest.items():
        if new is not None and key not in seen:
            problems.append(AuditProblem(seq, f"{key[0]} row {key[1]} recorded by audit event #{seq} was deleted by hand"))
    if not problems:
        return None
    return min(problems, key=lambda p: (p.seq is None, p.seq or 0))
