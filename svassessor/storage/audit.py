"""The audit log: every change to an audited row, who made it, when, old → new (DESIGN §3, §5).

Events are append-only (triggers refuse to change them, or to remove one) and hash-chained: each
event's SHA-256 covers its own fields and the hash of the event before, so editing or removing an
event breaks the chain. Each event also holds the whole row as it stood after the change, so a row
edited by hand no longer matches the last event that touched it; `verify` finds both kinds of tampering.

Personal data must be erasable (UK GDPR: storage limitation, the right to erasure) without breaking
the chain, so events are written in a second form (format 2). Each side of an event (old, new) is
split into the row's kept columns, stored as they are, and its erasable columns (`ERASABLE`: names,
contact details, narrative text), stored beside them as a random salt followed by their JSON
(`old_private`, `new_private`). The hash covers the kept text and `sha256(salt + JSON)`, the digest,
kept in its own column. Erasing sets the private text to NULL, the only change the triggers allow: the
digest stays, so the chain still verifies, and with the salt gone the digest cannot be used to confirm
a guess at the value. Erasing is done by `storage.erasure`, which also says how events written before
format 2 (format 1: the whole row in the hashed text) are erased, and why that is sound. Every
missing value must be covered by an erasure: a recorded row of the `erasures` table names the rows
whose history it erased, and `verify` reports values removed any other way.

All writes to audited tables go through `insert`, `update` and `delete` here, inside the caller's
transaction, so a change and its event are saved together or not at all.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import operator
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final, Literal

from svassessor.storage.codec import new_id, new_ids, utc_text
from svassessor.storage.database import Database
from svassessor.storage.migrations import AUDITED_TABLES

GENESIS = "0" * 64
_BLOB_COLUMNS = {"attachments": "content"}  # covered by the row's own sha256 column instead
# Columns a later migration added: left out of a snapshot while NULL, so a row recorded before the
# column existed still matches the event that recorded it.
_ADDED_LATER = {"assessors": ("interests",), "attachments": ("delivery_id",),
                "rounds": ("funder_org_id", "nation", "standstill_from", "anonymised", "reveal_at", "retain_until"),
                "applications": ("sme", "vcse")}
# The columns whose values an erasure removes, table by table (what is kept, and why: README, "Personal
# data"). Part of format 2: an event is split by this list when written and when verified, so changing it
# needs a new format number.
ERASABLE: Final = {
    "applications": ("org_name", "org_postcode", "title", "summary", "extra"),
    "narratives": ("text", "source"),
    "offers": ("description", "evidence"),
    "attachments": ("filename",),
    "deliveries": ("evidence", "story"),
    "annotations": ("quote",),
}
SALT_CHARS = 32  # a private text is this many hex characters of salt, then the erasable columns' JSON
_ERASED = "\x00erased"  # stands for a private text that was erased, where a row is compared with its event
_EVENT_COLUMNS = ("seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash, format, old_digest, "
                  "new_digest, old_private, new_private, erased_by")

canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode

Parts = tuple[str, str | None]  # one side of a format 2 event: the kept columns' JSON, the erasable columns' JSON


def event_hash(seq: int, event_id: str, at: str, actor: str, action: str, entity: str,
               entity_id: str, old: str | None, new: str | None, prev_hash: str) -> str:
    """The SHA-256 a format 1 event carries: over its own fields and the hash of the event before it.

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


