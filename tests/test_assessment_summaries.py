"""Assessment summaries (issue 16): every applicant, every criterion, the scores available, the total; the
checker's questions and the chair's overrides; from rounds made from nothing with real 360Giving data."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from svassessor.store import Store
from svassessor.summaries import checked
from svassessor.summaries.checker import ask
from tests.conftest import cli_ok, cli_refused, run_cli
from tests.rounds_world import build_round, let_explanations_stand


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def tender(tmp_path_factory):
    return build_round(tmp_path_factory.mktemp("tender"), "small-contract", status="decided")


@pytest.fixture
def tender_copy(tender, tmp_path):
    path = tmp_path / "tender.svdb"
    path.write_bytes(tender.path.read_bytes())
    return path, tender.round_name


def test_the_checker_questions_stock_comments_and_export_waits_for_them(tender_copy, tmp_path):
    path, name = tender_copy
    # Every assessor wrote "As the evidence in the application shows." against every criterion: below the top
    # that says nothing of what was missing, so each such criterion is questioned.
    asked = json.loads(run_cli("summaries", "check", path, "--round", name, "--json").stdout)
    assert asked and {q["kind"] for q in asked} == {"no_gap"}
    with Store.open(path, actor="test", readonly=True) as store:
        _, found, questions = checked(store, store.rounds.get(name))
    below_top = {(s.application.reference, p.criterion.id) for s in found for p in s.criteria
                 if p.score is not None and not p.top and not p.agreed}
    assert {(q["reference"], q["criterion"]) for q in asked} == below_top
    refused = cli_refused("export", path, "--round", name, "--format", "summaries", "-o", tmp_path / "s.pdf")
    assert f"{len(asked)} explanations must be fixed or overridden" in refused
    assert not (tmp_path / "s.pdf").exists()


def test_summaries_hold_every_applicant_criterion_score_available_and_total(tender_copy, tmp_path):
    path, name = tender_copy
    with Store.open(path, actor="Panel chair") as store:
        round_ = store.rounds.get(name)
        data = checked(store, round_)[0]
        found = let_explanations_stand(store, round_, "Every bid was scored against the same published levels.")
    assert run_cli("summaries", "check", path, "--round", name).returncode == 0
    said = cli_ok("export", path, "--round", name, "--format", "summaries", "-o", tmp_path / "s.pdf")
    assert f"{len(found)} assessment summaries" in said
    text = _pdf_text(tmp_path / "s.pdf")
    sections = text.split("Assessment summary: ")[1:]
    assert len(sections) == len(found) == len(data.decisions)
    rubric = data.rubric
    for summary, section in zip(found, sections, strict=True):
        flat = " ".join(section.split())
        assert summary.application.reference in flat  # 28+ character ABCT ids, whole
        for part in summary.criteria:
            assert part.criterion.title in flat
        assert "0 Fail or no response · 25 Limited · 50 Acceptable ·" in flat  # the scores available
        assert "Price" in flat and "Overall (price, quality and social value as weighted)" in flat
        assert f"{summary.rank} of {summary.of}" in flat
        if summary.decision.decision != "fund":
            assert "4. Why your tender was not successful" in flat
    weights = [float(w) for w in re.findall(r"(\d+\.\d)%", sections[0].split("2. Your score")[0])]
    assert sum(weights) == pytest.approx(100.0, abs=0.2)  # criteria and price, as the award criteria state them
    assert rubric.kind == "tender"


def test_an_override_is_audited_and_withdrawing_it_asks_again(tender_copy):
    path, name = tender_copy
    first = json.loads(run_cli("summaries", "check", path, "--round", name, "--json").stdout)[0]
    args = ["summaries", "override", path, "--round", name, "--application", first["reference"],
            "--criterion", first["criterion"], "--kind", first["kind"]]
    assert "needs a reason" in cli_refused(*args)
    cli_ok(*args, "--reason", "The level descriptor is what was missing.")
    after = json.loads(run_cli("summaries", "check", path, "--round", name, "--json").stdout)
    assert first not in after
    with Store.open(path, actor="test", readonly=True) as store:
        events = store.database.conn.execute(
            "SELECT actor, new FROM audit WHERE entity = 'explanation_overrides'").fetchall()
    assert len(events) == 1 and "The level descriptor is what was missing." in events[0][1]
    cli_ok(*args, "--withdraw")
    assert first in json.loads(run_cli("summaries", "check", path, "--round", name, "--json").stdout)
    assert run_cli("check", path).returncode == 0


def test_the_checker_catches_a_copied_descriptor_an_empty_one_and_passes_a_real_one(tender):
    with Store.open(tender.path, actor="test", readonly=True) as store:
        _, found, _ = checked(store, store.rounds.get(tender.round_name))
    part = next(p for s in found for p in s.criteria if p.score is not None and not p.top and not p.agreed)
    copied = part.__class__(**{**part.__dict__, "explanation": (part.levels[1].descriptor,)})
    assert ask(copied) == "restates"
    assert ask(part.__class__(**{**part.__dict__, "explanation": ("  ",)})) == "empty"
    written = ("The method names a lead for each stage and a weekly review; it did not say how referrals from "
               "the council's own teams would be handled, so it scored below the top.",)
    assert ask(part.__class__(**{**part.__dict__, "explanation": written})) is None


def test_a_grant_round_gets_feedback_letters_in_the_same_order(tmp_path):
    (tmp_path / "g").mkdir()
    built = build_round(tmp_path / "g", "small-grants", status="decided")
    with Store.open(built.path, actor="Panel chair") as store:
        round_ = store.rounds.get(built.round_name)
        found = let_explanations_stand(store, round_)
    cli_ok("export", built.path, "--round", built.round_name, "--format", "summaries", "-o", tmp_path / "g.pdf")
    text = " ".join(_pdf_text(tmp_path / "g.pdf").split())
    assert text.count("Feedback on your application: ") == len(found)
    assert "1. How applications were assessed" in text and "2. Your score for each criterion, and why" in text
    assert "4. Why we could not fund it this time" in text or all(s.decision.decision == "fund" for s in found)


def test_overrides_travel_in_the_round_file(tender_copy, tmp_path):
    path, name = tender_copy
    first = json.loads(run_cli("summaries", "check", path, "--round", name, "--json").stdout)[0]
    cli_ok("summaries", "override", path, "--round", name, "--application", first["reference"], "--criterion",
           first["criterion"], "--kind", first["kind"], "--reason", "Agreed at the panel meeting.")
    cli_ok("export", path, "--round", name, "--format", "json", "-o", tmp_path / "round.json")
    cli_ok("round", "new", tmp_path / "copy.svdb", "--name", "Placeholder", "--rubric", "small-contract")
    cli_ok("import", tmp_path / "copy.svdb", tmp_path / "round.json")
    assert first not in json.loads(run_cli("summaries", "check", tmp_path / "copy.svdb", "--round", name,
                                           "--json").stdout)
    assert run_cli("check", tmp_path / "copy.svdb").returncode == 0


def test_a_tender_summary_says_what_the_supplier_told_us_and_when_standstill_ends(tender_copy, tmp_path):
    from datetime import date

    path, name = tender_copy
    with Store.open(path, actor="Panel chair") as store:
        round_ = store.rounds.get(name)
        first = let_explanations_stand(store, round_)[0].application
        store.applications.set_supplier(first, sme=True, vcse=False)
        store.rounds.update(round_, nation="wales", standstill_from=date(2026, 12, 4))
    cli_ok("export", path, "--round", name, "--format", "summaries", "-o", tmp_path / "s.pdf")
    text = " ".join(_pdf_text(tmp_path / "s.pdf").split())
    assert "As you told us: an SME: yes; a VCSE: no" in text
    assert "regulation 32 of the Procurement (Wales) Regulations 2024" in text
    assert "The contract award notice was published on Friday 4 December 2026. Standstill ends at midnight on " \
           "Tuesday 15 December 2026" in text
