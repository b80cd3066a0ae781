"""Real references (14–20 characters) from a published 360Giving file: in natural order, printed
whole, and a tender's bids with no price given one reason by the command line and the pack alike.

Each round is made from nothing: grants imported from the Wolfson Foundation's file through the
importer, and four references made here that text order gets wrong (`-177` after `-1769`).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from svassessor.exports.matrix import long_matrix, wide_matrix
from svassessor.references import reference_key
from svassessor.reports.data import load_round
from svassessor.reports.pack import write_pack
from svassessor.scoring.ranking import REASONS
from svassessor.store import Store
from tests.conftest import run_cli
from tests.reference_world import DATA, MADE, NATURAL, build_round

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the shared 360Giving data is not on this machine")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_layout(path: Path) -> list[str]:
    """The PDF's pages as pdftotext lays them out: columns where they print."""
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout.split("\f")


def pdf_words(path: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Every word of one page (1-based) with its box: (text, x min, y min, x max, y max)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)
    return [(text, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, text in found]


def overlap(a: tuple, b: tuple) -> bool:
    return a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]


def test_the_repository_lists_imported_and_made_references_in_natural_order(store, tmp_path):
    round_ = build_round(store, tmp_path, scored=False)
    references = [a.reference for a in store.applications.for_round(round_)]
    assert [r for r in references if r in MADE] == NATURAL
    assert references == sorted(references, key=reference_key)
    assert "360G-wolfson-19747" in references and min(map(len, references)) >= 14


def test_tied_applications_rank_and_export_in_natural_order(store, tmp_path):
    """Nothing scored and no prices: every bid ties on every rule before the last, the reference."""
    round_ = build_round(store, tmp_path, rubric="small-contract", scored=False)
    data = load_round(store, round_)
    ranked = [s.candidate.reference for s in data.summary.ranking]
    assert ranked == sorted(ranked, key=reference_key) and [r for r in ranked if r in MADE] == NATURAL
    wide = wide_matrix(data)
    assert [row[1] for row in wide.rows] == ranked
    assert (wide.columns[1].header, wide.columns[1].width) == ("Reference", len("360G-wolfson-19747") + 2)


@needs_poppler
def test_the_pack_ranks_ties_in_natural_order(store, tmp_path):
    round_ = build_round(store, tmp_path, rubric="small-contract", scored=False)
    out = tmp_path / "pack.pdf"
    write_pack(store, round_, out)
    page = next(p for p in pdf_layout(out) if "Ranking and budget line" in p and "Reference" in p)
    printed = re.findall(r"360G-[A-Za-z]+-\d+", page)
    assert [r for r in printed if r in MADE] == NATURAL
    assert printed == sorted(printed, key=reference_key)


@needs_poppler
def test_the_pack_prints_each_reference_whole_beside_its_organisation(store, tmp_path):
    round_ = build_round(store, tmp_path)
    out = tmp_path / "pack.pdf"
    write_pack(store, round_, out)
    pages = pdf_layout(out)
    number = next(i for i, p in enumerate(pages, start=1) if "Ranking and budget line" in p and "Reference" in p)
    lines = pages[number - 1].splitlines()
    words = pdf_words(out, number)
    for app in store.applications.for_round(round_):
        first = app.organisation.name.split()[0]
        # one line holds the whole reference and, after a gap, the organisation's first word
        assert any(re.search(rf"(^|\s){re.escape(app.reference)}\s+{re.escape(first)}\b", line) for line in lines), \
            app.reference
        box = next(w for w in words if w[0] == app.reference)  # one word: never broken or run together
        beside = [w for w in words if w[0] == first and abs(w[2] - box[2]) < 2]
        assert beside and all(not overlap(box, w) and w[1] > box[3] for w in beside)


