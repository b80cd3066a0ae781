"""Is the file's schema the one svassessor wrote? Tables, their columns, indexes and triggers, by name.

The audit log's guarantees rest on triggers (append-only, values only erased) that anyone with an SQLite
tool can drop, and a planted trigger could quietly change a score after the app said "(saved)". So
`check` compares the file's schema with the one its migrations make, and a file opened for writing is
refused when they differ: nothing is written into a file whose rules were changed behind our back.

Tables are compared by their set of columns (the SQL text and column order of a table changed by ALTER
TABLE depend on the order migrations landed in); indexes and triggers by their SQL, whitespace aside.
SQLite's own tables (`sqlite_*`) and an assessor's file's identity table are not ours to judge.
"""

from __future__ import annotations

import sqlite3
from functools import cache

_OURS_TOO = {"file_identity"}  # written by `prepare` into an assessor's file, not by a migration


def trigger_problems(conn: sqlite3.Connection) -> list[str]:
    """The triggers that differ from those a current file has (missing, added, changed): cheap enough to ask
    on every open for writing, where the whole comparison (`schema_problems`) is for `check`."""
    from svassessor.storage.migrations import expected_triggers

    found = {name: " ".join(sql.split()).rstrip(";")
             for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    return _compare({("trigger", k): v for k, v in expected_triggers().items()},
                    {("trigger", k): v for k, v in found.items()})


def schema_problems(conn: sqlite3.Connection) -> list[str]:
    """What differs from the schema of this file's version, in words; empty when nothing does."""
    names = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")} \
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() else set()
    return _compare(_expected(frozenset(names)), _schema(conn))


@cache
def _expected(applied: frozenset[str]) -> dict[tuple[str, str], object]:
    """The schema the named migrations make in an empty database (made once per set of names)."""
    import sqlite_utils

    from svassessor.storage.migrations import MIGRATIONS, migrate

    fresh = sqlite3.connect(":memory:", isolation_level=None)
    try:
        order = [name for name, _ in MIGRATIONS]
        known = [name for name in order if name in applied]
        migrate(sqlite_utils.Database(fresh), target=order.index(known[-1]) + 1 if known else 0)
        return _schema(fresh)
    finally:
        fresh.close()


def _schema(conn: sqlite3.Connection) -> dict[tuple[str, str], object]:
    out: dict[tuple[str, str], object] = {}
    for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master"):
        if name.startswith("sqlite_") or name in _OURS_TOO or sql is None:
            continue
        if kind == "table":
            out[(kind, name)] = frozenset(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")'))
        else:
            out[(kind, name)] = " ".join(sql.split())
    return out


def _compare(expected: dict[tuple[str, str], object], found: dict[tuple[str, str], object]) -> list[str]:
    problems = [f"{kind} {name} is missing" for kind, name in sorted(expected.keys() - found.keys())]
    problems += [f"{kind} {name} was added" for kind, name in sorted(found.keys() - expected.keys())]
    problems += [f"{kind} {name} was changed" for kind, name in sorted(expected.keys() & found.keys())
                 if expected[(kind, name)] != found[(kind, name)]]
    return problems
