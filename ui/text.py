"""Small helpers for user text: translation, plain-text labels, and UTF-16 offsets.

Everything a user or applicant typed is shown as plain text, never as HTML: a comment reading
`<b>10/10</b>` shows those characters. Qt counts text positions in UTF-16 code units while Python
counts code points, so an emoji before a highlight would shift it by one; the offset helpers convert.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from svassessor.money import money_text


def tr(text: str, context: str = "svassessor") -> str:
    """Translate a user-visible string (one place, so Welsh can be added)."""
    return QCoreApplication.translate(context, text)


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = True, name: str = "",
                selectable: bool = False) -> QLabel:
    """A label that never interprets its text as markup."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    label.setText(text)
    if name:
        label.setObjectName(name)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def utf16_to_index(text: str, units: int) -> int:
    """The Python index of the code point that starts at `units` UTF-16 code units into `text`."""
    count = 0
    for index, char in enumerate(text):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def one_line(text: str, limit: int = 120) -> str:
    """Text for a list cell: line breaks and control characters shown as spaces, long text cut."""
    flat = "".join(" " if (c < " " or c in "\x7f\u2028\u2029") else c for c in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def pounds(amount) -> str:
    return money_text(amount, none="—")


def tooltip(text: str | None) -> str | None:
    """A tooltip that shows user text literally: Qt would otherwise render text that looks like HTML."""
    if not text:
        return None
    import html

    return '<p style="white-space:pre-wrap">' + html.escape(text[:2000]) + "</p>"


def menu_text(text: str) -> str:
    """User text for a menu entry or button: '&' would otherwise become a keyboard mnemonic."""
    return text.replace("&", "&&")
