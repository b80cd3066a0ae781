"""The progress view's two tables over the core's `RoundProgress`: its assessors, and its applications
short of reviews. Every figure is the core's; the models only format it."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from svassessor.panel.progress import ApplicationProgress, AssessorProgress, worked_when
from ui.monitoring.paint import SHARE_ROLE, STATUS_ROLE, ProgressDelegate
from ui.text import tr
from ui.widgets.table_model import Column, ListTableModel

Index = QModelIndex | QPersistentModelIndex
SUBMITTED_COLUMN = 3


class SubmittedDelegate(ProgressDelegate):
    """The submitted share as a bar, with "40 of 522" beside it."""

    TEXT_WIDTH = 84


class AssessorsModel(ListTableModel[AssessorProgress]):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.today: date | None = None
        self.columns = (
            Column(tr("Assessor"), lambda p: p.name),
            Column(tr("Assigned"), lambda p: p.assigned, right=True),
            Column(tr("Begun"), lambda p: p.scored, right=True,
                   tooltip=lambda p: tr("Reviews with at least one criterion scored or marked not scored")),
            Column(tr("Submitted"), lambda p: tr("{n} of {m}").format(n=p.submitted, m=p.assigned)),
            Column(tr("To go"), lambda p: p.to_go, right=True),
            Column(tr("Last worked"), lambda p: worked_when(p.last_activity, self.today) if self.today else ""),
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (SHARE_ROLE, STATUS_ROLE) and index.isValid() and index.column() == SUBMITTED_COLUMN \
                and 0 <= index.row() < self.rowCount():
            person = self.row(index.row())
            if person.share is None:
                return None  # nothing assigned: no bar
            if role == SHARE_ROLE:
                return person.share
            return "delivered" if person.to_go == 0 else "on_track"  # the bar's colours: green when all are in
        return super().data(index, role)


class ShortModel(ListTableModel[ApplicationProgress]):
    columns = (
        Column(tr("Reference"), lambda a: a.reference),
        Column(tr("Submitted"), lambda a: tr("{n} of {m}").format(n=a.submitted, m=a.due), right=True),
        Column(tr("Missing"), lambda a: ", ".join(a.missing)),
    )
