"""Monitoring after the award: each funded offer followed to what was delivered (issue 9).

The main window opens it with `open_monitoring(ctx, parent)`; there is one monitoring window per
main window, shown again (and reloaded) when asked a second time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.monitoring.window import MonitoringWindow

__all__ = ["MonitoringWindow", "open_monitoring"]


def open_monitoring(ctx: AppContext, parent: QWidget | None = None) -> MonitoringWindow:
    """Show the monitoring window for the context's file (reusing the parent's if it has one)."""
    window = parent.findChild(MonitoringWindow, "monitoringWindow") if parent is not None else None
    if window is None or window.ctx is not ctx:
        window = MonitoringWindow(ctx, parent)
    else:
        window.show_round(window.round.name if window.round else None)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
