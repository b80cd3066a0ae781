"""`svassessor check`: is the file whole, and does its audit log vouch for every row?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from svassessor.storage.audit import verify
from svassessor.storage.database import open_database


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    lines: list[str]


def check_file(path: Path) -> CheckReport:
    database = open_database(path, readonly=True)
    try:
        problems = [row[0] for row in database.conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            return CheckReport(False, [f"{path}: SQLite integrity check failed: {problems[0]}"])
        events = database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        problem = verify(database)
    finally:
        database.close()
    if problem is not None:
        return CheckReport(False, [f"{path}: {problem.message}."])
    return CheckReport(True, [f"{path}: integrity ok; audit chain of {events} events verified, "
                              "every audited row matches."])
