"""`svassessor check`: is the file whole, and does its audit log vouch for every row?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from svassessor.errors import DamagedFile
from svassessor.storage.audit import head_position, verify
from svassessor.storage.database import RESTORE_ADVICE, open_database
from svassessor.storage.schema import schema_problems


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    lines: list[str]


def damaged(path: Path, problems: list[str]) -> str:
    """One sentence for a file SQLite finds damaged: how much, the first thing wrong, and what to do."""
    found = [line for text in problems for line in text.splitlines() if line.strip() and not line.startswith("***")]
    first = found[0] if found else "the file is malformed"
    return (f"{path}: the file is damaged: SQLite's integrity check found {len(found)} "
            f"problem{'s' * (len(found) != 1)} (the first: {first}). {RESTORE_ADVICE.format(name=path.name)}")


def check_file(path: Path, *, head: str | None = None) -> CheckReport:
    """The file whole and its chain verified; with `head` (printed on a document svassessor wrote), also
    that the chain still passes through it, so even a consistent rewrite of the whole log is caught."""
    try:
        database = open_database(path, readonly=True)
    except DamagedFile as damage:
        return CheckReport(False, [str(damage)])
    try:
        problems = [row[0] for row in database.conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            return CheckReport(False, [damaged(path, problems)])
        changed = schema_problems(database.conn)
        events = database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
        problem = verify(database)
        position = head_position(database.conn, head) if head is not None and problem is None else None
    except sqlite3.DatabaseError as error:  # a page SQLite cannot read ("database disk image is malformed")
        return CheckReport(False, [damaged(path, [str(error)])])
    except UnicodeDecodeError:  # bytes where text belongs: scribbled over, or a BLOB written into a TEXT column
        return CheckReport(False, [damaged(path, ["a text value holds bytes that are not text"])])
    finally:
        database.close()
    said = [f"{path}: the file's schema was changed outside svassessor: {'; '.join(changed)}. "
            f"{RESTORE_ADVICE.format(name=path.name)}"] if changed else []
    if problem is not None:
        said.append(f"{path}: {problem.message}.")
    if said:
        return CheckReport(False, said)
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
