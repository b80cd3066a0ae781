"""Eligibility on a real round, as a grants officer runs it from the command line, from an empty file.

The AB Charitable Trust's 783 published grants go into a new round whose rubric funds at most £20,000;
the rule must put out exactly the grants over it (worked out here from the CSV), and those must be
gone from the ranking and from an assessor's file, each with a letter that says why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from svassessor.store import Store
from tests.conftest import cli_ok, cli_refused
from tests.eligibility_world import ABCT, AMOUNT_ONLY, MAXIMUM, ROUND, csv_rows, over_the_maximum

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


@pytest.fixture(scope="module")
def panel(tmp_path_factory) -> Path:
    """An empty file, a round on a rubric with `eligibility: amount: {max: 20000}`, the ABCT CSV imported."""
    folder = tmp_path_factory.mktemp("eligibility")
    rubric = folder / "grants-up-to-20k.yaml"
    rubric.write_text(AMOUNT_ONLY, encoding="utf-8")
    path = folder / "panel.svdb"
    cli_ok("round", "new", path, "--name", ROUND, "--rubric", rubric, "--budget", "300000")
    cli_ok("import", path, ABCT)
    return path


def test_the_amount_rule_puts_out_exactly_the_grants_over_the_maximum(panel):
    expected = over_the_maximum()
    assert 0 < len(expected) < 783
    results = json.loads(cli_ok("eligibility", panel, "--json"))
    assert len(results) == 783 == len(csv_rows())
    out = {r["reference"] for r in results if r["status"] == "ineligible"}
    assert out == expected
    assert {r["status"] for r in results if r["reference"] not in expected} == {"eligible"}
    thirty = next(r for r in results if r["reference"] in expected and r["amount"] == 30000)
    assert thirty["reasons"] == [f"You asked for £30,000, more than the £{MAXIMUM:,} this round can give to one "
                                 f"application."]
    assert thirty["checks"] == [{"rule": "amount", "outcome": "fail",
                                 "finding": f"Asks for £30,000, over the round's maximum of £{MAXIMUM:,}."}]
    at_the_limit = [r for r in results if r["amount"] == MAXIMUM]
    assert at_the_limit and {r["status"] for r in at_the_limit} == {"eligible"}  # the maximum itself is allowed


def test_the_table_ends_with_the_counts(panel):
    out = cli_ok("eligibility", panel, "--only", "ineligible").splitlines()
    expected = over_the_maximum()
    assert out[0].split()[:4] == ["reference", "organisation", "amount", "result"]
    assert len(out) == 1 + len(expected) + 1
    assert all("Not eligible" in line for line in out[1:-1])
    assert out[-1] == f"{783 - len(expected)} eligible, {len(expected)} not eligible, 0 not yet screened " \
                      f"(783 applications)."


def test_ineligible_applications_leave_the_ranking(panel):
    summary = json.loads(cli_ok("summary", panel, "--json"))
    ranked = {row["reference"] for row in summary["ranking"]}
    assert ranked == {row["Identifier"] for row in csv_rows()} - over_the_maximum()


def test_an_assessors_file_leaves_them_out(panel, tmp_path):
    work = tmp_path / "panel.svdb"
    shutil.copy(panel, work)
    cli_ok("assessor", "add", work, "--name", "Grants officer A")
    cli_ok("round", "status", work, "scoring")
    said = cli_ok("prepare", work, "--assessor", "Grants officer A", "-o", tmp_path / "officer-a.svdb")
    expected = over_the_maximum()
    assert f"Left out (not eligible): {len(expected)} applications." in said
    with Store.open(tmp_path / "officer-a.svdb", actor="Grants officer A", readonly=True) as store:
        references = {a.reference for a in store.screenings.applicants(store.rounds.get())}
    assert references == {row["Identifier"] for row in csv_rows()} - expected


@needs_poppler
def test_each_ineligible_applicant_gets_a_letter_that_says_why(panel, tmp_path):
    out = tmp_path / "letters.pdf"
    cli_ok("export", panel, "--format", "letters", "-o", out)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    letters = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    expected = over_the_maximum()
    assert len(letters) == len(expected)  # nothing is decided yet: only the ineligible get letters
    for letter in letters:
        assert "your application is not eligible for this round" in letter
        assert "this round can give to one application" in letter
    rows = {row["Identifier"]: row for row in csv_rows()}
    largest = max(expected, key=lambda ref: float(rows[ref]["Amount Awarded"]))
    page = next(p for p in letters if largest in p)
    assert f"You asked for £{float(rows[largest]['Amount Awarded']):,.0f}, more than the £20,000" in page


def test_screen_refuses_a_missing_reason_in_one_sentence(panel, tmp_path):
    work = tmp_path / "panel.svdb"
    shutil.copy(panel, work)
    reference = sorted(over_the_maximum())[0]
    eligible = sorted({row["Identifier"] for row in csv_rows()} - over_the_maximum())[0]
    said = cli_refused("screen", work, "--application", eligible, "--ineligible")
    assert said == f"svassessor: Marking {eligible} not eligible needs a reason, in words the applicant will read " \
                   f"in their letter.\n"
    said = cli_refused("screen", work, "--application", reference, "--eligible")
    assert said.count("\n") == 1 and "overruling them to make it eligible needs a reason" in said
    said = cli_ok("screen", work, "--application", reference, "--eligible", "--by", "Grants officer A",
                  "--reason", "The trustees agreed to consider this larger grant.")
    assert said == f"{reference}: Eligible (Overruled to eligible by Grants officer A: The trustees agreed to " \
                   f"consider this larger grant.).\n"
    results = {r["reference"]: r for r in json.loads(cli_ok("eligibility", work, "--json"))}
    assert results[reference]["status"] == "eligible" and results[reference]["overruled"] is True
    assert results[reference]["automatic"] == "ineligible"
    assert reference in {row["reference"] for row in json.loads(cli_ok("summary", work, "--json"))["ranking"]}
    assert "audit chain" in cli_ok("check", work)


def test_the_commands_answer_help():
    for command in ("eligibility", "screen"):
        assert "Example:" in cli_ok(command, "--help")
