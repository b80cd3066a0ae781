"""File > Export: one format, one file, written off the UI thread with progress and Cancel.

The dialog gathers the format, the file name and (for assessments) which ones, then makes one core
call, `svassessor.export_formats.export`, the same one the command line makes. Every writer there
writes its file whole or not at all, so a Cancel or a refusal leaves no half-written pack that looks
finished; the dialog stays open with the reason and closes only when the file is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from svassessor.export_formats import FORMATS, SUFFIXES, export
from ui.context import AppContext
from ui.text import menu_text, plain_label, tr
from ui.theme import secondary_text, warning_colour
from ui.workers import Job, worker_store

FOLDER_KEY = "export/folder"


def format_label(fmt: str) -> str:
    """What the list shows for a format: what it is, then its kind of file."""
    return {
        "pack": tr("Panel pack (PDF)"), "letters": tr("Feedback letters (PDF)"),
        "assessment": tr("Assessments (PDF)"), "csv": tr("Score matrix, one row per score (CSV)"),
        "csv-wide": tr("Score matrix, one row per application (CSV)"), "xlsx": tr("Score matrix workbook (XLSX)"),
        "360giving": tr("Awarded grants for 360Giving (CSV)"), "360giving-json": tr("Awarded grants for 360Giving (JSON)"),
        "json": tr("Round file (JSON)"), "register-pdf": tr("Commitments register (PDF)"),
        "register-csv": tr("Commitments register (CSV)"), "register-xlsx": tr("Commitments register (XLSX)"),
        "register-html": tr("Commitments register (web page)"),
        "summaries": tr("Assessment summaries (PDF)"), "record": tr("Decision record (ZIP)"),
    }.get(fmt, fmt)


def format_purpose(fmt: str) -> str:
    """What a grant officer would use the file for (the list's second line of help)."""
    return {
        "pack": tr("For the panel meeting: cover, ranking with the budget line, charts, and a page per application "
                   "with every assessor's scores, the spread, moderation and the decision."),
        "letters": tr("One plain-language letter per decided application, from the panel's feedback."),
        "assessment": tr("Assessments as signed off: criteria, scores, comments and quoted evidence. Choose one "
                         "application or one assessor, or print them all."),
        "csv": tr("Every score on its own row (application × assessor × criterion), for analysis."),
        "csv-wide": tr("One row per application with its totals, for a spreadsheet."),
        "xlsx": tr("Both score matrices in one workbook, with frozen headers."),
        "360giving": tr("The funded applications of a decided round, in the 360Giving Data Standard's columns."),
        "360giving-json": tr("The same, as a 360Giving JSON package."),
        "json": tr("The whole round, with scores, highlights and audit log, to import into another file."),
        "register-pdf": tr("Every funded offer beside what was delivered, to publish."),
        "register-csv": tr("The commitments register as a table."),
        "register-xlsx": tr("The commitments register as a workbook."),
        "register-html": tr("The commitments register as one web page, to put online."),
        "summaries": tr("For each decided applicant: the criteria and their importance, their score for each with "
                        "the panel's reasons and the passages it rests on, the total, and why it did not win. "
                        "Written once every explanation passes the check (Panel > Check the summaries)."),
        "record": tr("Everything that explains the decisions, to keep: pack, letters, summaries, scores, "
                     "rationales, conflicts and the audit events, with a manifest of checksums and the audit head."),
    }.get(fmt, "")


GROUPS = (
    (tr("For the panel"), ("pack", "assessment", "csv", "csv-wide", "xlsx")),
    (tr("For applicants"), ("letters", "summaries")),
    (tr("To publish"), ("360giving", "360giving-json", "register-pdf", "register-csv", "register-xlsx",
                        "register-html")),
    (tr("To keep"), ("record",)),
    (tr("To move the round to another file"), ("json",)),
)


def file_stem(text: str) -> str:
    """A file name from a round's name: no characters a file system refuses, no leading dots."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip(" .") or "export"


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.round is not None and ctx.store is not None
        self.ctx = ctx
        self.job: Job | None = None
        self.message: str | None = None  # what was written, once it has been
        self._suggested = ""
        self.setObjectName("exportDialog")
        self.setWindowTitle(tr("Export “{round}”").format(round=ctx.round.name))
        self.formats = QListWidget(self)
        self.formats.setObjectName("formats")
        self.formats.setAccessibleName(tr("Format"))
        grouped = [f for _, formats in GROUPS for f in formats]
        groups = [*GROUPS, (tr("Other"), tuple(f for f in FORMATS if f not in grouped))]
        for title, formats in groups:
            formats = tuple(f for f in formats if f in FORMATS)  # only what the core offers
            if not formats:
                continue
            heading = QListWidgetItem(title)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading: arrow keys pass over it
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setForeground(self.palette().color(self.foregroundRole()))  # a heading, not a greyed choice
            self.formats.addItem(heading)
            for fmt in formats:
                item = QListWidgetItem("    " + format_label(fmt))
                item.setData(Qt.ItemDataRole.UserRole, fmt)
                item.setToolTip(FORMATS[fmt])
                self.formats.addItem(item)
        self.formats.setSpacing(1)
        rows = sum(self.formats.sizeHintForRow(i) + 2 for i in range(self.formats.count()))
        self.formats.setMinimumHeight(rows + 2 * self.formats.frameWidth() + 4)
        self.about = plain_label(name="formatAbout")
        self._mute(self.about)
        self.application = QComboBox(self)
        self.application.setObjectName("exportApplication")
        self.application.setAccessibleName(tr("Application to print"))
        self.application.addItem(tr("All applications"), None)
        for app in ctx.store.applications.for_round(ctx.round):
            self.application.addItem(menu_text(f"{app.reference} — {app.organisation.name}"), app.reference)
        self.assessor = QComboBox(self)
        self.assessor.setObjectName("exportAssessor")
        self.assessor.setAccessibleName(tr("Assessor whose assessments to print"))
        self.assessor.addItem(tr("All assessors"), None)
        for person in ctx.store.assessors.for_round(ctx.round):
            self.assessor.addItem(menu_text(person.name), person.name)
        self.which = QWidget(self)
        which = QFormLayout(self.which)
        which.setContentsMargins(0, 0, 0, 0)
        which.addRow(tr("A&pplication:"), self.application)
        which.addRow(tr("A&ssessor:"), self.assessor)
        self.output = QLineEdit(self)
        self.output.setObjectName("exportPath")
        self.output.setAccessibleName(tr("File to write"))
        self.output.textChanged.connect(self._check_path)
        browse = QPushButton(tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.output, 1)
        row.addWidget(browse)
        self.note = plain_label(name="pathNote")
        self._mute(self.note)
        self.problem = plain_label(name="problem")
        self.problem.hide()
        save_as = plain_label(tr("&Save as:"), wrap=False)
        save_as.setBuddy(self.output)
        form = QFormLayout()
        form.addRow(save_as, row)
        form.addRow("", self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = self.buttons.addButton(tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.buttons.accepted.connect(self._export)
        self.buttons.rejected.connect(self.reject)
        title = plain_label(tr("&Format:"))
        title.setBuddy(self.formats)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.formats)
        layout.addWidget(self.about)
        layout.addWidget(self.which)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.formats.currentItemChanged.connect(lambda *_: self._format_changed())
        self.choose("pack")
        self.resize(640, self.sizeHint().height())

    @staticmethod
    def _mute(label) -> None:
        palette = label.palette()
        palette.setColor(label.foregroundRole(), secondary_text())
        label.setPalette(palette)

    def chosen_format(self) -> str:
        item = self.formats.currentItem()
        fmt = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return fmt or "pack"

    def choose(self, fmt: str) -> None:
        for i in range(self.formats.count()):
            if self.formats.item(i).data(Qt.ItemDataRole.UserRole) == fmt:
                self.formats.setCurrentRow(i)

    def _folder(self) -> Path:
        saved = self.ctx.settings.q.value(FOLDER_KEY)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _format_changed(self) -> None:
        fmt = self.chosen_format()
        self.about.setText(format_purpose(fmt) or FORMATS[fmt][:1].upper() + FORMATS[fmt][1:] + ".")
        self.which.setVisible(fmt == "assessment")
        current = self.output.text().strip()
        if not current or current == self._suggested:  # the user has not typed a name of their own
            name = f"{file_stem(self.ctx.round.name)} - {file_stem(format_label(fmt).split(' (')[0])}"
            folder = Path(current).parent if current else self._folder()
            self._suggested = str(folder / (name + SUFFIXES[fmt]))
            self.output.setText(self._suggested)
        self.problem.hide()

    def _browse(self) -> None:
        fmt = self.chosen_format()
        suffix = SUFFIXES[fmt]
        path, _ = QFileDialog.getSaveFileName(self, tr("Export to"), self.output.text(),
                                              tr("{kind} (*{suffix})").format(kind=format_label(fmt), suffix=suffix))
        if path:
            self.output.setText(path if path.lower().endswith(suffix) else path + suffix)

    def _check_path(self) -> None:
        path = Path(self.output.text().strip())
        exists = bool(self.output.text().strip()) and path.is_file()
        self.note.setText(tr("A file of this name exists: Export replaces it.") if exists else "")
        self.note.setVisible(exists)

    # the one call -------------------------------------------------------------------------------
    def _export(self) -> None:
        text = self.output.text().strip()
        if not text:
            self._show(tr("Give the file a name to write."))
            return
        ctx, fmt, output = self.ctx, self.chosen_format(), Path(text).expanduser()
        path, actor, round_ = ctx.path, ctx.store.actor, ctx.round
        narrow = {"application": self.application.currentData(), "assessor": self.assessor.currentData()} \
            if fmt == "assessment" else {}

        def work(progress, cancelled):
            with worker_store(path, actor=actor, readonly=True) as store:
                return export(store, round_, fmt, output, progress=progress, cancelled=cancelled, **narrow)

        self.problem.hide()
        self.job = Job(work, parent=self, title=self.windowTitle(), label=tr("Writing {file}…").format(file=output.name))
        self.job.succeeded.connect(lambda message: self._written(message, output))
        self.job.failed.connect(self._show)
        self.job.stopped.connect(self._show)
        self.job.finished.connect(self._finished)
        self.export_button.setEnabled(False)
        self.job.start()

    def _written(self, message: str, output: Path) -> None:
        self.message = message
        self.ctx.settings.q.setValue(FOLDER_KEY, str(output.parent))
        self.accept()

    def _finished(self) -> None:
        self.job = None
        self.export_button.setEnabled(True)

    def _show(self, message: str) -> None:
        palette = self.problem.palette()
        palette.setColor(self.problem.foregroundRole(), warning_colour())
        self.problem.setPalette(palette)
        self.problem.setText(message)
        self.problem.show()

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()
            return
        super().reject()
