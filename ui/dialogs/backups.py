"""File > Restore from backup: the file's backups, newest first, with their ages, their sizes and the room they
take in all; restoring one puts the file back as it was.

When a backup is taken and which are kept is the core's rule (`storage.backup_rule`), shown here in the
core's words. Restoring replaces the whole file, so the window closes it first (no connection of the
window is reading it while its pages are replaced, and the undo stack, whose commands point at the old
state, is dropped), the core's `restore_backup` runs on a worker with its own connection, and the
window opens the file again, whether the restore went through or not. What the file held before is
backed up first by the core, so a restore can itself be undone by restoring that backup.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QMessageBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from svassessor.sizes import size_text
from svassessor.storage.backup import Backup, BackupPolicy, age_text, list_backups, restore_backup, total_text
from ui.context import AppContext
from ui.text import plain_label, tr
from ui.theme import warning_colour
from ui.workers import Job, worker_store


def taken_text(moment: datetime) -> str:
    """'Tuesday 3 March 2026, 14:02:09', in this machine's time (seconds: two backups in a minute differ)."""
    local = moment.astimezone()
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M:%S}"


def when(moment: datetime, now: datetime) -> str:
    """'Tuesday 3 March 2026, 14:02:09 (2 hours ago)'."""
    return f"{taken_text(moment)} ({age_text(moment, now)})"


def ask(parent: QWidget, file: str, taken: str) -> bool:
    """The confirmation a user sees before their file is replaced."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("Restore from backup"),
                      tr("Put {file} back as it was on {taken}?").format(file=file, taken=taken), parent=parent)
    box.setInformativeText(tr("Everything changed since then is replaced. What the file holds now is backed up "
                              "first, so you can go back to it the same way."))
    box.setTextFormat(Qt.TextFormat.PlainText)
    restore = box.addButton(tr("&Restore"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is restore


class BackupsDialog(QDialog):
    def __init__(self, ctx: AppContext, *, reopen: Callable[[Path], bool], policy: BackupPolicy | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.path is not None
        self.ctx = ctx
        self.path = ctx.path
        self.reopen = reopen
        self.policy = policy or BackupPolicy()
        self.confirm: Callable[[str, str], bool] = lambda file, taken: ask(self, file, taken)
        self.job: Job | None = None
        self.message: str | None = None
        self.setObjectName("backupsDialog")
        self.setWindowTitle(tr("Restore from backup"))
        intro = plain_label(tr("Restoring a backup puts {file} back as it was then.").format(file=self.path.name))
        rule = plain_label(self.policy.rule.explained(), name="rule")
        self.list = QTreeWidget(self)
        self.list.setObjectName("backups")
        self.list.setAccessibleName(tr("Backups, newest first"))
        self.list.setHeaderLabels([tr("Taken"), tr("Age"), tr("Size")])
        self.list.headerItem().setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemActivated.connect(lambda *_: self._restore())
        self.backups = list_backups(self.path, self.policy)
        now = self.policy.clock()
        for backup in self.backups:
            item = QTreeWidgetItem(self.list, [taken_text(backup.taken_at), age_text(backup.taken_at, now),
                                               size_text(backup.size)])
            item.setToolTip(0, str(backup.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column in range(2):
            self.list.resizeColumnToContents(column)
        self.total = plain_label(total_text(self.backups) + ".", name="total")
        self.total.setVisible(bool(self.backups))
        self.empty = plain_label(tr("{file} has no backups yet: one is taken the next time it is opened for "
                                    "writing.").format(file=self.path.name))
        self.empty.setVisible(not self.backups)
        self.problem = plain_label(name="problem")
        palette = self.problem.palette()
        palette.setColor(self.problem.foregroundRole(), warning_colour())
        self.problem.setPalette(palette)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(tr("&Restore…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(bool(self.backups))
        self.buttons.accepted.connect(self._restore)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.list, self.total, self.empty, rule, self.problem, self.buttons):
            layout.addWidget(widget)
        if self.backups:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.resize(560, 420)

    def chosen(self) -> Backup | None:
        index = self.list.indexOfTopLevelItem(self.list.currentItem()) if self.list.currentItem() else -1
        return self.backups[index] if 0 <= index < len(self.backups) else None

    def _restore(self) -> None:
        backup = self.chosen()
        if backup is None or self.job is not None:
            return
        if not self.confirm(self.path.name, when(backup.taken_at, self.policy.clock())):
            return
        path, actor, policy = self.path, self.ctx.store.actor if self.ctx.store else "svassessor", self.policy

        def work(progress, cancelled):
            with worker_store(path, actor=actor) as store:
                return restore_backup(store.database, backup.path, policy)

        self.problem.hide()
        self.ctx.close_file()  # see the module docstring: nothing of the window reads the file meanwhile
        self.job = Job(work, parent=self, title=self.windowTitle(), label=tr("Restoring {file}…").format(
            file=path.name), cancellable=False)
        self.job.succeeded.connect(lambda saved: self._restored(backup, saved))
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self._finished)
        self.restore_button.setEnabled(False)
        self.job.start()

    def _restored(self, backup: Backup, saved: Backup) -> None:
        self.message = tr("{file} is back as it was on {taken}; what it held before is backed up, and can be "
                          "restored the same way.").format(file=self.path.name, taken=taken_text(backup.taken_at))
        self.reopen(self.path)
        self.accept()

    def _failed(self, message: str) -> None:
        self.reopen(self.path)
        self.problem.setText(message)
        self.problem.show()

    def _finished(self) -> None:
        self.job = None
        self.restore_button.setEnabled(bool(self.backups))

    def reject(self) -> None:
        if self.job is None:
            super().reject()
