"""The preview says what the import will do: per column, the field it fills or 'kept as extra', as stored.

Issue 14: the dry run said Amount Awarded and Company Number would be used, but the import put them
in extra fields. The claims are checked here against what the import stores, column by column and
row by row, on the real published files and on rows written under the standard's own header.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from svassessor.importing import import_applications, plan_import
from svassessor.importing.threesixty import canonical_title
from svassessor.importing.values import day, is_blank, money, text
from svassessor.paths import rubrics_dir
from tests.conftest import TINY_RUBRIC
from tests.shared_data import SHARED_DATA

DATA = SHARED_DATA / "360giving"
REAL = ["abct-ab-charitable-trust-grants-2013-2020.csv", "abct-ab-charitable-trust-grants-2013-2020.xlsx",
        "wolfson-foundation-grants-2014.json"]
TEMPLATE = DATA / "360-giving-grants-sheet-titles-header-only.csv"


def _contract() -> str:
    return (rubrics_dir() / "small-contract.yaml").read_text(encoding="utf-8")


def _stored(app, field: str, column: str):
    """The value the application holds in `field`, for comparing with the column's cell."""
    if field.startswith("organisation."):
        return getattr(app.organisation, field.removeprefix("organisation."))
    if field == "narrative":
        return next((n.text for n in app.narrative if n.question == column), None)
    return getattr(app, field)


def _read(field: str, cell):
    if field in ("amount_requested", "price"):
        return money(cell)
    if field == "received":
        return day(cell)
    return text(cell).strip() if field == "reference" else text(cell)


def _what_was_stored(store, round_, plan) -> dict[str, tuple[int, int]]:
    """For each column: (rows whose value is in the column's field, rows whose value is in extra)."""
    apps = {a.reference: a for a in store.applications.for_round(round_)}
    headers = plan.table.headers
    reference = next(i for i, c in enumerate(plan.columns) if c.field == "reference")
    found = {}
    for index, choice in enumerate(plan.columns):
        filled = kept = 0
        for cells in plan.table.rows:
            cell = cells[index]
            if is_blank(cell) or choice.field == "ignore":
                continue
            app = apps[text(cells[reference]).strip()]
            if app.extra.get(canonical_title(headers[index])) == text(cell):
                kept += 1
            elif choice.field != "extra" and _stored(app, choice.field, headers[index]) == _read(choice.field, cell):
                filled += 1
        found[choice.column] = (filled, kept)
    return found


@pytest.mark.parametrize("tender", [False, True], ids=["grant round", "tender round"])
@pytest.mark.parametrize("name", REAL)
def test_on_the_real_files_each_column_does_what_the_dry_run_said(store, name, tender):
    source = DATA / name
    if not source.exists():
        pytest.skip("the shared 360Giving data is not on this machine")
    round_ = store.rounds.create(name="Round", rubric_yaml=_contract() if tender else TINY_RUBRIC)
    plan = plan_import(source, tender=tender)
    said = import_applications(store, round_, plan, dry_run=True).columns
    assert store.applications.for_round(round_) == []
    done = import_applications(store, round_, plan)
    assert done.columns == said
    assert {u.column: (u.filled, u.kept) for u in said} == _what_was_stored(store, round_, plan)
    award = next(u for u in said if u.column == "Amount Awarded")
    # Neither funder publishes what was applied for: the award is the amount, and a tender's price.
    assert award.field == ("price" if tender else "amount_requested") and award.filled == len(plan.table.rows)
    assert plan.advice == []
    prices = [a.price for a in store.applications.for_round(round_)]
    assert all(p is not None for p in prices) if tender else all(p is None for p in prices)


ROWS = [
    # Identifier, Applied For, Awarded, Recipient Ind:Name, Recipient Org:Name, Charity Number, Company Number
    ("360G-T-1", "5000", "4000", "", "Hope Street Trust", "1100001", "05000001"),
    ("360G-T-2", "", "41133.770000000004", "", "Green Lane CIC", "", "12345678"),
    ("360G-T-3", "7000", "12.345", "A named person", "", "", ""),
]


