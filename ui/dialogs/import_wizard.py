"""File > Import applications: choose a file, match its columns, check the report, then import.

The steps follow the core one to one (issue 6): reading the file is `plan_import` (or, for a round file,
`read_round_json`), the mapping page edits the plan, the check page is a dry run of
`import_applications` that reports what would change or every problem found, and Import runs it for
real. Each step that reads or writes runs as a `Job` off the UI thread with progress and Cancel. Nothing
touches the .svdb until Import, and the import keeps everything or (a problem, a cancel) nothing; the
wizard closes only when it has succeeded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget,
    QWizard, QWizardPage,
)

from svassessor.importing import ImportPlan, ImportResult, MappingMemory, import_applications, plan_import
from svassessor.models import Round
from svassessor.roundfile import RoundFile, import_round_json, is_round_file, read_round_json
from ui.context import AppContext
from ui.dialogs.import_mapping import MappingPage, use_line
from ui.text import plain_label, tr
from ui.theme import warning_colour
from ui.workers import Job, worker_store

SOURCE, MAPPING, CHECK = range(3)
SHOWN = 50  # problems and changes listed; the rest are counted
FILTER = "Applications (*.csv *.tsv *.txt *.xlsx *.xlsm *.json);;All files (*)"


def report_lines(error: Exception) -> list[str]:
    """Every problem of a refusal, one per line (a refusal with one problem is its sentence)."""
    problems = getattr(error, "problems", None) or []
    lines = [p.sentence() for p in problems[:SHOWN]] or [str(error)]
    if len(problems) > SHOWN:
        lines.append(tr("… and {n} more problems").format(n=len(problems) - SHOWN))
    return lines


def result_lines(result: ImportResult) -> list[str]:
    lines = [tr("Updated {ref}: {fields}").format(ref=ref, fields=", ".join(fields))
             for ref, fields in list(result.updated.items())[:SHOWN]]
    if result.new:
        lines.append(tr("New: {refs}").format(refs=", ".join(result.new[:SHOWN])
                                               + (" …" if len(result.new) > SHOWN else "")))
    return lines


class SourcePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setObjectName("sourcePage")
        self.setTitle(tr("Choose the file"))
        if wizard.ctx.round is not None:
            self.setSubTitle(tr("Applications go into the round “{round}”: a CSV or XLSX export of your form tool, "
                                "or a 360Giving file. A round file saved by svassessor makes a new round instead.")
                             .format(round=wizard.ctx.round.name))
        else:
            self.setSubTitle(tr("This file has no round yet: import a round file saved by svassessor, or make a "
                                "round first (File > New round) and then import its applications."))
        self.path = QLineEdit(self)
        self.path.setObjectName("sourcePath")
        self.path.setAccessibleName(tr("File to import"))
        self.path.setPlaceholderText(tr("applications.csv"))
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(tr("&Browse…"), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("sheet")
        self.sheet.setAccessibleName(tr("Sheet of the workbook"))
        self.sheet.setEnabled(False)
        self.sheet.setToolTip(tr("A workbook's sheets are listed once it has been read"))
        form = QFormLayout()
        form.addRow(tr("&File:"), row)
        form.addRow(tr("&Sheet:"), self.sheet)
        self.problems = QListWidget(self)
        self.problems.setObjectName("readProblems")
        self.problems.setAccessibleName(tr("Problems found in the file"))
        self.problems.setWordWrap(True)
        self.problems.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Import applications"), self.path.text(), tr(FILTER))
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip()) and self.wiz.job is None

    def chosen(self) -> tuple[Path, str | None]:
        sheet = self.sheet.currentText() if self.sheet.isEnabled() else None
        return Path(self.path.text().strip()), sheet

    def key(self) -> tuple[Path, str | None, tuple[int, int] | None]:
        """What was read: the file, the sheet, and its size and time (a file put right is read again)."""
        path, sheet = self.chosen()
        try:
            stat = path.stat()
        except OSError:
            return path, sheet, None
        return path, sheet, (stat.st_size, stat.st_mtime_ns)

    def validatePage(self) -> bool:
        """Read the file (off the UI thread) the first time Next is pressed; go on once it has been read."""
        if self.wiz.read_from is not None and self.wiz.read_from == self.key():
            return True
        self.problems.hide()
        self.wiz.read(*self.chosen())
        return False

    def show_problems(self, lines: list[str]) -> None:
        self.problems.clear()
        self.problems.addItems(lines)
        for i in range(self.problems.count()):
            self.problems.item(i).setForeground(warning_colour())
        self.problems.show()

    def nextId(self) -> int:
        return CHECK if self.wiz.round_file is not None else MAPPING


class CheckPage(QWizardPage):
    """What the import would do (a dry run), or every problem that stops it; Import runs it."""

    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.wiz = wizard
        self.setObjectName("checkPage")
        self.setTitle(tr("Check before importing"))
        self.setFinalPage(True)
        self.summary = plain_label(name="checkSummary", selectable=True)
        bold = self.summary.font()
        bold.setBold(True)
        self.summary.setFont(bold)
        self.name = QLineEdit(self)
        self.name.setObjectName("roundName")
        self.name.setAccessibleName(tr("Name of the new round"))
        self.name_row = QWidget(self)
        form = QFormLayout(self.name_row)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(tr("&New round's name:"), self.name)
        self.details = QListWidget(self)
        self.details.setObjectName("checkDetails")
        self.details.setAccessibleName(tr("Report of the check"))
        self.details.setWordWrap(True)
        self.hint = plain_label(name="checkHint")
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.name_row)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.hint)
        self.ok = False

    def initializePage(self) -> None:
        self.ok = False
        self.details.clear()
        self.details.show()
        self.hint.hide()
        self._tone(False)
        doc = self.wiz.round_file
        self.name_row.setVisible(doc is not None)
        if doc is not None:
            self.name.setText(doc.round.name)
            self.setSubTitle(tr("A round file saved by svassessor: it becomes a new round in this file, with its "
                                "scores, highlights, decisions and audit log."))
            self.summary.setText(tr("Round “{name}” ({status}): {apps} applications, {assessors} assessors, "
                                    "{assessments} assessments, {events} audit events.").format(
                name=doc.round.name, status=doc.round.status, apps=len(doc.applications),
                assessors=len(doc.assessors), assessments=len(doc.assessments), events=len(doc.audit)))
            self.ok = True
            self.completeChanged.emit()
            return
        self.setSubTitle(tr("Nothing has been imported yet: this is what Import will do."))
        self.summary.setText(tr("Checking every row…"))
        self.wiz.check()

    def _tone(self, warning: bool) -> None:
        palette = self.summary.palette()
        palette.setColor(self.summary.foregroundRole(), warning_colour() if warning else
                         self.palette().color(self.foregroundRole()))
        self.summary.setPalette(palette)

    def show_result(self, result: ImportResult) -> None:
        self.ok = True
        self._tone(False)
        summary = result.summary().replace("would import (dry run, nothing saved)", tr("will import"))
        self.summary.setText(summary.replace("and were left as they were", tr("and will be left as they are")))
        lines = result_lines(result)
        self.details.addItems(lines)
        if result.columns:  # what each column fills, counted on the rows Import will save
            self.details.addItem(tr("What each column of the file fills:"))
            heading = self.details.item(self.details.count() - 1)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.details.addItems([use_line(use) for use in result.columns])
        self.details.setVisible(self.details.count() > 0)
        self.hint.setText(tr("Press Import to save them. Until then nothing in the file has changed."))
        self.hint.show()
        self.completeChanged.emit()

    def show_refusal(self, headline: str, lines: list[str], *, hint: str = "", can_retry: bool = False) -> None:
        self.ok = can_retry
        self.setSubTitle(tr("Nothing has been imported."))
        self.summary.setText(headline)
        self._tone(True)
        self.details.clear()
        self.details.addItems(lines)
        self.details.setVisible(bool(lines))
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.ok and self.wiz.job is None

    def validatePage(self) -> bool:
        if self.wiz.result_ is not None:
            return True
        self.wiz.run()
        return False


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, *, memory: MappingMemory | None = None, path: Path | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.memory = memory if memory is not None else MappingMemory()
        self.setObjectName("importWizard")
        self.setWindowTitle(tr("Import applications"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("&Import"))
        self.job: Job | None = None
        self.read_from: tuple | None = None  # SourcePage.key() of the plan shown
        self.round_file: RoundFile | None = None
        self.result_: ImportResult | Round | None = None
        self.source = SourcePage(self)
        self.mapping = MappingPage(self)
        self.checking = CheckPage(self)
        self.setPage(SOURCE, self.source)
        self.setPage(MAPPING, self.mapping)
        self.setPage(CHECK, self.checking)
        if path is not None:
            self.source.path.setText(str(path))
        self.resize(960, 700)

    @property
    def plan(self) -> ImportPlan | None:
        return self.mapping.plan

    def _start(self, work, *, label: str, done, refused) -> None:
        self.job = Job(work, parent=self, title=self.windowTitle(), label=label)

        def finished() -> None:
            self.job = None
            for page in (self.source, self.checking):
                page.completeChanged.emit()

        self.job.succeeded.connect(done)
        self.job.failed.connect(lambda _m, j=self.job: refused(j.error or _m, False))
        self.job.stopped.connect(lambda m: refused(m, True))
        self.job.finished.connect(finished)
        self.job.start()
        for page in (self.source, self.checking):
            page.completeChanged.emit()

    # reading the file ---------------------------------------------------------------------------
    def read(self, path: Path, sheet: str | None) -> None:
        memory = self.memory
        # Read again (a file put right, another sheet): the columns the user chose keep their fields.
        chosen = {c.column: c.field for c in self.plan.columns if c.origin == "chosen"} if self.plan else {}
        tender = self.ctx.rubric is not None and self.ctx.rubric.kind == "tender"

        def work(progress, cancelled):
            if is_round_file(path):
                return read_round_json(path)
            plan = plan_import(path, sheet=sheet, memory=memory, tender=tender, progress=progress,
                               cancelled=cancelled)
            kept = {c: f for c, f in chosen.items() if c in plan.table.headers}
            return plan.remap(kept) if kept else plan

        def done(value) -> None:
            if isinstance(value, ImportPlan) and self.ctx.round is None:
                self.source.show_problems([tr("This file has no round to put applications in: make one with "
                                              "File > New round, then import them.")])
                return
            if isinstance(value, ImportPlan):
                self.round_file = None
                self.mapping.set_plan(value)
                self._sheets(value)
            else:
                self.round_file = value
                self.read_from = self.source.key()
            self.next()

        def refused(error, cancelled: bool) -> None:
            self.source.show_problems([str(error)] if cancelled else report_lines(error))

        self._start(work, label=tr("Reading {file}…").format(file=path.name), done=done, refused=refused)

    def _sheets(self, plan: ImportPlan) -> None:
        """List a workbook's sheets, the one read chosen; choosing another and Next reads that one."""
        combo, sheets = self.source.sheet, plan.table.sheets
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(sheets)
        combo.setEnabled(len(sheets) > 1)
        if sheets:
            combo.setCurrentText(plan.table.detail.removeprefix("sheet '").removesuffix("'"))
        combo.blockSignals(False)
        if combo.isEnabled():
            combo.setToolTip(tr("Choose another sheet and press Next to read it instead"))
        self.read_from = self.source.key()

    # the dry run and the import -------------------------------------------------------------------
    def check(self) -> None:
        plan, round_, ctx = self.plan, self.ctx.round, self.ctx
        assert plan is not None and round_ is not None and ctx.path is not None and ctx.store is not None
        path, actor = ctx.path, ctx.store.actor

        def work(progress, cancelled):
            with worker_store(path, actor=actor, readonly=True) as store:
                return import_applications(store, round_, plan, dry_run=True, progress=progress, cancelled=cancelled)

        self._start(work, label=tr("Checking {file}…").format(file=plan.table.name), done=self.checking.show_result,
                    refused=lambda error, cancelled: self._refused(error, cancelled, checking=True))

    def run(self) -> None:
        ctx = self.ctx
        assert ctx.path is not None and ctx.store is not None
        path, actor, round_, plan, memory = ctx.path, ctx.store.actor, ctx.round, self.plan, self.memory
        doc_path, name = (self.read_from[0] if self.read_from else None), self.checking.name.text().strip()
        round_file = self.round_file is not None

        def work(progress, cancelled):
            with worker_store(path, actor=actor) as store:
                if round_file:
                    return import_round_json(store, doc_path, name=name or None, progress=progress,
                                             cancelled=cancelled)
                return import_applications(store, round_, plan, memory=memory, progress=progress,
                                           cancelled=cancelled)

        def done(value) -> None:
            self.result_ = value
            self.accept()

        label = tr("Importing {file}…").format(file=doc_path.name if doc_path else "")
        self._start(work, label=label, done=done,
                    refused=lambda error, cancelled: self._refused(error, cancelled, checking=False))

    def _refused(self, error, cancelled: bool, *, checking: bool) -> None:
        if cancelled:  # a cancelled import may be started again; a cancelled check must be redone first
            self.checking.show_refusal(str(error), [], can_retry=not checking,
                                       hint=tr("Press Back, then Next, to check the file again.") if checking else "")
            return
        if not getattr(error, "problems", None):  # one sentence about the whole import: it says it all
            self.checking.show_refusal(str(error), [])
            return
        count = len(error.problems)
        self.checking.show_refusal(
            tr("{n} problems stop this import; nothing has been saved.").format(n=count) if count > 1 else
            tr("A problem stops this import; nothing has been saved."), report_lines(error),
            hint=tr("Put it right in the file and save it, then press Back and Next to check again; or press Back "
                    "and choose another field for the column."))

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()  # Esc while reading: stop the work, and stay until it has stopped
            return
        super().reject()
