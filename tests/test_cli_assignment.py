"""`svassessor assign` and `svassessor assignment` as a subprocess, from an empty file with ABCT's published
grants: assign, list as JSON, change one pair by hand, and the refusals' sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import cli_ok as ok, cli_refused as refused
from tests.shared_data import SHARED_DATA

ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
OFFICERS = [f"Grants officer {c}" for c in "ABCD"]
ROUND = ("--round", "ABCT 2020")


@pytest.fixture
def panel(tmp_path: Path) -> tuple[Path, list[str]]:
    path = tmp_path / "panel.svdb"
    ok("round", "new", path, "--name", "ABCT 2020", "--rubric", "small-grants")
    ok("import", path, ABCT)
    for name in OFFICERS:
        ok("assessor", "add", path, "--name", name)
    ok("assessor", "add", path, "--name", "Panel chair", "--role", "chair")
    listed = json.loads(ok("assignment", path, *ROUND, "--json"))
    references = [a["reference"] for a in listed["assignments"]]
    ok("conflict", "add", path, "--assessor", OFFICERS[0], "--application", references[0], "--reason", "Trustee")
    return path, references


def test_assign_then_list_as_json(panel):
    path, refs = panel
    before = json.loads(ok("assignment", path, *ROUND, "--json"))
    assert before["explicit"] is False and len(before["assignments"]) == 783
    assert before["assignments"][0]["assessors"] == OFFICERS[1:]  # every assessor but the conflicted (no chair)

    dry = json.loads(ok("assign", path, *ROUND, "--per-application", "2", "--max-per-assessor", "400", "--seed",
                        "3", "--dry-run", "--json"))
    assert dry["dry_run"] is True and json.loads(ok("assignment", path, *ROUND, "--json"))["explicit"] is False

    out = ok("assign", path, *ROUND, "--per-application", "2", "--max-per-assessor", "400", "--seed", "3")
    assert out.splitlines()[-1].startswith("783 applications have at least 2 reviewers (1,566 assignments made); "
                                           "loads 391 to 392 (cap 400)")
    assert f"{OFFICERS[0]}  " in out
    after = json.loads(ok("assignment", path, *ROUND, "--json"))
    assert [a["reference"] for a in after["assignments"]] == refs  # natural reference order
    assert all(len(a["assessors"]) == 2 for a in after["assignments"])
    assert OFFICERS[0] not in after["assignments"][0]["assessors"]
    assert after["load"]["Panel chair"] == 0 and sum(after["load"].values()) == 1566
    assert after["assignments"] == [{"reference": a["reference"], "assessors": a["assessors"]} for a in dry["assignments"]]


def test_one_pair_is_added_and_removed_by_hand_and_a_conflict_is_refused(panel):
    path, refs = panel
    assert ok("assignment", "add", path, *ROUND, "--assessor", "Panel chair", "--application", refs[5]) == \
        f"Panel chair reviews {refs[5]}.\n"
    listed = json.loads(ok("assignment", path, *ROUND, "--json"))
    assert listed["explicit"] is True and listed["assignments"][5]["assessors"] == ["Panel chair"]
    assert refused("assignment", "add", path, *ROUND, "--assessor", OFFICERS[0], "--application", refs[0]) == (
        f"svassessor: {OFFICERS[0]} has declared a conflict of interest with {refs[0]}, so cannot open or score it.\n")
    ok("assignment", "remove", path, *ROUND, "--assessor", "Panel chair", "--application", refs[5])
    assert refused("assignment", "remove", path, *ROUND, "--assessor", "Panel chair", "--application", refs[5]) == (
        f"svassessor: Panel chair is not assigned {refs[5]} (round 'ABCT 2020' has no assignment yet: everyone "
        f"reviews everything they are not conflicted on).\n")


def test_an_impossible_assignment_is_one_sentence_and_nothing_is_saved(panel):
    path, refs = panel
    assert refused("assign", path, *ROUND, "--per-application", "4") == (
        f"svassessor: {refs[0]} needs 4 reviewers but only 3 of the 4 assessors are free of conflicts with it.\n")
    assert refused("assign", path, *ROUND, "--per-application", "3", "--max-per-assessor", "500") == (
        "svassessor: 783 applications need 2,349 reviews but the 4 assessors can take only 2,000 at a "
        "cap of 500 each.\n")
    assert json.loads(ok("assignment", path, *ROUND, "--json"))["explicit"] is False
