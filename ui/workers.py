"""Long work off the UI thread: a core call on a QThread, watched by a progress dialog with Cancel.

`Job(work, ...)` runs `work(progress, cancelled)` on its own thread. The work reports
`progress(done, total, what="")` (svassessor.progress) and asks `cancelled()`
between steps; the answer comes back on the UI thread as exactly one of `succeeded(result)`,
`failed(sentence)` or `stopped(sentence)`, then `finished()`. A cancelled job keeps nothing because
the core calls it runs are all or nothing: a Cancel makes them raise inside their transaction, which
rolls back. A job that finished before its Cancel took effect is reported as succeeded, since its work
was kept.

The thread rule, and why a second connection: one SQLite connection must never be used by two
threads at once, and sharing the window's connection would also let the window's reads see (and its
writes join) the worker's open transaction. So work that touches the file opens a connection of its
own in the worker with `worker_store` (no backup: the window's open already took one) and closes it
when done. Writes serialise on SQLite's own lock; the window's connection stays usable for reads
(repaints, filtering) throughout and sees the worker's changes once it commits, and a cancelled job
leaves nothing for it to see. The progress dialog is window-modal, so the user makes no edits that
would wait on the worker's lock; the shared-folder watch, which has no dialog, holds off while any
other job runs (`Job.busy()`).

Unexpected exceptions (bugs) go to `sys.excepthook`, the window's crash dialog, and end as `failed`.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from svassessor.errors import SvAssessorError
from svassessor.progress import Cancelled, Progress
from svassessor.storage.database import open_database
from svassessor.store import Store
from ui.text import tr

Work = Callable[[Progress, Cancelled], Any]

_EVERY = 0.05  # seconds between progress signals: a 10,000-row import must not flood the event queue


def worker_store(path: Path, *, actor: str, readonly: bool = False) -> Store:
    """A connection of the worker's own to the open file (see the module docstring); close it when done."""
    return Store(open_database(path, readonly=readonly, backups=None), actor=actor)


class _Thread(QThread):
    progressed = Signal(int, int, str)
    ended = Signal(str, object)  # "ok" | "problem" | "bug", and the result, the sentence or the exception

    def __init__(self, work: Work, cancel: threading.Event):
        super().__init__()
        self.work = work
        self.cancel = cancel
        self._last = 0.0

    def progress(self, done: int, total: int, what: str = "") -> None:
        now = time.monotonic()
        if now - self._last >= _EVERY or done >= total:
            self._last = now
            self.progressed.emit(int(done), int(total), str(what or ""))

    def run(self) -> None:
        try:
            result = self.work(self.progress, self.cancel.is_set)
        except SvAssessorError as error:
            self.ended.emit("problem", error)
        except Exception as error:  # noqa: BLE001 - a bug: shown by the crash dialog on the UI thread
            self.ended.emit("bug", error)
        else:
            self.ended.emit("ok", result)


class _ProgressDialog(QProgressDialog):
    """A progress dialog that stays up after Cancel (or Esc) until the work has actually stopped."""

    cancelRequested = Signal()

    def __init__(self, label: str, title: str, cancellable: bool, parent: QWidget | None):
        super().__init__(label, tr("Cancel") if cancellable else "", 0, 0, parent)
        self.setObjectName("jobProgress")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumDuration(300)  # quick work finishes without a dialog flashing up
        self.setMinimumWidth(460)
        self.canceled.disconnect(self.cancel)  # Qt would hide it at once, while the work is still stopping
        self.canceled.connect(self.cancelRequested)
        self.cancellable = cancellable
        if not cancellable:
            self.setCancelButton(None)

    def reject(self) -> None:  # Esc
        if self.cancellable:
            self.cancelRequested.emit()

    def closeEvent(self, event) -> None:
        event.ignore()
        self.reject()


class Job(QObject):
    """One piece of long work; see the module docstring. Start it with `start()`."""

    succeeded = Signal(object)
    failed = Signal(str)
    stopped = Signal(str)
    finished = Signal()

    _running: ClassVar[set[Job]] = set()  # keeps a running job alive without its caller holding it

    def __init__(self, work: Work, *, parent: QWidget | None, title: str, label: str, cancellable: bool = True,
                 show_progress: bool = True):
        super().__init__(parent)
        self.label = label
        self._cancel = threading.Event()
        self._thread = _Thread(work, self._cancel)
        self._thread.progressed.connect(self._progressed)
        self._thread.ended.connect(self._ended)
        self.dialog: _ProgressDialog | None = None
        if show_progress:
            self.dialog = _ProgressDialog(label, title, cancellable, parent)
            self.dialog.cancelRequested.connect(self.cancel)
        self.outcome: str | None = None  # "ok", "problem", "cancelled" or "bug", once finished
        self.error: SvAssessorError | None = None  # the refusal itself, for a report listing its problems

    @classmethod
    def busy(cls) -> bool:
        """Whether any job is running now (the folder watch waits for it)."""
        return bool(cls._running)

    @property
    def running(self) -> bool:
        return self in Job._running

    def start(self) -> Job:
        Job._running.add(self)
        if self.dialog is not None:
            self.dialog.setValue(0)  # starts the dialog's minimum-duration clock
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop; it stops at its next check, keeping nothing."""
        if self._cancel.is_set() or not self.running:
            return
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText(tr("Stopping… nothing of this will be kept."))
            self.dialog.show()

    def wait(self, ms: int = 30000) -> bool:
        """Block until the thread ends (tests; the window never waits)."""
        return self._thread.wait(ms)

    def _progressed(self, done: int, total: int, what: str) -> None:
        dialog = self.dialog
        if dialog is None or self._cancel.is_set():
            return
        if dialog.maximum() != max(total, 0):
            dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total > 0 else 0)
        dialog.setLabelText(f"{self.label}\n{what}" if what else self.label)

    def _ended(self, kind: str, value: object) -> None:
        self._thread.wait()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        Job._running.discard(self)
        if kind == "ok":
            self.outcome = "ok"
            self.succeeded.emit(value)
        elif kind == "problem" and self._cancel.is_set():
            self.error = value  # type: ignore[assignment]
            self.outcome = "cancelled"
            self.stopped.emit(str(value))
        elif kind == "problem":
            self.error = value  # type: ignore[assignment]
            self.outcome = "problem"
            self.failed.emit(str(value))
        else:
            assert isinstance(value, BaseException)
            self.outcome = "bug"
            sys.excepthook(type(value), value, value.__traceback__)
            self.failed.emit(tr("svassessor met an error it did not expect ({kind}); nothing of this was kept.")
                             .format(kind=type(value).__name__))
        self.finished.emit()
        self._thread.deleteLater()
