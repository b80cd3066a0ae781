"""Confirm a decision on many applications at once: what each becomes, what it was, and feedback for all.

A chair deciding twenty rows in one step sees them before they are recorded: the sentence that says
how many and how much, each row with the amount it is funded at and the decision it replaces, and
one optional feedback box whose words go to every applicant in the step. Nothing is recorded here:
the dialog gathers the feedback and the caller makes the one call.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPlainTextEdit,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ui.text import plain_label, tr


@dataclass(frozen=True)
class BulkRow:
    """One application as the dialog lists it."""

    rank: str
    reference: str
    organisation: str
    becomes: str  # "Fund £7,500", "Reserve"
    was: str  # "Undecided", "Decline"


class BulkDecisionDialog(QDialog):
    def __init__(self, parent: QWidget | None, *, title: str, summary: str, notes: list[str], rows: list[BulkRow],
                 confirm: str):
        super().__init__(parent)
        self.setObjectName("bulkDecision")
        self.setWindowTitle(title)
        self.summary = plain_label(summary, self, name="bulkSummary")
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.notes = plain_label("\n".join(notes), self, name="bulkNotes")
        self.notes.setVisible(bool(notes))
        self.list = QTreeWidget(self)
        self.list.setObjectName("bulkRows")
        self.list.setAccessibleName(tr("The applications decided in this step"))
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setHeaderLabels([tr("Rank"), tr("Ref"), tr("Organisation"), tr("Becomes"), tr("Now")])
        for row in rows:
            item = QTreeWidgetItem([row.rank, row.reference, row.organisation, row.becomes, row.was])
            for column in (0, 3):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        # Tall enough for a dozen rows, no taller: a long step scrolls, a short one leaves no empty box.
        shown = min(12, max(3, len(rows)))
        self.list.setMinimumHeight(shown * max(self.list.sizeHintForRow(0), 18) + header.sizeHint().height()
                                   + 2 * self.list.frameWidth() + 4)
        self.feedback = QPlainTextEdit(self)
        self.feedback.setObjectName("bulkFeedback")
        self.feedback.setAccessibleName(tr("Feedback to every applicant in this step"))
        self.feedback.setPlaceholderText(tr("Optional: the same plain words for every applicant in this step"))
        self.feedback.setTabChangesFocus(True)
        self.feedback.setFixedHeight(70)
        caption = QLabel(tr("Feed&back for all {n} (optional)").format(n=len(rows)), self)
        caption.setBuddy(self.feedback)
        buttons = QDialogButtonBox(self)
        self.confirm = buttons.addButton(confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("bulkConfirm")
        self.confirm.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setObjectName("bulkCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(self.list, 1)
        layout.addWidget(caption)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)
        self.resize(760, self.minimumSizeHint().height())
        self.confirm.setFocus()  # Enter confirms what the sentence says; Tab reaches the feedback

    def feedback_text(self) -> str:
        return self.feedback.toPlainText().strip()
