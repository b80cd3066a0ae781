"""Erasing personal data everywhere the file keeps it: its rows and their history (`repository.erasures`),
its free pages and write-ahead log (`storage.erasure.clear_leftovers`), and its backups.

Backups are copies of the whole file, so each holds the data too. Each is rewritten: opened where it lies,
the same applicants erased in it (audited there too, so it still verifies and can still be restored), its
leftovers cleared and its journal put back to one self-contained file. A backup that cannot be rewritten
(damaged, from a newer svassessor, or whose own log does not verify) is deleted instead: a backup that
cannot be vouched for is not worth keeping personal data for.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import SvAssessorError
from svassessor.repository.erasures import ErasureRecord
from svassessor.storage.backup import BackupPolicy, list_backups
from svassessor.storage.database import DEFAULT_BACKUPS, open_database
from svassessor.storage.erasure import clear_leftovers
from svassessor.store import Store

if TYPE_CHECKING:
    from svassessor.models import Round


@dataclass
class ErasureReport:
    erased: list[ErasureRecord]
    log_emptied: bool  # False: another program held the write-ahead log; it is emptied when the file is closed
    backups_rewritten: list[Path] = field(default_factory=list)
    backups_deleted: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"{r.reference}: erased ({r.label}): {r.what}." for r in self.erased]
        lines.append(f"{len(self.erased)} applicant{'s' * (len(self.erased) != 1)} erased; scores, comments, "
                     "decisions and amounts are kept, and the audit log records the erasure.")
        if not self.log_emptied:
            lines.append("The file's write-ahead log is in use by another program: it is emptied when the file is "
                         "closed there.")
        if self.backups_rewritten or self.backups_deleted:
            lines.append(f"Backups: {len(self.backups_rewritten)} rewritten without the erased data, "
                         f"{len(self.backups_deleted)} deleted (they could not be rewritten).")
        return lines


def erase_personal_data(store: Store, round_: Round, reference: str | None = None, *,
                        backups: BackupPolicy = DEFAULT_BACKUPS) -> ErasureReport:
    """Erase a round's applicants (or one) from the file and its backups; see the module docstring."""
    store.database.wait_for_backup()  # the backup taken on opening holds the data too: let it finish first
    erased = store.erasures.erase(round_, None if reference is None else [reference])
    report = ErasureReport(erased, clear_leftovers(store.database.conn))
    references = [r.reference for r in erased]
    for backup in list_backups(store.database.path, backups):
        try:
            _rewrite_backup(backup.path, round_.id, references, actor=store.actor)
            report.backups_rewritten.append(backup.path)
        except (SvAssessorError, sqlite3.Error, OSError):
            backup.path.unlink(missing_ok=True)
            report.backups_deleted.append(backup.path)
    for leftover in backups.folder(store.database.path).glob(".*.partial"):
        leftover.unlink(missing_ok=True)
    return report


def _rewrite_backup(path: Path, round_id: str, references: list[str], *, actor: str) -> None:
    """Erase the same applicants in one backup, in place, and leave it one plain file again."""
    with Store(open_database(path, backups=None), actor=actor) as backup:
        if round_id in {r.id for r in _rounds(backup)}:
            round_ = backup.rounds.by_id(round_id)
            held = {a.reference for a in backup.applications.for_round(round_)}
            erased = {r.reference for r in backup.erasures.records(round_)}
            wanted = [r for r in references if r in held and r not in erased]
            if wanted:
                backup.erasures.erase(round_, wanted)
        clear_leftovers(backup.database.conn)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    finally:
        conn.close()


def _rounds(store: Store) -> list[Round]:
    return [store.rounds.get(info.name) for info in store.rounds.list()]
