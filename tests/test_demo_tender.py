"""The demo's tender-style round (issue 16): built by `svassessor demo`, its assessment summaries pass the
checker with nothing overridden, and a bidder's section says why, with the passages of its own bid."""

from __future__ import annotations

import json
import subprocess
import zipfile

from svassessor.demo.content import load_demo_content
from svassessor.store import Store
from tests.conftest import cli_ok, run_cli

ROUND = "Community meals contract 2026"


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_demo_contract_is_decided_in_standstill_with_its_bidders_answers(demo_template):
    rounds = {r["name"]: r for r in json.loads(cli_ok("rounds", demo_template, "--json"))}
    assert rounds[ROUND]["status"] == "decided" and rounds[ROUND]["applications"] == 5
    with Store.open(demo_template, actor="test", readonly=True) as store:
        round_ = store.rounds.get(ROUND)
        assert store.rounds.rubric(round_).kind == "tender" and round_.nation == "england"
        assert round_.closes < round_.standstill_from and store.rounds.standstill_ends(round_) > round_.standstill_from
        bids = store.applications.for_round(round_)
        assert all(b.price and b.organisation.sme is not None and len(b.reference) >= 17 for b in bids)
        assert all(len(b.narrative) == 6 and b.offers for b in bids)
        assert [d.decision for d in store.panel.decisions(round_)].count("fund") == 1
        assert len(store.panel.moderations(round_)) == 2
        assert not store.overrides.for_round(round_)


def test_its_summaries_pass_the_checker_and_export_a_section_per_bid(demo_template, tmp_path):
    checked = run_cli("summaries", "check", demo_template, "--round", ROUND)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(run_cli("summaries", "check", demo_template, "--round", ROUND, "--json").stdout) == []
    said = cli_ok("export", demo_template, "--round", ROUND, "--format", "summaries", "-o", tmp_path / "s.pdf")
    assert "5 assessment summaries" in said
    sections = [" ".join(s.split()) for s in _pdf_text(tmp_path / "s.pdf").split("Assessment summary: ")[1:]]
    tender = load_demo_content().tender
    assert len(sections) == len(tender.bids)
    for bid in tender.bids:
        (section,) = [s for s in sections if bid.reference in s]
        assert "As you told us: an SME: " in section
        for note in bid.highlights:  # the bidder's own words, quoted against the criterion they were scored on
            assert " ".join(note.quote.split()[:6]) in section, (bid.reference, note.quote)
        if bid.decision.decision == "fund":
            assert "was successful" in section and "4. Why your tender" not in section
        else:
            assert "4. Why your tender was not successful" in section
        if "pass mark" in bid.decision.feedback:
            assert "below the pass mark the criteria set, so it could not win the contract" in section
        assert "Standstill ends at midnight" in section


def test_its_decision_record_is_written(demo_template, tmp_path):
    out = tmp_path / "record.zip"
    cli_ok("export", demo_template, "--round", ROUND, "--format", "record", "-o", out)
    with zipfile.ZipFile(out) as archive:
        decisions = archive.read("decisions.csv").decode("utf-8-sig")
        assert "summaries.pdf" in archive.namelist()
    assert all(b.reference in decisions for b in load_demo_content().tender.bids)
