"""The main window opens the panel and monitoring windows from its Panel menu, on the same file."""

from __future__ import annotations

from PySide6.QtGui import QAction

from ui.monitoring import MonitoringWindow
from ui.panel import PanelWindow


def _window(qtbot, demo, tmp_path):
    from ui.app import build_window
    from ui.settings import Settings

    window = build_window(demo, interactive=False, settings_=Settings.at(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    return window


def test_the_panel_menu_opens_both_windows_on_the_open_file(qtbot, demo_copy, tmp_path):
    window = _window(qtbot, demo_copy, tmp_path)
    window.findChild(QAction, "openPanel").trigger()
    panel = window.findChild(PanelWindow)
    assert panel is not None and panel.isVisible()
    window.findChild(QAction, "openMonitoring").trigger()
    monitoring = window.findChild(MonitoringWindow)
    assert monitoring is not None and monitoring.isVisible()
    assert monitoring.round.name == "Neighbourhood Fund 2025"  # the round in monitoring, not the one scored
    assert monitoring.ctx is window.ctx and panel.ctx is window.ctx
