"""The chair's progress view: who has done what and who to chase (issue 15).

The main window opens it with `open_progress(ctx, parent)`; there is one per main window, shown again
(and refreshed) when asked a second time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.progress.window import ProgressWindow
from ui.widgets.reuse import show_reused

__all__ = ["ProgressWindow", "open_progress"]


def open_progress(ctx: AppContext, parent: QWidget | None = None) -> ProgressWindow:
    """Show the progress window for the context's round (reusing the parent's if it has one)."""
    window = show_reused(parent, ProgressWindow, "progressWindow", ctx, lambda: ProgressWindow(ctx, parent),
                         lambda w: w.refresh())
    window.assessor_table.setFocus()
    return window
