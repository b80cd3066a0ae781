"""Opening a .svdb file safely, and the one transaction each user action runs in (DESIGN §5).

Before SQLite touches a file we check that it is an SQLite database at all, that it is whole, and that
it is not from a newer svassessor; each refusal is one sentence naming the file, and the file is left
exactly as it was. Writes run in `BEGIN IMMEDIATE` transactions with `synchronous=FULL`, so a change
the user saw confirmed survives a power cut.

Opening for writing also takes the file's write lock (`storage.lock`: one writer per file, told who
holds it) and backs the file up as it stood when a backup is due (`storage.backup`, and
`storage.backup_rule` for when); read-only opens do neither.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import DamagedFile, FileProblem
from svassessor.storage.backup import BackupOnOpen, BackupPolicy
from svassessor.storage.backup_rule import Backup
from svassessor.storage.checkpoint import Checkpointer
from svassessor.storage.lock import FileLock, acquire
from svassessor.storage.migrations import SCHEMA_VERSION, migrate
from svassessor.storage.schema import trigger_problems

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x53564153  # "SVAS": marks an SQLite file as an svassessor file
_HEADER = b"SQLite format 3\x00"
DEFAULT_BACKUPS = BackupPolicy()


class Database:
    """An open .svdb file."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool):
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self._column_types: dict[str, dict[str, str]] = {}
        self._checkpointer: Checkpointer | None = None
        self._lock: FileLock | None = None
        self._backup: BackupOnOpen | None = None

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, for migrations; imported only when a file needs one,
        which keeps it off the window's start-up."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: everything inside is saved together, or not at all."""
        if self.readonly:
            raise FileProblem(f"{self.path} is open read-only, so this change cannot be saved.")
        with self.errors_as_problems():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see the file as it stood at the first of them, whatever others write meanwhile (the
        write-ahead log keeps that version for this reader): a document made of many reads agrees with itself."""
        with self.errors_as_problems():
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")

    @contextmanager
    def errors_as_problems(self) -> Iterator[None]:
        """Turn SQLite's disk and locking errors into sentences a user can act on."""
        try:
            yield
        except sqlite3.OperationalError as error:
            raise _problem(self.path, error) from error

    def numeric_columns(self, table: str) -> dict[str, str]:
        """The REAL and INTEGER columns of a table, so values can be compared the way SQLite stores them."""
        if table not in self._column_types:
            rows = self.conn.execute(f"PRAGMA table_info({table})").fetchall()
            self._column_types[table] = {row[1]: row[2].upper() for row in rows
                                         if row[2].upper() in ("REAL", "INTEGER")}
        return self._column_types[table]

    def start_checkpointing(self) -> None:
        """Move log checkpoints to a background thread (see `storage.checkpoint`)."""
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._checkpointer = Checkpointer(self.path)

    def wait_for_backup(self) -> Backup | None:
        """The backup holding the file as it was opened, once written: one taken then, or the newest if the file
        had not changed since. None if there is none (a recent backup held the next off, or see `backup_problem`)."""
        if self._backup is None:
            return None
        self._backup.wait()
        return self._backup.backup

    @property
    def backup_problem(self) -> str | None:
        """Why the backup on open failed, for the window to show; the file itself is unaffected."""
        return None if self._backup is None else self._backup.problem

    def close(self) -> None:
        if self._backup is not None:
            self._backup.wait()  # a command that exits at once must not cut its backup short
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
            try:
                self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.OperationalError:
                pass  # another connection is busy: its own close will checkpoint
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def _problem(path: Path, error: sqlite3.OperationalError) -> FileProblem:
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return FileProblem(f"{path} is read-only, so the change was not saved; what was saved before is intact.")
    if "full" in text:
        return FileProblem(f"The disk holding {path} is full, so the change was not saved; "
                           "what was saved before is intact.")
    if "locked" in text or "busy" in text:
        return FileProblem(f"{path} is busy: another program is writing to it. Try again in a moment.")
    if "disk i/o" in text:
        return FileProblem(f"{path} could not be written (a disk error), so the change was not saved.")
    return FileProblem(f"{path} could not be used: {error}.")


def _check_header(path: Path, *, create: bool) -> None:
    """Refuse what is not a whole SQLite file before SQLite is asked to open it."""
    size = path.stat().st_size
    if size == 0:
        if create:
            return  # asked to make a new file where an empty one stands: it becomes the new database
        raise FileProblem(f"{path} is empty (0 bytes): it holds no svassessor data. Start a new file with "
                          f"File > New file… or svassessor round new.")
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(_HEADER):
        raise FileProblem(f"{path} is not an svassessor file (it is not an SQLite database).")
    if len(header) < 100:
        raise FileProblem(f"{path} is damaged: it ends inside its header (the file was cut short).")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]  # the page count is trusted only when these agree
    # A checkpoint cut short by a crash writes page 1 before the pages that extend the file; until
    # SQLite finishes it from the write-ahead log the file is legitimately shorter than its header.
    finishing = _has_log(path)
    if page_size < 512 or size % page_size or (header_valid and size < pages * page_size and not finishing):
        raise FileProblem(f"{path} is damaged: it is shorter than its header says (the file was cut short).")


