"""A round's funder: its name, org-id and 360Giving prefix, set from the command line and the core,
checked with one sentence naming the field, audited, and shown on the pack's cover."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from svassessor.errors import NotAllowed
from svassessor.orgids import checked_org_id, checked_prefix, split_old_setting
from svassessor.reports.pack import write_pack
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, run_cli


@pytest.mark.parametrize("value", ["GB-CHC-1000147", "GB-SC-SC012345", "GB-NIC-101510", "GB-COH-SC123456",
                                   "XI-GRID-grid.4991.5", "US-EIN-522044704"])
def test_org_ids_of_the_org_id_guide_form_are_taken_as_given(value):
    assert checked_org_id(f" {value} ") == value


@pytest.mark.parametrize("value", ["1000147", "GB CHC 1000147", "gb-chc-1000147", "GB-CHC-", "360G-ABCT",
                                   "GB-CHC-100 0147"])
def test_other_org_ids_are_refused_naming_the_field(value):
    with pytest.raises(NotAllowed, match=rf"^The funder org-id '{value.strip()}' is not in the org-id.guide form"):
        checked_org_id(value)


@pytest.mark.parametrize("value", ["360G-ABCT", "360G-wolfson", "360G-LBFEW", "360G-Rea-Valley-2"])
def test_prefixes_are_360g_letters_digits_and_hyphens(value):
    assert checked_prefix(value) == value


@pytest.mark.parametrize("value", ["ABCT", "360G-", "360G-A/B", "360G-A B", "360G-ABCT-", "360G--A", "GB-CHC-1"])
def test_other_prefixes_are_refused_naming_the_field(value):
    with pytest.raises(NotAllowed, match=rf"^The 360Giving prefix '{value}' should be 360G- followed by"):
        checked_prefix(value)


def test_blank_settings_are_unset():
    assert checked_org_id("  ") is None and checked_prefix("") is None and split_old_setting(" ") == (None, None)


def test_round_new_and_round_set_from_the_command_line(svdb):
    made = run_cli("round", "new", svdb, "--name", "Community Grants", "--rubric", "small-grants",
                   "--funder-name", "Example Community Foundation", "--funder-id", "GB-CHC-1234567",
                   "--prefix", "360G-EXAMPLE")
    assert made.returncode == 0, made.stderr
    refused = run_cli("round", "set", svdb, "--funder-id", "1234567")
    assert refused.returncode == 2
    assert refused.stderr.startswith("svassessor: The funder org-id '1234567' is not in the org-id.guide form")
    assert len(refused.stderr.strip().splitlines()) == 1
    changed = run_cli("round", "set", svdb, "--funder-name", "Example Foundation", "--prefix", "360G-EXAMPLE2")
    assert changed.returncode == 0, changed.stderr
    assert changed.stdout.strip() == ("Round 'Community Grants': budget not set; opens not set, closes not set; "
                                      "social value weight 45% (the rubric's own); funder Example Foundation, "
                                      "org-id GB-CHC-1234567, 360Giving prefix 360G-EXAMPLE2.")
    nothing = run_cli("round", "set", svdb)
    assert nothing.returncode == 2 and "--funder-name, --funder-id, --prefix, --sv-weight" in nothing.stderr
    with Store.open(svdb, actor="t", readonly=True) as store:
        round_ = store.rounds.get()
        events = [e for e in store.history.of("rounds", [round_.id]) if e.action == "update"]
    assert (round_.funder_name, round_.funder_org_id, round_.funder_identifier) == (
        "Example Foundation", "GB-CHC-1234567", "360G-EXAMPLE2")
    assert len(events) == 1 and events[0].old["funder_name"] == "Example Community Foundation"
    assert check_file(svdb).ok


def test_a_refused_round_is_not_made(store):
    with pytest.raises(NotAllowed, match="360Giving prefix 'ABCT'"):
        store.rounds.create(name="R", rubric_yaml=TINY_RUBRIC, funder_identifier="ABCT")
    assert store.rounds.list() == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize(("name", "org_id", "shown"), [
    ("Example Foundation", "GB-CHC-1234567", "Example Foundation · org-id GB-CHC-1234567"),
    ("Example Foundation", None, "Example Foundation · no org-id set"),
    (None, None, "Funder Not set"),
])
def test_the_pack_cover_names_the_funder_and_its_org_id(store, tmp_path, name, org_id, shown):
    round_ = store.rounds.create(name="R", rubric_yaml=TINY_RUBRIC, funder_name=name, funder_org_id=org_id)
    out = tmp_path / "pack.pdf"
    write_pack(store, round_, out)
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-raw", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert shown in " ".join(cover.split())
