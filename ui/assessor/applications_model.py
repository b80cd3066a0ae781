"""The application list: one row per application with this assessor's progress on it.

Three columns, so that a narrow left pane still shows each reference whole and the organisation
readably: the reference, the organisation, and the progress (a status icon beside "3 of 9", the
status in words in its tooltip and for screen readers, and in the filter above).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from svassessor.models import Application, Assessment
from ui.text import pounds, tr
from ui.theme import status_icon
from ui.widgets.filter_proxy import RefilteredProxy
from ui.widgets.table_model import ROW_ROLE, Column, Index, ListTableModel

NOT_STARTED, IN_PROGRESS, SUBMITTED, CONFLICT = "not_started", "in_progress", "submitted", "conflict"
STATUSES = (NOT_STARTED, IN_PROGRESS, SUBMITTED, CONFLICT)


def status_label(status: str) -> str:
    return {NOT_STARTED: tr("Not started"), IN_PROGRESS: tr("In progress"), SUBMITTED: tr("Submitted"),
            CONFLICT: tr("Conflict of interest")}[status]


@dataclass(frozen=True)
class ApplicationRow:
    application: Application
    status: str
    done: int  # criteria scored or marked not scored
    total: int

    @property
    def id(self) -> str:
        return self.application.id


def row_for(application: Application, *, total: int, conflicted: bool,
            progress: tuple[str, int] | None) -> ApplicationRow:
    """`progress` is (draft|submitted, criteria done), as `store.assessments.statuses` gives it."""
    if conflicted:
        return ApplicationRow(application, CONFLICT, 0, total)
    if progress is None:
        return ApplicationRow(application, NOT_STARTED, 0, total)
    status, done = progress
    return ApplicationRow(application, SUBMITTED if status == "submitted" else IN_PROGRESS, done, total)


def progress_of(assessment: Assessment | None) -> tuple[str, int] | None:
    """The same (status, criteria done) pair, from one freshly read assessment."""
    if assessment is None:
        return None
    done = sum(1 for s in assessment.scores.values() if s.score is not None or s.not_scored)
    return assessment.status, done


def _scored(row: ApplicationRow) -> str:
    return tr("conflict") if row.status == CONFLICT else tr("{done} of {total}").format(done=row.done, total=row.total)


def _progress_words(row: ApplicationRow) -> str:
    if row.status == CONFLICT:
        return status_label(row.status)
    return tr("{status}: {done} of {total} criteria scored").format(status=status_label(row.status), done=row.done,
                                                                    total=row.total)


class ApplicationsModel(ListTableModel[ApplicationRow]):
    columns = (
        Column(tr("Ref"), lambda r: r.application.reference),
        Column(tr("Organisation"), lambda r: r.application.organisation.name,
               tooltip=lambda r: f"{r.application.organisation.name}\n{r.application.title}\n"
                                 + tr("Requested {amount}").format(amount=pounds(r.application.amount_requested))),
        Column(tr("Progress"), _scored, tooltip=_progress_words),
    )
    REFERENCE_COLUMN, ORGANISATION_COLUMN, STATUS_COLUMN = 0, 1, 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.AccessibleTextRole and index.isValid() and index.column() == self.STATUS_COLUMN \
                and 0 <= index.row() < len(self._rows):
            return _progress_words(self._rows[index.row()])
        return super().data(index, role)

    def decoration(self, row: ApplicationRow, column: int) -> Any:
        return status_icon(row.status) if column == self.STATUS_COLUMN else None

    def foreground(self, row: ApplicationRow, column: int) -> Any:
        if row.status == CONFLICT:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None


class ApplicationFilter(RefilteredProxy):
    """Search (reference, organisation, title, area, postcode) and a status filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._status: str | None = None

    def set_search(self, text: str) -> None:
        self.refilter(lambda: setattr(self, "_words", text.casefold().split()))

    def set_status(self, status: str | None) -> None:
        self.refilter(lambda: setattr(self, "_status", status))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        row: ApplicationRow = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if row is None:
            return False
        if self._status and row.status != self._status:
            return False
        a = row.application
        haystack = " ".join(filter(None, (a.reference, a.organisation.name, a.title, a.organisation.area,
                                          a.organisation.postcode))).casefold()
        return all(word in haystack for word in self._words)

