"""The panel: compare assessors' scores, moderate, rank within a budget and decide (issue 5).

The main window opens it with `open_panel(ctx, parent)`; there is one panel window per main window,
shown again (and refreshed) when asked a second time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.panel.window import PanelWindow
from ui.widgets.reuse import show_reused

__all__ = ["PanelWindow", "open_panel"]


def open_panel(ctx: AppContext, parent: QWidget | None = None) -> PanelWindow:
    """Show the panel window for the context's open round (reusing the parent's if it has one)."""
    window = show_reused(parent, PanelWindow, "panelWindow", ctx, lambda: PanelWindow(ctx, parent),
                         lambda w: w.state.refresh())
    window.comparison.table.setFocus()  # the first key a chair presses (F8, arrows) reaches the matrix
    return window
