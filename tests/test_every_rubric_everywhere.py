"""Every shipped rubric works everywhere: each through every export format, the what-if and the status moves,
on a round made from nothing with real 360Giving data (never the demo)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from svassessor.export_formats import FORMATS, SUFFIXES, export
from svassessor.panel.comparison import sv_weight_range
from svassessor.panel.summary import summarise
from svassessor.roundfile import import_round_json
from svassessor.scoring import ScoringProblem
from svassessor.scoring.weights import fixed_weight, what_if_range
from svassessor.store import Store
from tests.rounds_world import ABCT, FUNDER, Built, build_round, let_explanations_stand

RUBRICS = ("small-grants", "charter", "small-contract")
pytestmark = [
    pytest.mark.skipif(not ABCT.exists(), reason="the shared 360Giving data is not on this machine"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed"),
]


@pytest.fixture(scope="module", params=RUBRICS)
def built(request, tmp_path_factory) -> Built:
    """The round, its stock comments let stand by the chair (the summaries' checker questions them)."""
    made = build_round(tmp_path_factory.mktemp(request.param), request.param)
    with Store.open(made.path, actor="Panel chair") as store:
        let_explanations_stand(store, store.rounds.get(made.round_name))
    return made


def test_the_walk_covers_every_shipped_rubric_and_format():
    from svassessor.rubric.loader import shipped_rubrics

    assert {p.stem for p in shipped_rubrics().values()} == set(RUBRICS)
    assert set(FORMATS) == {"pack", "letters", "assessment", "csv", "csv-wide", "xlsx", "json", "360giving",
                            "360giving-json", "register-pdf", "register-csv", "register-xlsx", "register-html",
                            "summaries", "record"}


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_of_every_rubric(built, fmt, tmp_path):
    out = tmp_path / f"out{SUFFIXES[fmt]}"
    with Store.open(built.path, actor="test", readonly=True) as store:
        round_ = store.rounds.get(built.round_name)
        message = export(store, round_, fmt, out)
        applications = store.applications.for_round(round_)
        funded = [d for d in store.panel.decisions(round_) if d.decision == "fund"]
        rubric = store.rounds.rubric(round_)
    assert str(out) in message
    references = {a.reference for a in applications}
    first_funded = next(a for a in applications if a.id == funded[0].application_id)
    if out.suffix == ".pdf":
        text = _pdf_text(out)
        assert built.round_name in text.replace("\n", " ") or fmt == "register-pdf"
        if fmt == "pack":
            assert all(r in text for r in references)
            assert (fixed_weight(rubric) is None) == ("no quality part to weigh it against" not in text.replace("\n", " "))
        elif fmt == "letters":
            assert text.count("Dear ") == len(applications) and first_funded.organisation.name in text
        elif fmt == "assessment":
            assert "Grants officer A" in text and "Grants officer B" in text
        elif fmt == "summaries":
            heading = "Assessment summary: " if rubric.kind == "tender" else "Feedback on your application: "
            assert text.count(heading) == len(applications) and all(r in text for r in references)
        else:
            assert "Twelve advice sessions held in the first term." in " ".join(text.split())
    elif fmt in ("csv", "csv-wide", "360giving", "register-csv"):
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
        if fmt == "360giving":
            assert len(rows) == len(funded) == built.funded
            assert {r["Funding Org:Identifier"] for r in rows} == {FUNDER["funder_org_id"]}
        elif fmt == "register-csv":
            assert any("Twelve advice sessions" in " ".join(r.values()) for r in rows)
        else:
            assert references <= {v for r in rows for v in r.values()}
    elif fmt in ("xlsx", "register-xlsx"):
        book = openpyxl.load_workbook(out, read_only=True)
        cells = {str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row}
        assert first_funded.reference in cells
    elif fmt == "360giving-json":
        assert len(json.loads(out.read_text(encoding="utf-8"))["grants"]) == built.funded
    elif fmt == "json":
        with Store.open(tmp_path / "again.svdb", actor="test", create=True) as again:
            copy = import_round_json(again, out)
            assert {a.reference for a in again.applications.for_round(copy)} == references
            assert len(again.panel.decisions(copy)) == len(applications)
    elif fmt == "record":
        import hashlib
        import zipfile

        with zipfile.ZipFile(out) as archive:
            manifest = json.loads(archive.read("manifest.json"))
            assert all(hashlib.sha256(archive.read(f["name"])).hexdigest() == f["sha256"] for f in manifest["files"])
            assert {f["name"] for f in manifest["files"]} >= {"pack.pdf", "summaries.pdf", "scores.csv", "audit.jsonl"}
    else:
        assert fmt == "register-html"
        assert "Twelve advice sessions held in the first term." in out.read_text(encoding="utf-8")


def test_the_what_if_moves_the_ranking_or_says_why_it_cannot(built):
    with Store.open(built.path, actor="test", readonly=True) as store:
        round_ = store.rounds.get(built.round_name)
        rubric = store.rounds.rubric(round_)
        if (why := fixed_weight(rubric)) is not None:
            assert what_if_range(rubric) is None
            own = rubric.social_value_share
            assert sv_weight_range(rubric) == (own, own)  # the window's slider and presets offer nothing
            with pytest.raises(ScoringProblem) as refused:
                summarise(store, round_, sv_weight=20)
            assert str(refused.value) == why
            return
        low = [s.candidate.reference for s in summarise(store, round_, sv_weight=10).ranking]
        high = [s.candidate.reference for s in summarise(store, round_, sv_weight=30).ranking]
    assert low != high and sorted(low) == sorted(high)


def test_the_status_line_names_what_is_left_at_each_stage(built):
    from svassessor.panel.actions import move_problems

    with Store.open(built.path, actor="test", readonly=True) as store:
        round_ = store.rounds.get(built.round_name)
        assert round_.status == "monitoring"
        assert move_problems(store, round_) == {"decided": None}  # monitoring is the last stage
