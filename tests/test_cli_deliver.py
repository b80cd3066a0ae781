"""`svassessor deliver` and `svassessor deliveries import`, as scripts and people run them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from svassessor.cli import cli
from svassessor.monitoring import load_progress
from svassessor.store import Store
from tests.conftest import run_cli

ROUND = "Neighbourhood Fund 2025"


@pytest.fixture
def demo(demo_copy):
    return demo_copy


def _jobs(path):
    with Store.open(path, actor="test", readonly=True) as store:
        return load_progress(store, store.rounds.get(ROUND)).applications[3].offers[3]


def test_both_commands_answer_help():
    runner = CliRunner()
    for name in (["deliver"], ["deliveries"], ["deliveries", "import"]):
        result = runner.invoke(cli, [*name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, name
    assert "Example:" in runner.invoke(cli, ["deliver", "--help"]).output


def test_deliver_records_one_audited_report(demo):
    result = CliRunner().invoke(cli, [
        "deliver", str(demo), "--round", ROUND, "--application", "NF25-004", "--offer", "4", "--on", "2026-11-01",
        "--quantity", "9", "--status", "on track", "--evidence", "Two more starts.", "--story", "'Monday,' he said.",
        "--recorded-by", "Grants officer A"])
    assert result.exit_code == 0, result.output
    assert result.output == ("NF25-004 offer 4 (Young people into construction jobs or college courses): 9 of 12 "
                             "people (75%), on track, on 2026-11-01 (saved).\n")
    jobs = _jobs(demo)
    assert (jobs.delivered, jobs.status, jobs.latest.story, jobs.latest.recorded_by) == \
        (9, "on_track", "'Monday,' he said.", "Grants officer A")
    assert run_cli("check", demo).returncode == 0


def test_deliver_saves_a_total_below_the_last_one_and_says_to_check_it(demo):
    before = _jobs(demo).delivered
    result = run_cli("deliver", demo, "--round", ROUND, "--application", "NF25-004", "--offer", "4",
                     "--on", "2026-11-02", "--quantity", "2", "--status", "on track")
    assert result.returncode == 0 and "(saved)" in result.stdout
    assert before > 2 and "check this" in result.stderr and "totals so far" in result.stderr
    assert _jobs(demo).delivered == 2  # kept as given: a register may have been recounted


def test_deliver_by_offer_id(demo):
    offer_id = _jobs(demo).offer.id
    result = CliRunner().invoke(cli, ["deliver", str(demo), "--round", ROUND, "--application", "NF25-004",
                                      "--offer-id", offer_id, "--on", "2026-11-02", "--status", "at_risk"])
    assert result.exit_code == 0, result.output
    assert "no quantity given, at risk" in result.output
    assert _jobs(demo).delivered == 7  # the last number reported stands


@pytest.mark.parametrize(("args", "message"), [
    (["--offer", "5"], "NF25-004 has offers 1 to 4, not 5."),
    (["--offer", "1", "--offer-id", "x"], "Name the offer with either --offer N or --offer-id ID."),
    (["--offer", "1", "--status", "finished"], "'finished' is not a delivery status"),
    (["--offer", "1", "--on", "2099-01-01"], "1 January 2099 is after today"),
    (["--offer", "1", "--application", "NF25-006"], "NF25-006 was not funded"),
])
def test_mistakes_are_one_sentence_and_exit_2(demo, args, message):
    base = {"--application": "NF25-004", "--on": "2026-11-01", "--status": "delivered"}
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    flat = [x for pair in base.items() for x in pair]
    result = run_cli("deliver", demo, "--round", ROUND, *flat)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_deliveries_import_as_a_subprocess_all_or_nothing(demo, tmp_path):
    good = tmp_path / "returns.csv"
    good.write_text("Reference,Offer,Date,Quantity,Status,Evidence,Story,Officer notes\n"
                    "NF25-004,4,2026-11-10,10,on track,Register,'A start!',checked\n", encoding="utf-8")
    dry = run_cli("deliveries", "import", demo, good, "--round", ROUND, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "1 deliveries would be recorded" in dry.stdout and _jobs(demo).delivered == 7
    done = run_cli("deliveries", "import", demo, good, "--round", ROUND)
    assert done.returncode == 0, done.stderr
    assert "returns.csv (utf-8, comma-separated): 1 deliveries recorded." in done.stdout
    assert "Columns not used: Officer notes." in done.stdout and done.stderr == ""  # 10 after 7: nothing to check
    assert _jobs(demo).delivered == 10
    again = run_cli("deliveries", "import", demo, good, "--round", ROUND)
    assert "0 deliveries recorded, 1 already recorded and skipped." in again.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("Reference,Offer,Date,Quantity,Status\nNF25-004,4,2026-11-11,11,on track\n"
                   "NF25-004,4,2026-11-12,lots,on track\n", encoding="utf-8")
    refused = run_cli("deliveries", "import", demo, bad, "--round", ROUND)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("svassessor: bad.csv, row 3, column 'Quantity': the value 'lots' is not a "
                                      "number; nothing was imported.")
    assert _jobs(demo).delivered == 10  # row 2 was good, but nothing of the file was kept


def test_deliver_attaches_files_as_a_subprocess_and_check_still_passes(demo, tmp_path):
    register = tmp_path / "sign-in register.csv"
    register.write_bytes(b"date,people\n2026-11-01,9\n")
    photo = tmp_path / "site.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    result = run_cli("deliver", demo, "--round", ROUND, "--application", "NF25-004", "--offer", "4",
                     "--on", "2026-11-01", "--quantity", "9", "--status", "on_track",
                     "--attach", register, "--attach", photo, "--recorded-by", "Grants officer A")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Attached: sign-in register.csv, site.jpg."
    with Store.open(demo, actor="test", readonly=True) as store:
        report = load_progress(store, store.rounds.get(ROUND)).applications[3].offers[3].latest
        files = store.delivery_files.for_delivery(report.id)
        assert sorted(f.filename for f in files) == ["sign-in register.csv", "site.jpg"]
        assert store.delivery_files.content(next(f.id for f in files if f.filename == "site.jpg")) == \
            photo.read_bytes()
        assert report.quantity == 9
    check = run_cli("check", demo)
    assert check.returncode == 0, check.stdout + check.stderr


def test_deliver_with_a_missing_file_keeps_nothing(demo, tmp_path):
    before = _jobs(demo).history
    result = run_cli("deliver", demo, "--round", ROUND, "--application", "NF25-004", "--offer", "4",
                     "--on", "2026-11-01", "--status", "on_track", "--attach", tmp_path / "nowhere.pdf")
    assert result.returncode == 2 and "nowhere.pdf" in result.stderr
    assert _jobs(demo).history == before
