"""Files as an older build left them, made from a file of this build: for tests of the forward migrations.

`back_to_version` takes a file back to the schema a build of `version` migrations made (found by comparing
with a fresh file of that version: later tables, columns and triggers go, the old triggers come back) and,
when that build wrote the first form of audit event, writes every event again as that build wrote it: the
whole row in the hashed text, chained with the first form's hash. That is what an older build's own
`AuditWriter` wrote (tests/test_storage_file.py writes such a file through it over the old schema).
"""

from __future__ import annotations

import sqlite3

import sqlite_utils

from svassessor.storage.audit import GENESIS, canonical, event_hash, joined
from svassessor.storage.migrations import MIGRATIONS, migrate


def back_to_version(conn: sqlite3.Connection, version: int) -> None:
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    migrate(sqlite_utils.Database(fresh), target=version)
    tables = {name: sql for name, sql in fresh.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
    triggers = dict(fresh.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    old_form = "format" not in {row[1] for row in fresh.execute("PRAGMA table_info(audit)")}
    if old_form and "format" in {row[1] for row in conn.execute("PRAGMA table_info(audit)")}:
        _events_in_first_form(conn)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        if name.startswith("sqlite_"):
            continue
        if name not in tables:
            conn.execute(f"DROP TABLE {name}")
            continue
        wanted = {row[1] for row in fresh.execute(f"PRAGMA table_info({name})")}
        for column in [row[1] for row in conn.execute(f"PRAGMA table_info({name})")]:
            if column not in wanted:
                conn.execute(f'ALTER TABLE {name} DROP COLUMN "{column}"')
    for sql in triggers.values():
        conn.execute(sql)
    for name, _ in MIGRATIONS[version:]:
        conn.execute("DELETE FROM schema_migrations WHERE name = ?", [name])
    conn.execute(f"PRAGMA user_version = {version}")


def _events_in_first_form(conn: sqlite3.Connection) -> None:
    """Every event again with the whole row in its text and the first form's hash (none may have been erased)."""
    events = conn.execute("SELECT seq, id, at, actor, action, entity, entity_id, old, old_private, new, new_private, "
                          "old_digest, new_digest FROM audit ORDER BY seq").fetchall()
    conn.execute("DELETE FROM audit")
    head = GENESIS
    for (seq, event_id, at, actor, action, entity, entity_id, old, old_private, new, new_private, old_digest,
         new_digest) in events:
        assert (old_digest is None or old_private) and (new_digest is None or new_private), f"#{seq} was erased"
        old_text = None if old is None else canonical(joined(old, old_private))
        new_text = None if new is None else canonical(joined(new, new_private))
        digest = event_hash(seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, head)
        conn.execute("INSERT INTO audit (seq, id, at, actor, action, entity, entity_id, old, new, prev_hash, hash, "
                     "format) VALUES (?,?,?,?,?,?,?,?,?,?,?,1)",
                     [seq, event_id, at, actor, action, entity, entity_id, old_text, new_text, head, digest])
        head = digest
