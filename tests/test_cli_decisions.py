"""The decision path on the command line, as a script would run it: from an empty file to letters and
360Giving, with real 360Giving data and no demo."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date

import pytest

from svassessor.clock import Clock
from svassessor.store import Store
from tests.conftest import cli_ok as ok, cli_refused, run_cli
from tests.rounds_world import ABCT, small_abct

ROUND = "Open Programme 2026"
pytestmark = pytest.mark.skipif(not ABCT.exists(), reason="the shared 360Giving data is not on this machine")


def refused(*args) -> str:
    said = cli_refused(*args)
    assert said.count("\n") == 1  # one sentence
    return said


def _score_all_but(svdb, skip: tuple[str, str, str]) -> None:
    """Every criterion of every application by both assessors (never where conflicted), through the core,
    except `skip`; the command line's `score` is tested on its own, and one call per score would be slow."""
    with Store.open(svdb, actor="Panel chair", clock=Clock(date(2026, 6, 30))) as store:
        round_ = store.rounds.get(ROUND)
        rubric = store.rounds.rubric(round_)
        for position, app in enumerate(sorted(store.applications.for_round(round_), key=lambda a: a.reference)):
            for person in store.assessors.for_round(round_):
                if app.id in person.conflicts:
                    continue
                for criterion in rubric.criteria:
                    if (person.name, app.reference, criterion.id) == skip:
                        continue
                    top = rubric.scale_for(criterion.id).max
                    store.assessments.set_score(round_, person, app.id, criterion.id, score=top - position % 3)