def event_hash_v2(seq: int, event_id: str, at: str, actor: str, action: str, entity: str, entity_id: str,
                  old: str | None, old_digest: str | None, new: str | None, new_digest: str | None,
                  prev_hash: str) -> str:
    """The SHA-256 a format 2 event carries: as `event_hash`, over the kept texts and the erasable texts' digests.

    The body starts "2|", which no format 1 body does (those start with a digit), so the two never coincide.
    """
    seq_text = str(seq)
    body = (f"2|{len(seq_text)}:{seq_text}{len(event_id)}:{event_id}{len(at)}:{at}{len(actor)}:{actor}"
            f"{len(action)}:{action}{len(entity)}:{entity}{len(entity_id)}:{entity_id}"
            f"{'~' if old is None else f'{len(old)}:{old}'}{'~' if old_digest is None else f'64:{old_digest}'}"
            f"{'~' if new is None else f'{len(new)}:{new}'}{'~' if new_digest is None else f'64:{new_digest}'}"
            f"{len(prev_hash)}:{prev_hash}")
    if not body.isascii():
        body = "2|" + "".join(_field(f) for f in (seq_text, event_id, at, actor, action, entity, entity_id, old,
                                                    old_digest, new, new_digest, prev_hash))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def old_event_digest(seq: int, event_id: str, at: str, actor: str, action: str, entity: str, entity_id: str,
                     old: str | None, new: str | None, prev_hash: str, digest: str) -> str:
    """What an erasure records of a format 1 event whose text it cut down: every field as it now stands."""
    return hashlib.sha256("".join(_field(f) for f in (str(seq), event_id, at, actor, action, entity, entity_id, old,
                                                        new, prev_hash, digest)).encode("utf-8")).hexdigest()


def _field(text: str | None) -> str:
    return "~" if text is None else f"{len(text.encode('utf-8'))}:{text}"


def private_digest(private: str) -> str:
    return hashlib.sha256(private.encode("utf-8")).hexdigest()


