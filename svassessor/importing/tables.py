"""Reading a source file into one table of cells: CSV, XLSX, or a 360Giving JSON package.

Everything that can be wrong with the file itself is found here and reported together, each naming
row and column (`row` counts as a spreadsheet shows it: the header is row 1): an empty file, a header
with no rows, duplicate column titles, ragged rows, NUL bytes, a cell too long to be an answer.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.importing.archive import check_archive
from svassessor.importing.encoding import BAD_BYTE, decode_text
from svassessor.importing.problems import ImportCancelled, ImportRejected, RowProblem, refuse
from svassessor.importing.threesixty import flatten_grant
from svassessor.importing.values import Cell, is_blank, text
from svassessor.progress import Cancelled, Progress, never, no_progress

if TYPE_CHECKING:
    # The stubs type every sheet of a workbook as a Worksheet (a read-only one is read the same way).
    from openpyxl.worksheet.worksheet import Worksheet

MAX_WORKBOOK = 256 * 1024 * 1024
"""Bytes a workbook may expand to: a real one of 783 grants expands to 1 MB; a bomb, to gigabytes."""
MAX_CELL = 100_000
"""Characters in one cell: far above any form answer; more is a pasted file or a damaged export."""

_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class SourceTable:
    """The cells of one source, rows padded to the header's width."""

    name: str
    kind: str
    headers: list[str]
    rows: list[list[Cell]]
    row_numbers: list[int]
    detail: str = ""
    sheets: list[str] = field(default_factory=list)
    unit: str = "row"


def read_table(path: Path, *, sheet: str | None = None, progress: Progress = no_progress,
               cancelled: Cancelled = never) -> SourceTable:
    """The table in a .csv/.tsv/.txt, .xlsx or 360Giving .json file, checked; refuses with every problem found.

    Only a workbook is slow to read (openpyxl parses XML), so only it reports progress and can be cancelled.
    """
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as error:
        raise refuse(path.name, f"the file cannot be read ({error.strerror or error})") from error
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(data, path.name, sheet=sheet, progress=progress, cancelled=cancelled)
    if suffix == ".json":
        return read_package(data, path.name)
    return read_csv(data, path.name)


def read_csv(data: bytes, name: str) -> SourceTable:
    if not data.strip():
        raise refuse(name, "the file is empty")
    content, encoding = decode_text(data, name, _bad_bytes_cell)
    delimiter = _sniff(content)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
    except csv.Error as error:
        row = len(records) + 1
        if "field larger than field limit" in str(error):
            raise refuse(name, f"a cell is longer than {MAX_CELL:,} characters, too long to be an answer",
                         row=row) from error
        raise refuse(name, f"the CSV is malformed ({error}); a quote may be left open", row=row) from error
    detail = f"{encoding}, {_DELIMITER_NAMES[delimiter]}-separated"
    return _checked(name, "csv", records, detail, ragged_is_error=True)


def _sniff(content: str) -> str:
    """The delimiter that splits the header row into the most columns (comma when none does)."""
    sample = content[:65536]
    best, best_count = ",", 1
    for delimiter in _DELIMITERS:
        try:
            first = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(first) > best_count:
            best, best_count = delimiter, len(first)
    return best


def read_xlsx(data: bytes, name: str, *, sheet: str | None = None, progress: Progress = no_progress,
              cancelled: Cancelled = never) -> SourceTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    if not data:
        raise refuse(name, "the file is empty")
    if not data.startswith(b"PK"):
        looks = "text (perhaps a CSV file renamed)" if _looks_like_text(data) else "not a workbook"
        raise refuse(name, f"the file is not an Excel workbook: its content is {looks}; "
                           f"save it as .xlsx from Excel or import it under its real name")
    check_archive(data, name, "workbook", max_total=MAX_WORKBOOK)
    damaged = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError, SyntaxError,
               InvalidFileException, IndexError)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except damaged as error:
        raise refuse(name, "the workbook is damaged (it may have been cut short while copying); "
                           "open it in Excel and save it again") from error
    try:
        # A chart sheet has no cells to read: only worksheets are offered, and a chart is refused by name.
        worksheets = {ws.title: ws for ws in book.worksheets}
        names = list(worksheets)
        if not names:
            raise refuse(name, "the workbook holds only charts, no sheet of cells to import")
        chosen = sheet or next((n for n in names if n.casefold() == "grants"), names[0])
        if chosen in book.sheetnames and chosen not in names:
            raise refuse(name, f"the sheet '{chosen}' is a chart, with no cells to import "
                               f"(the sheets of cells: {', '.join(names)})")
        if chosen not in names:
            raise refuse(name, f"the workbook has no sheet called '{chosen}' (its sheets: {', '.join(names)})")
        try:
            records = _sheet_records(worksheets[chosen], progress, cancelled)
        except damaged as error:
            raise refuse(name, f"the sheet '{chosen}' is damaged (the workbook may have been cut short); "
                               f"open it in Excel and save it again") from error
    finally:
        book.close()
    table = _checked(name, "xlsx", records, f"sheet '{chosen}'", ragged_is_error=False)
    table.sheets = names
    return table