def test_a_round_from_an_empty_file_to_letters_and_360giving(tmp_path):
    svdb = tmp_path / "panel.svdb"
    source = small_abct(tmp_path, rows=4)
    ok("round", "new", svdb, "--name", ROUND, "--rubric", "small-grants", "--budget", "60000")
    out = ok("round", "set", svdb, "--round", ROUND, "--opens", "2026-01-05", "--closes", "2026-02-27",
             "--funder-name", "Example Community Foundation", "--funder-id", "GB-CHC-1234567",
             "--prefix", "360G-EXAMPLE", "--sv-weight", "30")
    assert "budget £60,000; opens 2026-01-05, closes 2026-02-27; social value weight 30%; funder Example" in out
    assert "cannot close on 31 December 2025, before it opens on 5 January 2026" in refused(
        "round", "set", svdb, "--closes", "2025-12-31")
    ok("import", svdb, "--round", ROUND, source, "--map", "offer.description=Offer", "--map", "offer.quantity=Offer quantity",
       "--map", "offer.unit=Offer unit")
    with Store.open(svdb, actor="Panel chair", readonly=True) as store:
        references = sorted(a.reference for a in store.applications.for_round(store.rounds.get(ROUND)))
    for name in ("Grants officer A", "Grants officer B"):
        ok("assessor", "add", svdb, "--name", name)
    ok("conflict", "add", svdb, "--assessor", "Grants officer B", "--application", references[0],
       "--reason", "Trustee of the applicant")
    ok("round", "status", svdb, "scoring")
    last = references[-1]
    _score_all_but(svdb, ("Grants officer B", last, "value_money"))

    # Submitting: the completeness check, then one score and the submit from the command line.
    for reference in references:
        ok("submit", svdb, "--assessor", "Grants officer A", "--application", reference)
    for reference in references[1:-1]:  # B is conflicted on the first
        ok("submit", svdb, "--assessor", "Grants officer B", "--application", reference)
    assert "1 criteria are neither scored nor marked not scored" in refused(
        "submit", svdb, "--assessor", "Grants officer B", "--application", last)

    # Moving on with work left is refused, naming the counts and how to go on.
    words = refused("round", "status", svdb, "moderation")
    assert "1 of 7 assessments is not submitted" in words and "--force" in words
    ok("score", svdb, "--assessor", "Grants officer B", "--application", last, "--criterion", "value_money",
       "--score", "2")
    ok("submit", svdb, "--assessor", "Grants officer B", "--application", last)
    assert "is a draft again" in ok("reopen", svdb, "--assessor", "Grants officer B", "--application", last)
    ok("submit", svdb, "--assessor", "Grants officer B", "--application", last)
    assert "is now in moderation" in ok("round", "status", svdb, "moderation")

    # Moderation and decisions.
    assert "rationale" in refused("moderate", svdb, "--application", references[0], "--criterion", "need_evidence",
                                  "--score", "3", "--rationale", " ")
    ok("moderate", svdb, "--application", references[0], "--criterion", "need_evidence", "--score", "3",
       "--rationale", "The panel agreed the referral figures settle it.")
    decided = ok("decide", svdb, "--down-the-ranking")
    assert decided.count("\n") == 5 and "Funded" in decided and "of £60,000" in decided
    funded = [line.split()[1] for line in decided.splitlines()[:4] if " fund " in f"{line} "]
    assert funded
    ok("decide", svdb, "--application", funded[0], "--fund", "--feedback", "A clear need, well evidenced.")
    assert "more than the" in refused("decide", svdb, "--application", funded[0], "--fund", "--amount", "9999999")
    assert "is now in decided" in ok("round", "status", svdb, "decided")

    # Out: letters and 360Giving.
    ok("export", svdb, "--format", "letters", "-o", tmp_path / "letters.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "letters.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert text.count("Dear ") == 4 and "A clear need, well evidenced." in text
    ok("export", svdb, "--format", "360giving", "-o", tmp_path / "grants.csv")
    rows = list(csv.DictReader((tmp_path / "grants.csv").open(encoding="utf-8-sig", newline="")))
    assert {r["Funding Org:Identifier"] for r in rows} == {"GB-CHC-1234567"} and len(rows) == len(funded)


def test_round_set_refuses_in_one_sentence_and_changes_nothing(tmp_path):
    svdb = tmp_path / "panel.svdb"
    ok("round", "new", svdb, "--name", ROUND, "--rubric", "charter", "--budget", "60000")
    ok("round", "set", svdb, "--opens", "2026-03-01")
    assert "cannot close on 28 February 2026, before it opens on 1 March 2026" in refused(
        "round", "set", svdb, "--closes", "2026-02-28", "--budget", "1000")
    assert "puts all its theme weight on social value" in refused("round", "set", svdb, "--sv-weight", "20")
    assert "is not an amount in pounds and pence" in run_cli("round", "set", svdb, "--budget", "12.345").stderr
    assert "Say what to change" in run_cli("round", "set", svdb).stderr
    assert "budget £60,000; opens 2026-03-01, closes not set; social value weight 100% (the rubric's own)" in ok(
        "round", "set", svdb, "--sv-weight", "own")


def test_round_status_force_moves_on_past_the_work_left(tmp_path):
    svdb = tmp_path / "panel.svdb"
    ok("round", "new", svdb, "--name", ROUND, "--rubric", "small-grants")
    assert "there are no applications to score yet" in refused("round", "status", svdb, "scoring", "--force")
    ok("import", svdb, small_abct(tmp_path, rows=3))
    ok("assessor", "add", svdb, "--name", "Grants officer A")
    ok("round", "status", svdb, "scoring")
    with Store.open(svdb, actor="t", readonly=True) as store:
        reference = store.applications.for_round(store.rounds.get())[0].reference
    ok("score", svdb, "--assessor", "Grants officer A", "--application", reference, "--criterion", "need_evidence",
       "--score", "3")
    words = refused("round", "status", svdb, "moderation")
    assert ("still has work left before moderation: 1 of 1 assessment is not submitted; 2 of 3 applications "
            "have no score; 3 reviews missing (assigned but not submitted). To move on anyway, use --force") in words
    assert "is now in moderation" in ok("round", "status", svdb, "moderation", "--force")
    assert "3 of 3 applications have no decision" in refused("round", "status", svdb, "decided")
