"""What an import reports when it refuses: every problem found, each naming file, row and column.

An import is refused as a whole (DESIGN §7), so the report lists all the problems at once rather
than making the user fix one, retry, and meet the next.
"""

from __future__ import annotations

from dataclasses import dataclass

from svassessor.errors import ImportProblem, SvAssessorError


@dataclass(frozen=True)
class RowProblem:
    """One problem in the source: `row` counts as a spreadsheet shows it (the header is row 1).

    `unit` is what a row is called in this source: "row", or "grant" in a 360Giving JSON package; "path"
    when `column` is a place in a JSON document (a round file's `applications.3.reference`).
    """

    file: str
    row: int | None
    column: str | None
    problem: str
    unit: str = "row"

    def sentence(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", {self.unit} {self.row}"
        if self.column is not None:
            where += f", at {self.column}" if self.unit == "path" else f", column '{self.column}'"
        return f"{where}: {self.problem}"


class ImportRejected(ImportProblem):
    """The import was refused; `problems` lists every problem found, and nothing was kept."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        first = problems[0].sentence()
        more = len(problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"{first}{tail}; nothing was imported.")


class ImportCancelled(SvAssessorError):
    """The user cancelled: nothing of the import was kept."""

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing of it was kept.")


def refuse(file: str, problem: str, *, row: int | None = None, column: str | None = None) -> ImportRejected:
    """One problem that stops the whole import at once (an unreadable file, say)."""
    return ImportRejected([RowProblem(file, row, column, problem)])
