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
import itertools
import json
import operator
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from svassessor.storage.codec import new_id, new_ids, utc_text
from svassessor.storage.database import Database
from svassessor.storage.migrations import AUDITED_TABLES

GENESIS = "0" * 64
_BLOB_COLUMNS = {"attachments": "content"}  # covered by the row's own sha256 column instead
# Columns a later migration added: left out of a snapshot while NULL, so a row recorded before the
# column existed still matches the event that recorded it.
_ADDED_LATER = {"assessors": ("interests",), "attachments": ("delivery_id",),
                "rounds": ("funder_org_id", "nation", "standstill_from", "anonymised", "reveal_at"),
                "applications": ("sme", "vcse")}


canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def event_hash(seq: int, event_id: str, at: str, actor: str, action: str, entity: str,
               entity_id: str, old: str | None, new: str | None, prev_hash: str) -> str:
    """The SHA-256 an event carries: over its own fields and the hash of the event before it.

    Each field goes in as its length in UTF-8 bytes, a colon and the field (None as "~"), so no two
    different events share a body whatever their text holds. Every event written or verified passes
    through here, so the body is first built with lengths in characters, which are the byte lengths
    whenever the whole body is ASCII; otherwise it is built again field by field.
    """
    seq_text = str(seq)
    body = (f"{len(seq_text)}:{seq_text}{len(event_id)}:{event_id}{len(at)}:{at}{len(actor)}:{actor}"
            f"{len(action)}:{action}{len(entity)}:{entity}{len(entity_id)}:{entity_id}"
            f"{'~' if old is None else f'{len(old)}:{old}'}{'~' if new is None else f'{len(new)}:{new}'}"
            f"{len(prev_hash)}:{prev_hash}")
    if not body.isascii():
        body = "".join(_field(f) for f in (seq_text, event_id, at, actor, action, entity, entity_id, old, new,
                                             prev_hash))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _field(text: str | None) -> str:
    return "~" if text is None else f"{len(text.encode('utf-8'))}:{text}"


def _stored(types: dict[str, str], row: dict) -> dict:
    """The row as SQLite will give it back (REAL columns hold floats, INTEGER whole numbers ints).

    The row itself when nothing changes, as for a row read from another file: no copy of it is made.
    """
    out = row
    for column, kind in types.items():
        value = row.get(column)
        stored: float | int
        if kind == "REAL" and type(value) is int:
            stored = float(value)
        elif kind != "REAL" and (type(value) is bool or (type(value) is float and value.is_integer())):
            stored = int(value)
        else:
            continue
        if out is row:
            out = dict(row)
        out[column] = stored
    return out


def _text(table: str, row: dict | None) -> str | None:
    """A row as its audit event holds it, as text; None for no row (before an insert, after a delete)."""
    return None if row is None else canonical(snapshot(table, row))


def snapshot(table: str, row: dict) -> dict:
    """The row as its audit event holds it: without its blob, and without later columns still NULL."""
    if table not in _BLOB_COLUMNS and table not in _ADDED_LATER:
        return row
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
        self._seq: int = last[0] if last else 0
        self._head: str = last[1] if last else GENESIS
        self._at = utc_text(datetime.now(UTC))

    def _event(self, action: str, entity: str, entity_id: str, old_text: str | None, new_text: str | None,
               at: str, actor: str, event_id: str) -> tuple:
        """The next event of the chain as a row for the audit table (not yet written)."""
        self._seq = seq = self._seq + 1
        head = self._head
        self._head = digest = event_hash(seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, head)
        return seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, head, digest

    def _write(self, events: list[tuple]) -> None:
        self.conn.executemany(
            "INSERT INTO audit (seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)", events)

    def _record(self, action: str, entity: str, entity_id: str, old: dict | None, new: dict | None) -> None:
        self._write([self._event(action, entity, entity_id, _text(entity, old), _text(entity, new), self._at,
                                 self.actor, new_id())])

    def replay(self, *, at: str, actor: str, action: str, entity: str, entity_id: str, old: dict | None,
               new: dict | None) -> None:
        """Append an event made elsewhere (an imported round's history), keeping who made it and when."""
        self._write([self._event(action, entity, entity_id, _text(entity, old), _text(entity, new), at, actor,
                                 new_id())])

    def insert(self, table: str, row: dict) -> dict:
        """Insert one row (with its `id`) and record it."""
        return self.insert_many(table, [row])[0]

    def insert_many(self, table: str, rows: Iterable[dict], *, recorded: Iterable[str | None] = ()) -> list[dict]:
        """Insert rows sharing the same columns and record each; the fast path for imports and merges.

        `recorded` may give, row by row, the text a row's event holds when the caller has it already:
        a merge takes rows that were just verified against their own file's events, whose text is the
        same, and saves encoding two hundred thousand rows again. None for a row means "encode it".
        """
        types = self.database.numeric_columns(table)
        stored = [_stored(types, row) for row in rows]
        if not stored:
            return []
        columns = list(stored[0])
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})",
                              map(operator.itemgetter(*columns), stored))
        texts = itertools.chain(recorded, itertools.repeat(None))
        at, actor = self._at, self.actor
        self._write([self._event("insert", table, row["id"], None, _text(table, row) if text is None else text,
                                 at, actor, event_id)
                     for row, text, event_id in zip(stored, texts, new_ids(len(stored)))])
        return stored

    def update(self, table: str, row_id: str, changes: dict, *, old: dict | None = None) -> tuple[dict, dict] | None:
        """Change some columns of one row; record old → new. None when nothing actually changed.

        `old` saves a read when the caller has just read the row in this transaction.
        """
        old = old if old is not None else self.row(table, row_id)
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
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        self._record("delete", table, row_id, old, None)
        return old

    def row(self, table: str, row_id: str) -> dict:
        """The row as it is now; KeyError when there is no such row."""
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        found = cursor.fetchone()
        if found is None:
            raise KeyError(f"{table} {row_id}")
        return dict(zip([d[0] for d in cursor.description], found))


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    message: str


