"""The File menu's work: a new file, the round's set-up, import, export, assessors' files, merge, the
shared folder, backups.

Kept apart from `ui.assessor.window` so the window stays about panes and menus: each slot here opens one
dialog (window-modal, not blocking, so tests and the event loop carry on) and, when it succeeds,
refreshes what the work changed: the list of applications, or the whole session after a new round or a
restore.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QVBoxLayout

from svassessor.errors import SvAssessorError
from svassessor.models import Round
from svassessor.storage.new_file import create_empty
from ui.folder_watch import FolderWatch
from ui.text import tr

if TYPE_CHECKING:
    from svassessor.importing import ImportResult, MappingMemory
    from ui.assessor.window import MainWindow


class FileActions:
    def __init__(self, window: MainWindow):
        self.window = window
        self.ctx = window.ctx
        self.memory: MappingMemory | None = None  # None: the user's own (tests pass one in a temporary folder)
        self.dialog: QDialog | None = None  # the dialog open now, for tests to drive
        self.returned: QDialog | None = None  # what the shared folder brought in last (not modal)
        self.watching = QLabel(window)
        self.watching.setObjectName("watching")
        self.watching.hide()
        window.statusBar().addPermanentWidget(self.watching)
        self.watch = FolderWatch(self.ctx, window)
        self.watch.arrived.connect(self._arrived)
        self.watch.failed.connect(self.ctx.report)
        self.watch.watchingChanged.connect(self._watching)

    def _ready(self, *, round_needed: bool = True, writes: bool = False) -> bool:
        if self.ctx.store is None:
            self.ctx.report(tr("Open a file first (File > Open), or make one (File > New file)."))
            return False
        if round_needed and self.ctx.round is None:
            self.ctx.report(tr("Make a round first (File > New round)."))
            return False
        return not (writes and self.ctx.refuse_if_read_only())

    def _open(self, dialog: QDialog, on_accept) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    # a new file and the round's set-up -----------------------------------------------------------
    def new_file(self, path: Path | None = None, *, replace: bool | None = None) -> bool:
        """Make a new, empty .svdb, open it, and offer the New round dialog; False if none was made.

        Without `path` the user names the file; an existing file is replaced only when they confirm
        (`replace` answers for them in tests).
        """
        if path is None:
            path = self._ask_new_path()
            if path is None:
                return False
        if self.ctx.path is not None and path.resolve() == self.ctx.path.resolve():
            self.ctx.report(tr("{file} is the file open now: give the new file another name.").format(file=path.name))
            return False
        if path.exists():
            if replace is None:
                replace = self._confirm_replace(path)
            if not replace:
                return False
        try:
            create_empty(path, replace=bool(replace))
        except SvAssessorError as error:
            self.ctx.report(error)
            return False
        if self.window.open_path(path):
            self.ctx.done.emit(tr("{file} is ready: make its first round.").format(file=path.name))
            self.new_round()
        return True

    def _ask_new_path(self) -> Path | None:
        dialog = QFileDialog(self.window, tr("New file"), str(self._folder()), tr("svassessor files (*.svdb)"))
        dialog.setObjectName("newFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("svdb")
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)  # asked below, in our own words
        dialog.selectFile(tr("New round.svdb"))
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        return Path(dialog.selectedFiles()[0])

    def _folder(self) -> Path:
        return self.ctx.path.parent if self.ctx.path else Path.home()

    def _confirm_replace(self, path: Path) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Replace {file}?").format(file=path.name),
                          tr("{file} already exists in {folder}. Replacing it starts it again, empty: every round in "
                             "it is lost.").format(file=path.name, folder=path.parent), parent=self.window)
        box.setObjectName("confirmReplace")
        box.setTextFormat(Qt.TextFormat.PlainText)
        replace = box.addButton(tr("&Replace it"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is replace

    def new_round(self) -> None:
        if not self._ready(round_needed=False, writes=True):
            return
        from ui.dialogs.new_round import NewRoundDialog

        dialog = NewRoundDialog(self.ctx.store, self.window)
        self._open(dialog, lambda: self._round_made(dialog.created))

    def _round_made(self, round_: Round | None) -> None:
        if round_ is not None:
            self.ctx.done.emit(tr("Round “{name}” made: add its assessors next.").format(name=round_.name))
            self.window.start(round_)

    def round_settings(self) -> None:
        if not self._ready():
            return
        from ui.dialogs.round_settings import RoundSettingsDialog

        self._open(RoundSettingsDialog(self.ctx, self.ctx.round, parent=self.window), lambda: None)

    def redaction_preview(self) -> None:
        """The chair's preview of what an anonymised round's assessors read, on the open application."""
        if not self._ready():
            return
        assert self.ctx.store is not None and self.ctx.round is not None
        try:
            self.ctx.store.anonymity.require_may_preview(self.ctx.round, self.ctx.person)
        except SvAssessorError as error:
            self.ctx.report(error)
            return
        from ui.dialogs.redaction import RedactionDialog

        shown = self.window.view.application
        self._open(RedactionDialog(self.ctx, self.ctx.round, shown.reference if shown else None,
                                   parent=self.window), lambda: None)

    def assessors(self, round_: Round | None = None) -> None:
        """The Assessors and conflicts dialog of the round worked on (or `round_`), not blocking."""
        if not self._ready(round_needed=round_ is None):
            return
        from ui.dialogs.assessors import AssessorsDialog

        self._open(AssessorsDialog(self.ctx, round_ or self.ctx.round, parent=self.window), lambda: None)

    def eligibility(self, round_: Round | None = None) -> None:
        """The Eligibility screen of the round worked on (or `round_`), not blocking."""
        if not self._ready(round_needed=round_ is None):
            return
        from ui.eligibility import EligibilityDialog

        self._open(EligibilityDialog(self.ctx, round_ or self.ctx.round, parent=self.window), lambda: None)

    def assignment(self, round_: Round | None = None) -> None:
        """The Assignment grid of the round worked on (or `round_`), not blocking."""
        if not self._ready(round_needed=round_ is None):
            return
        from ui.dialogs.assignment import AssignmentDialog

        self._open(AssignmentDialog(self.ctx, round_ or self.ctx.round, parent=self.window), lambda: None)

    # after the work -----------------------------------------------------------------------------
    def refresh_applications(self) -> None:
        """The round's applications changed (imported, merged): reload the list, keep the one open."""
        lst = self.window.list
        current = lst.current()
        lst.load()
        if current is None or not lst.select(current.id):
            lst.step(0)

    # import ---------------------------------------------------------------------------------------
    def import_applications(self) -> None:
        if not self._ready(round_needed=False, writes=True):
            return
        from ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, memory=self.memory, parent=self.window)
        self._open(wizard, lambda: self._imported(wizard.result_))

    def _imported(self, result: ImportResult | Round | None) -> None:
        if isinstance(result, Round):
            self.ctx.done.emit(tr("Round “{name}” imported.").format(name=result.name))
            self.window.start(result)
        elif result is not None:
            self.ctx.done.emit(result.summary())
            self.refresh_applications()

    # narrative documents ------------------------------------------------------------------------
    def add_narratives(self, files=()) -> None:
        if not self._ready(writes=True):
            return
        from ui.dialogs.narratives import NarrativesDialog

        dialog = NarrativesDialog(self.ctx, files=list(files), parent=self.window)
        self._open(dialog, lambda: self._narratives_added(dialog.results or []))

    def _narratives_added(self, results) -> None:
        self.ctx.done.emit(" ".join(r.summary() for r in results))
        self.refresh_applications()
        self.window.reshow_application()

    # export ---------------------------------------------------------------------------------------
    def export(self) -> None:
        if not self._ready():
            return
        from ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.ctx, parent=self.window)
        self._open(dialog, lambda: self.ctx.done.emit(dialog.message or ""))

    # the offline panel ----------------------------------------------------------------------------
    def prepare(self) -> None:
        if not self._ready():
            return
        from ui.dialogs.prepare_merge import PrepareDialog

        self._open(PrepareDialog(self.ctx, parent=self.window), lambda: None)

    def merge(self, files=()) -> None:
        if not self._ready(round_needed=False, writes=True):
            return
        from ui.dialogs.prepare_merge import MergeDialog

        dialog = MergeDialog(self.ctx, parent=self.window, files=list(files))
        self._open(dialog, lambda: self._merged(dialog.reports))

    def _merged(self, reports) -> None:
        if any(r.changed for r in reports):
            self.refresh_applications()
            self.ctx.workMerged.emit()

    def watch_folder(self) -> None:
        if not self._ready(round_needed=False, writes=True):
            return
        if self.watch.folder is not None:
            box = QMessageBox(QMessageBox.Icon.Information, tr("Shared folder"),
                              tr("Returned files are merged as they arrive in {folder}.").format(
                                  folder=self.watch.folder), parent=self.window)
            stop = box.addButton(tr("&Stop watching"), QMessageBox.ButtonRole.DestructiveRole)
            other = box.addButton(tr("&Choose another folder…"), QMessageBox.ButtonRole.ActionRole)
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
            if box.clickedButton() is stop:
                self.watch.watch(None)
            if box.clickedButton() is not other:
                return
        start = str(self.watch.folder or (self.ctx.path.parent if self.ctx.path else ""))
        folder = QFileDialog.getExistingDirectory(self.window, tr("Shared folder the assessors return files to"), start)
        if folder:
            self.watch.watch(Path(folder))

    def _watching(self, folder: str) -> None:
        self.watching.setText(tr("Watching {folder}").format(folder=Path(folder).name) if folder else "")
        self.watching.setToolTip(tr("Returned files in {folder} are merged as they arrive").format(folder=folder))
        self.watching.setVisible(bool(folder))

    def _arrived(self, scan) -> None:
        """Say what came in from the shared folder, without taking the focus from the work."""
        from ui.dialogs.prepare_merge import MergeReportView

        if self.returned is None:
            self.returned = QDialog(self.window)
            self.returned.setObjectName("returnedFiles")
            self.returned.setWindowTitle(tr("Returned files"))
            layout = QVBoxLayout(self.returned)
            self.returned.view = MergeReportView(self.returned)
            layout.addWidget(self.returned.view)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self.returned)
            buttons.rejected.connect(self.returned.hide)
            layout.addWidget(buttons)
            self.returned.resize(680, 360)
        self.returned.view.show_reports(scan.reports, scan.waiting)
        self.returned.show()
        merged = [r.assessor for r in scan.reports if r.changed]
        if merged:
            self.ctx.done.emit(tr("From the shared folder: new work merged from {who}.").format(who=", ".join(merged)))
            self.refresh_applications()
            self.ctx.workMerged.emit()
        elif scan.reports:
            self.ctx.done.emit(tr("From the shared folder: {n} file(s) looked at, nothing new.").format(
                n=len(scan.reports)))

    def restore(self) -> None:
        if not self._ready(round_needed=False, writes=True):
            return
        from ui.dialogs.backups import BackupsDialog

        dialog = BackupsDialog(self.ctx, reopen=self.window.open_path, parent=self.window)
        self._open(dialog, lambda: self.ctx.done.emit(dialog.message or ""))
