"""An unexpected error (a bug, not a user's mistake): say so, show the details, offer to save a report."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from svassessor import __version__
from ui.text import tr


def report_text(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    return f"svassessor {__version__}, Python {sys.version.split()[0]}\n\n" + "".join(
        traceback.format_exception(kind, error, tb))


def install() -> None:
    """Show unexpected errors in a dialog instead of losing them on a console nobody sees."""
    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        text = report_text(kind, error, tb)
        sys.stderr.write(text)
        if QApplication.instance() is None or QApplication.platformName() == "offscreen":
            return
        box = QMessageBox(QMessageBox.Icon.Critical, tr("Something went wrong"),
                          tr("svassessor met an error it did not expect. Your saved work is safe: every change "
                             "was saved when you made it. Please send the report to whoever supports svassessor."))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDetailedText(text)
        save = box.addButton(tr("Save report…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is save:
            name = f"svassessor-error-{datetime.now():%Y%m%d-%H%M%S}.txt"
            path, _ = QFileDialog.getSaveFileName(None, tr("Save report"), str(Path.home() / name))
            if path:
                Path(path).write_text(text, encoding="utf-8")

    sys.excepthook = hook
