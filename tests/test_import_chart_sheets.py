"""A workbook may hold chart sheets beside its sheets of cells (Excel puts a new chart sheet first).

Reading a chart sheet as a table failed with an AttributeError, so a published workbook with a
chart in front of its grants opened the crash dialog instead of importing.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from svassessor.errors import ImportProblem
from svassessor.importing import plan_import

REAL = Path("/work/shared/data/360giving/abct-ab-charitable-trust-grants-2013-2020.xlsx")


@pytest.fixture
def with_chart_first(tmp_path) -> Path:
    """The real published workbook with a chart of its amounts put in front as the first sheet."""
    book = openpyxl.load_workbook(REAL)
    data = book.worksheets[0]
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=20))
    book.create_chartsheet("Amounts chart", 0).add_chart(chart)
    path = tmp_path / "grants-with-chart.xlsx"
    book.save(path)
    return path


def test_a_chart_sheet_in_front_is_passed_over_for_the_first_sheet_of_cells(with_chart_first):
    plan = plan_import(with_chart_first)
    real = plan_import(REAL)
    assert plan.table.headers == real.table.headers
    assert len(plan.table.rows) == len(real.table.rows)
    assert "Amounts chart" not in plan.table.sheets  # the window offers only sheets it can read


def test_choosing_the_chart_sheet_is_refused_in_one_sentence(with_chart_first):
    with pytest.raises(ImportProblem) as refused:
        plan_import(with_chart_first, sheet="Amounts chart")
    message = str(refused.value)
    assert "'Amounts chart' is a chart" in message
    assert with_chart_first.name in message
