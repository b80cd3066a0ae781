"""Answering the panel's questions in tests: the next modal dialog, read and then clicked as a chair would."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from ui.panel.bulk_dialog import BulkDecisionDialog


def when_asked(act: Callable[[QWidget], None]) -> None:
    """Do `act` to the next modal dialog as soon as it is shown and active."""

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if box is None or not box.isVisible():
            QTimer.singleShot(20, attempt)
        elif QApplication.activeWindow() is not box:  # its keys reach it only once it is active
            box.activateWindow()
            QTimer.singleShot(20, attempt)
        else:
            act(box)

    QTimer.singleShot(0, attempt)


def answer(button_name: str, feedback: str = "") -> list[str]:
    """Answer the next modal dialog by clicking its button `button_name` (typing `feedback` first into a
    decision on many); returns what the dialog said, filled in once it has been answered."""
    said: list[str] = []

    def click(box: QWidget) -> None:
        if isinstance(box, BulkDecisionDialog):
            said.extend([box.summary.text(), box.notes.text()])
            said.extend(" | ".join(box.list.topLevelItem(i).text(c) for c in range(5))
                        for i in range(box.list.topLevelItemCount()))
            box.feedback.setPlainText(feedback)
        elif isinstance(box, QMessageBox):
            said.extend([box.text(), box.informativeText()])
        box.findChild(QAbstractButton, button_name).click()

    when_asked(click)
    return said
