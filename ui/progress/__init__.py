"""The chair's progress view: who has done what and who to chase (issue 15).

The main window opens it with `open_progress(ctx, parent)`; there is one per main window, shown again
(and refreshed) when asked a second time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.progress.window import ProgressWindow

__all__ = ["ProgressWindow", "open_progress"]


def open_progress(ctx: AppContext, parent: QWidget | None = None) -> ProgressWindow:
    """Show the progress window for the context's round (reusing the parent's if it has one)."""
    window = parent.findChild(ProgressWindow, "progressWindow") if parent is not None else None
    if window is None or window.ctx is not ctx:
        window = ProgressWindow(ctx, parent)
    else:
        window.refresh()
    window.show()
    window.raise_()
    window.activateWindow()
    window.assessor_table.setFocus()
    return window
