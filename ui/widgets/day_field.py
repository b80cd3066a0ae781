"""A date typed as people write it (03/08/2026, 3/8/2026 or 2026-08-03), or picked on a calendar.

A QDateEdit checks the whole date after every key, so a date typed over another comes out changed:
with today as its maximum, 03/08/2026 typed on 2 December was recorded as another day; with no
maximum, 31/12/2026 typed over 29/02/2028 gives 03/11/2202, since 31 is no day of February. This
field keeps the text as typed and the core's date reader (the one imports use) reads it when the
form is saved, so the date typed is the date recorded on any day of the year, and a text that is
no date is refused in a sentence. F4 or Alt+Down opens a calendar; Enter or a click on a day takes it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from svassessor.importing.values import ValueProblem, day
from ui.text import tr


class DayField(QLineEdit):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(tr("DD/MM/YYYY"))
        self.setMaxLength(40)
        pick = self.addAction(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                              QLineEdit.ActionPosition.TrailingPosition)
        pick.setToolTip(tr("Choose the date on a calendar (F4)"))
        pick.triggered.connect(self.show_calendar)

    def set_day(self, value: date) -> None:
        self.setText(f"{value:%d/%m/%Y}")

    def day(self) -> date | None:
        """The date typed, or None when the field is empty.

        Raises `ValueProblem` (its text names the value: "'31/11/2026' is not a date in the calendar").
        """
        return day(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F4 or (event.key() == Qt.Key.Key_Down
                                            and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> QCalendarWidget:
        """A calendar below the field, on the date typed (when it is one); the day taken replaces the text."""
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setObjectName("dayCalendar")
        calendar.setAccessibleName(tr("Calendar: the arrows move, Enter takes the day, Esc closes it"))
        calendar.setGridVisible(True)
        try:
            typed = self.day()
        except ValueProblem:
            typed = None
        if typed is not None:
            calendar.setSelectedDate(QDate(typed))

        def take(chosen: QDate) -> None:
            self.set_day(chosen.toPython())  # type: ignore[arg-type]
            calendar.close()
            self.setFocus()
            self.selectAll()

        calendar.activated.connect(take)
        calendar.clicked.connect(take)
        calendar.adjustSize()
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        calendar.setFocus()
        return calendar
