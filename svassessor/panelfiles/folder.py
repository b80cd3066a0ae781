"""Pick up assessors' files returned to a shared folder and merge the new ones.

The window's shared-folder watch calls `scan_folder` whenever the folder changes (or on a timer),
off the UI thread. What counts as new is the caller's to keep (`seen`, a file's size and modification
time), so a file being copied in is looked at again once the copy has finished and changed it; and
since merging is idempotent, forgetting `seen` (a restart) costs time, never data.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from svassessor.panelfiles.merge import merge_files
from svassessor.panelfiles.report import MergeReport
from svassessor.storage.lock import read_holder
from svassessor.store import Store

Fingerprint = tuple[int, int]


@dataclass
class FolderScan:
    reports: list[MergeReport] = field(default_factory=list)  # one per file looked at this time
    waiting: list[str] = field(default_factory=list)  # files left for a later scan, each with why

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.reports)


def scan_folder(store: Store, folder: Path, seen: MutableMapping[Path, Fingerprint]) -> FolderScan:
    """Merge every `*.svdb` in `folder` not seen as it is now; files still open by their assessor wait."""
    scan = FolderScan()
    ready: dict[Path, Fingerprint] = {}
    own = Path(store.database.path).resolve()
    for path in sorted(Path(folder).glob("*.svdb")):
        if path.resolve() == own or path.name.startswith("."):
            continue  # our own file, and files still being built (prepare and demo write `.NAME.building`)
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        fingerprint = (stat.st_size, stat.st_mtime_ns)
        if seen.get(path) == fingerprint:
            continue
        holder = read_holder(path)
        if holder is not None:
            scan.waiting.append(f"{path.name}: {holder.describe()} still has it open; it will be merged once closed.")
            continue
        ready[path] = fingerprint
    scan.reports = merge_files(store, ready)
    seen.update(ready)
    return scan