class _Salts:
    """Fresh random salts, drawn from the system a few thousand at a time (an import seals tens of thousands)."""

    def __init__(self) -> None:
        self._noise, self._at = "", 0

    def next(self) -> str:
        if self._at >= len(self._noise):
            self._noise, self._at = secrets.token_hex(SALT_CHARS // 2 * 4096), 0
        self._at += SALT_CHARS
        return self._noise[self._at - SALT_CHARS:self._at]


def _sealed(parts: Parts | None, salts: _Salts) -> tuple[str | None, str | None, str | None]:
    """(kept text, digest, private text) of one side; a fresh salt for each private text."""
    if parts is None:
        return None, None, None
    kept, personal = parts
    if personal is None:
        return kept, None, None
    private = salts.next() + personal
    return kept, hashlib.sha256(private.encode("utf-8")).hexdigest(), private


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
    """A row as a format 1 event holds it, as text; None for no row (before an insert, after a delete)."""
    return None if row is None else canonical(snapshot(table, row))


def snapshot(table: str, row: dict) -> dict:
    """The row as its audit event holds it: without its blob, and without later columns still NULL."""
    if table not in _BLOB_COLUMNS and table not in _ADDED_LATER:
        return row
    blob = _BLOB_COLUMNS.get(table)
    later = _ADDED_LATER.get(table, ())
    return {k: v for k, v in row.items() if k != blob and not (k in later and v is None)}


def split(table: str, row: dict) -> Parts:
    """A row as a format 2 event holds it: its kept columns' JSON, and its erasable columns' JSON (None: none)."""
    shown = snapshot(table, row)
    erasable = ERASABLE.get(table)
    if erasable is None:
        return canonical(shown), None
    personal = {c: shown[c] for c in erasable if c in shown}
    if not personal:
        return canonical(shown), None
    return canonical({k: v for k, v in shown.items() if k not in personal}), canonical(personal)


def joined(kept: str | None, private: str | None) -> dict | None:
    """One side of a stored event as a row: its kept columns, and its erasable ones unless they were erased."""
    if kept is None:
        return None
    row = json.loads(kept)
    if private is not None:
        row.update(json.loads(private[SALT_CHARS:]))
    return row


class AuditWriter:
    """Records events for one transaction, keeping the chain's head in hand between events.

    Events are written in the form the file's version holds: format 1 until migration 0011 gave the log
    its `format` column (a migration before it writes as files of that time did), format 2 after.
    """

    def __init__(self, database: Database, actor: str):
        self.database = database
        self.conn = database.conn
        self.actor = actor
        self.format = 2 if "format" in database.numeric_columns("audit") else 1
        last = self.conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        self._seq: int = last[0] if last else 0
        self._head: str = last[1] if last else GENESIS
        self._at = utc_text(datetime.now(UTC))
        self._salts = _Salts()

    @property
    def last_seq(self) -> int:
        """The number of the last event of the chain, this transaction's included."""
        return self._seq

    def parts(self, table: str, row: dict | None) -> Parts | None:
        """A row as this writer's events hold it."""
        if row is None:
            return None
        return split(table, row) if self.format == 2 else (canonical(snapshot(table, row)), None)

    def _event(self, action: str, entity: str, entity_id: str, old: Parts | None, new: Parts | None,
               at: str, actor: str, event_id: str) -> tuple:
        """The next event of the chain as a row for the audit table (not yet written)."""
        self._seq = seq = self._seq + 1
        head = self._head
        if self.format == 1:
            old_text, new_text = old and old[0], new and new[0]
            self._head = digest = event_hash(seq, event_id, at, actor, action, entity, entity_id, old_text, new_text,
                                             head)
            return seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, head, digest
        old_text, old_digest, old_private = _sealed(old, self._salts)
        new_text, new_digest, new_private = _sealed(new, self._salts)
        self._head = digest = event_hash_v2(seq, event_id, at, actor, action, entity, entity_id, old_text, old_digest,
                                            new_text, new_digest, head)
        return (seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, head, digest, 2, old_digest,
                new_digest, old_private, new_private)

    def _write(self, events: list[tuple]) -> None:
        if self.format == 1:
            self.conn.executemany(
                "INSERT INTO audit (seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)", events)
            return
        self.conn.executemany(
            "INSERT INTO audit (seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash, format, "
            "old_digest, new_digest, old_private, new_private) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", events)

    def _record(self, action: str, entity: str, entity_id: str, old: dict | None, new: dict | None) -> None:
        self._write([self._event(action, entity, entity_id, self.parts(entity, old), self.parts(entity, new),
                                 self._at, self.actor, new_id())])

    def replay(self, *, at: str, actor: str, action: str, entity: str, entity_id: str, old: dict | None,
               new: dict | None) -> None:
        """Append an event made elsewhere (an imported round's history), keeping who made it and when.

        Values the other file had erased are left out: the event holds what is known of the row.
        """
        self._write([self._event(action, entity, entity_id, self.parts(entity, old), self.parts(entity, new), at,
                                 actor, new_id())])

    def insert(self, table: str, row: dict) -> dict:
        """Insert one row (with its `id`) and record it."""
        return self.insert_many(table, [row])[0]

    def insert_many(self, table: str, rows: Iterable[dict], *, recorded: Iterable[Parts | None] = ()) -> list[dict]:
        """Insert rows sharing the same columns and record each; the fast path for imports and merges.

        `recorded` may give, row by row, how a row's event holds it when the caller has it already:
        a merge takes rows that were just verified against their own file's events, which hold them
        the same way, and saves encoding two hundred thousand rows again. None for a row means "encode it".
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
        parts = itertools.chain(recorded, itertools.repeat(None))
        at, actor = self._at, self.actor
        self._write([self._event("insert", table, row["id"], None, self.parts(table, row) if known is None else known,
                                 at, actor, event_id)
                     for row, known, event_id in zip(stored, parts, new_ids(len(stored)))])
        return stored

    def update(self, table: str, row_id: str, changes: dict, *, old: dict | None = None,
               even_if_unchanged: bool = False) -> tuple[dict, dict] | None:
        """Change some columns of one row; record old → new. None when nothing actually changed.

        `old` saves a read when the caller has just read the row in this transaction.
        `even_if_unchanged` records the event all the same (an erasure records every row it went through).
        """
        old = old if old is not None else self.row(table, row_id)
        new = {**old, **_stored(self.database.numeric_columns(table), changes)}
        if new == old and not even_if_unchanged:
            return None
        if changes:
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
class StoredEvent:
    """An event as the log holds it now: each side as a row (erased values left out), and how it is sealed."""

    seq: int
    id: str
    at: str
    actor: str
    action: Literal["insert", "update", "delete"]
    entity: str
    entity_id: str
    old: dict | None
    new: dict | None
    prev_hash: str
    hash: str
    format: Literal[1, 2]
    old_digest: str | None
    new_digest: str | None
    old_salt: str | None
    new_salt: str | None
    erased: bool  # some of its values were erased


def read_events(conn: sqlite3.Connection, where: str = "", params: Sequence[object] = ()) -> Iterator[StoredEvent]:
    """The events matching `where` (SQL over the audit table's columns), in chain order."""
    for (seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash, digest, form, old_digest,
         new_digest, old_private, new_private, erased_by) in conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM audit {f'WHERE {where}' if where else ''} ORDER BY seq", params):
        erased = erased_by is not None or (old_digest is not None and old_private is None) or (
            new_digest is not None and new_private is None)
        yield StoredEvent(seq, event_id, at, actor, action, entity, entity_id, joined(old, old_private),
                          joined(new, new_private), prev_hash, digest, form, old_digest, new_digest,
                          old_private and old_private[:SALT_CHARS], new_private and new_private[:SALT_CHARS], erased)


def stored_event_forged(event: StoredEvent) -> bool:
    """True when an event (read from a file, or carried in a round file) no longer matches its own hash.

    A format 1 event an erasure cut down cannot be checked on its own (its erasure vouches for it in
    the file it was erased in): it counts as not forged.
    """
    if event.format == 1:
        if event.erased:
            return False
        return event_hash(event.seq, event.id, event.at, event.actor, event.action, event.entity, event.entity_id,
                          _text(event.entity, event.old), _text(event.entity, event.new), event.prev_hash) != event.hash
    sides: list[str | None] = []
    for row, digest, salt in ((event.old, event.old_digest, event.old_salt), (event.new, event.new_digest,
                                                                             event.new_salt)):
        kept, personal = (None, None) if row is None else split(event.entity, row)
        if salt is not None and (personal is None or private_digest(salt + personal) != digest):
            return True
        sides.append(kept)
    old, new = sides
    old_digest, new_digest = event.old_digest, event.new_digest
    return event_hash_v2(event.seq, event.id, event.at, event.actor, event.action, event.entity, event.entity_id,
                         old, old_digest, new, new_digest, event.prev_hash) != event.hash


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    message: str


@dataclass(frozen=True)
class LogCheck:
    """What verifying a file's log found: the first problem (None: none), and the rows of the tables
    asked for, each as its last event holds it, which the row matches when there is no problem."""

    problem: AuditProblem | None
    rows: dict[str, list[tuple[dict, Parts]]]


def chain_head(conn: sqlite3.Connection) -> str:
    """The hash of the last event: what a printed document was made from (GENESIS for an empty log)."""
    found = conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return found[0] if found else GENESIS


def head_position(conn: sqlite3.Connection, printed: str) -> tuple[int, int] | None:
    """Where a printed head (the whole hash, or its first 12 characters or more) sits in this file's chain:
    (its event's number, how many events the chain has), or None when the chain never passed through it.

    Only meaningful once the chain verifies: then a file holding the event extends the chain the
    document was made from, however its later events were written. An erasure keeps every event's hash.
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


# What the chain says a row should hold: a format 1 event's text, a format 2 event's (kept, erasable) texts,
# or None when its last event deleted it.
_Expected = str | tuple[str, str | None] | None


def check_log(database: Database, keep: tuple[str, ...] = ()) -> LogCheck:
    """Verify the chain and every audited row, keeping the rows of the tables in `keep` as read.

    A merge takes rows from the file it verifies: kept here, they are read once, not twice.
    """
    latest: dict[tuple[str, str], tuple[int, _Expected]] = {}
    rows: dict[str, list[tuple[dict, Parts]]] = {table: [] for table in keep}
    problem = _chain_problem(database.conn, latest) or _rows_match(database.conn, latest, rows)
    return LogCheck(problem, rows)


def _chain_problem(conn: sqlite3.Connection,
                   latest: dict[tuple[str, str], tuple[int, _Expected]]) -> AuditProblem | None:
    """The first event that breaks the chain, or None; fills `latest` with each row's last event.

    Also that every value missing from an event was taken out by an erasure recorded after it, and that
    every format 1 event an erasure cut down is, field for field, as that erasure recorded it.
    """
    head, expected_seq = GENESIS, 0
    erased: list[tuple[int, str, str, str]] = []  # format 2 events that have lost a value
    cut: dict[str, hashlib._Hash] = {}  # erasure id → the running digest of the format 1 events it cut down
    covered: dict[tuple[str, str], int] = {}  # row → the last erasure of its history
    for (seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash, digest, form, old_digest,
         new_digest, old_private, new_private, erased_by) in conn.execute(
            f"SELECT {_EVENT_COLUMNS} FROM audit ORDER BY seq"):
        expected_seq += 1
        if seq != expected_seq:
            return AuditProblem(seq, f"audit event #{expected_seq} is missing: the log was cut by hand")
        expected: _Expected = new
        if form == 2:
            sound = (event_hash_v2(seq, event_id, at, actor, action, entity, entity_id, old, old_digest, new,
                                   new_digest, prev_hash) == digest
                     and _opens(old_private, old_digest) and _opens(new_private, new_digest))
            if (old_digest is not None and old_private is None) or (new_digest is not None and new_private is None):
                erased.append((seq, action, entity, entity_id))
            if new is not None:
                expected = (new, None if new_digest is None else
                            _ERASED if new_private is None else new_private[SALT_CHARS:])
        elif erased_by is None:
            sound = event_hash(seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash) == digest
        else:
            cut.setdefault(erased_by, hashlib.sha256()).update(old_event_digest(
                seq, event_id, at, actor, action, entity, entity_id, old, new, prev_hash, digest).encode("ascii"))
            sound = True
        if prev_hash != head or not sound:
            broken = "does not follow the event before it" if prev_hash != head else "does not match its hash"
            return AuditProblem(seq, f"audit event #{seq} ({action} {entity} {entity_id}) {broken}: "
                                     f"the log was edited by hand")
        if entity == "erasures" and action == "insert":
            record = json.loads(new)
            for table, ids in json.loads(record["erased_rows"]).items():
                covered.update(((table, row_id), seq) for row_id in ids)
            running = cut.pop(entity_id, None)
            if (None if running is None else running.hexdigest()) != record["old_events_digest"]:
                return AuditProblem(seq, f"audit event #{seq} records an erasure, and the older events it erased "
                                         f"no longer read as it recorded them: the log was edited by hand")
        head = digest
        latest[(entity, entity_id)] = (seq, expected)
    for seq, action, entity, entity_id in erased:
        if covered.get((entity, entity_id), 0) <= seq:
            return AuditProblem(seq, f"audit event #{seq} ({action} {entity} {entity_id}) has lost values that no "
                                     f"erasure took out: the log was edited by hand")
    if cut:
        return AuditProblem(None, "older audit events were cut down by an erasure the log does not hold: the log "
                                  "was edited by hand")
    return None


def _opens(private: str | None, digest: str | None) -> bool:
    """Whether a private text (if not erased) is the one its digest was made from."""
    return private is None or (digest is not None and private_digest(private) == digest)


def _rows_match(conn: sqlite3.Connection, latest: dict[tuple[str, str], tuple[int, _Expected]],
                kept: dict[str, list[tuple[dict, Parts]]]) -> AuditProblem | None:
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
            seq, expected = latest.pop((table, row["id"]), (None, None))
            parts: Parts | None = None
            if isinstance(expected, tuple) or keep is not None:
                parts = split(table, row)
            if expected is None:
                problems.append(AuditProblem(None, f"{table} row {row['id']} has no audit event: it was added by hand"))
            elif isinstance(expected, tuple) and expected[1] == _ERASED:
                problems.append(AuditProblem(
                    seq, f"{table} row {row['id']} cannot be checked: audit event #{seq}, which recorded its last "
                         f"change, has lost its values: the log was edited by hand"))
            elif (parts != expected) if isinstance(expected, tuple) else (_text(table, row) != expected):
                problems.append(AuditProblem(
                    seq, f"{table} row {row['id']} no longer matches audit event #{seq}, which recorded "
                         f"its last change: it was edited outside svassessor"))
            elif table in _BLOB_COLUMNS and hashlib.sha256(row[_BLOB_COLUMNS[table]]).hexdigest() != row["sha256"]:
                problems.append(AuditProblem(seq, f"{table} row {row['id']} content does not match its SHA-256"))
            if keep is not None and parts is not None:
                keep.append((row, parts))
    for (table, row_id), (seq, expected) in latest.items():
        if expected is not None:
            problems.append(AuditProblem(seq, f"{table} row {row_id} recorded by audit event #{seq} "
                                              "was deleted by hand"))
    if not problems:
        return None
    return min(problems, key=lambda p: (p.seq is None, p.seq or 0))
