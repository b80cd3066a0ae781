"""The mapping step as an object: what a wizard shows, lets the user change, and then runs.

`plan_import` reads and checks the file, and proposes a field for every column (the user's choice,
else what was remembered for this kind of file, else what the title says); `ImportPlan.remap`
applies the user's changes; `preview` shows the first rows as they would be imported, with their
problems, and `uses` what each column will do. Nothing here touches the .svdb.

360Giving's two amounts are proposed for what they are. Amount Awarded stands in for the amount
applied for only in a file with no Amount Applied For values (a funder's published file often has
only the award); otherwise it is kept as extra. In a tender round the price is what is scored, so
Amount Applied For (else Amount Awarded) is proposed as the price, unless another column already
fills it; a column the user chose now is never changed. A round made from a funder's file then has
prices to rank.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from svassessor.importing.mapping import REQUIRED, MappingMemory, guess, parse_field
from svassessor.importing.problems import RowProblem, refuse
from svassessor.importing.rows import Incoming, Reading, incoming, resolve
from svassessor.importing.tables import SourceTable, read_table
from svassessor.importing.uses import ColumnUse
from svassessor.importing.values import is_blank
from svassessor.progress import Cancelled, Progress, never, no_progress

_APPLIED, _AWARDED = "amount applied for", "amount awarded"
_USERS = ("chosen", "remembered")  # the origins that are the user's decisions, which the memory keeps


@dataclass(frozen=True)
class ColumnChoice:
    """One column's field, and why: 'chosen' (by the user), 'remembered', 'title', 'tender' or 'unmapped'.

    `note` says why a title was given another field than its usual one.
    """

    column: str
    field: str
    origin: str
    note: str = ""


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
    tender: bool = False

    @property
    def mapping(self) -> dict[str, str]:
        """column → field for every column, what `--map` takes."""
        return {c.column: c.field for c in self.columns}

    @property
    def decided(self) -> dict[str, str]:
        """column → field for the columns the user chose (now or before): what the memory keeps.

        What a title says is worked out again next time, for that round: a tender's price proposal
        must not become a grant round's habit.
        """
        return {c.column: c.field for c in self.columns if c.origin in _USERS}

    @property
    def advice(self) -> list[str]:
        """What the user should know before importing that is not a problem in the file."""
        if self.tender and not any(c.field == "price" for c in self.columns):
            return ["No column fills the price, and this round is a tender: every bid will arrive with no price. "
                    "Map the column that holds it to price."]
        return []

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
        columns = tuple(ColumnChoice(c.column, changes[c.column], "chosen") if c.column in changes else c
                        for c in self.columns)
        return replace(self, columns=columns)

    def read(self, *, limit: int | None = None, progress: Progress = no_progress,
             cancelled: Cancelled = never) -> Reading:
        """The rows (or the first `limit`) read by this plan's mapping: what the import stores."""
        return incoming(self.table, resolve(self.table.headers, self.mapping), limit=limit, progress=progress,
                        cancelled=cancelled)

    def preview(self, limit: int = 10) -> list[PreviewRow]:
        """The first rows as they would be imported, each with its own problems."""
        reading = self.read(limit=limit)
        by_row = {i.row: i for i in reading.items}  # a row with a problem has no application to show
        return [PreviewRow(n, by_row.get(n), [p for p in reading.problems if p.row == n])
                for n in self.table.row_numbers[:limit]]

    def uses(self, reading: Reading | None = None) -> list[ColumnUse]:
        """What each column does, in the file's order; with a reading of every row, in how many rows."""
        before: dict[tuple, list[str]] = {}  # a field one value fills → the columns for it so far
        out = []
        for index, c in enumerate(self.columns):
            ref = parse_field(c.field, c.column)
            ahead: tuple[str, ...] = ()
            if ref.kind not in ("extra", "ignore", "narrative"):
                earlier = before.setdefault((ref.kind, ref.offer, ref.attribute), [])
                ahead = tuple(earlier)
                earlier.append(c.column)
            counts = {} if reading is None else {"filled": reading.filled[index], "kept": reading.kept[index]}
            out.append(ColumnUse(c.column, c.field, c.origin, c.note, ahead, unit=self.table.unit, **counts))
        return out

    def describe(self, reading: Reading | None = None) -> list[str]:
        """One line per column, for the CLI: `title → what it fills (why)`, with its rows once read."""
        return [use.sentence() for use in self.uses(reading)]


def plan_import(path: Path, *, mapping: dict[str, str] | None = None, sheet: str | None = None,
                memory: MappingMemory | None = None, tender: bool = False, progress: Progress = no_progress,
                cancelled: Cancelled = never) -> ImportPlan:
    """Read and check a CSV, XLSX or 360Giving JSON file and propose a mapping ({column: field} overrides it).

    `tender`: the round the file goes into is a tender, so a 360Giving amount is proposed as the price.
    """
    table = read_table(path, sheet=sheet, progress=progress, cancelled=cancelled)
    remembered = memory.recall(table.headers) if memory else {}
    mapping = mapping or {}
    columns = []
    for header in table.headers:
        if header in mapping:
            columns.append(ColumnChoice(header, mapping[header], "chosen"))
        elif header in remembered:
            columns.append(ColumnChoice(header, remembered[header], "remembered"))
        elif (field := guess(header)) is not None:
            columns.append(ColumnChoice(header, field, "title"))
        else:
            columns.append(ColumnChoice(header, "extra", "unmapped"))
    plan = ImportPlan(path, table, _amounts(table, columns, tender), tender)
    try:
        resolve(table.headers, {**plan.mapping, **(mapping or {})})
    except ValueError as error:
        raise refuse(table.name, str(error)) from error
    return plan


def _amounts(table: SourceTable, columns: list[ColumnChoice], tender: bool) -> tuple[ColumnChoice, ...]:
    """360Giving's Amount Applied For and Amount Awarded proposed for what they are (see the module's words)."""
    at = {c.column.casefold(): i for i, c in enumerate(columns)}
    with_values = [t for t in (_APPLIED, _AWARDED)
                   if t in at and any(not is_blank(row[at[t]]) for row in table.rows)]
    if _APPLIED in with_values and _AWARDED in at and columns[at[_AWARDED]].origin == "title":
        applied = columns[at[_APPLIED]].column
        columns[at[_AWARDED]] = ColumnChoice(columns[at[_AWARDED]].column, "extra", "title",
                                             f"'{applied}' gives the amount applied for")
    if tender and with_values and not any(c.field == "price" for c in columns):
        price = at[with_values[0]]
        if columns[price].origin != "chosen":
            columns[price] = ColumnChoice(columns[price].column, "price", "tender")
    return tuple(columns)
