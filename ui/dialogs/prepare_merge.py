"""The offline panel in the window (DESIGN §6): assessors' files out, their returned files merged back in.

`PrepareDialog` writes one file per chosen assessor with `prepare_assessor_file`; the files of one go
are kept together or not at all (a refusal or a Cancel removes the ones this go wrote, and never
touches a file that was there before, since prepare refuses to overwrite). `MergeDialog` merges the
chosen files with the core's `merge_files`, one file at a time so Cancel can stop between files: each
file is merged whole or not at all, and the ones merged before a Cancel stay merged (merging is
idempotent, so merging them again later changes nothing). Both end by showing their report, which is
what the chair needs to read; `MergeReportView` is shared with the shared-folder watch.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from svassessor.errors import SvAssessorError
from svassessor.panelfiles.merge import merge_files
from svassessor.panelfiles.prepare import PreparedFile, prepare_assessor_file
from svassessor.panelfiles.report import MergeReport
from ui.context import AppContext
from ui.dialogs.export_dialog import file_stem
from ui.text import menu_text, plain_label, tr
from ui.theme import secondary_text, warning_colour
from ui.workers import Job, worker_store

PREPARE_FOLDER_KEY = "panel/prepareFolder"
ROWS = {"assessments": tr("assessments"), "scores": tr("scores"), "annotations": tr("highlights")}


def _tone(widget, colour) -> None:
    palette = widget.palette()
    palette.setColor(widget.foregroundRole(), colour)
    widget.setPalette(palette)


class MergeReportView(QTreeWidget):
    """One line per file (whose work, what came in), its counts and refusals below it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeReport")
        self.setAccessibleName(tr("Merge report"))
        self.setHeaderHidden(True)
        self.setWordWrap(True)
        self.setRootIsDecorated(True)
        self.header().setStretchLastSection(True)  # long lines wrap instead of running off the edge

    def show_reports(self, reports: list[MergeReport], notes: list[str] = ()) -> None:
        self.clear()
        for report in reports:
            top = QTreeWidgetItem(self, [self.headline(report)])
            top.setToolTip(0, str(report.source))
            if report.refused_file:
                top.setForeground(0, warning_colour())
            else:
                QTreeWidgetItem(top, [tr("From {file}").format(file=report.source.name)])
            for table, counts in report.counts.items():
                if not report.refused_file and (counts.new or counts.updated or counts.unchanged or counts.older):
                    QTreeWidgetItem(top, [tr("{what}: {new} new, {updated} updated, {unchanged} unchanged, {older} "
                                             "older than the copy here (kept)").format(
                        what=ROWS.get(table, table).capitalize(), new=counts.new, updated=counts.updated,
                        unchanged=counts.unchanged, older=counts.older)])
            for (table, reason), n in sorted(report.refused.items()):
                item = QTreeWidgetItem(top, [tr("Refused {n} {what}: {reason}").format(
                    n=n, what=ROWS.get(table, table), reason=reason)])
                item.setForeground(0, warning_colour())
        for note in notes:
            item = QTreeWidgetItem(self, [note])
            item.setForeground(0, secondary_text())
        self.expandAll()

    @staticmethod
    def headline(report: MergeReport) -> str:
        if report.refused_file:
            return tr("{file}: not merged: {reason}").format(file=report.source.name, reason=report.refused_file)
        changed = sum(c.new + c.updated for c in report.counts.values())
        if not changed:
            return tr("{who}: nothing new (this work was merged before)").format(who=report.assessor)
        return tr("{who}: new work merged into “{round}”").format(who=report.assessor, round=report.round)


