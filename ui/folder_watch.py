"""The shared-folder watch: assessors drop their returned files in a folder, and they are merged as they arrive.

A QFileSystemWatcher says when the folder changes, and a slow timer looks anyway (network shares
often send no notice, and a file its assessor still has open is left for a later look). A change is
acted on after a quiet moment, so a file still being copied in is not read half-way; the core's
`scan_folder` also skips what it has seen unchanged and what someone still holds open. Each scan is a
`Job` without a dialog, on its own connection (see `ui.workers`); it waits while any other job runs,
so a background merge never meets an import or a restore. Merging is idempotent, so looking at a file
twice costs time, never data. The folder is remembered per file and watched again when that file is
opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from ui.context import AppContext
from ui.workers import Job, worker_store

if TYPE_CHECKING:
    from svassessor.panelfiles.folder import Fingerprint, FolderScan

QUIET_MS = 2000  # after the last change, before looking: a copy in progress keeps changing the folder
POLL_MS = 30000


class FolderWatch(QObject):
    arrived = Signal(object)  # a FolderScan with something new to show
    failed = Signal(str)  # one sentence: the panel's own file could not take the merge
    watchingChanged = Signal(str)  # the folder watched now, or "" when none

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, quiet_ms: int = QUIET_MS,
                 poll_ms: int = POLL_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.folder: Path | None = None
        self.seen: dict[Path, Fingerprint] = {}
        self.job: Job | None = None
        self._waiting: list[str] = []
        self._file: Path | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _p: self._quiet.start())
        self._quiet = QTimer(self, singleShot=True, interval=quiet_ms, timeout=self.scan_now)
        self._poll = QTimer(self, interval=poll_ms, timeout=self.scan_now)
        ctx.sessionChanged.connect(self._session_changed)

    def _key(self) -> str:
        assert self.ctx.path is not None
        return "sharedFolders/" + str(self.ctx.path.resolve()).encode("utf-8").hex()

    def watch(self, folder: Path | None) -> None:
        """Watch `folder` for the open file (None: stop), and remember the choice for this file."""
        if self.ctx.path is not None:
            self.ctx.settings.q.setValue(self._key(), str(folder) if folder else "")
        self._start(folder)

    def _start(self, folder: Path | None) -> None:
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._poll.stop()
        self._quiet.stop()
        self.folder, self.seen, self._waiting = folder, {}, []
        if folder is not None:
            self._watcher.addPath(str(folder))
            self._poll.start()
            self._quiet.start()  # what is there already is looked at first
        self.watchingChanged.emit(str(folder) if folder else "")

    def _session_changed(self) -> None:
        """Another file: watch its remembered folder, if it has one that still exists."""
        if self.ctx.path == self._file:
            return
        self._file = self.ctx.path
        saved = self.ctx.settings.q.value(self._key()) if self.ctx.path is not None else None
        self._start(Path(str(saved)) if saved and Path(str(saved)).is_dir() else None)

    def scan_now(self) -> None:
        """Look at the folder now (or as soon as other work is done)."""
        from svassessor.panelfiles.folder import scan_folder  # the merge machinery loads when a folder is watched

        ctx, folder = self.ctx, self.folder
        if folder is None or ctx.store is None or ctx.path is None:
            return
        if Job.busy():
            self._quiet.start()
            return
        path, actor, seen = ctx.path, ctx.store.actor, self.seen

        def work(progress, cancelled):
            with worker_store(path, actor=actor) as store:
                return path, scan_folder(store, folder, seen)

        self.job = Job(work, parent=None, title="", label="", cancellable=False, show_progress=False)
        self.job.succeeded.connect(self._scanned)
        self.job.failed.connect(self.failed)
        self.job.finished.connect(self._done)
        self.job.start()

    def _scanned(self, outcome: tuple[Path, FolderScan]) -> None:
        path, scan = outcome
        if path != self.ctx.path:
            return  # the window moved to another file meanwhile; its own watch looks afresh
        news = scan.waiting != self._waiting
        self._waiting = list(scan.waiting)
        if scan.reports or (news and scan.waiting):
            self.arrived.emit(scan)

    def _done(self) -> None:
        self.job = None
