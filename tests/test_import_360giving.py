"""Every 360Giving file in the shared data imports with no mapping; counts and money match the file."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from svassessor.importing import ImportRejected, import_applications, plan_import
from svassessor.importing.mapping import guess
from svassessor.importing.threesixty import TITLES
from svassessor.storage.integrity import check_file
from tests.conftest import TINY_RUBRIC
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "360giving"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the shared 360Giving data is not on this machine")


def _csv_expected(path: Path) -> tuple[int, Decimal]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return len(rows), sum((Decimal(r["Amount Awarded"]) for r in rows), Decimal(0))


def _json_expected(path: Path) -> tuple[int, Decimal]:
    grants = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)["grants"]
    return len(grants), sum((Decimal(g["amountAwarded"]) for g in grants), Decimal(0))


ABCT_CSV = DATA / "abct-ab-charitable-trust-grants-2013-2020.csv"
FILES = [
    (ABCT_CSV.name, _csv_expected),
    ("abct-ab-charitable-trust-grants-2013-2020.xlsx", lambda _: _csv_expected(ABCT_CSV)),  # the CSV is derived from it
    ("wolfson-foundation-grants-2014.json", _json_expected),
]


@pytest.mark.parametrize(("name", "expected"), FILES)
def test_a_360giving_file_imports_with_no_mapping(store, svdb, name, expected):
    count, total = expected(DATA / name)
    assert count in (783, 379)
    round_ = store.rounds.create(name="Archive", rubric_yaml=TINY_RUBRIC)
    plan = plan_import(DATA / name)
    assert plan.missing == [] and all(c.origin in ("title", "unmapped") for c in plan.columns)
    result = import_applications(store, round_, plan)
    assert len(result.new) == count and result.saved
    apps = store.applications.for_round(round_)
    assert len(apps) == count
    assert sum(a.amount_requested for a in apps) == total
    assert all(a.organisation.name and a.title for a in apps)
    store.close()
    assert check_file(svdb).ok


def test_older_spellings_are_kept_under_the_standard_title(store):
    round_ = store.rounds.create(name="Archive", rubric_yaml=TINY_RUBRIC)
    import_applications(store, round_, plan_import(ABCT_CSV))
    app = store.applications.get(round_, "360G-ABCT-0060X00000TbN99QAF")  # a grant with decision notes
    assert "From An Open Call?" in app.extra and "From an open call?" not in app.extra
    assert app.organisation.registration and app.organisation.postcode
    assert "Website: Decision Notes" in app.extra  # a column the standard does not know is kept as it is


def test_wolfson_day_first_dates_are_read_the_uk_way(store):
    round_ = store.rounds.create(name="Wolfson", rubric_yaml=TINY_RUBRIC)
    import_applications(store, round_, plan_import(DATA / "wolfson-foundation-grants-2014.json"))
    app = store.applications.get(round_, "360G-wolfson-19747")
    assert str(app.received) == "2014-06-05"  # "05/06/2014": 5 June
    assert app.organisation.postcode == "LL20 8TG"


@pytest.mark.parametrize("name", ["360-giving-grants-sheet-titles-header-only.csv",
                                  "360-giving-schema-titles-with-meta-tab-2023.xlsx",
                                  "360-giving-schema-titles-with-dei-extension-2024.xlsx"])
def test_the_blank_templates_say_header_only(name):
    with pytest.raises(ImportRejected) as refused:
        plan_import(DATA / name)
    assert "header only, no applications" in str(refused.value)


def test_every_standard_title_is_recognised():
    with (DATA / "360-giving-grants-sheet-titles-header-only.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == TITLES
    for title in ("Identifier", "Title", "Amount Awarded", "Recipient Org:Name", "Recipient Org:Postal Code",
                  "Recipient Org:Charity Number", "Recipient Org:Company Number"):
        assert guess(title) and guess(title.upper()), title


def test_reading_a_workbook_reports_progress_and_can_be_cancelled():
    from svassessor.importing import ImportCancelled

    seen: list[tuple[int, int]] = []
    plan_import(DATA / "abct-ab-charitable-trust-grants-2013-2020.xlsx", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (784, 784) and len(seen) > 2
    with pytest.raises(ImportCancelled):
        plan_import(DATA / "abct-ab-charitable-trust-grants-2013-2020.xlsx", cancelled=lambda: len(seen) > 0)
