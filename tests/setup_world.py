"""Driving the set-up dialogs as a chair would: the window with no file, modal dialogs answered, fields filled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from svassessor.rubric.loader import shipped_rubrics
from ui.app import application, ask_who
from ui.assessor.window import MainWindow
from ui.context import AppContext
from ui.settings import Settings
from tests.shared_data import SHARED_DATA

ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.xlsx"
SMALL_GRANTS = shipped_rubrics()["small_grants"]


def empty_window(qtbot, settings_path: Path) -> MainWindow:
    """The window as a first-time user meets it with no file open, asking who they are in its dialog."""
    application()
    ctx = AppContext(Settings.at(settings_path))
    window = MainWindow(ctx, ask_who=ask_who(ctx))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def ok(dialog: QWidget) -> None:
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def answer_modal(qtbot, answer: Callable[[QWidget], None], kind: type | None = None) -> list[QWidget]:
    """Answer the next modal dialog (run by `exec()`) with `answer` once it is showing; returns the dialog
    it answered, in a list filled when it has."""
    answered: list[QWidget] = []
    tries = [0]

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or (kind is not None and not isinstance(dialog, kind)):
            tries[0] += 1
            if tries[0] < 500:  # a dialog that never comes leaves the test to fail on what it checks
                QTimer.singleShot(10, poll)
            return
        answered.append(dialog)
        answer(dialog)

    QTimer.singleShot(0, poll)
    return answered