def _sheet_records(worksheet: Worksheet, progress: Progress, cancelled: Cancelled) -> list[list[Cell]]:
    total = worksheet.max_row or 0  # from the sheet's stated dimension; 0 when it states none
    records: list[list[Cell]] = []
    for record in worksheet.iter_rows(values_only=True):
        if len(records) % 500 == 0:
            if cancelled():
                raise ImportCancelled()
            progress(len(records), max(total, len(records)))
        # Read with data_only and without rich_text, a cell holds only a Cell; the stubs list what
        # every loading option can give (formulas, rich text).
        records.append(list(record))  # type: ignore[arg-type]
    progress(len(records), len(records))
    return records


def _bad_bytes_cell(content: str) -> tuple[int, str | None, str] | None:
    """The row, column title (None in the header) and value of the first cell holding bytes that are not UTF-8."""
    header: list[str] = []
    try:
        for row, record in enumerate(csv.reader(io.StringIO(content, newline=""), delimiter=_sniff(content)), 1):
            header = header or record
            for index, value in enumerate(record):
                if BAD_BYTE.search(value):
                    return row, header[index] if row > 1 and index < len(header) else None, value
    except csv.Error:  # malformed as well: the line is all we can name
        return None
    return None


def _looks_like_text(data: bytes) -> bool:
    sample = data[:1024]
    return all(b >= 32 or b in b"\t\r\n" for b in sample.replace(b"\xef\xbb\xbf", b""))


def read_package(data: bytes, name: str) -> SourceTable:
    """A 360Giving JSON package `{"grants": [...]}`, flattened to the standard's column titles."""
    if not data.strip():
        raise refuse(name, "the file is empty")
    try:
        package = json.loads(decode_text(data, name)[0])
    except json.JSONDecodeError as error:
        raise refuse(name, f"the JSON is malformed at line {error.lineno}, column {error.colno} "
                           f"({error.msg})") from error
    if not isinstance(package, dict) or not isinstance(package.get("grants"), list):
        raise refuse(name, 'this JSON is not a 360Giving package (no "grants" list) nor a svassessor round file')
    headers: dict[str, None] = {}
    flats = []
    for grant in package["grants"]:
        flat = flatten_grant(grant) if isinstance(grant, dict) else {}
        headers.update(dict.fromkeys(flat))
        flats.append(flat)
    titles = list(headers)
    records = [titles] + [[flat.get(t) for t in titles] for flat in flats]
    return _checked(name, "360giving-json", records, "a 360Giving JSON package", ragged_is_error=False, unit="grant")


def _checked(name: str, kind: str, records: Sequence[Sequence[Cell]], detail: str, *, ragged_is_error: bool,
             unit: str = "row") -> SourceTable:
    """Check the records as a whole and return them as a table; refuse with every problem found."""
    records_numbered = [(n, r) for n, r in enumerate(records, start=1) if not all(is_blank(c) for c in r)]
    if not records_numbered:
        raise refuse(name, "the file is empty")
    header_number, header = records_numbered[0]
    problems = _header_problems(name, header, header_number)
    width = len(header)
    rows, numbers = [], []
    for number, record in records_numbered[1:]:
        if len(record) < width and ragged_is_error:
            problems.append(RowProblem(name, number, None, f"the row has {len(record)} cells but the header has "
                                                           f"{width} columns (a ragged row)", unit))
        elif len(record) > width and any(not is_blank(c) for c in record[width:]):
            problems.append(RowProblem(name, number, None, f"the row has a value in column {width + 1}, beyond the "
                                                           f"{width} titled columns (a ragged row)", unit))
        row: list[Cell] = [*record, *[None] * (width - len(record))][:width]
        joined = "".join(c for c in row if isinstance(c, str))
        if "\x00" not in joined and len(joined) <= MAX_CELL:  # the common case, with no cell to look at
            rows.append(row)
            numbers.append(number)
            continue
        for title, cell in zip(header, row):
            if isinstance(cell, str):
                if "\x00" in cell:
                    problems.append(RowProblem(name, number, text(title), "the cell holds NUL bytes (binary data, "
                                                                          "not text)", unit))
                elif len(cell) > MAX_CELL:
                    problems.append(RowProblem(name, number, text(title), f"the cell holds {len(cell):,} characters, "
                                               f"more than the {MAX_CELL:,} an answer may have", unit))
        rows.append(row)
        numbers.append(number)
        if len(problems) > 100:
            break
    titles = [text(h).strip() for h in header]
    untitled = [i for i, t in enumerate(titles) if not t]
    for i in untitled:
        if (found := next((n for n, r in zip(numbers, rows) if not is_blank(r[i])), None)) is not None:
            problems.append(RowProblem(name, found, f"#{i + 1}", "the cell has a value but its column has no title; "
                                                               "give the column a title", unit))
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise refuse(name, "header only, no applications: the file has column titles but no rows below them")
    if untitled:  # empty columns a spreadsheet reports past the last titled one
        keep = [i for i, t in enumerate(titles) if t]
        titles, rows = [titles[i] for i in keep], [[r[i] for i in keep] for r in rows]
    return SourceTable(name, kind, titles, rows, numbers, detail, unit=unit)


def _header_problems(name: str, header: Sequence[Cell], number: int) -> list[RowProblem]:
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(header, start=1):
        title = text(cell).strip()
        if "\x00" in title:
            problems.append(RowProblem(name, number, f"#{position}", "the column title holds NUL bytes (binary data)"))
            continue
        key = title.casefold()
        if key and key in seen:
            problems.append(RowProblem(name, number, title, f"two columns have this title (columns {seen[key]} and "
                                                           f"{position}); rename one so each column is known"))
        seen.setdefault(key, position)
    return problems
