"""The panel: compare assessors' scores, moderate, rank within a budget and decide (issue 5).

The main window opens it with `open_panel(ctx, parent)`; there is one panel window per main window,
shown again (and refreshed) when asked a second time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.panel.window import PanelWindow

__all__ = ["PanelWindow", "open_panel"]


def open_panel(ctx: AppContext, parent: QWidget | None = None) -> PanelWindow:
    """Show the panel window for the context's open round (reusing the parent's if it has one)."""
    window = parent.findChild(PanelWindow, "panelWindow") if parent is not None else None
    if window is None or window.ctx is not ctx:
        window = PanelWindow(ctx, parent)
    else:
        window.state.refresh()
    window.show()
    window.raise_()
    window.activateWindow()
    window.comparison.table.setFocus()  # the first key a chair presses (F8, arrows) reaches the matrix
    return window
