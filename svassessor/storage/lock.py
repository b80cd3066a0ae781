"""One writer per file: a lock file beside the .svdb that says who holds it (DESIGN §5).

SQLite's own locks already stop two connections from corrupting a file, but they do not stop two
people from working on the same round at once and then wondering whose edits are in it; nor can they
say *who* is in the way. So a file opened for writing gets `FILE.svdb-lock` beside it holding the
holder's user, machine, process and the time they opened it, plus a heartbeat rewritten every
`HEARTBEAT_SECONDS`. Read-only opens never look at it.

Whether a lock is stale is decided in two ways, because a crashed instance leaves its lock file
behind:

- on this machine the holder also holds an operating-system lock on the lock file (`flock`, or a
  byte-range lock on Windows), which the system drops the instant the process dies, even on
  SIGKILL; if we can take that lock, the holder is gone (where the file system cannot lock files,
  we ask whether the process still exists instead);
- on another machine (a file on a shared drive) neither works reliably, so a lock whose heartbeat
  is older than `STALE_SECONDS` is taken to be a crashed instance's.

Within one process the lock is shared: the window re-opening the file it already holds is not told
that it holds the file itself (SQLite serialises the two connections' writes).
"""

from __future__ import annotations

import getpass
import json
import os
import socket
import threading
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from svassessor.errors import FileProblem
from svassessor.storage.codec import utc_parse, utc_text

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

HEARTBEAT_SECONDS = 30.0
STALE_SECONDS = 300.0  # ten missed heartbeats: long enough for a laptop to ride out a slow share
_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte past the holder's text, so others can still read it


def lock_path(path: Path) -> Path:
    """Where the lock of `path` lives (beside it, named like SQLite's own -wal and -shm files)."""
    return Path(f"{path}-lock")


@dataclass(frozen=True)
class Holder:
    """Who has a file open for writing."""

    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime

    def describe(self) -> str:
        """'alice on LAPTOP-7 since 14:02 on 3 March 2026', in this machine's local time. The names come from
        a file anyone can write, so controls and direction marks (a newline, U+202E) are shown as '?'."""
        local = self.since.astimezone()
        return f"{_shown(self.user)} on {_shown(self.host)} since {local:%H:%M} on {local.day} {local:%B %Y}"

    def to_json(self) -> str:
        return json.dumps({"user": self.user, "host": self.host, "pid": self.pid, "since": utc_text(self.since),
                           "heartbeat": utc_text(self.heartbeat)})


class FileInUse(FileProblem):
    """Another instance has the file open for writing; `holder` says who, when it could be read."""

    def __init__(self, path: Path, holder: Holder | None):
        self.path = path
        self.holder = holder
        who = holder.describe() if holder else "another copy of svassessor"
        super().__init__(f"{path} is open for writing by {who}; open it read-only to look at it, "
                         f"or ask them to close it first.")


