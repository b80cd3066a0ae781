"""The window's personal-data actions: erase a round's (or an applicant's) personal data, find a person's
data for a subject access request, and the line that names rounds kept past their retention date.

Each is the core's call (`svassessor.privacy`), as `svassessor erase` and `svassessor personal-data` make it.
An erasure cannot be undone (that is its point), so it asks first, naming what goes and what stays, and
clears the undo history afterwards: no undo may try to put back a value that is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from svassessor.errors import SvAssessorError
from ui.context import AppContext
from ui.text import tr


def retention_line(ctx: AppContext) -> str | None:
    """The rounds of the open file past their retention date, in one line (by the store's clock); None if none."""
    if ctx.store is None:
        return None
    return ctx.store.erasures.overdue_line()


class PrivacyActions:
    def __init__(self, window: QWidget, ctx: AppContext, selected: Callable[[], str | None]):
        self.window = window
        self.ctx = ctx
        self.selected = selected  # the reference of the application chosen in the list, or None

    def erase(self) -> None:
        from svassessor.privacy.erase import erase_personal_data  # loaded when asked for, not at start-up

        ctx = self.ctx
        if ctx.store is None or ctx.round is None:
            ctx.report(tr("Open a file and choose a round first."))
            return
        if ctx.refuse_if_read_only():
            return
        round_, reference = ctx.round, self.selected()
        try:
            planned = ctx.store.erasures.plan(round_)
        except SvAssessorError as error:
            ctx.report(str(error))
            return
        if not planned:
            ctx.report(tr("Every applicant of “{round}” has been erased already.").format(round=round_.name))
            return
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Erase personal data"), tr(
            "Erase applicants' personal data from “{round}”? Names, contact details, narrative answers, offers' "
            "evidence, delivery stories and files go from the file, from its audit log and from its backups. "
            "References, amounts, scores, comments and decisions stay, and the log records the erasure. This "
            "cannot be undone.").format(round=round_.name), parent=self.window)
        one = box.addButton(tr("Erase {reference} only").format(reference=reference),
                            QMessageBox.ButtonRole.AcceptRole) if reference in {p.reference for p in planned} else None
        every = box.addButton(tr("Erase all {n} applicants").format(n=len(planned)), QMessageBox.ButtonRole.AcceptRole)
        every.setObjectName("eraseAll")
        if one is not None:
            one.setObjectName("eraseOne")
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        if box.clickedButton() not in (one, every) or box.clickedButton() is None:
            return
        try:
            report = erase_personal_data(ctx.store, round_, reference if box.clickedButton() is one else None)
        except SvAssessorError as error:
            ctx.report(str(error))
            return
        ctx.undo_stack.clear()
        ctx.set_session(ctx.store.rounds.by_id(round_.id), ctx.person)
        ctx.done.emit(" ".join(report.lines()[-2:]))

    def find(self) -> None:
        from svassessor.privacy.subject_access import find, write_findings  # loaded when asked for, not at start-up

        ctx = self.ctx
        if ctx.store is None:
            ctx.report(tr("Open a file first (File > Open)."))
            return
        name, given = QInputDialog.getText(self.window, tr("Find a person's data"), tr(
            "The person's name (or e-mail address or phone number), for a subject access request:"))
        if not given or not name.strip():
            return
        try:
            found = find(ctx.store, name)
        except SvAssessorError as error:
            ctx.report(str(error))
            return
        out, _ = QFileDialog.getSaveFileName(self.window, tr("Save what was found"),
                                             str(Path.home() / "personal-data.txt"), tr("Text (*.txt);;CSV (*.csv)"))
        if not out:
            return
        try:
            write_findings(found, Path(out))
        except SvAssessorError as error:
            ctx.report(str(error))
            return
        ctx.done.emit(tr("{n} place(s) found for “{name}”; written to {out}.").format(
            n=len(found.found), name=name.strip(), out=out))
