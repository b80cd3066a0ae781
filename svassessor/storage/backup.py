"""Rotating backups taken with SQLite's backup API each time a file is opened for writing (DESIGN §5).

Where: under the user's own data folder (`platformdirs`), one folder per file, not beside the file.
A backup holds everything the file holds, so one written beside a chair's file in a shared folder
would show every assessor's scores to the others (blind scoring) and look like a returned assessor
file to the folder watch; and a backup on the same USB stick or share as its file is lost with it.
The window can pass another root (a setting) through `BackupPolicy`.

How: a backup is a consistent snapshot read in its own read transaction, written to a hidden
partial file and renamed into place once whole and synced, so a crash never leaves half a backup in
the list; it is then switched out of WAL mode so each backup is one plain, self-contained file.
When a file is opened the copy runs on a background thread with its own connection, which has begun
its read (and so fixed the snapshot) before the open returns: the user's first edits, and any
migration, happen after the snapshot and do not wait for it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import FileProblem
from svassessor.paths import user_data_dir

if TYPE_CHECKING:
    from svassessor.storage.database import Database

DEFAULT_KEEP = 10
_STAMP = "%Y%m%dT%H%M%S.%fZ"


@dataclass(frozen=True)
class BackupPolicy:
    """How many backups of each file to keep, and under which folder (None: the user data folder)."""

    keep: int = DEFAULT_KEEP
    root: Path | None = None

    def folder(self, path: Path) -> Path:
        """The folder holding `path`'s backups: its name, and a digest of where it lives."""
        resolved = str(Path(path).resolve())
        digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
        root = self.root if self.root is not None else user_data_dir() / "backups"
        return root / f"{Path(path).stem}-{digest}"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    size: int


def list_backups(path: Path, policy: BackupPolicy = BackupPolicy()) -> list[Backup]:
    """The backups of `path`, newest first (for File > Restore from backup and `svassessor backups`)."""
    folder = policy.folder(path)
    if not folder.is_dir():
        return []
    found = []
    for item in folder.glob("*.svdb"):
        taken_at = _taken_at(item)
        if taken_at is not None:
            found.append(Backup(item, taken_at, item.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def take_backup(source: sqlite3.Connection, path: Path, policy: BackupPolicy, *, prune: bool = True) -> Backup:
    """Copy what `source` sees of `path` (its open read transaction, if any) into a new backup."""
    folder = policy.folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    taken_at = datetime.now(timezone.utc)
    final = folder / f"{Path(path).stem}-{taken_at.strftime(_STAMP)}.svdb"
    partial = folder / f".{final.name}.partial"
    partial.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            copy.execute("PRAGMA synchronous = OFF")  # one fsync of the whole file below is enough
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        _fsync(partial)
        os.replace(partial, final)
        _fsync_folder(folder)
    except (OSError, sqlite3.Error):
        partial.unlink(missing_ok=True)
        raise
    if prune:
        prune_backups(path, policy)
    return Backup(final, taken_at, final.stat().st_size)


def prune_backups(path: Path, policy: BackupPolicy) -> None:
    """Keep the newest `policy.keep` backups; remove older ones and leftovers of interrupted backups."""
    folder = policy.folder(path)
    for old in list_backups(path, policy)[max(policy.keep, 1):]:
        old.path.unlink(missing_ok=True)
    for leftover in folder.glob(".*.partial"):
        if leftover.stat().st_mtime < time.time() - 3600:  # not one being written now
            leftover.unlink(missing_ok=True)


class BackgroundBackup:
    """A backup of the file as it stands now, copied on a thread with its own connection."""

    def __init__(self, path: Path, policy: BackupPolicy):
        self.path = path
        self.backup: Backup | None = None
        self.problem: str | None = None
        self._snapshot_taken = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(policy,), name="svassessor-backup")
        self._thread.start()
        self._snapshot_taken.wait()

    def _run(self, policy: BackupPolicy) -> None:
        source = None
        try:
            source = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is fixed here
            self._snapshot_taken.set()
            self.backup = take_backup(source, self.path, policy)
        except (OSError, sqlite3.Error) as error:
            self.problem = f"The backup of {self.path} could not be written ({error}); the file itself is unaffected."
        finally:
            self._snapshot_taken.set()
            if source is not None:
                source.close()

    def wait(self) -> None:
        self._thread.join()


def restore_backup(database: Database, backup: Path, policy: BackupPolicy = BackupPolicy()) -> Backup:
    """Put the file open in `database` back as it was in `backup`; returns the backup of what it replaced.

    The current state is backed up first (and kept even if it is the oldest), so a restore can be
    undone by restoring that one. The caller reloads everything it shows afterwards.
    """
    from svassessor.storage.migrations import SCHEMA_VERSION, migrate

    source = _open_backup(backup)
    try:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise FileProblem(f"{backup} was saved by a newer svassessor, so it cannot be restored here.")
        with database.errors_as_problems():
            saved = take_backup(database.conn, database.path, policy, prune=False)
            source.backup(database.conn)
            migrate(database.db)
    finally:
        source.close()
    prune_backups(database.path, policy)
    return saved


def _open_backup(backup: Path) -> sqlite3.Connection:
    """A backup opened read-only, refused unless it is a whole svassessor file."""
    from svassessor.storage.database import APPLICATION_ID

    if not Path(backup).is_file():
        raise FileProblem(f"{backup} does not exist, so it cannot be restored.")
    try:
        conn = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        is_ours = conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    except sqlite3.DatabaseError as error:
        raise FileProblem(f"{backup} is not a whole svassessor file ({error}), so it cannot be restored.") from error
    if not (ok and is_ours):
        conn.close()
        raise FileProblem(f"{backup} is not a whole svassessor file, so it cannot be restored.")
    return conn


def _taken_at(item: Path) -> datetime | None:
    try:
        return datetime.strptime(item.stem.rsplit("-", 1)[-1], _STAMP).replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no folder handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
