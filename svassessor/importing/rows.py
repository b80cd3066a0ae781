"""From a table's rows to incoming applications, following the mapping; every bad cell is reported.

This is the hot loop of a 10,000-row import, so it works on plain values and tuples rather than
validated models: each column's reader is chosen once, before the first row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from svassessor.importing.mapping import FieldRef, parse_field
from svassessor.importing.problems import ImportCancelled, ImportRejected, RowProblem
from svassessor.importing.tables import SourceTable
from svassessor.importing.threesixty import canonical_title
from svassessor.importing.values import Cell, ValueProblem, day, is_blank, money, number, text, yes_no
from svassessor.progress import Cancelled, Progress, never, no_progress

_READERS: dict[str, Callable[[Cell], object]] = {"amount_requested": money, "price": money, "received": day,
                                                  "organisation.sme": yes_no, "organisation.vcse": yes_no}
_LABELS = {"amount_requested": "be the amount requested", "price": "be the price", "received": "be the date received",
           "organisation.sme": "say whether the organisation is an SME",
           "organisation.vcse": "say whether the organisation is a voluntary, community or social enterprise"}
_CHECK_EVERY = 500


@dataclass
class Incoming:
    """One application as the source gives it, before it meets the round."""

    row: int
    reference: str
    values: dict[str, object] = field(default_factory=dict)  # plain and organisation fields
    narrative: list[tuple[str, str]] = field(default_factory=list)  # (question, text)
    offers: list[dict[str, object]] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


def resolve(headers: list[str], mapping: dict[str, str]) -> list[tuple[int, str, FieldRef]]:
    """Each column's (index, title, field); a mapping naming an unknown field or column is refused."""
    problems = [f"--map names the column '{c}', which the file does not have" for c in mapping if c not in headers]
    resolved = []
    for index, column in enumerate(headers):
        try:
            resolved.append((index, column, parse_field(mapping.get(column, "extra"), column)))
        except ValueError as error:
            problems.append(f"column '{column}': {error}")
    if problems:
        raise ValueError("; ".join(problems))
    return resolved


@dataclass
class Reading:
    """The rows read by the mapping: the applications, every problem, and what each column did.

    `filled[i]` counts the rows in which column i's value filled its field; `kept[i]` those in which
    it was kept as extra instead (mapped to extra, or its field already filled by an earlier column).
    """

    items: list[Incoming]
    problems: list[RowProblem]
    filled: list[int]
    kept: list[int]


def incoming(table: SourceTable, columns: list[tuple[int, str, FieldRef]], *, limit: int | None = None,
             progress: Progress = no_progress, cancelled: Cancelled = never) -> Reading:
    """Read every row (or the first `limit`) into incoming applications, with the problems found."""
    rows = table.rows if limit is None else table.rows[:limit]
    total = len(rows)
    out: list[Incoming] = []
    problems: list[RowProblem] = []
    first: dict[str, int] = {}
    extra_keys = {column: canonical_title(column) for _, column, _ in columns}
    mapped: dict[str, str] = {}  # field → the first column that fills it, to name in a problem
    for _, column, ref in columns:
        mapped.setdefault(ref.kind, column)
    filled, kept = [0] * len(table.headers), [0] * len(table.headers)
    for position, (number_, cells) in enumerate(zip(table.row_numbers, rows)):
        if position % _CHECK_EVERY == 0:
            if cancelled():
                raise ImportCancelled()
            progress(position, total)
        found, failed = _one(table, columns, extra_keys, mapped, number_, cells, problems, filled, kept)
        reference = found.reference
        if reference and first.setdefault(reference, number_) != number_:
            problems.append(RowProblem(table.name, number_, None, f"the reference '{reference}' is also on "
                                       f"{table.unit} {first[reference]}; each application needs its own", table.unit))
        elif not failed:
            out.append(found)
    progress(total, total)
    problems.sort(key=lambda p: p.row or 0)
    return Reading(out, problems, filled, kept)


def _one(table: SourceTable, columns: list[tuple[int, str, FieldRef]], extra_keys: dict[str, str],
         mapped: dict[str, str], row: int, cells: list[Cell], problems: list[RowProblem], filled: list[int],
         kept: list[int]) -> tuple[Incoming, bool]:
    """The row as an incoming application, and whether it had a problem (added to `problems`).

    A field takes the first of its columns with a value in the row; a later one is kept as extra,
    unread, so a column that fills nothing is never refused for what it holds.
    """
    values: dict[str, object] = {}
    narrative: list[tuple[str, str]] = []
    offers: dict[int, dict[str, object]] = {}
    extra: dict[str, str] = {}
    failed = False
    for index, column, ref in columns:
        cell = cells[index]
        if cell is None or (cell.__class__ is str and not cell.strip()):  # is_blank, inlined: it runs per cell
            continue
        kind = ref.kind
        if kind == "ignore":
            continue
        if kind == "extra" or kind in values or (kind == "offer" and ref.attribute in offers.get(ref.offer, ())):
            extra[extra_keys[column]] = cell if cell.__class__ is str else text(cell)
            kept[index] += 1
        elif kind == "narrative":
            narrative.append((ref.question, cell if cell.__class__ is str else text(cell)))
            filled[index] += 1
        else:
            try:
                if kind == "offer":
                    value = number(cell) if ref.attribute == "quantity" else text(cell)
                    offers.setdefault(ref.offer, {})[ref.attribute] = value
                elif (reader := _READERS.get(kind)) is not None:
                    values[kind] = reader(cell)
                else:
                    values[kind] = text(cell).strip() if kind == "reference" else text(cell)
                filled[index] += 1
            except ValueProblem as error:
                label = _LABELS.get(kind, "be a quantity")
                problems.append(RowProblem(table.name, row, column, f"the value {error}, so it cannot {label}",
                                           table.unit))
                failed = True
    for kind, label in (("reference", "reference"), ("organisation.name", "organisation name"), ("title", "title")):
        if is_blank(values.get(kind)):
            problems.append(RowProblem(table.name, row, mapped.get(kind), f"the application has no {label}",
                                       table.unit))
            failed = True
    for position, offer in sorted(offers.items()):
        if not offer.get("description"):
            problems.append(RowProblem(table.name, row, None, f"offer {position + 1} has values but no description",
                                       table.unit))
            failed = True
    reference = str(values.pop("reference", ""))
    return Incoming(row, reference, values, narrative, [o for _, o in sorted(offers.items())], extra), failed


def checked(items: list[Incoming], problems: list[RowProblem]) -> list[Incoming]:
    """The items, or (if any row had a problem) the refusal listing every problem."""
    if problems:
        raise ImportRejected(problems)
    return items


def display(value: object) -> str:
    """A field's value as the preview shows it."""
    if isinstance(value, Decimal):
        return f"£{value:,.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)
