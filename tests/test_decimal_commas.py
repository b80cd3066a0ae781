"""Issue 20: a decimal comma is refused, never read as a thousands separator.

A semicolon CSV saved by a European spreadsheet writes 5000,50; reading the comma as thousands made
£500,050 of £5,000.50, £125 of "12,5" and 2505 of a quantity 250,5, without a word. A comma is accepted
only where it separates thousands (1,234 and 12,345,678.90); any other is refused naming the file, row
and column, for money and quantities alike, in the importer, the command line and the window's readers.
Each import starts from an empty file or the demo, with a small file written here.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from svassessor.clock import Clock
from svassessor.importing import import_applications, plan_import
from svassessor.importing.problems import ImportRejected
from svassessor.importing.values import ValueProblem, money, number
from svassessor.money import typed_pounds
from svassessor.monitoring import import_deliveries
from svassessor.store import Store
from svassessor.typed_number import typed_number
from tests.conftest import TINY_RUBRIC, cli_ok, cli_refused

COMMA_RULE = "has a comma that does not separate thousands (write the decimal point as a full stop, as in"


@pytest.mark.parametrize(("written", "value"), [
    ("1,234", "1234"), ("12,345,678.90", "12345678.90"), ("£90,000.50", "90000.50"), ("£ 90 000", "90000"),
    ("900", "900"), ("2.5", "2.5"), ("-1,000", "-1000"),
])
def test_a_thousands_separator_is_still_read_where_it_is_one(written, value):
    assert typed_pounds(written) == Decimal(value)


@pytest.mark.parametrize(("written", "suggested"), [
    ("5000,50", "5000.50"), ("12,5", "12.5"), ("1,23", "1.23"), ("5 000,50", "5000.50"), ("1,2345", "1.2345"),
    ("1.234,56", "1,234.50"), ("12,34,567", "1,234.50"), ("1,234,5", "1,234.50"), (",5", ".5"),
])
def test_any_other_comma_is_refused_with_the_reason(written, suggested):
    with pytest.raises(ValueError) as caught:
        typed_number(written)
    assert str(caught.value) == f"{written!r} {COMMA_RULE} {suggested})"
    with pytest.raises(ValueProblem, match=re.escape(COMMA_RULE)):
        money(written)
    with pytest.raises(ValueProblem, match=re.escape(COMMA_RULE)):
        number(written)


def test_the_importers_cell_readers_keep_their_other_words():
    assert money("£1,200.50") == Decimal("1200.50") and number("1,580") == 1580.0
    with pytest.raises(ValueProblem, match="'lots' is not an amount of money"):
        money("lots")
    with pytest.raises(ValueProblem, match="'many' is not a number"):
        number("many")


def test_a_semicolon_csv_with_decimal_commas_is_refused_naming_every_cell(store, tmp_path):
    round_ = store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
    source = tmp_path / "european.csv"
    source.write_text("Identifier;Title;Recipient Org:Name;Amount Applied For;Offer;offer quantity\r\n"
                      "360G-EU-1;Hall roof;Hope Street;5000,50;People;40\r\n"
                      '360G-EU-2;Garden;Café Ørsted;"12,5";Meals;250,5\r\n'
                      "360G-EU-3;Lunches;Food Bank;1,234.50;Meals;1,580\r\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_applications(store, round_, plan_import(source, mapping={"Offer": "offer.description",
                                                                       "offer quantity": "offer.quantity"}))
    sentences = [p.sentence() for p in caught.value.problems]
    assert sentences == [
        f"european.csv, row 2, column 'Amount Applied For': the value '5000,50' {COMMA_RULE} 5000.50), "
        f"so it cannot be the amount requested",
        f"european.csv, row 3, column 'Amount Applied For': the value '12,5' {COMMA_RULE} 12.5), "
        f"so it cannot be the amount requested",
        f"european.csv, row 3, column 'offer quantity': the value '250,5' {COMMA_RULE} 250.5), "
        f"so it cannot be a quantity",
    ]
    assert str(caught.value).endswith("(and 2 more problems); nothing was imported.")
    assert store.applications.for_round(round_) == []


def test_a_delivery_return_with_a_decimal_comma_is_refused(demo_copy, tmp_path):
    source = tmp_path / "returns.csv"
    source.write_text("Reference;Offer;Date;Quantity;Status\nNF25-004;4;2026-11-01;250,5;on track\n",
                      encoding="utf-8")
    with Store.open(demo_copy, actor="Grants officer A", clock=Clock(date(2026, 11, 25))) as store:
        round_ = store.rounds.get("Neighbourhood Fund 2025")
        before = len(store.deliveries.for_round(round_))
        with pytest.raises(ImportRejected) as caught:
            import_deliveries(store, round_, source)
        assert str(caught.value) == (f"returns.csv, row 2, column 'Quantity': the value '250,5' {COMMA_RULE} "
                                     f"250.5); nothing was imported.")
        assert len(store.deliveries.for_round(round_)) == before


def test_the_command_line_refuses_a_decimal_comma_budget_and_takes_a_grouped_one(tmp_path):
    panel = tmp_path / "panel.svdb"
    refused = cli_refused("round", "new", str(panel), "--name", "Round", "--rubric", "small-grants",
                          "--budget", "5000,50")
    assert f"'5000,50' {COMMA_RULE} 5000.50)" in refused and not panel.exists()
    said = cli_ok("round", "new", str(panel), "--name", "Round", "--rubric", "small-grants", "--budget", "90,000.50")
    assert "Round 'Round' created" in said
    with Store.open(panel, actor="Chair") as store:
        assert store.rounds.get("Round").budget == Decimal("90000.50")


def test_the_delivery_window_reads_a_quantity_by_the_same_rule():
    from ui.monitoring.delivery_dialog import read_quantity

    assert read_quantity("1,580") == 1580.0 and read_quantity("£4,380") == 4380.0 and read_quantity(" ") is None
    with pytest.raises(ValueError, match=re.escape(COMMA_RULE)):
        read_quantity("250,5")
