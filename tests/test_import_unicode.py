"""Any Unicode text survives import, storage and the round file exactly (NUL aside: it is refused)."""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from svassessor.importing import import_applications, plan_import
from svassessor.roundfile import export_round, write_round_json
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC

# Everything but NUL (refused by design) and lone surrogates (not encodable); tricky cases made likely.
TRICKY = ["مرحبا بالعالم", "שלום\u200f", "👩🏽‍🦰🏳️‍🌈", "\u202eevil", "<b>&amp;</b>", "=HYPERLINK(\"x\")", "+1", "-2",
          "@SUM(A1)", "\ttab", "\r\nline", "line\rcr", "\x1b[31m", "\x7f", "\u2028", "\ufeffbom", "\"quoted\"", "a,b;c|d"]
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(st.characters(blacklist_categories=("Cs",),
                                                                 blacklist_characters="\x00"), min_size=1, max_size=60),
                 st.lists(st.sampled_from(TRICKY), min_size=2, max_size=4).map("".join))
VISIBLE = TEXT.filter(lambda s: s.strip())  # a title or a name must have something in it


def _csv(path: Path, title: str, org: str, answer: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Reference", "Organisation name", "Title", "Our story"])
        out.writerow(["U-1", org, title, answer])
    return path


def _package(path: Path, title: str, org: str, answer: str) -> Path:
    grant = {"id": "U-1", "title": title, "description": answer, "recipientOrganization": [{"name": org}],
             "amountAwarded": 10}
    path.write_text(json.dumps({"grants": [grant]}), encoding="utf-8")
    return path


def _round_trip(kind: str, title: str, org: str, answer: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        with Store.open(folder_path / "u.svdb", actor="Tester ☃", create=True) as store:
            round_ = store.rounds.create(name="Unicode", rubric_yaml=TINY_RUBRIC)
            if kind == "csv":
                plan = plan_import(_csv(folder_path / "u.csv", title, org, answer), mapping={"Our story": "narrative"})
            else:
                plan = plan_import(_package(folder_path / "u.json", title, org, answer))
            import_applications(store, round_, plan)
            app = store.applications.get(round_, "U-1")
            stored_answer = app.narrative[0].text if kind == "csv" else app.summary
            assert (app.title, app.organisation.name, stored_answer) == (title, org, answer)
            write_round_json(store, round_, folder_path / "round.json")
            exported = json.loads((folder_path / "round.json").read_text(encoding="utf-8"))["applications"][0]
            assert export_round(store, round_)["applications"][0] == exported
        assert (exported["title"], exported["organisation"]["name"]) == (title, org)
        assert (exported["narrative"][0]["text"] if kind == "csv" else exported["summary"]) == answer


@settings(max_examples=40, deadline=None)
@given(title=VISIBLE, org=VISIBLE, answer=VISIBLE)
def test_any_text_round_trips_through_csv(title, org, answer):
    _round_trip("csv", title, org, answer)


@settings(max_examples=25, deadline=None)
@given(title=VISIBLE, org=VISIBLE, answer=VISIBLE)
def test_any_text_round_trips_through_a_360giving_package(title, org, answer):
    _round_trip("json", title, org, answer)
