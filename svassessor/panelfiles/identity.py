"""Which assessor a prepared file is for: nobody else scores in it, and a merge takes only their rows.

One row in a `file_identity` table that `prepare` creates in the assessor's file only; a chair's
file has no such table. It is not one of the named migrations because it belongs to assessors'
files alone, not to every file (the statement says IF NOT EXISTS so that, were it ever made one,
files made before then would be adopted as they are). The row is not audited either; it does not
need to be for the merge to be safe, because the rows a merge takes are audited in the assessor's
file and must belong to the assessor named here. The core's scoring rule reads it
(`Assessors.scoring_refusal`), so scores by anyone else are refused when they are made, not only
at merge.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from svassessor.errors import FileProblem

IDENTITY_DDL = """
CREATE TABLE IF NOT EXISTS file_identity (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL REFERENCES rounds(id),
    assessor_id TEXT NOT NULL REFERENCES assessors(id),
    prepared_from TEXT NOT NULL,
    prepared_by TEXT NOT NULL,
    prepared_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class FileIdentity:
    """An assessor's file: for `assessor_id` in `round_id`, made from the chair's `prepared_from`."""

    id: str
    round_id: str
    assessor_id: str
    prepared_from: str
    prepared_by: str
    prepared_at: str


def write_identity(conn: sqlite3.Connection, identity: FileIdentity) -> None:
    """Mark a file being prepared (inside its transaction) as this assessor's."""
    conn.execute(IDENTITY_DDL)
    conn.execute("INSERT INTO file_identity (id, round_id, assessor_id, prepared_from, prepared_by, prepared_at)"
                 " VALUES (?, ?, ?, ?, ?, ?)",
                 [identity.id, identity.round_id, identity.assessor_id, identity.prepared_from,
                  identity.prepared_by, identity.prepared_at])


def read_identity(conn: sqlite3.Connection) -> FileIdentity | None:
    """The assessor a file was prepared for; None for a file that is not an assessor's file.

    The window uses it too: an assessor's file opens straight into that assessor's scoring.
    """
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'file_identity'").fetchone() is None:
        return None
    rows = conn.execute("SELECT id, round_id, assessor_id, prepared_from, prepared_by, prepared_at"
                        " FROM file_identity").fetchall()
    if len(rows) != 1:
        raise FileProblem(f"The file names {len(rows)} assessors as its owner instead of one, so its work cannot "
                          f"be told apart.")
    return FileIdentity(*rows[0])
