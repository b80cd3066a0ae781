"""Where an export goes: a checked folder, a file that appears only when whole, progress and Cancel.

Every export (PDF, CSV, XLSX, 360Giving) writes beside its destination and moves the file into place
at the end, so a cancelled or failed export never leaves half a panel pack that looks finished.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from svassessor.errors import FileProblem, SvAssessorError


class ExportCancelled(SvAssessorError):
    """The user cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled; nothing was written.")


def destination(path: str | os.PathLike[str]) -> Path:
    """The file to write, refused in one sentence if its folder is missing or it is itself a folder."""
    target = Path(path)
    if target.is_dir():
        raise FileProblem(f"{target} is a folder; give a file name to write.")
    if not target.parent.is_dir():
        raise FileProblem(f"The folder {target.parent} does not exist, so {target.name} cannot be written there.")
    return target


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `path`; it replaces `path` only if the block finishes."""
    target = destination(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield partial
        os.replace(partial, target)
    except OSError as error:
        raise FileProblem(f"{target} cannot be written: {error.strerror or error}.") from error
    finally:
        partial.unlink(missing_ok=True)