def _template_file(path: Path) -> Path:
    """Rows under the standard's 46 titles (the official template's header), blank where a grant says nothing."""
    with TEMPLATE.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for ident, applied, awarded, person, org, charity, company in ROWS:
            row = dict.fromkeys(header, "")
            row.update({"Identifier": ident, "Title": f"Grant {ident}", "Amount Applied For": applied,
                        "Amount Awarded": awarded, "Recipient Ind:Name": person, "Recipient Org:Name": org,
                        "Recipient Org:Charity Number": charity, "Recipient Org:Company Number": company,
                        "Currency": "GBP"})
            writer.writerow(row.values())
    return path


@pytest.mark.parametrize("tender", [False, True], ids=["grant round", "tender round"])
def test_columns_that_share_a_field_are_said_to_be_used_only_where_the_first_is_empty(store, tmp_path, tender):
    if not TEMPLATE.exists():
        pytest.skip("the shared 360Giving data is not on this machine")
    round_ = store.rounds.create(name="Round", rubric_yaml=_contract() if tender else TINY_RUBRIC)
    plan = plan_import(_template_file(tmp_path / "grants.csv"), tender=tender)
    before = {u.column: u.sentence() for u in plan.uses()}
    assert before["Recipient Org:Company Number"] == (
        "Recipient Org:Company Number → organisation.registration where 'Recipient Org:Charity Number' is empty, "
        "otherwise kept as extra (by its title)")
    assert before["Amount Awarded"] == ("Amount Awarded → kept as extra (by its title: 'Amount Applied For' gives "
                                        "the amount applied for)")
    amount = "price (the price, as the round is a tender)" if tender else "amount_requested (by its title)"
    assert before["Amount Applied For"] == f"Amount Applied For → {amount}"
    said = import_applications(store, round_, plan, dry_run=True)
    lines = {u.column: u.sentence() for u in said.columns}
    assert lines["Recipient Org:Company Number"].endswith(": 1 row; kept as extra in 1 row")
    assert lines["Amount Awarded"].endswith(": 3 rows")  # 12.345 among them: kept, never read as money
    assert lines["Recipient Ind:Name"].endswith(": 1 row")
    assert lines["Recipient Org:Name"].endswith("where 'Recipient Ind:Name' is empty, otherwise kept as extra "
                                                "(by its title): 2 rows")
    import_applications(store, round_, plan)
    assert {u.column: (u.filled, u.kept) for u in said.columns} == _what_was_stored(store, round_, plan)
    apps = {a.reference: a for a in store.applications.for_round(round_)}
    assert apps["360G-T-1"].organisation.registration == "1100001"
    assert apps["360G-T-1"].extra["Recipient Org:Company Number"] == "05000001"
    assert apps["360G-T-2"].organisation.registration == "12345678"
    money_field = "price" if tender else "amount_requested"
    assert [getattr(apps[r], money_field) for r in ("360G-T-1", "360G-T-2", "360G-T-3")] == [
        Decimal("5000"), None, Decimal("7000")]


def test_a_tender_round_with_no_amount_column_is_told_that_bids_will_have_no_price(tmp_path):
    source = tmp_path / "bids.csv"
    source.write_text("Identifier,Title,Recipient Org:Name\r\n360G-B-1,Cleaning,Hope Street Ltd\r\n",
                      encoding="utf-8")
    assert plan_import(source).advice == []
    advice = plan_import(source, tender=True).advice
    assert advice and "every bid will arrive with no price" in advice[0]
    assert plan_import(source, tender=True).remap({"Title": "price"}).advice == []


def test_a_users_column_for_the_price_is_kept_and_the_proposal_is_not_remembered(store, tmp_path):
    from svassessor.importing import MappingMemory

    if not TEMPLATE.exists():
        pytest.skip("the shared 360Giving data is not on this machine")
    source = _template_file(tmp_path / "grants.csv")
    chosen = plan_import(source, tender=True, mapping={"Amount Awarded": "price"})
    assert {c.column: c.field for c in chosen.columns if c.field in ("price", "amount_requested")} == {
        "Amount Applied For": "amount_requested", "Amount Awarded": "price"}
    memory = MappingMemory(tmp_path / "mappings.json")
    tender = store.rounds.create(name="Tender", rubric_yaml=_contract())
    import_applications(store, tender, plan_import(source, tender=True, memory=memory), memory=memory)
    again = plan_import(source, memory=memory)  # next, a grant round with the same columns
    assert {c.column: (c.field, c.origin) for c in again.columns if c.column == "Amount Applied For"} == {
        "Amount Applied For": ("amount_requested", "title")}
