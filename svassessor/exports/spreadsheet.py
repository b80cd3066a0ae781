"""Score matrices written as CSV (UTF-8 with a byte-order mark, so Excel reads any name) and as XLSX.

The XLSX has one sheet per matrix with a frozen, bold header row, widths per column and number
formats by kind (scores to two places, totals to one, money in pounds, shares as percentages).
Text that could start a formula is neutralised and stored as a string cell, never as a formula;
numbers are stored as numbers. A workbook is XML, which cannot hold the control characters below
U+0020 (tab and line breaks aside), U+FFFE, U+FFFF or a lone surrogate; a title, comment or story
holding one is written with U+FFFD in its place, and the writer says how many cells were, so the
export's sentence can tell the user rather than the save failing with a traceback.
"""

from __future__ import annotations

import csv
import os
import re
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from svassessor.exports.cells import Value, csv_text, neutralised
from svassessor.exports.matrix import Matrix
from svassessor.reports.output import atomic_output

FORMATS = {"integer": "0", "score": "0.##", "total": "0.0", "money": '"£"#,##0.00', "share": "0%",
           "date": "yyyy-mm-dd", "text": "General"}
_HEADER_FILL = PatternFill("solid", fgColor="1D4E89")
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def write_csv(matrix: Matrix, path: str | os.PathLike[str]) -> None:
    """Write one matrix as CSV, header first."""
    with atomic_output(path) as partial, open(partial, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([neutralised(c.header) for c in matrix.columns])
        for row in matrix.rows:
            writer.writerow([csv_text(v) for v in row])


def _xlsx_value(value: Value) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        return neutralised(value)
    return value


def replaced_note(cells: int) -> str:
    """What the export's sentence adds when `cells` cells held characters a workbook cannot: '' when none did."""
    if not cells:
        return ""
    held = "1 cell held" if cells == 1 else f"{cells:,} cells held"
    return f" ({held} characters a spreadsheet cannot hold, such as control characters: written as \ufffd)"


def write_xlsx(matrices: list[Matrix], path: str | os.PathLike[str]) -> int:
    """Write each matrix as a sheet of one workbook; the number of cells whose text had characters replaced."""
    replaced = 0

    def holdable(value: object) -> object:
        nonlocal replaced
        if not isinstance(value, str):
            return value
        text, count = _NOT_IN_XLSX.subn("\ufffd", value)
        replaced += count > 0
        return text

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for matrix in matrices:
        sheet = book.create_sheet(matrix.name)
        sheet.append([holdable(neutralised(c.header)) for c in matrix.columns])
        for cell in sheet[1]:
            cell.data_type = TYPE_STRING
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in matrix.rows:
            sheet.append([holdable(_xlsx_value(v)) for v in row])
        for index, column in enumerate(matrix.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            number_format = FORMATS[column.kind]
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, str):
                    cell.data_type = TYPE_STRING  # text that looks like a formula stays text
                elif isinstance(cell.value, (int, float, date)):
                    cell.number_format = number_format
        sheet.freeze_panes = f"{get_column_letter(matrix.frozen + 1)}2"
        sheet.auto_filter.ref = sheet.dimensions
        sheet.row_dimensions[1].height = 30
    with atomic_output(path) as partial:
        book.save(partial)
    return replaced
