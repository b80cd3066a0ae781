"""The import as one call: read the rows by the plan, check them all, then add or update in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svassessor.importing.apply import ImportResult, apply_incoming
from svassessor.importing.mapping import MappingMemory
from svassessor.importing.plan import ImportPlan
from svassessor.importing.problems import refuse
from svassessor.importing.rows import checked, resolve
from svassessor.models import Round
from svassessor.progress import Cancelled, Progress, never, no_progress

if TYPE_CHECKING:
    from svassessor.store import Store


def import_applications(store: Store, round_: Round, plan: ImportPlan, *, dry_run: bool = False,
                        memory: MappingMemory | None = None, progress: Progress = no_progress,
                        cancelled: Cancelled = never) -> ImportResult:
    """Import the plan's rows into the round: all of them, or (on any problem or a cancel) none.

    `progress(done, total)` runs through reading and then saving; `cancelled()` is asked between
    batches. The result says what each column did, from the same reading that was saved. A successful
    import (not a dry run) remembers the columns the user chose in `memory`.
    """
    table = plan.table
    if plan.missing:
        raise refuse(table.name, f"no column is mapped to {', '.join(plan.missing)}; map one with "
                                 f"--map FIELD=COLUMN (columns: {', '.join(table.headers)})")
    half = len(table.rows)

    def reading_rows(done: int, total: int, what: str = "") -> None:
        progress(done, 2 * half)

    def saving(done: int, total: int, what: str = "") -> None:
        progress(half + (half * done // total if total else half), 2 * half)

    reading = plan.read(progress=reading_rows, cancelled=cancelled)
    items = checked(reading.items, reading.problems)

    mapped = [ref for _, _, ref in resolve(table.headers, plan.mapping)]
    result = apply_incoming(store, round_, table.name, items, mapped, dry_run=dry_run, progress=saving,
                            cancelled=cancelled)
    result.columns = plan.uses(reading)
    if memory is not None and not dry_run:
        memory.remember(table.headers, plan.decided)
    return result
