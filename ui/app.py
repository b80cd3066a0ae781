"""Starting the window: the Qt application, the theme, the first file, and screenshot mode.

`run(path, screenshot=...)` is what `svassessor gui` calls. With no path it opens the last file or, on
a first run, builds the demo in the user's data folder. Settings live in QSettings; set
SVASSESSOR_SETTINGS to an INI file to keep them elsewhere (tests and screenshots do), and
SVASSESSOR_THEME to light or dark to override the system's choice.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# The core before Qt: once PySide6 is loaded, its __feature__ import hook reads the source of every module
# imported after it, a tenth of a second at start-up for the core's hundred modules, none of which uses Qt.
import svassessor.store  # noqa: F401, I001
from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from svassessor import __version__
from svassessor.errors import SvAssessorError
from svassessor.models import Assessor, Round
from svassessor.paths import resources_dir, user_data_dir
from ui.context import AppContext
from ui.dialogs import crash
from ui.dialogs.who_are_you import WhoAreYouDialog
from ui.assessor.window import MainWindow
from ui.assessor.applications_model import IN_PROGRESS
from ui.session import AskWho, first_assessor
from ui.settings import Settings
from ui.theme import apply_theme

APP_NAME = "svassessor"
SETTINGS_ENV = "SVASSESSOR_SETTINGS"


def application() -> QApplication:
    """The QApplication, made once, named, with its icon and the theme."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(APP_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(sys.argv[:1])
        QGuiApplication.setApplicationDisplayName("svassessor")
        QGuiApplication.setDesktopFileName(APP_NAME)
    icon = resources_dir() / "icons" / "svassessor.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]


def settings() -> Settings:
    path = os.environ.get(SETTINGS_ENV)
    return Settings(QSettings(path, QSettings.Format.IniFormat)) if path else Settings()


def demo_path() -> Path:
    """The first-run demo file, built on first use in the user's data folder."""
    path = user_data_dir() / "demo.svdb"
    if not path.exists():
        from svassessor.demo.builder import build_demo

        path.parent.mkdir(parents=True, exist_ok=True)
        QGuiApplication.setOverrideCursor(QGuiApplication.overrideCursor() or _busy())
        try:
            build_demo(path)
        finally:
            QGuiApplication.restoreOverrideCursor()
    return path


def _busy():
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCursor

    return QCursor(Qt.CursorShape.WaitCursor)


def ask_who(ctx: AppContext, parent: QWidget | None = None) -> AskWho:
    """The interactive answer to 'who are you?': the round's people to pick from, and a way to add them."""
    def ask(round_: Round, people: list[Assessor]) -> Assessor | None:
        identity = ctx.settings.identity
        chosen = ctx.settings.assessor_for(ctx.path, round_.name) if ctx.path else None
        dialog = WhoAreYouDialog(people, chosen=chosen or (identity[0] if identity else None), round_name=round_.name,
                                 add_people=None if ctx.read_only else lambda: add_people(dialog, round_),
                                 parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def add_people(dialog: QDialog, round_: Round) -> list[Assessor]:
        from ui.dialogs.assessors import AssessorsDialog

        AssessorsDialog(ctx, round_, parent=dialog).exec()
        return ctx.store.assessors.for_round(round_) if ctx.store is not None else []
    return ask


def open_first(window: MainWindow, path: Path | None, *, interactive: bool) -> None:
    """Open `path`, else the last file, else the demo. A file another copy of the app is writing is
    offered read-only, as File > Open does, when there is someone to ask."""
    settings_ = window.ctx.settings
    if path is None and settings_.last_file is not None and settings_.last_file.exists():
        path = settings_.last_file
    if path is None:
        try:
            path = demo_path()
        except (SvAssessorError, OSError) as error:
            window.ctx.report(str(error))
            return
    window.open_path(path, offer_read_only=interactive)


def open_demo(window: MainWindow) -> None:
    try:
        window.open_path(demo_path())
    except (SvAssessorError, OSError) as error:
        window.ctx.report(str(error))


def build_window(path: Path | None, *, interactive: bool, settings_: Settings | None = None) -> MainWindow:
    app = application()
    ctx = AppContext(settings_ or settings())
    apply_theme(app, ctx.settings.theme)
    asker = ask_who(ctx) if interactive else first_assessor
    window = MainWindow(ctx, ask_who=asker, on_theme=lambda t: apply_theme(app, t),
                        open_demo=open_demo)
    app.styleHints().colorSchemeChanged.connect(window.follow_system_scheme)
    open_first(window, path, interactive=interactive)
    return window


def show_for_screenshot(window: MainWindow) -> None:
    """Open an application the assessor is part-way through, as a grant officer would see it mid-task."""
    rows = window.list.model.rows()
    started = sorted((r for r in rows if r.status == IN_PROGRESS), key=lambda r: r.done)
    row = started[0] if started else rows[0] if rows else None
    if row is not None:
        window.list.select(row.id)
        window.panel.unscored(1)
    window.list.view.setFocus()


def choose_platform(*, screenshot: bool) -> None:
    """Pick Qt's platform before the QApplication is made, unless the caller chose one.

    A screenshot needs no screen, so it is drawn offscreen. A window on Linux needs an X11 or Wayland
    display; without one Qt would abort with a hint about its libraries, so say what is missing.
    """
    if os.environ.get("QT_QPA_PLATFORM") or QApplication.instance() is not None:
        return
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise SvAssessorError("There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
                              "set): save a picture of it with `svassessor gui FILE --screenshot OUT.png`, "
                              "or run it under `xvfb-run -a svassessor`.")


def run(path: Path | None, *, screenshot: Path | None = None) -> int:
    """Open the window on `path` (or the last file, or the demo); with `screenshot`, save a PNG and exit."""
    choose_platform(screenshot=screenshot is not None)
    app = application()
    crash.install()
    window = build_window(path, interactive=screenshot is None)
    if screenshot is not None:
        window.resize(1600, 1000)
        window.show()
        show_for_screenshot(window)
        for _ in range(5):
            app.processEvents()
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(screenshot), "PNG")
        window.close()
        return 0 if ok else 1
    window.show()
    QTimer.singleShot(0, window.list.view.setFocus)
    return app.exec()
