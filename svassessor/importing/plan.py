"""The mapping step as an object: what a wizard shows, lets the user change, and then runs.

`plan_import` reads and checks the file, and proposes a field for every column (the user's choice,
else what was remembered for this kind of file, else what the title says); `ImportPlan.remap`
applies the user's changes; `preview` shows the first rows as they would be imported, with their
problems. Nothing here touches the .svdb.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from svassessor.importing.mapping import REQUIRED, MappingMemory, guess
from svassessor.importing.problems import RowProblem, refuse
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.importing.rows import Incoming, incoming, resolve
from svassessor.importing.tables import SourceTable, read_table


@dataclass(frozen=True)
class ColumnChoice:
    """One column's field, and why: 'chosen' (by the user), 'remembered', 'title' or 'unmapped'."""

    column: str
    field: str
    origin: str


@dataclass(frozen=True)
class PreviewRow:
    row: int
    application: Incoming | None
    problems: list[RowProblem]


@dataclass(frozen=True)
class ImportPlan:
    """A checked source with a field for every column; `remap` gives a new plan, this one never changes."""

    path: Path
    table: SourceTable
    columns: tuple[ColumnChoice, ...]

    @property
    def mapping(self) -> dict[str, str]:
        """column → field for every column, what `--map` and the memory hold."""
        return {c.column: c.field for c in self.columns}

    @property
    def missing(self) -> list[str]:
        """Required fields no column fills yet (the wizard keeps Next disabled until this is empty)."""
        mapped = {c.field for c in self.columns}
        return [f for f in REQUIRED if f not in mapped]

    def remap(self, changes: dict[str, str]) -> ImportPlan:
        """A plan with some columns given other fields ({column: field}); refuses unknown fields or columns."""
        merged = {**self.mapping, **changes}
        try:
            resolve(self.table.headers, merged)
        except ValueError as error:
            raise refuse(self.table.name, str(error)) from error
        columns = tuple(replace(c, field=changes[c.column], origin="chosen") if c.column in changes else c
                        for c in self.columns)
        return replace(self, columns=columns)

    def preview(self, limit: int = 10) -> list[PreviewRow]:
        """The first rows as they would be imported, each with its own problems."""
        found, problems = incoming(self.table, resolve(self.table.headers, self.mapping), limit=limit)
        by_row = {i.row: i for i in found}  # a row with a problem has no application to show
        return [PreviewRow(n, by_row.get(n), [p for p in problems if p.row == n])
                for n in self.table.row_numbers[:limit]]

    def describe(self) -> list[str]:
        """One line per column, for the CLI's dry run: `title → field (why)`."""
        why = {"chosen": "chosen", "remembered": "remembered from last time", "title": "by its title",
               "unmapped": "no field: kept as it is"}
        return [f"{c.column} → {c.field} ({why[c.origin]})" for c in self.columns]


def plan_import(path: Path, *, mapping: dict[str, str] | None = None, sheet: str | None = None,
                memory: MappingMemory | None = None, progress: Progress = no_progress,
                cancelled: Cancelled = never) -> ImportPlan:
    """Read and check a CSV, XLSX or 360Giving JSON file and propose a mapping ({column: field} overrides it)."""
    table = read_table(path, sheet=sheet, progress=progress, cancelled=cancelled)
    remembered = memory.recall(table.headers) if memory else {}
    columns = []
    for header in table.headers:
        if header in (mapping or {}):
            columns.append(ColumnChoice(header, mapping[header], "chosen"))
        elif header in remembered:
            columns.append(ColumnChoice(header, remembered[header], "remembered"))
        elif (field := guess(header)) is not None:
            columns.append(ColumnChoice(header, field, "title"))
        else:
            columns.append(ColumnChoice(header, "extra", "unmapped"))
    plan = ImportPlan(path, table, tuple(columns))
    try:
        resolve(table.headers, {**plan.mapping, **(mapping or {})})
    except ValueError as error:
        raise refuse(table.name, str(error)) from error
    return plan
