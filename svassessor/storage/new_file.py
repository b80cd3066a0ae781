"""A new, empty .svdb file (File > New file…): never over another file by accident, never under
someone who has it open.

The new file is built beside the target under a hidden name and moved into place only when it is
whole, so a failure leaves whatever was there before untouched. Replacing an existing file takes its
write lock first: a file another copy of svassessor is working in is refused with the holder's name.
The replaced file's write-ahead log goes with it, or SQLite would read its pages into the new file.
"""

from __future__ import annotations

import os
from pathlib import Path

from svassessor.errors import FileProblem
from svassessor.storage.database import open_database
from svassessor.storage.lock import acquire


def create_empty(path: str | os.PathLike[str], *, replace: bool = False) -> Path:
    """Make `path` a new .svdb file holding no rounds; an existing file is refused unless `replace`."""
    path = Path(path)
    if path.is_dir():
        raise FileProblem(f"{path} is a folder: give the new file a name.")
    if path.exists() and not replace:
        raise FileProblem(f"{path} already exists: choose another name, or confirm that it should be replaced.")
    if not path.parent.is_dir():
        raise FileProblem(f"{path.parent} is not a folder, so {path.name} cannot be created there.")
    partial = path.with_name(f".{path.name}.new")
    leftovers = [partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")]
    lock = acquire(path)  # FileInUse names whoever is working in the file being replaced
    try:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        open_database(partial, create=True, backups=None).close()
        for log in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            log.unlink(missing_ok=True)
        os.replace(partial, path)
    except OSError as error:
        raise FileProblem(f"{path} could not be created: {error.strerror or error}.") from error
    finally:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        lock.release()
    return path
