"""`svassessor import` and `svassessor narrative` as a user runs them."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from svassessor.cli import cli
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, run_cli
from tests.test_import_broken import fingerprint
from tests.shared_data import SHARED_DATA

ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
FORM = "App ID,Group,Project,Ask\r\nNF-001,Hope Street,Garden,900\r\nNF-002,Café,Lunches,\"£1,200.50\"\r\n"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """Keep remembered mappings out of the user's real data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def panel(tmp_path) -> Path:
    path = tmp_path / "panel.svdb"
    with Store.open(path, actor="Chair", create=True) as store:
        store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
    return path


def _invoke(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_import_with_mapping_then_the_mapping_is_remembered(panel, tmp_path):
    form = tmp_path / "form.csv"
    form.write_text(FORM, encoding="utf-8")
    result = _invoke("import", panel, form, "--map", "reference=App ID", "--map", "organisation.name=Group",
                     "--map", "amount_requested=Ask")
    assert result.exit_code == 0, result.output
    assert "imported 2 new, 0 updated, 0 unchanged" in result.output
    form.write_text(FORM.replace("900", "950"), encoding="utf-8")
    result = _invoke("import", panel, "--round", "Round", form)
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output and "updated NF-001: amount_requested" in result.output


def test_dry_run_previews_and_saves_nothing(panel):
    if not ABCT.exists():
        pytest.skip("the shared 360Giving data is not on this machine")
    before = fingerprint(panel)
    result = _invoke("import", panel, ABCT, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Identifier → reference (by its title): 783 rows" in result.output and "Preview (" in result.output
    assert "would import (dry run, nothing saved) 783 new" in result.output
    assert fingerprint(panel) == before


def test_a_refused_import_lists_its_problems_and_exits_2(panel, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Reference,Organisation name,Title,Amount requested\nA,B,C,lots\nA,B,C,1\n", encoding="utf-8")
    before = fingerprint(panel)
    result = run_cli("import", panel, bad)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "bad.csv, row 2, column 'Amount requested': the value 'lots' is not an amount of money" in result.stderr
    assert "bad.csv, row 3: the reference 'A' is also on row 2" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("svassessor: bad.csv, row 2")
    assert fingerprint(panel) == before and check_file(panel).ok


def test_narrative_by_file_name_and_by_hand(panel, tmp_path):
    form = tmp_path / "form.csv"
    form.write_text(FORM, encoding="utf-8")
    _invoke("import", panel, form, "--map", "reference=App ID", "--map", "organisation.name=Group")
    named = tmp_path / "NF-002 answers.md"
    named.write_text("# Need\nPeople eat alone.\n", encoding="utf-8")
    other = tmp_path / "notes.txt"
    other.write_text("Budget notes.", encoding="utf-8")
    result = _invoke("narrative", panel, named)
    assert result.exit_code == 0 and "NF-002 answers.md → NF-002: 1 answers added" in result.output
    result = _invoke("narrative", panel, "--application", "NF-001", other)
    assert result.exit_code == 0 and "notes.txt → NF-001" in result.output
    result = run_cli("narrative", panel, other)
    assert result.returncode == 2 and "no application's reference appears in the file name" in result.stderr
    assert check_file(panel).ok


def test_a_round_file_imports_as_a_new_round(panel, tmp_path):
    from svassessor.roundfile import write_round_json

    form = tmp_path / "form.csv"
    form.write_text(FORM, encoding="utf-8")
    _invoke("import", panel, form, "--map", "reference=App ID", "--map", "organisation.name=Group")
    round_json = tmp_path / "round.json"
    with Store.open(panel, actor="Chair", readonly=True) as store:
        write_round_json(store, store.rounds.get("Round"), round_json)
    other = tmp_path / "other.svdb"  # a round file may start a new file
    result = run_cli("import", other, round_json)
    assert result.returncode == 0, result.stderr
    assert "Round 'Round' imported from round.json: 2 applications" in result.stdout
    result = run_cli("import", other, round_json)
    assert result.returncode == 2 and "A round called 'Round' already exists" in result.stderr
    assert run_cli("check", other).returncode == 0


def test_the_commands_answer_help():
    for command in ("import", "narrative"):
        result = _invoke(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.output
    assert os.environ.get("XDG_DATA_HOME")


def _tender_panel(tmp_path: Path) -> Path:
    from svassessor.paths import rubrics_dir

    path = tmp_path / "tender.svdb"
    result = run_cli("round", "new", path, "--name", "Cleaning contract", "--rubric",
                     rubrics_dir() / "small-contract.yaml")
    assert result.returncode == 0, result.stderr
    return path


def test_a_tender_round_takes_the_360giving_amount_as_the_price_and_the_preview_shows_it(tmp_path):
    """Issue 14: a tender round made from a funder's file had no prices; now the amount is proposed as the price."""
    if not ABCT.exists():
        pytest.skip("the shared 360Giving data is not on this machine")
    panel = _tender_panel(tmp_path)
    dry = run_cli("import", panel, ABCT, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Amount Awarded → price (the price, as the round is a tender): 783 rows" in dry.stdout
    assert "Preview (reference | organisation | title | amount requested | price):" in dry.stdout
    assert "row 2: 360G-ABCT-0065I000005BoDGQA044222 | Access to Justice Foundation | A grant to Access to " \
           "Justice Foundation |  | £30,000.00" in dry.stdout
    done = run_cli("import", panel, ABCT)
    assert done.returncode == 0 and "imported 783 new" in done.stdout, done.stderr
    with Store.open(panel, actor="Chair", readonly=True) as store:
        apps = store.applications.for_round(store.rounds.get(None))
    assert len(apps) == 783 and all(a.price is not None and a.amount_requested is None for a in apps)


def test_the_price_proposal_gives_way_to_a_mapping_and_says_when_no_column_is_the_price(tmp_path):
    if not ABCT.exists():
        pytest.skip("the shared 360Giving data is not on this machine")
    panel = _tender_panel(tmp_path)
    elsewhere = run_cli("import", panel, ABCT, "--dry-run", "--map", "amount_requested=Amount Awarded")
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert "Amount Awarded → amount_requested (chosen): 783 rows" in elsewhere.stdout
    assert "Note: No column fills the price, and this round is a tender: every bid will arrive with no price." \
           in elsewhere.stderr
    bids = tmp_path / "bids.csv"
    bids.write_text("Identifier,Title,Recipient Org:Name,Amount Applied For,Bid total\r\n"
                    "B-1,Cleaning,Hope Street Ltd,9000,8500.5\r\nB-2,Cleaning,Green Lane CIC,,7999.990000000001\r\n",
                    encoding="utf-8")
    chosen = run_cli("import", panel, bids, "--map", "price=Bid total")
    assert chosen.returncode == 0 and "Note:" not in chosen.stderr, chosen.stderr
    with Store.open(panel, actor="Chair", readonly=True) as store:
        apps = {a.reference: a for a in store.applications.for_round(store.rounds.get(None))}
    assert (apps["B-1"].price, apps["B-2"].price) == (Decimal("8500.50"), Decimal("7999.99"))
    assert apps["B-1"].amount_requested == 9000


def test_map_price_by_its_360giving_title_is_listed_in_help_and_works(tmp_path):
    assert "price (a tender's bid price)" in " ".join(_invoke("import", "--help").output.split())
    panel = _tender_panel(tmp_path)
    bids = tmp_path / "bids.csv"
    bids.write_text("Identifier,Title,Recipient Org:Name,Amount Applied For,Amount Awarded\r\n"
                    "B-1,Cleaning,Hope Street Ltd,9000,41133.770000000004\r\n", encoding="utf-8")
    result = run_cli("import", panel, bids, "--dry-run", "--map", "price=Amount Applied For")
    assert result.returncode == 0, result.stderr
    assert "Amount Applied For → price (chosen): 1 row" in result.stdout
    assert "row 2: B-1 | Hope Street Ltd | Cleaning |  | £9,000.00" in result.stdout
