"""One window of a kind per main window: shown again (and refreshed) when asked a second time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from ui.context import AppContext

W = TypeVar("W", bound=QWidget)


def show_reused(parent: QWidget | None, kind: type[W], name: str, ctx: AppContext, make: Callable[[], W],
                refresh: Callable[[W], object]) -> W:
    """The parent's window of `kind` (object name `name`) for `ctx`, refreshed, or a new one; raised and active."""
    window = parent.findChild(kind, name) if parent is not None else None
    if window is None or getattr(window, "ctx", None) is not ctx:
        window = make()
    else:
        refresh(window)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
