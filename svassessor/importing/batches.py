"""Writing many rows inside one import transaction: in batches, with progress and a cancel check between."""

from __future__ import annotations

from svassessor.importing.problems import ImportCancelled
from svassessor.progress import Cancelled, Progress
from svassessor.storage.audit import AuditWriter

BATCH = 1000  # rows per executemany: large enough to be fast, small enough that Cancel answers quickly


def insert_in_batches(audit: AuditWriter, table: str, rows: list[dict], *, done: int, total: int,
                      progress: Progress, cancelled: Cancelled) -> int:
    """Insert `rows` (audited) a batch at a time; returns `done` plus the rows written.

    Cancel raises `ImportCancelled` inside the caller's transaction, which then keeps nothing.
    """
    for start in range(0, len(rows), BATCH):
        if cancelled():
            raise ImportCancelled()
        batch = rows[start:start + BATCH]
        audit.insert_many(table, batch)
        done += len(batch)
        progress(done, total)
    return done