def _has_log(path: Path) -> bool:
    log = Path(f"{path}-wal")
    return log.exists() and log.stat().st_size > 0


def open_database(path: str | os.PathLike[str], *, create: bool = False, readonly: bool = False,
                  backups: BackupPolicy | None = DEFAULT_BACKUPS) -> Database:
    """Open (or, with `create`, make) a .svdb file, migrating it forward if it is older.

    For writing, the file's lock is taken first (`FileInUse` names whoever holds it) and, for a file
    that already had content, a backup is started if `backups` says one is due (None: no backup).
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise FileProblem(f"{path} does not exist.")
        if readonly:
            raise FileProblem(f"{path} does not exist, so it cannot be opened read-only.")
        if not path.parent.is_dir():
            raise FileProblem(f"{path.parent} is not a folder, so {path.name} cannot be created there.")
    elif path.is_dir():
        raise FileProblem(f"{path} is a folder, not an svassessor file.")
    else:
        _check_header(path, create=create)
        if not readonly and not _writable(path):
            raise FileProblem(f"{path} is read-only: make it writable, or open it read-only to look at it.")
    lock = None if readonly else acquire(path)
    had_content = path.exists() and path.stat().st_size > 0
    try:
        conn = _connect(path, readonly=readonly)
    except sqlite3.Error as error:
        if lock is not None:
            lock.release()
        raise FileProblem(f"{path} could not be opened: {error}.") from error
    database = Database(path, conn, readonly=readonly)
    database._lock = lock
    try:
        version, tables = _inspect(database)
        if not readonly and backups is not None and had_content:
            _start_backup(database, backups)
        _prepare(database, version, tables)
    except BaseException:
        database.close()
        raise
    return database


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    if readonly:
        # immutable=1 would skip the write-ahead log, hiding recent edits; use it only for a file
        # nobody here can write, where SQLite could not open the log's index anyway.
        uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if _writable(path) else "&immutable=1")
        return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=5.0)
    return sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5.0)


RESTORE_ADVICE = ("Restore it from a backup (File > Restore from backup…, or svassessor backups {name} then "
                  "svassessor restore {name} N).")


def _inspect(database: Database) -> tuple[int, int]:
    """The file's schema version and table count, after refusing what is not ours to open."""
    conn, path = database.conn, database.path
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.OperationalError as error:  # the disk or a lock, not the file's bytes
        raise _problem(path, error) from error
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        what = "bytes stand where text belongs" if isinstance(error, UnicodeDecodeError) else str(error)
        raise DamagedFile(f"{path} is damaged and cannot be read ({what}). {RESTORE_ADVICE.format(name=path.name)}") \
            from error
    if app_id != APPLICATION_ID and tables:
        raise FileProblem(f"{path} is an SQLite database, but not an svassessor file.")
    if version > SCHEMA_VERSION:
        raise FileProblem(
            f"{path} was saved by a newer svassessor (file version {version}; this one reads up to "
            f"{SCHEMA_VERSION}): update svassessor to open it."
        )
    return version, tables


def _start_backup(database: Database, policy: BackupPolicy) -> None:
    """Back the file up as it stands, if a backup is due, before this open changes anything (a migration, an edit).

    In WAL mode a background reader holds the snapshot while we carry on; a file not yet in WAL mode
    (one made elsewhere) is copied now, since a reader there would block our first write.
    """
    database._backup = BackupOnOpen(database.path, policy)
    if database._backup.copying and database.conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        database._backup.wait()


def _prepare(database: Database, version: int, tables: int) -> None:
    conn, path = database.conn, database.path
    conn.execute("PRAGMA foreign_keys = ON")
    if database.readonly:
        if version < SCHEMA_VERSION:
            raise FileProblem(f"{path} was saved by an older svassessor and must be opened writable once to update it.")
        return
    with database.errors_as_problems():
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if not tables:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if version < SCHEMA_VERSION:
            migrate(database.db)
        if changed := trigger_problems(conn):
            raise FileProblem(f"{path}: the rules svassessor keeps in the file were changed outside it "
                              f"({'; '.join(changed)}), so nothing is written to it. "
                              f"{RESTORE_ADVICE.format(name=path.name)}")
        database.start_checkpointing()
