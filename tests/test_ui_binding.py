"""The Qt binding must not corrupt the interpreter when Qt calls our Python overrides.

PySide6 6.12.0 with Python 3.11 loses a reference to None on every call of an overridden virtual
that returns nothing (paintEvent, keyPressEvent, eventFilter…); an assessor typing a few thousand
keys would crash the app ("none_dealloc"). pyproject pins below it; this test keeps it that way.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


class _Overrides(QWidget):
    def paintEvent(self, event):  # noqa: N802 - Qt's name
        return None

    def keyPressEvent(self, event):  # noqa: N802
        super().keyPressEvent(event)


def test_overridden_virtuals_leave_the_count_of_none_alone(qtbot):
    widget = _Overrides()
    qtbot.addWidget(widget)
    widget.show()
    QApplication.processEvents()
    before = sys.getrefcount(None)
    for _ in range(200):
        widget.repaint()
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert sys.getrefcount(None) - before > -50  # a broken binding loses 400 here