class _JobDialog(QDialog):
    """What both dialogs share: a main button that starts a job, a problem line, Close once done."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, action: str):
        super().__init__(parent)
        self.ctx = ctx
        self.job: Job | None = None
        self.problem = plain_label(name="problem")
        _tone(self.problem, warning_colour())
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.go = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.ActionRole)
        self.go.setObjectName("goButton")
        self.go.setDefault(True)
        self.go.clicked.connect(self._go)
        self.buttons.rejected.connect(self.reject)

    def _go(self) -> None:
        raise NotImplementedError

    def run(self, work, label: str, done) -> None:
        self.problem.hide()
        self.job = Job(work, parent=self, title=self.windowTitle(), label=label)
        self.job.succeeded.connect(done)
        self.job.failed.connect(self.show_problem)
        self.job.stopped.connect(self.show_problem)
        self.job.finished.connect(self._finished)
        self.go.setEnabled(False)
        self.job.start()

    def _finished(self) -> None:
        self.job = None
        self.go.setEnabled(True)

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()

    def done_state(self) -> None:
        """The work is done and its report shown: the only way on is Close."""
        self.go.hide()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.accept)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setFocus()

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
            return
        super().reject()


class PrepareDialog(_JobDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent, tr("&Prepare files"))
        assert ctx.store is not None and ctx.round is not None and ctx.path is not None
        self.setObjectName("prepareDialog")
        self.setWindowTitle(tr("Prepare assessors' files"))
        self.prepared: list[PreparedFile] = []
        intro = plain_label(tr("Each assessor gets a file of their own for “{round}”: the round, its rubric and the "
                               "applications they may score. Applications they have a conflict of interest with are "
                               "left out, and no one else's scores go in.").format(round=ctx.round.name))
        self.assessors = QListWidget(self)
        self.assessors.setObjectName("assessors")
        self.assessors.setAccessibleName(tr("Assessors to prepare a file for"))
        for person in ctx.store.assessors.for_round(ctx.round):
            text = person.name + (tr(" (chair)") if person.role == "chair" else "")
            if person.conflicts:
                text += tr(" · {n} conflicted, left out").format(n=len(person.conflicts))
            item = QListWidgetItem(menu_text(text))
            item.setData(Qt.ItemDataRole.UserRole, person.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person.role == "assessor" else Qt.CheckState.Unchecked)
            self.assessors.addItem(item)
        shown = min(max(self.assessors.count(), 3), 10)  # the panel at a glance, without a sea of white
        self.assessors.setFixedHeight(self.assessors.sizeHintForRow(0) * shown + 2 * self.assessors.frameWidth() + 4)
        saved = ctx.settings.q.value(PREPARE_FOLDER_KEY)
        self.folder = QLineEdit(str(saved) if saved and Path(str(saved)).is_dir() else str(ctx.path.parent), self)
        self.folder.setObjectName("prepareFolder")
        self.folder.setAccessibleName(tr("Folder to write the files in"))
        self.browse = QPushButton(tr("&Browse…"), self)
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        folder_label = plain_label(tr("&Folder:"), wrap=False)
        folder_label.setBuddy(self.folder)
        form = QFormLayout()
        form.addRow(folder_label, row)
        naming = plain_label(tr("Files are named “{round} - NAME.svdb”; a file that exists already is never "
                                "overwritten.").format(round=file_stem(ctx.round.name)))
        _tone(naming, secondary_text())
        self.report = QListWidget(self)
        self.report.setObjectName("prepareReport")
        self.report.setAccessibleName(tr("Files written"))
        self.report.setWordWrap(True)
        self.report.setSpacing(4)
        self.report.hide()
        who = plain_label(tr("&Assessors:"))
        who.setBuddy(self.assessors)
        layout = QVBoxLayout(self)
        for widget in (intro, who, self.assessors):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (naming, self.report, self.problem, self.buttons):
            layout.addWidget(widget)
        self.resize(620, 520)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the assessors' files"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def chosen(self) -> list[str]:
        return [self.assessors.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.assessors.count())
                if self.assessors.item(i).checkState() == Qt.CheckState.Checked]

    def _go(self) -> None:
        names, folder = self.chosen(), Path(self.folder.text().strip()).expanduser()
        if not names:
            self.show_problem(tr("Tick at least one assessor."))
            return
        if not folder.is_dir():
            self.show_problem(tr("{folder} is not a folder; choose one to write the files in.").format(folder=folder))
            return
        ctx = self.ctx
        path, actor, round_name = ctx.path, ctx.store.actor, ctx.round.name
        targets = [(name, folder / f"{file_stem(round_name)} - {file_stem(name)}.svdb") for name in names]

        def work(progress, cancelled):
            written: list[PreparedFile] = []
            try:
                with worker_store(path, actor=actor, readonly=True) as store:
                    for n, (name, out) in enumerate(targets):
                        if cancelled():
                            raise SvAssessorError(tr("Cancelled: no assessor's file was kept."))
                        progress(n, len(targets), name)
                        written.append(prepare_assessor_file(store, round_name=round_name, assessor_name=name, out=out))
            except BaseException:
                for done in written:  # this go's files only: prepare never overwrites one that was there
                    done.path.unlink(missing_ok=True)
                raise
            progress(len(targets), len(targets))
            return written

        self.run(work, tr("Writing assessors' files…"), self._prepared)

    def _prepared(self, written: list[PreparedFile]) -> None:
        self.prepared = written
        self.ctx.settings.q.setValue(PREPARE_FOLDER_KEY, str(written[0].path.parent) if written else "")
        self.report.clear()
        folder = written[0].path.parent if written else ""
        self.report.addItem(tr("Written to {folder}; send each assessor their own file:").format(folder=folder))
        for prepared in written:
            lines = [tr("{name}: {file}, {n} applications.").format(
                name=prepared.assessor, file=prepared.path.name, n=prepared.applications)]
            if prepared.left_out:
                lines.append(tr("Left out (conflict of interest): {refs}.").format(refs=", ".join(prepared.left_out)))
            if prepared.carried:
                lines.append(tr("The {n} scores they had already given here are in it.").format(n=prepared.carried))
            self.report.addItem("\n".join(lines))
        self.report.show()
        for widget in (self.assessors, self.folder, self.browse):
            widget.setEnabled(False)
        self.ctx.done.emit(tr("{n} assessor's file(s) written to {folder}.").format(
            n=len(written), folder=written[0].path.parent if written else ""))
        self.done_state()


class MergeDialog(_JobDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, files: list[Path] = ()):
        super().__init__(ctx, parent, tr("&Merge"))
        assert ctx.store is not None and ctx.path is not None
        self.setObjectName("mergeDialog")
        self.setWindowTitle(tr("Merge returned files"))
        self.reports: list[MergeReport] = []
        intro = plain_label(tr("Take assessors' returned files into {file}. Each file comes in whole or not at "
                               "all; a newer edit replaces an older one and the old value stays in the audit log; "
                               "nothing is deleted, and merging a file twice changes nothing.").format(
            file=ctx.path.name))
        self.files = QListWidget(self)
        self.files.setObjectName("mergeFiles")
        self.files.setAccessibleName(tr("Files to merge"))
        self.add = QPushButton(tr("&Add files…"), self)
        self.add.clicked.connect(self._add)
        self.remove = QPushButton(tr("&Remove"), self)
        self.remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        row = QHBoxLayout()
        row.addWidget(self.add)
        row.addWidget(self.remove)
        row.addStretch(1)
        self.report = MergeReportView(self)
        self.report.hide()
        layout = QVBoxLayout(self)
        for widget in (intro, self.files):
            layout.addWidget(widget)
        layout.addLayout(row)
        for widget in (self.report, self.problem, self.buttons):
            layout.addWidget(widget)
        self.add_files(list(files))
        self.resize(720, 520)

    def add_files(self, paths: list[Path]) -> None:
        have = set(self.sources())
        for path in paths:
            if Path(path) not in have:
                item = QListWidgetItem(str(path))
                item.setData(Qt.ItemDataRole.UserRole, str(path))
                self.files.addItem(item)

    def sources(self) -> list[Path]:
        return [Path(self.files.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.files.count())]

    def _add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Returned assessors' files"), str(self.ctx.path.parent),
                                                tr("svassessor files (*.svdb)"))
        self.add_files([Path(p) for p in paths])

    def _go(self) -> None:
        sources = self.sources()
        if not sources:
            self.show_problem(tr("Add the files the assessors sent back."))
            return
        path, actor = self.ctx.path, self.ctx.store.actor

        def work(progress, cancelled):
            with worker_store(path, actor=actor) as store:
                # A cancel stops between files: those merged so far stay merged, each its own step.
                reports = merge_files(store, sources, progress, cancelled)
            return reports, len(sources) - len(reports)

        self.run(work, tr("Merging returned files…"), self._merged)

    def _merged(self, outcome: tuple[list[MergeReport], int]) -> None:
        reports, left = outcome
        self.reports = reports
        notes = [tr("Cancelled: {n} file(s) not merged; merge them again at any time.").format(n=left)] if left else []
        self.report.show_reports(reports, notes)
        self.report.show()
        for widget in (self.files, self.add, self.remove):
            widget.hide()
        merged = [r for r in reports if r.changed]
        self.ctx.done.emit(tr("{n} of {m} returned file(s) brought in new work.").format(n=len(merged), m=len(reports)))
        self.done_state()
