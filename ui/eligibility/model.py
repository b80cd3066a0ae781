"""The applications of the eligibility screen as a table, and the filter by result and by text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex

from svassessor.eligibility.result import Status
from svassessor.eligibility.rules import pounds
from svassessor.repository.screenings import Screened
from ui.theme import secondary_text, warning_colour
from ui.widgets.filter_proxy import RefilteredProxy
from ui.widgets.table_model import Column, ListTableModel


def _why(s: Screened) -> str:
    return s.result.note or s.result.why


class ScreenedModel(ListTableModel[Screened]):
    columns = (
        Column("Reference", lambda s: s.applicant.reference),
        Column("Organisation", lambda s: s.applicant.organisation, tooltip=lambda s: s.applicant.organisation),
        Column("Amount", lambda s: "—" if s.applicant.amount_pence is None else pounds(s.applicant.amount_pence),
               right=True),
        Column("Result", lambda s: s.result.words),
        Column("Why", _why, tooltip=lambda s: _why(s) or None),
    )

    def foreground(self, row: Screened, column: int) -> Any:
        if column == 3 and row.result.status == "ineligible":
            return warning_colour()
        if column == 3 and row.result.status == "unscreened":
            return secondary_text()
        return None


class ResultFilter(RefilteredProxy):
    """Rows with one result (or all), whose reference, organisation or reasons hold the text typed."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.status: Status | None = None
        self.text = ""

    def set_status(self, status: Status | None) -> None:
        self.refilter(lambda: setattr(self, "status", status))

    def set_text(self, text: str) -> None:
        self.refilter(lambda: setattr(self, "text", text.casefold().strip()))

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ScreenedModel)
        s = model.row(source_row)
        if self.status is not None and s.result.status != self.status:
            return False
        if not self.text:
            return True
        return any(self.text in text.casefold() for text in (s.applicant.reference, s.applicant.organisation, _why(s)))