@dataclass(frozen=True)
class LogCheck:
    """What verifying a file's log found: the first problem (None: none), and the rows of the tables
    asked for, each with the text of its last event, which the row equals when there is no problem."""

    problem: AuditProblem | None
    rows: dict[str, list[tuple[dict, str | None]]]


def chain_head(conn: sqlite3.Connection) -> str:
    """The hash of the last event: what a printed document was made from (GENESIS for an empty log)."""
    found = conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return found[0] if found else GENESIS


def head_position(conn: sqlite3.Connection, printed: str) -> tuple[int, int] | None:
    """Where a printed head (the whole hash, or its first 12 characters or more) sits in this file's chain:
    (its event's number, how many events the chain has), or None when the chain never passed through it.

    Only meaningful once the chain verifies: then a file holding the event extends the chain the
    document was made from, however its later events were written.
    """
    printed = printed.strip().lower()
    if printed == GENESIS:
        return 0, conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    if len(printed) < 12 or any(c not in "0123456789abcdef" for c in printed):
        return None
    found = conn.execute("SELECT seq FROM audit WHERE hash >= ? AND hash < ? ORDER BY seq LIMIT 2",
                         [printed, printed + "g"]).fetchall()
    if len(found) != 1:
        return None
    return found[0][0], conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def verify(database: Database) -> AuditProblem | None:
    """The first sign of tampering, or None when the chain and every audited row agree."""
    return check_log(database).problem


def check_log(database: Database, keep: tuple[str, ...] = ()) -> LogCheck:
    """Verify the chain and every audited row, keeping the rows of the tables in `keep` as read.

    A merge takes rows from the file it verifies: kept here, they are read once, not twice.
    """
    latest: dict[tuple[str, str], tuple[int, str | None]] = {}
    rows: dict[str, list[tuple[dict, str | None]]] = {table: [] for table in keep}
    problem = _chain_problem(database.conn, latest) or _rows_match(database.conn, latest, rows)
    return LogCheck(problem, rows)


def _chain_problem(conn: sqlite3.Connection,
                   latest: dict[tuple[str, str], tuple[int, str | None]]) -> AuditProblem | None:
    """The first event that breaks the chain, or None; fills `latest` with each row's last event."""
    head, expected_seq = GENESIS, 0
    for seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash, digest in conn.execute(
        "SELECT seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash FROM audit ORDER BY seq"
    ):
        expected_seq += 1
        if seq != expected_seq:
            return AuditProblem(seq, f"audit event #{expected_seq} is missing: the log was cut by hand")
        if prev_hash != head or event_hash(seq, event_id, at, actor, action, entity, entity_id, old, new,
                                           prev_hash) != digest:
            broken = "does not follow the event before it" if prev_hash != head else "does not match its hash"
            return AuditProblem(seq, f"audit event #{seq} ({action} {entity} {entity_id}) {broken}: "
                                     f"the log was edited by hand")
        head = digest
        latest[(entity, entity_id)] = (seq, new)
    return None


def _rows_match(conn: sqlite3.Connection, latest: dict[tuple[str, str], tuple[int, str | None]],
                kept: dict[str, list[tuple[dict, str | None]]]) -> AuditProblem | None:
    """The first row that differs from its last event (or has none, or whose event has no row).

    Takes each row's event out of `latest` as it goes: what is left was deleted by hand.
    """
    problems: list[AuditProblem] = []
    for table in AUDITED_TABLES:
        cursor = conn.execute(f"SELECT * FROM {table}")
        columns = [d[0] for d in cursor.description]
        keep = kept.get(table)
        for values in cursor:
            row = dict(zip(columns, values))
            seq, text = latest.pop((table, row["id"]), (None, None))
            if text is None:
                problems.append(AuditProblem(None, f"{table} row {row['id']} has no audit event: it was added by hand"))
            elif _text(table, row) != text:
                problems.append(AuditProblem(
                    seq, f"{table} row {row['id']} no longer matches audit event #{seq}, which recorded "
                         f"its last change: it was edited outside svassessor"))
            elif table in _BLOB_COLUMNS and hashlib.sha256(row[_BLOB_COLUMNS[table]]).hexdigest() != row["sha256"]:
                problems.append(AuditProblem(seq, f"{table} row {row['id']} content does not match its SHA-256"))
            if keep is not None:
                keep.append((row, text))
    for (table, row_id), (seq, text) in latest.items():
        if text is not None:
            problems.append(AuditProblem(seq, f"{table} row {row_id} recorded by audit event #{seq} "
                                              "was deleted by hand"))
    if not problems:
        return None
    return min(problems, key=lambda p: (p.seq is None, p.seq or 0))
