"""The register as a table: CSV (one row per funded offer) and XLSX (offers, every report, and notes).

Written by the score matrices' writers, so every spreadsheet svassessor makes looks and behaves alike:
UTF-8 with a byte-order mark for Excel, numbers as numbers, formula-looking text neutralised, and
the file in place only when whole.
"""

from __future__ import annotations

import os
from datetime import date

from svassessor.exports.spreadsheet import write_csv as write_matrix_csv, write_xlsx as write_matrices_xlsx
from svassessor.monitoring.model import RoundProgress
from svassessor.register.cells import about_matrix, offers_matrix, reports_matrix


def write_csv(progress: RoundProgress, path: str | os.PathLike[str]) -> None:
    """One row per funded offer: the promise, the latest report and the earlier ones."""
    write_matrix_csv(offers_matrix(progress), path)


def write_xlsx(progress: RoundProgress, path: str | os.PathLike[str], *, published: date) -> int:
    """A workbook: 'Offers' (as the CSV), 'Reports' (every delivery report) and 'About' (what it is); the number
    of cells whose text held characters a workbook cannot (written as U+FFFD)."""
    return write_matrices_xlsx([offers_matrix(progress), reports_matrix(progress),
                         about_matrix(progress, published)], path)
