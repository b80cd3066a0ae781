"""Conflicts of interest from a spreadsheet: one row per conflict, columns assessor, reference, reason.

A funder often collects declarations on a form before the panel meets, so a chair gives them all at
once rather than one by one. Column titles are matched without regard to case; other columns are
ignored. The import is all or nothing: every bad row (an assessor not on the panel, a reference not
in the round, a blank reason) is reported by row and column, and nothing is kept. A row repeated,
in the file or from an earlier import, changes nothing, so importing the same file twice is safe.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.importing.problems import ImportRejected, RowProblem, refuse
from svassessor.importing.tables import read_table
from svassessor.importing.values import text
from svassessor.models import Round

if TYPE_CHECKING:
    from svassessor.store import Store

COLUMNS = ("assessor", "reference", "reason")


def import_conflicts(store: Store, round_: Round, path: Path) -> int:
    """Declare every conflict in a CSV or XLSX file; returns how many were new or changed their reason."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        raise refuse(path.name, "conflicts are imported from a CSV or XLSX file with the columns "
                                "assessor, reference, reason")
    table = read_table(path)
    where = {h.casefold(): i for i, h in enumerate(table.headers)}
    missing = [c for c in COLUMNS if c not in where]
    if missing:
        named = [f"'{m}'" for m in missing]
        listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
        raise refuse(table.name, f"the file has no column {listed} (it needs assessor, reference and reason)", row=1)
    assessors = {a.name: a for a in store.assessors.for_round(round_)}
    references = {a.reference: a for a in store.applications.for_round(round_)}
    titles = {c: table.headers[where[c]] for c in COLUMNS}
    problems: list[RowProblem] = []
    wanted: dict[tuple[str, str], str] = {}
    for number, row in zip(table.row_numbers, table.rows):
        name, reference, reason = (text(row[where[c]]).strip() for c in COLUMNS)
        if name not in assessors:
            known = ", ".join(sorted(assessors)) or "none yet"
            problems.append(RowProblem(table.name, number, titles["assessor"],
                                       f"'{name}' is not an assessor of round '{round_.name}' (its assessors: {known})"
                                       if name else "the assessor is blank"))
        if reference not in references:
            problems.append(RowProblem(table.name, number, titles["reference"],
                                       f"round '{round_.name}' has no application '{reference}'"
                                       if reference else "the reference is blank"))
        if not reason:
            problems.append(RowProblem(table.name, number, titles["reason"],
                                       "the reason is blank; a conflict of interest needs a reason"))
        previous = wanted.get((name, reference))
        if reason and previous is not None and previous != reason:
            problems.append(RowProblem(table.name, number, titles["reason"],
                                       f"{name} and {reference} are given two different reasons in the file"))
        wanted.setdefault((name, reference), reason)
    if problems:
        raise ImportRejected(problems)
    return store.assessors.declare_conflicts(
        (assessors[name], references[reference], reason) for (name, reference), reason in wanted.items())
