"""`svassessor check`: is the file whole, and does its audit log vouch for every row?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from svassessor.storage.audit import head_position, verify
from svassessor.storage.database import open_database


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    lines: list[str]


def check_file(path: Path, *, head: str | None = None) -> CheckReport:
    """The file whole and its chain verified; with `head` (printed on a document svassessor wrote), also
    that the chain still passes through it, so even a consistent rewrite of the whole log is caught."""
    database = open_database(path, readonly=True)
    try:
        problems = [row[0] for row in database.conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            return CheckReport(False, [f"{path}: SQLite integrity check failed: {problems[0]}"])
        events = database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        problem = verify(database)
        position = head_position(database.conn, head) if head is not None and problem is None else None
    finally:
        database.close()
    if problem is not None:
        return CheckReport(False, [f"{path}: {problem.message}."])
    lines = [f"{path}: integrity ok; audit chain of {events} events verified, every audited row matches."]
    if head is None:
        return CheckReport(True, lines)
    if position is None:
        return CheckReport(False, [*lines, f"{path}: the printed head {head.strip()} is not in this file's audit "
                                           "chain: the file does not extend the chain the document was made from."])
    at, total = position
    later = total - at
    return CheckReport(True, [*lines, f"{path}: the chain passes through the printed head (event #{at}); "
                                      f"{later} event{'s' * (later != 1)} since."])
