"""Score matrices in CSV and XLSX: text that could run as a formula is neutralised; numbers stay numbers."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svassessor.exports.cells import csv_text, neutralised
from svassessor.exports.matrix import long_matrix, wide_matrix
from svassessor.exports.spreadsheet import write_csv, write_xlsx
from svassessor.models import Application, NarrativeAnswer, Organisation
from svassessor.reports.data import load_round
from tests.conftest import TINY_RUBRIC

INJECTIONS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tX", "\rX"]
# The tiny rubric on a scale from -2 to 2, so that real scores are negative numbers.
SIGNED_RUBRIC = TINY_RUBRIC.replace(
    """    - {value: 0, label: No evidence, descriptor: "Nothing in the application addresses this."}
    - {value: 1, label: Weak, descriptor: "Claims without evidence."}
    - {value: 2, label: Adequate, descriptor: "Some evidence, gaps remain."}
    - {value: 3, label: Good, descriptor: "Clear evidence for most of it."}
    - {value: 4, label: Excellent, descriptor: "Specific, evidenced and convincing."}""",
    """    - {value: -2, label: Harmful, descriptor: "Would make things worse."}
    - {value: -1, label: Weak, descriptor: "Claims without evidence."}
    - {value: 0, label: Neutral, descriptor: "Neither."}
    - {value: 1, label: Good, descriptor: "Clear evidence."}
    - {value: 2, label: Excellent, descriptor: "Specific and convincing."}""").replace("pass_mark: 2", "pass_mark: -1")


@pytest.fixture
def hostile(store):
    """A round whose applicants, assessor and comments all try to run formulas; real scores below zero."""
    round_ = store.rounds.create(name="Hostile", rubric_yaml=SIGNED_RUBRIC, status="scoring")
    store.applications.add([
        Application(round_id=round_.id, reference=f"H-{i}", title=text, amount_requested=Decimal("5000"),
                    organisation=Organisation(name=text),
                    narrative=[NarrativeAnswer(question="Need", text="We meet a need.")])
        for i, text in enumerate(INJECTIONS)])
    person = store.assessors.add(round_, name="=HYPERLINK(\"http://x\")")
    for app in store.applications.for_round(round_):
        for criterion, score in (("need_evidence", -2), ("offer_who", -1), ("offer_measures", 2)):
            store.assessments.set_score(round_, person, app.id, criterion, score=score, comment=app.title)
    return load_round(store, round_)


def test_cells_neutralise_text_and_leave_numbers_alone():
    assert [neutralised(t) for t in INJECTIONS] == ["'" + t for t in INJECTIONS]
    assert neutralised("Lozells Table CIC") == "Lozells Table CIC"
    assert csv_text(-2.0) == "-2" and csv_text(-2.5) == "-2.5" and csv_text(Decimal("-12480.50")) == "-12480.50"
    assert csv_text(Decimal("9860.00")) == "9860" and csv_text(None) == "" and csv_text(True) == "yes"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_long_and_wide_read_back_neutralised_with_negative_numbers_as_numbers(hostile, tmp_path):
    write_csv(long_matrix(hostile), tmp_path / "long.csv")
    rows = _read_csv(tmp_path / "long.csv")
    assert len(rows) == len(INJECTIONS) * 3  # application × assessor × criterion
    assert {r["Organisation"] for r in rows} == {"'" + t for t in INJECTIONS}
    assert {r["Comment"] for r in rows} == {"'" + t for t in INJECTIONS}
    assert {r["Assessor"] for r in rows} == {"'=HYPERLINK(\"http://x\")"}
    assert {r["Score"] for r in rows} == {"-2", "-1", "2"}  # real negative numbers: no apostrophe
    write_csv(wide_matrix(hostile), tmp_path / "wide.csv")
    wide = _read_csv(tmp_path / "wide.csv")
    assert len(wide) == len(INJECTIONS)
    assert {r["Organisation"] for r in wide} == {"'" + t for t in INJECTIONS}
    assert {r["Evidence of need: panel"] for r in wide} == {"-2"}
    with open(tmp_path / "wide.csv", encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    assert "Total: =HYPERLINK(\"http://x\")" in header  # inside a header it cannot start a formula
    assert not any(h.startswith(tuple("=+-@\t\r")) for h in header)


def test_xlsx_reads_back_neutralised_strings_and_real_numbers(hostile, tmp_path):
    out = tmp_path / "matrix.xlsx"
    write_xlsx([wide_matrix(hostile), long_matrix(hostile)], out)
    book = load_workbook(out)
    assert book.sheetnames == ["Scores (wide)", "Scores (long)"]
    long_sheet = book["Scores (long)"]
    headers = [c.value for c in long_sheet[1]]
    organisations = [row[headers.index("Organisation")] for row in long_sheet.iter_rows(min_row=2)]
    assert {c.value for c in organisations} == {"'" + t for t in INJECTIONS}
    assert all(c.data_type == "s" for c in organisations)  # strings, never formulas
    scores = [row[headers.index("Score")] for row in long_sheet.iter_rows(min_row=2)]
    assert {c.value for c in scores} == {-2, -1, 2} and all(c.data_type == "n" for c in scores)
    assert not any(c.data_type == "f" for row in long_sheet.iter_rows() for c in row)
    wide = book["Scores (wide)"]
    assert wide.freeze_panes == "D2" and long_sheet.freeze_panes == "B2"  # header row frozen
    assert wide.column_dimensions["C"].width == 30
    wide_headers = [c.value for c in wide[1]]
    amount = wide.cell(row=2, column=wide_headers.index("Amount requested") + 1)
    assert amount.value == 5000 and amount.number_format == '"£"#,##0.00'
    total = wide.cell(row=2, column=wide_headers.index("Total") + 1)
    assert isinstance(total.value, (int, float)) and total.number_format == "0.0"


def test_demo_matrices_have_a_row_per_application_assessor_and_criterion(tmp_path):
    from svassessor.demo.builder import build_demo
    from svassessor.store import Store

    build_demo(tmp_path / "demo.svdb")
    with Store.open(tmp_path / "demo.svdb", actor="test", readonly=True) as store:
        data = load_round(store, store.rounds.get("Neighbourhood Fund 2025"))
    assert len(long_matrix(data).rows) == 6 * 3 * 9
    wide = wide_matrix(data)
    assert [r[1] for r in wide.rows][:1] == [data.summary.ranking[0].candidate.reference]  # rank order
    assert len(wide.columns) == 15 + 9 * 4 + 3