@needs_poppler
def test_the_application_pages_print_the_reference_whole(store, tmp_path):
    round_ = build_round(store, tmp_path)
    out = tmp_path / "pack.pdf"
    write_pack(store, round_, out)
    pages = [p for p in pdf_layout(out) if "Total out of 100" in p]
    for app in store.applications.for_round(round_):
        assert sum(bool(re.search(rf"(^|\s){re.escape(app.reference)}\s", p)) for p in pages) == 1, app.reference


def test_the_text_summary_gives_each_reference_its_own_column(tmp_path):
    path = tmp_path / "panel.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        build_round(store, tmp_path)
    result = run_cli("summary", path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.lstrip().startswith("rank"))
    rows = lines[head + 1: head + 11]
    organisation_at = lines[head].index("organisation")
    for line in rows:
        reference = line.split()[1]
        assert len(reference) >= 14 and line.index(reference) + len(reference) < organisation_at
        assert line[organisation_at - 1] == " " and line[organisation_at] != " "  # every name starts in its column
    ranking = json.loads(run_cli("summary", path, "--json").stdout)["ranking"]
    assert [line.split()[1] for line in rows] == [r["reference"] for r in ranking]


@pytest.fixture
def unpriced_tender(tmp_path) -> Path:
    """A tender round made from a 360Giving file: the file has amounts awarded, no bid prices."""
    path = tmp_path / "panel.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        build_round(store, tmp_path, rubric="small-contract", name="Cleaning contract", budget=Decimal(60000))
    return path


def test_a_tender_with_no_prices_gives_one_reason_on_the_command_line(unpriced_tender):
    reason = REASONS["no_price"]
    document = json.loads(run_cli("summary", unpriced_tender, "--json").stdout)
    unpriced = [r for r in document["ranking"] if r["meets_threshold"]]
    assert unpriced and all(r["status"] == "not_eligible" and r["reason"] == reason for r in unpriced)
    assert reason in document["budget"]["not_eligible"]
    text = run_cli("summary", unpriced_tender).stdout
    assert text.count(reason) == len(unpriced) + 1  # each bid's row, and the count under the budget
    assert "not scored" not in text and "no amount to fund" not in text


@needs_poppler
def test_a_tender_with_no_prices_gives_the_same_reason_in_the_pack(unpriced_tender, tmp_path):
    out = tmp_path / "pack.pdf"
    with Store.open(unpriced_tender, actor="Panel chair", readonly=True) as store:
        write_pack(store, store.rounds.get("Cleaning contract"), out)
    flat = " ".join(" ".join(pdf_layout(out)).split())
    assert REASONS["no_price"] in flat  # the ranking page's count, and each bid's own page
    assert "no amount to fund" not in flat and "not scored" not in flat
    pages = [" ".join(p.split()) for p in pdf_layout(out) if "Total out of 100" in p]
    assert sum(f"Not eligible — {REASONS['no_price']}" in p for p in pages) == 9  # the one below a pass mark says so
    assert sum(f"Not eligible — {REASONS['below_pass_mark']}" in p for p in pages) == 1


def test_matrix_csv_of_long_references_keeps_them_whole(store, tmp_path):
    from svassessor.exports.spreadsheet import write_csv

    round_ = build_round(store, tmp_path)
    out = tmp_path / "long.csv"
    write_csv(long_matrix(load_round(store, round_)), out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        references = list(dict.fromkeys(row["Reference"] for row in csv.DictReader(handle)))
    assert references == sorted(references, key=reference_key) and len(references) == 10


def test_a_tender_with_no_prices_gives_the_same_reason_in_the_spreadsheet(unpriced_tender):
    with Store.open(unpriced_tender, actor="Panel chair", readonly=True) as store:
        wide = wide_matrix(load_round(store, store.rounds.get("Cleaning contract")))
    line = [row[[c.header for c in wide.columns].index("Budget line")] for row in wide.rows]
    assert sorted(line) == [f"not eligible — {REASONS[r]}" for r in ["below_pass_mark"] + ["no_price"] * 9]
