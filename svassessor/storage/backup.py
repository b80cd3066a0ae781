"""Backups of a file, taken with SQLite's backup API when it is opened for writing (DESIGN §5).

When, and which are kept: `storage.backup_rule` (at most one per quarter hour and only of a file that
has changed since its newest backup; thinned out by age; 1 GB at most). Whether the file has changed
is told by its size and modification time, and its write-ahead log's, as they were when the newest
backup was taken, recorded beside the backups: any write changes one of them, and a file opened and
closed again with no edit is not copied again.

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
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import FileProblem
from svassessor.paths import user_data_dir
from svassessor.sizes import size_text
from svassessor.storage.backup_rule import Backup, BackupRule, backup_due, backups_to_keep

if TYPE_CHECKING:
    from svassessor.storage.database import Database

_STAMP = "%Y%m%dT%H%M%S.%fZ"
_RECORD = ".newest.json"  # the file's state when its newest backup on opening was taken


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class BackupPolicy:
    """The rule for backups, the folder they go under (None: the user data folder) and the clock it is read by."""

    rule: BackupRule = BackupRule()
    root: Path | None = None
    clock: Callable[[], datetime] = field(default=_utc_now, compare=False)

    def folder(self, path: Path) -> Path:
        """The folder holding `path`'s backups: its name, and a digest of where it lives."""
        resolved = str(Path(path).resolve())
        digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
        root = self.root if self.root is not None else user_data_dir() / "backups"
        return root / f"{Path(path).stem}-{digest}"


def list_backups(path: Path, policy: BackupPolicy = BackupPolicy()) -> list[Backup]:
    """The backups of `path`, newest first (for File > Restore from backup and `svassessor backups`)."""
    folder = policy.folder(path)
    if not folder.is_dir():
        return []
    found = []
    for item in folder.glob("*.svdb"):
        taken_at = _taken_at(item)
        try:
            size = item.stat().st_size
        except FileNotFoundError:
            continue  # removed by another copy of the app thinning them out just now
        if taken_at is not None:
            found.append(Backup(item, taken_at, size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def age_text(taken_at: datetime, now: datetime) -> str:
    """How long ago a backup was taken: just now, 12 minutes ago, 3 hours ago, 5 days ago, 6 weeks ago."""
    seconds = (now - taken_at).total_seconds()
    for limit, unit, name in ((5400, 60, "minutes"), (36 * 3600, 3600, "hours"), (14 * 86400, 86400, "days")):
        if seconds < limit:
            return "just now" if seconds < 90 else f"{round(seconds / unit)} {name} ago"
    return f"{round(seconds / (7 * 86400))} weeks ago"


def total_text(backups: Sequence[Backup]) -> str:
    """How many backups there are and the room they take: '3 backups, 12.4 MB in all'."""
    count = "1 backup" if len(backups) == 1 else f"{len(backups)} backups"
    return f"{count}, {size_text(sum(b.size for b in backups))} in all"


def take_backup(source: sqlite3.Connection, path: Path, policy: BackupPolicy, *, state: list | None = None,
                prune: bool = True) -> Backup:
    """Copy what `source` sees of `path` (its open read transaction, if any) into a new backup.

    `state`: the file's state (`_state`) that the copy holds, recorded so that the next opening can
    tell whether the file has changed since.
    """
    folder = policy.folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    taken_at = policy.clock()
    final = folder / f"{Path(path).stem}-{taken_at.astimezone(UTC).strftime(_STAMP)}.svdb"
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
    if state is not None:
        _write_record(folder, final.name, state)
    if prune:
        prune_backups(path, policy)
    return Backup(final, taken_at, final.stat().st_size)


def prune_backups(path: Path, policy: BackupPolicy) -> None:
    """Remove the backups the rule no longer keeps, and leftovers of interrupted backups."""
    found = list_backups(path, policy)
    kept = {b.path for b in backups_to_keep(found, now=policy.clock(), rule=policy.rule)}
    for old in found:
        if old.path not in kept:
            old.path.unlink(missing_ok=True)
    for leftover in policy.folder(path).glob(".*.partial"):
        if leftover.stat().st_mtime < time.time() - 3600:  # not one being written now
            leftover.unlink(missing_ok=True)


class BackupOnOpen:
    """The backup holding a file as it was opened for writing: one copied now on a thread with its own
    connection when the rule says one is due, the newest if the file has not changed since, or none."""

    def __init__(self, path: Path, policy: BackupPolicy):
        self.path = path
        self.backup: Backup | None = None
        self.problem: str | None = None
        self._thread: threading.Thread | None = None
        state = _state(path)
        try:
            found = list_backups(path, policy)
            record = _read_record(policy.folder(path))
        except OSError:
            found, record = [], None  # the copy below meets the same problem and reports it
        newest = found[0] if found else None
        changed = newest is None or record != {"backup": newest.path.name, "file": state}
        if not backup_due(newest.taken_at if newest else None, changed=changed, now=policy.clock(), rule=policy.rule):
            self.backup = None if changed else newest
            return
        self._snapshot_taken = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(policy, state), name="svassessor-backup")
        self._thread.start()
        self._snapshot_taken.wait()

    def _run(self, policy: BackupPolicy, state: list) -> None:
        source = None
        try:
            source = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            source.execute("BEGIN")
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot is fixed here
            self._snapshot_taken.set()
            self.backup = take_backup(source, self.path, policy, state=state)
        except (OSError, sqlite3.Error) as error:
            self.problem = f"The backup of {self.path} could not be written ({error}); the file itself is unaffected."
        finally:
            self._snapshot_taken.set()
            if source is not None:
                source.close()

    @property
    def copying(self) -> bool:
        """Whether a copy was started (rather than an earlier backup found to hold the file, or none due)."""
        return self._thread is not None

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()


def restore_backup(database: Database, backup: Path, policy: BackupPolicy = BackupPolicy()) -> Backup:
    """Put the file open in `database` back as it was in `backup`; returns the backup of what it replaced.

    What the file holds now is backed up first, whatever the rule says, so a restore can be undone by
    restoring that backup. The caller reloads everything it shows afterwards.
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
        return datetime.strptime(item.stem.rsplit("-", 1)[-1], _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _state(path: Path) -> list[int | None]:
    """The file's and its write-ahead log's size and modification time: any write changes one of them.

    An empty log counts as none: opening a file makes one, closing it removes it, and it holds nothing.
    """
    state: list[int | None] = []
    for item in (path, Path(f"{path}-wal")):
        try:
            stat = item.stat()
        except FileNotFoundError:
            stat = None
        state += [stat.st_size, stat.st_mtime_ns] if stat and stat.st_size else [None, None]
    return state


def _read_record(folder: Path) -> dict | None:
    try:
        return json.loads((folder / _RECORD).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):  # none yet, or damaged: the file counts as changed
        return None


def _write_record(folder: Path, backup: str, state: list) -> None:
    """Record what the file was like in `backup`; renamed into place, so it is whole or absent."""
    partial = folder / f"{_RECORD}.partial"
    partial.write_text(json.dumps({"backup": backup, "file": state}), encoding="utf-8")
    os.replace(partial, folder / _RECORD)


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
