"""Amounts as spreadsheets write them: floating-point noise is the penny it stands for, a real fraction is not.

Issue 14: a funder's CSV saved from a spreadsheet held `41133.770000000004` in Amount Awarded, and the
whole import was refused as "a fraction of a penny", though the round took its amounts from Amount
Applied For. The same data as XLSX imported. Each test starts from an empty .svdb.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal
from pathlib import Path

import pytest

from svassessor.errors import ImportProblem
from svassessor.importing import import_applications, plan_import
from svassessor.importing.values import ValueProblem, money
from tests.conftest import TINY_RUBRIC
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "360giving"
ABCT_CSV = DATA / "abct-ab-charitable-trust-grants-2013-2020.csv"
ABCT_XLSX = DATA / "abct-ab-charitable-trust-grants-2013-2020.xlsx"
HEADER = ("Identifier", "Title", "Recipient Org:Name", "Amount Applied For", "Amount Awarded")


@pytest.fixture
def round_(store):
    return store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)


def _csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    path.write_text("\r\n".join(",".join(r) for r in [HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


def _xlsx(path: Path, rows: list[tuple[object, ...]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.mark.parametrize(("cell", "pounds"), [
    ("41133.770000000004", "41133.77"), (41133.770000000004, "41133.77"), (0.1 + 0.2, "0.30"),
    ("0.30000000000000004", "0.30"), ("£30,000.50", "30000.50"), (30000, "30000"), (-5.551115123125783e-17, "0"),
    ("1999.9899999999998", "1999.99"),
])
def test_a_whole_penny_within_floating_point_noise_is_that_penny(cell, pounds):
    assert money(cell) == Decimal(pounds)


@pytest.mark.parametrize("cell", ["12.345", "12.341", 12.345, "0.001", "100.0001"])
def test_a_real_fraction_of_a_penny_is_still_refused(cell):
    with pytest.raises(ValueProblem, match="has a fraction of a penny"):
        money(cell)


@pytest.mark.parametrize("cell", ["1e30", "99999999999999999999999999999999", "NaN", "lots"])
def test_what_is_not_pounds_and_pence_is_refused_not_a_traceback(cell):
    with pytest.raises(ValueProblem, match="is not an amount of money"):
        money(cell)


def test_a_float_noise_csv_imports_and_its_xlsx_gives_the_same_pennies(store, tmp_path):
    """The finding: the amounts a spreadsheet wrote out in full import as the pennies they are."""
    noisy = [("360G-N-1", "Hall roof", "Hope Street", "41133.770000000004", "41133.770000000004"),
             ("360G-N-2", "Garden", "Café Ørsted", "1999.9899999999998", "0.30000000000000004")]
    typed = [(r[0], r[1], r[2], float(r[3]), float(r[4])) for r in noisy]
    for name, source in (("CSV", _csv(tmp_path / "noise.csv", noisy)), ("XLSX", _xlsx(tmp_path / "noise.xlsx", typed))):
        round_ = store.rounds.create(name=name, rubric_yaml=TINY_RUBRIC)
        import_applications(store, round_, plan_import(source))
        amounts = {a.reference: a.amount_requested for a in store.applications.for_round(round_)}
        assert amounts == {"360G-N-1": Decimal("41133.77"), "360G-N-2": Decimal("1999.99")}, name


def test_a_column_that_fills_no_field_is_not_checked_as_money(store, round_, tmp_path):
    """Amount Awarded is kept as extra when the file says what was applied for: whatever it holds is kept."""
    source = _csv(tmp_path / "awarded.csv", [("360G-A-1", "Hall", "Hope Street", "5000", "12.345"),
                                             ("360G-A-2", "Garden", "Green Lane", "", "a lot")])
    result = import_applications(store, round_, plan_import(source))
    assert result.new == ["360G-A-1", "360G-A-2"]
    first, second = store.applications.for_round(round_)
    assert first.amount_requested == 5000 and first.extra["Amount Awarded"] == "12.345"
    assert second.amount_requested is None and second.extra["Amount Awarded"] == "a lot"


def test_a_real_fraction_names_the_column_the_row_and_the_field_it_would_fill(store, round_, tmp_path):
    source = _csv(tmp_path / "fraction.csv", [("360G-F-1", "Hall", "Hope Street", "5000", ""),
                                              ("360G-F-2", "Garden", "Green Lane", "12.345", "")])
    with pytest.raises(ImportProblem) as refused:
        import_applications(store, round_, plan_import(source))
    assert str(refused.value) == ("fraction.csv, row 3, column 'Amount Applied For': the value '12.345' has a "
                                  "fraction of a penny, so it cannot be the amount requested; nothing was imported.")
    assert store.applications.for_round(round_) == []


def test_a_fraction_in_amount_awarded_standing_in_for_the_amount_names_amount_awarded(store, round_, tmp_path):
    """With no Amount Applied For values, Amount Awarded is the amount: its own title is in the message."""
    source = _csv(tmp_path / "awarded.csv", [("360G-W-1", "Hall", "Hope Street", "", "41133.770000000004"),
                                             ("360G-W-2", "Garden", "Green Lane", "", "12.341")])
    with pytest.raises(ImportProblem, match=r"awarded.csv, row 3, column 'Amount Awarded': the value '12.341' has a "
                                            r"fraction of a penny, so it cannot be the amount requested"):
        import_applications(store, round_, plan_import(source))


def test_the_real_funders_csv_and_xlsx_give_the_same_pennies(store):
    """ABCT's published XLSX and the CSV written from it: 783 grants, the same amounts to the penny."""
    if not ABCT_XLSX.exists():
        pytest.skip("the shared 360Giving data is not on this machine")
    found = []
    for source in (ABCT_CSV, ABCT_XLSX):
        round_ = store.rounds.create(name=source.suffix, rubric_yaml=TINY_RUBRIC)
        import_applications(store, round_, plan_import(source))
        found.append({a.reference: a.amount_requested for a in store.applications.for_round(round_)})
    assert len(found[0]) == 783 and found[0] == found[1]
    assert found[0]["360G-ABCT-0065I000005Bo8uQAC44222"] == Decimal("200000")


def test_a_time_of_day_in_the_amount_column_of_a_workbook_is_a_sentence(store, round_, tmp_path):
    """A cell formatted as a time reads as a time, not a number: it was a traceback (AttributeError)."""
    source = _xlsx(tmp_path / "times.xlsx", [("360G-T-1", "Hall", "Hope Street", 5000, None),
                                             ("360G-T-2", "Garden", "Green Lane", time(10, 30), None)])
    with pytest.raises(ImportProblem) as refused:
        import_applications(store, round_, plan_import(source))
    assert str(refused.value) == ("times.xlsx, row 3, column 'Amount Applied For': the value '10:30:00' is not an "
                                  "amount of money, so it cannot be the amount requested; nothing was imported.")
    assert store.applications.for_round(round_) == []
