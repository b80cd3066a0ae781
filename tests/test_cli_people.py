"""The panel on the command line, as a chair runs it from an empty file: a round on a shipped rubric,
the ABCT Charitable Trust's published 360Giving grants, assessors and a chair, conflicts declared,
listed, withdrawn and imported, and a prepared file that only its assessor can score in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import cli_ok as ok, cli_refused as refused
from tests.test_people import abct_extract, write_csv

A, B, C, CHAIR = "Grants officer A", "Grants officer B", "Grants officer C", "Panel chair"
CRITERION = "need_evidence"  # of the shipped small-grants rubric


@pytest.fixture(scope="module")
def panel(tmp_path_factory) -> tuple[Path, list[str]]:
    """A new file with one round of twelve real grants, three officers and a chair: made once, read by tests
    that change nothing; returns the file and the references in natural order."""
    folder = tmp_path_factory.mktemp("people")
    path = folder / "panel.svdb"
    ok("round", "new", path, "--name", "ABCT 2020", "--rubric", "small-grants", "--budget", "90000")
    ok("import", path, abct_extract(folder))
    for name in (A, B, C):
        ok("assessor", "add", path, "--name", name)
    ok("assessor", "add", path, "--name", CHAIR, "--role", "chair", "--interests", "Access to justice")
    ok("export", path, "--format", "json", "-o", folder / "round.json")
    round_file = json.loads((folder / "round.json").read_text(encoding="utf-8"))
    return path, [a["reference"] for a in round_file["applications"]]


def test_the_panel_is_listed_with_what_each_may_score(panel):
    path, _ = panel
    people = json.loads(ok("assessors", path, "--json"))
    assert [(p["name"], p["role"], p["assigned"], p["scored"], p["submitted"], p["conflicts"]) for p in people] == [
        (CHAIR, "chair", 0, 0, 0, []), (A, "assessor", 12, 0, 0, []), (B, "assessor", 12, 0, 0, []),
        (C, "assessor", 12, 0, 0, [])]
    assert people[0]["interests"] == "Access to justice"
    text = ok("assessors", path)
    assert "assigned" in text and CHAIR in text
    assert "already has an assessor called 'Grants officer A'" in refused("assessor", "add", path, "--name", A)
    assert json.loads(ok("conflicts", path, "--json")) == []


def test_conflicts_are_declared_listed_withdrawn_and_imported(panel, tmp_path):
    source, references = panel
    path = tmp_path / "panel.svdb"
    path.write_bytes(source.read_bytes())
    first, second, third = references[:3]
    assert refused("conflict", "add", path, "--assessor", A, "--application", first, "--reason", " ") == (
        f"svassessor: A conflict of interest needs a reason ({A} and {first}).\n")
    ok("conflict", "add", path, "--assessor", A, "--application", second, "--reason", "Former employee")
    ok("conflict", "add", path, "--assessor", A, "--application", first, "--reason", "Trustee of the applicant")
    assert json.loads(ok("conflicts", path, "--json")) == [
        {"assessor": A, "reference": first, "reason": "Trustee of the applicant"},
        {"assessor": A, "reference": second, "reason": "Former employee"}]
    people = {p["name"]: p for p in json.loads(ok("assessors", path, "--json"))}
    assert (people[A]["assigned"], people[A]["conflicts"]) == (10, [first, second])

    ok("conflict", "remove", path, "--assessor", A, "--application", second)
    assert [c["reference"] for c in json.loads(ok("conflicts", path, "--json"))] == [first]
    assert f"{A} has declared no conflict of interest with {second}" in refused(
        "conflict", "remove", path, "--assessor", A, "--application", second)

    good = write_csv(tmp_path / "conflicts.csv", [["Assessor", "Reference", "Reason"],
                                                  [B, third, "Chair of its board"],
                                                  [A, first, "Trustee of the applicant"]])
    assert ok("conflict", "import", path, "--round", "ABCT 2020", good).startswith(
        "1 conflict of interest declared or changed from conflicts.csv; round 'ABCT 2020' now has 2.")
    bad = write_csv(tmp_path / "bad.csv", [["assessor", "reference", "reason"],
                                           [C, third, "Neighbour"], ["Nobody", third, "x"], [C, "NOPE", ""]])
    stderr = refused("conflict", "import", path, bad)
    assert "bad.csv, row 3, column 'assessor': 'Nobody' is not an assessor of round 'ABCT 2020'" in stderr
    assert "bad.csv, row 4, column 'reference': round 'ABCT 2020' has no application 'NOPE'" in stderr
    assert "bad.csv, row 4, column 'reason': the reason is blank" in stderr
    assert stderr.rstrip().endswith("nothing was imported.")
    assert len(json.loads(ok("conflicts", path, "--json"))) == 2  # nothing of the bad file kept
    assert "integrity ok" in ok("check", path)


def test_an_assessor_is_removed_only_while_they_have_no_scores_and_renamed(panel, tmp_path):
    source, references = panel
    path = tmp_path / "panel.svdb"
    path.write_bytes(source.read_bytes())
    ok("conflict", "add", path, "--assessor", C, "--application", references[0], "--reason", "Volunteers there")
    ok("assessor", "remove", path, "--name", C)
    assert C not in ok("assessors", path) and json.loads(ok("conflicts", path, "--json")) == []

    ok("round", "status", path, "scoring")
    ok("score", path, "--assessor", B, "--application", references[1], "--criterion", CRITERION, "--score", "3")
    assert refused("assessor", "remove", path, "--name", B) == (
        f"svassessor: {B} cannot be removed: they have 1 assessment, 1 score and 0 highlights in round "
        f"'ABCT 2020', which would lose who gave them.\n")
    ok("assessor", "rename", path, "--name", B, "--to", "Grants officer D")
    people = {p["name"]: p for p in json.loads(ok("assessors", path, "--json"))}
    assert people["Grants officer D"]["scored"] == 1 and B not in people
    ok("assessor", "set", path, "--name", "Grants officer D", "--interests", "Legal advice")
    assert {p["name"]: p["interests"] for p in json.loads(ok("assessors", path, "--json"))}["Grants officer D"] \
        == "Legal advice"


def test_a_prepared_file_takes_scores_only_from_its_assessor(panel, tmp_path):
    source, references = panel
    path = tmp_path / "panel.svdb"
    path.write_bytes(source.read_bytes())
    conflicted, other = references[0], references[1]
    ok("conflict", "add", path, "--assessor", A, "--application", conflicted, "--reason", "Trustee of the applicant")
    ok("round", "status", path, "scoring")
    # In the chair's file a conflicted assessor can never score the application.
    assert refused("score", path, "--assessor", A, "--application", conflicted, "--criterion", CRITERION,
                   "--score", "3") == (f"svassessor: {A} has declared a conflict of interest with {conflicted}, "
                                       f"so cannot open or score it.\n")

    mine = tmp_path / "officer-a.svdb"
    assert f"Left out (conflict of interest): {conflicted}." in ok("prepare", path, "--assessor", A, "-o", mine)
    for someone in (B, CHAIR):
        assert refused("score", mine, "--assessor", someone, "--application", other, "--criterion", CRITERION,
                       "--score", "3") == f"svassessor: This file was prepared for {A}; {someone} cannot score in it.\n"
    assert f"has no application with reference '{conflicted}'" in refused(
        "score", mine, "--assessor", A, "--application", conflicted, "--criterion", CRITERION, "--score", "3")
    ok("score", mine, "--assessor", A, "--application", other, "--criterion", CRITERION, "--score", "3")
    assert "prepared for Grants officer A, so assessors cannot be added in it" in refused(
        "assessor", "add", mine, "--name", "Someone new")
    merged = json.loads(ok("merge", path, mine, "--json"))
    assert merged[0]["counts"]["scores"]["new"] == 1
    assert {p["name"]: p["scored"] for p in json.loads(ok("assessors", path, "--json"))}[A] == 1
