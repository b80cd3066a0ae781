"""Who are you: the person at the keyboard picks themself from the round's assessors and chair.

Their name goes on every change they make. An assessor scores; a chair does not pose as one (the
panel is where a chair works). A round with no people yet says so, with a button to add them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from svassessor.models import Assessor
from ui.widgets.form_text import warn
from ui.text import plain_label, tr

# Opens the Assessors and conflicts dialog; returns the round's people as they are afterwards.
AddPeople = Callable[[], list[Assessor]]


def person_label(person: Assessor) -> str:
    if person.role == "chair":
        return tr("{name}, chair: compares, moderates and decides in the panel").format(name=person.name)
    return tr("{name}, assessor: scores the applications").format(name=person.name)


class WhoAreYouDialog(QDialog):
    """`answer()` is the person chosen; the caller starts the session as them."""

    def __init__(self, people: list[Assessor], *, chosen: str | None = None, round_name: str = "",
                 add_people: AddPeople | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Who are you?"))
        self.setObjectName("whoAreYou")
        self.round_name = round_name
        self.add_people = add_people
        intro = plain_label(tr("Choose yourself among the people of “{round}”. Your name goes on every change you "
                               "make (the file keeps an audit log).").format(round=round_name), self)
        self.people = QListWidget(self)
        self.people.setObjectName("people")
        self.people.setAccessibleName(tr("The round's people"))
        self.people.setSpacing(3)
        self.people.itemDoubleClicked.connect(lambda _item: self._accept())
        self.empty = plain_label("", self, name="noPeople")
        self.add_button = QPushButton(tr("&Add assessors…"), self)
        self.add_button.setObjectName("addPeople")
        self.add_button.clicked.connect(self._add)
        self.add_button.setVisible(add_people is not None)
        row = QHBoxLayout()
        row.addWidget(self.empty, 1)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.people, 1)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.show_people(people, chosen)
        self.resize(520, 360)

    def show_people(self, people: list[Assessor], chosen: str | None = None) -> None:
        """List `people`, the one called `chosen` (else the first assessor) selected."""
        self.people.clear()
        for person in people:
            item = QListWidgetItem(person_label(person), self.people)
            item.setData(Qt.ItemDataRole.UserRole, person)
        names = [p.name for p in people]
        first = next((p.name for p in people if p.role == "assessor"), names[0] if names else None)
        pick = chosen if chosen in names else first
        if pick is not None:
            self.people.setCurrentRow(names.index(pick))
        self.people.setVisible(bool(people))
        self.empty.setText(tr("“{round}” has no assessors or chair yet: add them, then choose yourself.").format(
            round=self.round_name) if not people else tr("Not listed? Add yourself to the round's people."))
        (self.people if people else self.add_button).setFocus()

    def _add(self) -> None:
        if self.add_people is None:
            return
        current = self.answer()
        self.show_people(self.add_people(), current.name if current else None)
        self.problem.hide()

    def _accept(self) -> None:
        if self.answer() is None:
            self.problem.setText(tr("Choose who you are: add the round's people first if you are not listed.")
                                 if self.people.count() == 0 else tr("Choose who you are."))
            self.problem.show()
            return
        self.accept()

    def answer(self) -> Assessor | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
