"""File > Add narrative documents: choose applicants' documents, see which application each goes to, attach.

Each file is matched to an application by the reference in its name (the core's `match_reference`);
the user picks the application where there is no match, or to override one. Attach makes one core
call, `attach_documents`, on a `Job` off the UI thread: every document goes in, or (a refusal, a
Cancel) none. The dialog closes only when they have all been attached; a refusal shows its sentence
and leaves the choice as it was, to put right and try again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from svassessor.errors import SvAssessorError
from svassessor.importing.narratives import DocumentResult, attach_documents, match_reference
from ui.context import AppContext
from ui.text import menu_text, one_line, plain_label, tr
from ui.theme import show_warning
from ui.workers import Job, worker_store

FILTER = "Documents (*.docx *.pdf *.txt *.md);;All files (*)"


class _Row:
    """One chosen file: its name, the application it goes to, and what the file name matched."""

    def __init__(self, dialog: NarrativesDialog, path: Path):
        self.path = path
        self.label = plain_label(path.name, dialog.rows_widget, wrap=False)
        self.label.setToolTip(str(path))
        self.combo = QComboBox(dialog.rows_widget)
        self.combo.setAccessibleName(tr("Application for “{file}”").format(file=path.name))
        self.combo.addItem(tr("Choose the application…"), None)
        for reference, name in dialog.applications:
            self.combo.addItem(menu_text(f"{reference} — {one_line(name, 60)}"), reference)
        self.match = plain_label("", dialog.rows_widget, wrap=False)
        self.remove = QPushButton(tr("Remove"), dialog.rows_widget)
        self.remove.setAccessibleName(tr("Remove “{file}”").format(file=path.name))
        try:
            self.matched: str | None = match_reference(path.name, [r for r, _ in dialog.applications])
        except SvAssessorError:
            self.matched = None
        if self.matched is not None:
            self.combo.setCurrentIndex(self.combo.findData(self.matched))
        self.combo.currentIndexChanged.connect(lambda _i: self._show_match())
        self._show_match()

    @property
    def reference(self) -> str | None:
        return self.combo.currentData()

    def _show_match(self) -> None:
        chosen = self.reference
        if chosen is None:
            self.match.setText(tr("No reference in the file name: choose"))
        elif chosen == self.matched:
            self.match.setText(tr("Matched by its file name"))
        else:
            self.match.setText(tr("Chosen by you"))
        self.match.setAccessibleName(self.match.text())

    def widgets(self) -> tuple[QWidget, ...]:
        return self.label, self.combo, self.match, self.remove


class NarrativesDialog(QDialog):
    def __init__(self, ctx: AppContext, *, files: list[Path] | tuple[Path, ...] = (), parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.store is not None and ctx.round is not None
        self.ctx = ctx
        self.setObjectName("narrativesDialog")
        self.setWindowTitle(tr("Add narrative documents"))
        self.setAccessibleName(self.windowTitle())
        self.job: Job | None = None
        self.results: list[DocumentResult] | None = None
        self.applications = [(a.reference, a.organisation.name) for a in ctx.store.applications.for_round(ctx.round)]
        self.rows: list[_Row] = []

        intro = plain_label(tr("Applicants' answers as .docx, .pdf, .txt or .md, added to the applications of "
                               "“{round}”. Each file goes to the application whose reference is in its name; "
                               "choose another where that is wrong or missing. The files are attached all together, "
                               "or not at all.").format(round=ctx.round.name), self)
        self.add_button = QPushButton(tr("&Add files…"), self)
        self.add_button.setObjectName("addDocuments")
        self.add_button.clicked.connect(self._browse)
        self.rows_widget = QWidget(self)
        self.grid = QGridLayout(self.rows_widget)
        self.grid.setColumnStretch(1, 1)
        self.empty = plain_label(tr("No files chosen yet."), self.rows_widget)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.rows_widget)
        self.problem = plain_label(name="narrativesProblem", selectable=True)
        self.problem.setAccessibleName(tr("Problem"))
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.attach_button = self.buttons.addButton(tr("A&ttach"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.attach_button.setObjectName("attachDocuments")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.add_button)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.add_files(files)
        self.resize(760, 420)

    # choosing the files -------------------------------------------------------------------------
    def _browse(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Add narrative documents"), "", tr(FILTER))
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths) -> None:
        known = {r.path for r in self.rows}
        for path in paths:
            if Path(path) not in known:
                row = _Row(self, Path(path))
                row.combo.currentIndexChanged.connect(lambda _i: self._update())
                row.remove.clicked.connect(lambda _c=False, r=row: self._remove(r))
                self.rows.append(row)
        self._lay_out()

    def _remove(self, row: _Row) -> None:
        self.rows.remove(row)
        for widget in row.widgets():
            widget.deleteLater()
        self._lay_out()
        (self.rows[0].combo if self.rows else self.add_button).setFocus()

    def _lay_out(self) -> None:
        for i, row in enumerate(self.rows):
            for column, widget in enumerate(row.widgets()):
                self.grid.addWidget(widget, i, column)
        self.grid.addWidget(self.empty, len(self.rows), 0, 1, 4)
        self.empty.setVisible(not self.rows)
        self._update()

    def chosen(self) -> list[tuple[Path, str | None]]:
        return [(r.path, r.reference) for r in self.rows]

    def _update(self) -> None:
        ready = bool(self.rows) and all(r.reference is not None for r in self.rows) and self.job is None
        self.attach_button.setEnabled(ready)
        self.add_button.setEnabled(self.job is None)
        if self.rows and not ready and self.job is None:
            self.attach_button.setToolTip(tr("Choose the application for every file first"))
        else:
            self.attach_button.setToolTip("")

    # attaching ----------------------------------------------------------------------------------
    def accept(self) -> None:
        """Attach every file in one core call, off the UI thread; close only when it has succeeded."""
        if self.job is not None or not self.attach_button.isEnabled():
            return
        ctx = self.ctx
        assert ctx.path is not None and ctx.store is not None and ctx.round is not None
        path, actor, round_, documents = ctx.path, ctx.store.actor, ctx.round, self.chosen()
        self.problem.hide()

        def work(progress, cancelled):
            with worker_store(path, actor=actor) as store:
                return attach_documents(store, round_, documents, progress=progress, cancelled=cancelled)

        self.job = Job(work, parent=self, title=self.windowTitle(),
                       label=tr("Reading and attaching {n} file(s)…").format(n=len(documents)))
        self.job.succeeded.connect(self._attached)
        self.job.failed.connect(self._refused)
        self.job.stopped.connect(self._refused)
        self.job.finished.connect(self._finished)
        self.job.start()
        self._update()

    def _finished(self) -> None:
        self.job = None
        self._update()

    def _attached(self, results: list[DocumentResult]) -> None:
        self.results = results
        self.job = None
        super().accept()

    def _refused(self, sentence: str) -> None:
        show_warning(self.problem, tr("{problem} Nothing was attached.").format(problem=sentence)
                     if "nothing" not in sentence.casefold() else sentence)
        self.problem.show()

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()  # Esc while attaching: stop the work, and stay until it has stopped
            return
        super().reject()

