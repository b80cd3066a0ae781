"""File > Import grant holders' returns…: check a CSV or XLSX first, then record it, undoably.

Choosing a file runs the core's import as a dry run (`import_deliveries(dry_run=True)`), which reads
every row and keeps nothing: the dialog then lists what will be recorded, or every problem by row
and column (the import is all or nothing, so one bad row means none are kept). Import makes one
undoable command. A return is tens of rows, so the check runs in the window's thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, \
    QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from svassessor.errors import SvAssessorError
from svassessor.importing.problems import ImportRejected
from svassessor.models import Round
from svassessor.monitoring import load_progress
from svassessor.monitoring.imports import import_deliveries
from svassessor.monitoring.words import amount, when
from ui.commands.base import push
from ui.commands.deliveries import ImportDeliveriesCommand, status_word
from ui.context import AppContext
from ui.text import one_line, plain_label, tr


class ImportReturnsDialog(QDialog):
    def __init__(self, ctx: AppContext, round_: Round, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.round = ctx, round_
        self.path: Path | None = None
        self.count = 0
        self.imported = False
        self.setObjectName("importReturnsDialog")
        self.setWindowTitle(tr("Import grant holders' returns"))
        self.setAccessibleName(self.windowTitle())
        intro = plain_label(tr("A CSV or XLSX with columns reference, offer, date, quantity, status, evidence and "
                               "story. Every row is checked first; nothing is recorded unless every row is right. "
                               "Rows already recorded are skipped."), self)
        self.file = QLineEdit(self)
        self.file.setObjectName("returnsFile")
        self.file.setAccessibleName(tr("Returns file"))
        self.file.setReadOnly(True)
        choose = QPushButton(tr("&Choose file…"), self)
        choose.setObjectName("chooseReturns")
        choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        label = QLabel(tr("&File:"), self, buddy=self.file)
        row.addWidget(label)
        row.addWidget(self.file, 1)
        row.addWidget(choose)
        self.summary = plain_label("", self, name="returnsSummary")
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("returnsDetails")
        self.details.setAccessibleName(tr("What the import will record, or every problem"))
        self.details.setReadOnly(True)
        self.details.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importReturns")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.import_now)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 440)
        choose.setFocus()

    def _choose(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, tr("Grant holders' returns"), "",
                                                tr("Returns (*.csv *.xlsx);;All files (*)"))
        if chosen:
            self.check(Path(chosen))

    def check(self, path: Path) -> bool:
        """Dry-run the import of `path` and show the outcome; True when it can be imported."""
        self.path, self.count = Path(path), 0
        self.file.setText(str(path))
        store = self.ctx.store
        assert store is not None
        try:
            result = import_deliveries(store, self.round, self.path, recorded_by=store.actor, dry_run=True)
        except ImportRejected as rejected:
            n = len(rejected.problems)
            found = tr("1 problem found") if n == 1 else tr("{n} problems found").format(n=n)
            self.summary.setText(tr("{found}; nothing can be imported until the file is put right.").format(found=found))
            self.details.setPlainText("\n".join(p.sentence() for p in rejected.problems))
            self.import_button.setEnabled(False)
            return False
        except SvAssessorError as error:
            self.summary.setText(str(error))
            self.details.clear()
            self.import_button.setEnabled(False)
            return False
        self.count = len(result.recorded)
        offers = {o.offer.id: o for o in load_progress(store, self.round).offers}
        lines = []
        for d in result.recorded:
            o = offers[d.offer_id]
            lines.append(tr("{ref} offer {n} ({what}), {day}: {amount}, {status}").format(
                ref=o.reference, n=o.number, what=one_line(o.offer.description, 50), day=when(d.on),
                amount=amount(d.quantity, o.unit), status=status_word(d.status).lower()))
        summary = tr("{n} deliveries will be recorded").format(n=self.count)
        if result.skipped:
            summary += tr("; {n} already recorded and skipped").format(n=result.skipped)
        if result.ignored_columns:
            summary += tr("; columns not used: {c}").format(c=", ".join(result.ignored_columns))
        self.summary.setText(summary + ".")
        checks = [tr("Check this: {doubt}").format(doubt=doubt) for doubt in result.doubts]
        self.details.setPlainText("\n".join(checks + lines) or tr("Nothing new in this file."))
        self.ctx.enable_edit(self.import_button, self.count > 0)  # off, saying why, in a read-only file
        return self.count > 0

    def import_now(self) -> None:
        """Record what the check showed, as one undoable change; stay open with the reason if refused."""
        if self.path is None or not self.count:
            return
        if push(self.ctx, ImportDeliveriesCommand(self.ctx, self.round, self.path, self.count)):
            self.imported = True
            self.accept()
        else:
            self.check(self.path)  # the file may have changed since it was checked: show why now