def read_holder(path: Path, *, stale_after: float = STALE_SECONDS) -> Holder | None:
    """Who holds `path` for writing now, or None if nobody does (a stale lock counts as nobody).

    For the window's "who has this file" message and the shared-folder watch, which leaves a
    returned file alone while its assessor still has it open.
    """
    try:
        fd = os.open(lock_path(path), os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError:
        return _read(lock_path(path))
    try:
        state = _try_os_lock(fd)
        holder = _read_fd(fd)
    finally:
        os.close(fd)  # also drops the OS lock if we took it
    if state is False:
        return holder
    if holder is None or _stale(holder, os_locked=state, stale_after=stale_after):
        return None
    return holder


class FileLock:
    """The lock on one file, held by this process; `release` it as many times as it was acquired."""

    def __init__(self, path: Path, fd: int, holder: Holder, *, heartbeat: float):
        self.path = path
        self.holder = holder
        self._fd = fd
        self._count = 1
        self._stop = threading.Event()
        self._write_lock = threading.Lock()
        self._thread = threading.Thread(target=self._beat, args=(heartbeat,), name="svassessor-lock", daemon=True)
        self._thread.start()

    def _beat(self, interval: float) -> None:
        while not self._stop.wait(interval):
            with self._write_lock:
                if self._fd < 0:
                    return
                self.holder = _with_heartbeat(self.holder)
                try:
                    _write_fd(self._fd, self.holder)
                except OSError:
                    pass  # a full or vanished share: the next beat tries again

    def release(self) -> None:
        with _HELD_LOCK:
            self._count -= 1
            if self._count > 0:
                return
            _HELD.pop(self.path, None)
        self._stop.set()
        with self._write_lock:
            # Empty it first: where an open file cannot be removed (Windows), an empty lock is a free one.
            try:
                os.ftruncate(self._fd, 0)
                os.unlink(lock_path(self.path))
            except OSError:
                pass
            os.close(self._fd)
            self._fd = -1


_HELD: dict[Path, FileLock] = {}
_HELD_LOCK = threading.Lock()


def acquire(path: Path, *, heartbeat: float = HEARTBEAT_SECONDS, stale_after: float = STALE_SECONDS) -> FileLock:
    """Take the write lock of `path`, clearing a stale one; raise `FileInUse` naming a live holder."""
    key = Path(os.path.abspath(path))
    with _HELD_LOCK:
        held = _HELD.get(key)
        if held is not None:
            held._count += 1
            return held
        try:
            lock = _acquire(key, heartbeat=heartbeat, stale_after=stale_after)
        except OSError as error:
            raise FileProblem(f"{path} could not be locked for writing ({error.strerror or error}).") from error
        _HELD[key] = lock
        return lock


def _acquire(path: Path, *, heartbeat: float, stale_after: float) -> FileLock:
    target = lock_path(path)
    for _ in range(5):
        fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            state = _try_os_lock(fd)
            holder = _read_fd(fd)
            if state is False or (holder is not None and not _stale(holder, os_locked=state, stale_after=stale_after)):
                raise FileInUse(path, holder)
            if not _same_file(fd, target):
                os.close(fd)  # the holder released (and removed) it between our open and our lock: look again
                continue
            now = datetime.now(UTC)
            mine = Holder(user=_user(), host=socket.gethostname(), pid=os.getpid(), since=now, heartbeat=now)
            _write_fd(fd, mine)
            return FileLock(path, fd, mine, heartbeat=heartbeat)
        except BaseException:
            os.close(fd)
            raise
    raise FileProblem(f"{path} could not be locked for writing: its lock file keeps changing; try again.")


def _stale(holder: Holder, *, os_locked: bool | None, stale_after: float) -> bool:
    """Whether the instance named in a lock file is gone (see the module's docstring). A heartbeat further
    ahead of this machine's clock than `stale_after` proves nothing (a clock that far wrong, or a lock file
    written by hand): it would otherwise hold every writer off until that moment."""
    if holder.host == socket.gethostname():
        return True if os_locked else _process_gone(holder.pid)
    return abs(datetime.now(UTC) - holder.heartbeat) > timedelta(seconds=stale_after)


def _shown(name: str) -> str:
    return "".join("?" if unicodedata.category(c)[0] == "C" else c for c in name)[:80]


def _process_gone(pid: int) -> bool:
    if os.name != "posix":
        return False  # without an OS lock or a safe process probe, keep to the heartbeat's word
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, run by someone else
    return False


def _try_os_lock(fd: int) -> bool | None:
    """Take the OS lock without waiting: True taken, False held by a live process, None unsupported."""
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return None  # e.g. a network file system without locks
        return True
    position = os.lseek(fd, 0, os.SEEK_CUR)
    os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    finally:
        os.lseek(fd, position, os.SEEK_SET)
    return True


def _same_file(fd: int, target: Path) -> bool:
    try:
        on_disk = os.stat(target)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _read_fd(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    return _parse(os.read(fd, 4096))


def _read(target: Path) -> Holder | None:
    try:
        return _parse(target.read_bytes()[:4096])
    except OSError:
        return None


def _parse(data: bytes) -> Holder | None:
    """The holder a lock file names; None when it is empty or unreadable (a lock being released)."""
    try:
        fields = json.loads(data.decode("utf-8"))
        return Holder(user=str(fields["user"]), host=str(fields["host"]), pid=int(fields["pid"]),
                      since=utc_parse(fields["since"]), heartbeat=utc_parse(fields["heartbeat"]))
    except (ValueError, KeyError, TypeError):
        return None


def _write_fd(fd: int, holder: Holder) -> None:
    data = holder.to_json().encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, data)
    os.fsync(fd)


def _with_heartbeat(holder: Holder) -> Holder:
    return Holder(user=holder.user, host=holder.host, pid=holder.pid, since=holder.since,
                  heartbeat=datetime.now(UTC))


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "someone"
