"""Checkpointing the write-ahead log off the edit path.

SQLite normally copies the log back into the database during whichever commit crosses the
auto-checkpoint threshold, so every couple of hundred score edits one of them pays for the copy. An
assessor's keystroke should not: the writer connection turns auto-checkpoints off and this thread,
with its own connection, checkpoints passively (never blocking the writer) four times a second, and
once more when the file is closed.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

INTERVAL_SECONDS = 0.25


class Checkpointer:
    def __init__(self, path: Path, *, interval: float = INTERVAL_SECONDS):
        self._path = path
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="svassessor-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False, timeout=1.0)
        try:
            conn.execute("PRAGMA synchronous = FULL")
            while not self._stop.wait(self._interval):
                _checkpoint(conn)
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def _checkpoint(conn: sqlite3.Connection) -> None:
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.OperationalError:
        pass  # busy or the disk is failing: the log keeps the data safe, and the next round retries
