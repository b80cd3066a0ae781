"""A tender from an empty file: suppliers' SME and VCSE answers imported, the round's part of the UK and its
standstill set, listed for scripts, carried through the round file; hostile values refused in one sentence."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from svassessor.errors import NotAllowed
from svassessor.rubric.loader import shipped_rubrics
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, cli_ok, cli_refused
from tests.shared_data import SHARED_DATA

ROUND = "Community meals contract 2026"
ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
BIDS = [  # reference, supplier, SME, VCSE
    ("CMC-2026-BID-000017", "Northfield Kitchen Co-operative Ltd", "Yes", "Y"),
    ("CMC-2026-BID-000175", "Midland Catering Services plc", "no", "FALSE"),
    ("CMC-2026-BID-001750", "Lozells Lunch Club CIC", "1", "true"),
    ("CMC-2026-BID-017500", "Ward End Community Meals", "", ""),
]


def _write_bids(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Bid reference", "Supplier", "Project title", "Bid price", "Is SME",
                      "Voluntary, community or social enterprise"])
        for reference, supplier, sme, vcse in rows:
            out.writerow([reference, supplier, f"Meals on wheels ({supplier})", "18500", sme, vcse])
    return path


def _map() -> list[str]:
    return ["--map", "reference=Bid reference", "--map", "organisation.name=Supplier", "--map", "price=Bid price"]


def test_a_tender_from_an_empty_file_to_its_standstill_and_back_through_the_round_file(tmp_path):
    svdb = tmp_path / "council.svdb"
    cli_ok("round", "new", svdb, "--name", ROUND, "--rubric", "small-contract", "--budget", "20000")
    said = cli_ok("import", svdb, "--round", ROUND, _write_bids(tmp_path / "bids.csv", BIDS), *_map())
    assert "4 new" in said

    with Store.open(svdb, actor="test", readonly=True) as store:
        apps = {a.reference: a.organisation for a in store.applications.for_round(store.rounds.get(ROUND))}
    assert [(apps[r].sme, apps[r].vcse) for r, *_ in BIDS] == [(True, True), (False, False), (True, True),
                                                                (None, None)]

    said = cli_ok("round", "set", svdb, "--round", ROUND, "--nation", "england", "--standstill-from", "2026-12-04")
    assert "Standstill ends at midnight on Tuesday 15 December 2026 (8 working days; a bank holiday in any part " \
           "of the UK is not one)." in said and "in England" in said
    listed = json.loads(cli_ok("rounds", svdb, "--json"))
    assert listed == [{"name": ROUND, "status": "setup", "applications": 4, "budget": 20000.0, "nation": "england",
                       "standstill_from": "2026-12-04", "standstill_ends": "2026-12-15", "retain_until": None}]

    said = cli_ok("round", "set", svdb, "--round", ROUND, "--nation", "northern-ireland")
    assert "in Northern Ireland." in said and "Tuesday 15 December 2026" in said
    said = cli_ok("application", "set", svdb, "--round", ROUND, "--application", "CMC-2026-BID-017500",
                  "--sme", "yes", "--vcse", "unknown")
    assert said.strip() == ("CMC-2026-BID-017500 (Ward End Community Meals): an SME yes; a voluntary, community or "
                            "social enterprise not known.")

    exported = tmp_path / "round.json"
    cli_ok("export", svdb, "--round", ROUND, "--format", "json", "-o", exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert (document["round"]["nation"], document["round"]["standstill_from"]) == ("northern_ireland", "2026-12-04")
    assert document["applications"][0]["organisation"]["sme"] is True
    again = tmp_path / "again.svdb"
    cli_ok("import", again, exported)
    assert json.loads(cli_ok("rounds", again, "--json"))[0]["standstill_ends"] == "2026-12-15"
    cli_ok("check", again)  # the rows still match the events that recorded them
    with Store.open(again, actor="test", readonly=True) as store:
        round_ = store.rounds.get(ROUND)
        apps = {a.reference: a.organisation for a in store.applications.for_round(round_)}
    assert (round_.nation, round_.standstill_from) == ("northern_ireland", date(2026, 12, 4))
    assert (apps["CMC-2026-BID-017500"].sme, apps["CMC-2026-BID-017500"].vcse) == (True, None)
    assert (apps["CMC-2026-BID-000175"].sme, apps["CMC-2026-BID-000175"].vcse) == (False, False)


def test_a_360giving_file_has_no_such_answers_so_they_stay_unknown(tmp_path):
    svdb = tmp_path / "council.svdb"
    cli_ok("round", "new", svdb, "--name", ROUND, "--rubric", "small-contract")
    cli_ok("import", svdb, "--round", ROUND, ABCT)
    with Store.open(svdb, actor="test", readonly=True) as store:
        orgs = [a.organisation for a in store.applications.for_round(store.rounds.get(ROUND))]
    assert len(orgs) == 783 and all(o.sme is None and o.vcse is None for o in orgs)
    cli_ok("round", "set", svdb, "--nation", "scotland", "--standstill-from", "2025-12-22")
    assert json.loads(cli_ok("rounds", svdb, "--json"))[0]["standstill_ends"] == "2026-01-06"
    cli_ok("check", svdb)


def test_a_cell_that_is_not_yes_or_no_is_refused_naming_its_row_and_column(tmp_path):
    svdb = tmp_path / "council.svdb"
    cli_ok("round", "new", svdb, "--name", ROUND, "--rubric", "small-contract")
    bids = _write_bids(tmp_path / "bids.csv", [*BIDS[:2], ("CMC-2026-BID-000999", "Sparkhill Suppers", "maybe", "no")])
    refused = cli_refused("import", svdb, "--round", ROUND, bids, *_map())
    assert refused.strip() == (
        "svassessor: bids.csv, row 4, column 'Is SME': the value 'maybe' is not yes or no (write yes, no, true, "
        "false, 1, 0, Y or N), so it cannot say whether the organisation is an SME; nothing was imported.")
    assert json.loads(cli_ok("rounds", svdb, "--json"))[0]["applications"] == 0


@pytest.mark.parametrize("args, sentence", [
    (["--nation", "Isle of Man"], "A round's part of the UK is England, Wales, Scotland or Northern Ireland, "
                                  "not 'Isle of Man'."),
    (["--nation", "wales", "--closes", "2026-12-11", "--standstill-from", "2026-12-04"],
     f"The standstill of round '{ROUND}' cannot begin on 4 December 2026, before the round closes on "
     "11 December 2026."),
])
def test_hostile_round_settings_are_refused_in_one_sentence_and_nothing_changes(tmp_path, args, sentence):
    svdb = tmp_path / "council.svdb"
    cli_ok("round", "new", svdb, "--name", ROUND, "--rubric", "small-contract")
    assert cli_refused("round", "set", svdb, *args).strip() == f"svassessor: {sentence}"
    listed = json.loads(cli_ok("rounds", svdb, "--json"))[0]
    assert (listed["nation"], listed["standstill_from"], listed["standstill_ends"]) == (None, None, None)


def test_a_grant_round_has_no_standstill(store):
    grants = store.rounds.create(name="Neighbourhood Fund 2026", rubric_yaml=TINY_RUBRIC, nation="wales")
    with pytest.raises(NotAllowed) as refused:
        store.rounds.update(grants, standstill_from=date(2026, 12, 4))
    assert str(refused.value) == ("Round 'Neighbourhood Fund 2026' is a grant round: a standstill period is for a "
                                  "contract awarded under the Procurement Act 2023, in a round on a tender rubric.")
    assert store.rounds.list()[0].standstill_ends is None and store.rounds.get().nation == "wales"


def test_the_standstill_does_not_hang_on_the_nation_and_each_change_is_one_audited_event(store):
    rubric = next(p for p in shipped_rubrics().values() if p.stem == "small-contract").read_text(encoding="utf-8")
    tender = store.rounds.create(name=ROUND, rubric_yaml=rubric)
    events = store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    tender = store.rounds.update(tender, nation="Scotland", standstill_from=date(2026, 11, 23))
    assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == events + 1
    assert store.rounds.standstill_ends(tender) == date(2026, 12, 3)  # St Andrew's Day, Monday 30 November
    unplaced = store.rounds.update(tender, nation=None)
    assert store.rounds.standstill_ends(unplaced) == date(2026, 12, 3)  # a bank holiday anywhere counts out
    cleared = store.rounds.update(tender, standstill_from=None)
    assert (cleared.nation, cleared.standstill_from, store.rounds.standstill_ends(cleared)) == (None, None, None)


def test_an_applicants_answers_change_in_one_audited_event_and_not_at_all_when_the_same(store, scoring_round):
    app = store.applications.get(scoring_round, "T-001")
    events = store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    changed = store.applications.set_supplier(app, sme=False, vcse=True)
    assert (changed.organisation.sme, changed.organisation.vcse) == (False, True)
    store.applications.set_supplier(changed, sme=False)
    assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == events + 1
    assert store.applications.set_supplier(changed, vcse=None).organisation == changed.organisation.model_copy(
        update={"vcse": None})


def test_a_file_made_before_these_settings_opens_with_them_unknown_and_its_log_intact(svdb):
    from svassessor.storage.audit import verify
    from tests.test_storage_file import _file_of_previous_version

    _file_of_previous_version(svdb)
    with Store.open(svdb, actor="test") as store:
        round_ = store.rounds.get("Old round")
        assert (round_.nation, round_.standstill_from) == (None, None)
        old = store.applications.get(round_, "OLD-1")
        assert (old.organisation.sme, old.organisation.vcse) == (None, None)
        store.rounds.update(round_, nation="wales")
        store.applications.set_supplier(old, vcse=True)
        assert verify(store.database) is None
