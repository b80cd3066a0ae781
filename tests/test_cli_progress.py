"""`svassessor progress` as a chair runs it: the table, the applications short of reviews, who to chase,
and JSON that agrees with `assessors --json`; the move to moderation names the missing reviews."""

from __future__ import annotations

import json

import pytest

from svassessor.clock import Clock
from svassessor.references import reference_key
from tests.conftest import cli_ok, cli_refused
from tests.progress_world import A, B, C, CHAIR, D, GRANTS_COUNT, NAME, PLAN, made

ROUND = ("--round", NAME)


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli-progress") / "panel.svdb"
    made(path, Clock()).close()
    return path


def test_progress_json_has_the_designs_keys_and_agrees_with_assessors(panel):
    found = json.loads(cli_ok("progress", panel, *ROUND, "--json"))
    people = {p["name"]: p for p in found["assessors"]}
    assert {n: (p["assigned"], p["scored"], p["submitted"]) for n, p in people.items()} == {
        A: (522, 45, 40), B: (522, 2, 0), C: (522, 12, 12), D: (0, 0, 0), CHAIR: (3, 3, 3)}
    assert people[D]["last_activity"] is None and people[A]["last_activity"].endswith("+00:00")
    listed = json.loads(cli_ok("assessors", panel, *ROUND, "--json"))
    assert [(p["name"], p["assigned"], p["scored"], p["submitted"]) for p in listed] == [
        (p["name"], p["assigned"], p["scored"], p["submitted"]) for p in found["assessors"]]

    applications = found["applications"]
    assert len(applications) == GRANTS_COUNT
    assert [a["reference"] for a in applications] == sorted((a["reference"] for a in applications), key=reference_key)
    assert all(set(a) >= {"reference", "assessors", "submitted", "due", "missing"} for a in applications)
    assert all(a["due"] == len(a["assessors"]) and a["submitted"] + len(a["missing"]) == a["due"] for a in applications)
    due = sum(a["due"] for a in applications)
    assert (due, found["missing_reviews"]) == (2 * GRANTS_COUNT + 3, due - sum(w.submit for w in PLAN.values()))
    assert [line.split(":")[0] for line in found["chase"].splitlines()[1:]] == [B, C, A]


def test_progress_prints_the_table_the_short_applications_and_the_chase_list(panel):
    found = json.loads(cli_ok("progress", panel, *ROUND, "--json"))
    text = cli_ok("progress", panel, *ROUND)
    short = [a for a in found["applications"] if a["missing"]]
    assert f"{2 * GRANTS_COUNT + 3 - found['missing_reviews']} of {2 * GRANTS_COUNT + 3} reviews submitted" in text
    assert f"Applications still short of reviews ({len(short)} of {GRANTS_COUNT}):" in text
    first = short[0]
    assert f"{first['submitted']} of {first['due']} submitted; missing: {', '.join(first['missing'])}" in text
    assert f"and {len(short) - 20} more" in text and short[20]["reference"] not in text
    row = next(line for line in text.splitlines() if line.startswith(A))
    assert row.split()[3:7] == ["522", "45", "40", "482"]
    assert text.rstrip().endswith(found["chase"])


def test_moderation_names_the_missing_reviews_until_forced(tmp_path, panel):
    path = tmp_path / "panel.svdb"
    path.write_bytes(panel.read_bytes())
    missing = json.loads(cli_ok("progress", path, *ROUND, "--json"))["missing_reviews"]
    words = cli_refused("round", "status", path, *ROUND, "moderation")
    assert f"{missing} reviews missing (assigned but not submitted)" in words and "--force" in words
    assert "is now in moderation" in cli_ok("round", "status", path, *ROUND, "moderation", "--force")


def test_progress_with_no_panel_says_so(tmp_path):
    path = tmp_path / "empty.svdb"
    cli_ok("round", "new", path, "--name", "Empty round", "--rubric", "small-grants")
    assert "has no assessors yet" in cli_ok("progress", path)
    assert "There is no round called 'Nope'" in cli_refused("progress", path, "--round", "Nope")
