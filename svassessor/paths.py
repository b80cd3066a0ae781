"""Where svassessor finds what it ships and keeps what it writes."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "svassessor"


def _root() -> Path:
    """The source tree, or the unpacked PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def rubrics_dir() -> Path:
    """The rubrics svassessor ships (`rubrics/*.yaml`)."""
    return _root() / "rubrics"


def resources_dir() -> Path:
    return _root() / "resources"


def user_data_dir() -> Path:
    """Where the app keeps its own files (the first-run demo, backups)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
