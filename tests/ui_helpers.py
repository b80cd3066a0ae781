"""Driving the window as a user would: keys sent to whatever has focus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from svassessor.demo.builder import build_demo
from ui.app import build_window
from ui.context import AppContext
from ui.settings import Settings


def open_window(qtbot, path: Path | None, settings_path: Path, *, size: tuple[int, int] | None = (1400, 900)):
    window = build_window(path, interactive=False, settings_=Settings.at(settings_path))
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.svdb"
    build_demo(path)
    return path


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def press(qtbot, key, modifiers=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifiers)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def open_context(path: Path, settings_path: Path, *, who: str, role: str, round_name: str,
                 read_only: bool = False) -> AppContext:
    """A context on `path` for someone who has used the app before, working on `round_name` as no assessor
    (the panel and monitoring windows open from it)."""
    context = AppContext(Settings.at(settings_path))
    context.settings.set_identity(who, role)
    context.open_file(path, read_only=read_only)
    context.set_session(context.store.rounds.get(round_name), None)
    return context
