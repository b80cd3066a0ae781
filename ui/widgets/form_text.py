"""Words in a form beside its fields: a section's heading, quiet guidance, and a problem to fix."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from ui.text import plain_label
from ui.theme import secondary_text, warning_colour


def heading(text: str, parent: QWidget) -> QLabel:
    """A section's title in a form: bold, with room above it."""
    label = plain_label(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    label.setContentsMargins(0, 8, 0, 0)
    return label


def mute(label: QLabel) -> None:
    """Guidance: readable but quieter than the fields, read from the top of its row."""
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    palette = label.palette()
    palette.setColor(label.foregroundRole(), secondary_text())
    label.setPalette(palette)


def warn(label: QLabel) -> None:
    """A problem to fix, in the theme's warning colour, read from the top of its row."""
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    palette = label.palette()
    palette.setColor(label.foregroundRole(), warning_colour())
    label.setPalette(palette)
