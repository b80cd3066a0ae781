"""Monitoring after the award: each funded offer followed to what was delivered (issue 9).

The main window opens it with `open_monitoring(ctx, parent)`; there is one monitoring window per
main window, shown again (and reloaded) when asked a second time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.monitoring.window import MonitoringWindow
from ui.widgets.reuse import show_reused

__all__ = ["MonitoringWindow", "open_monitoring"]


def open_monitoring(ctx: AppContext, parent: QWidget | None = None) -> MonitoringWindow:
    """Show the monitoring window for the context's file (reusing the parent's if it has one)."""
    return show_reused(parent, MonitoringWindow, "monitoringWindow", ctx, lambda: MonitoringWindow(ctx, parent),
                       lambda w: w.show_round(w.round.name if w.round else None))
