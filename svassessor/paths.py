"""Where svassessor finds what it ships and keeps what it writes."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "svassessor"
# The rubrics, fonts and icons are package data beside this module: found the same way in a source
# checkout, an installed wheel and the PyInstaller bundle (which unpacks them to the same places).
_PACKAGE = Path(__file__).resolve().parent


def rubrics_dir() -> Path:
    """The rubrics svassessor ships (`svassessor/rubric/shipped/*.yaml`)."""
    return _PACKAGE / "rubric" / "shipped"


def resources_dir() -> Path:
    """The fonts the PDFs embed and the window's icon (`svassessor/resources/`)."""
    return _PACKAGE / "resources"


def user_data_dir() -> Path:
    """Where the app keeps its own files (the first-run demo, backups)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
