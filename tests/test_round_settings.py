"""A round's settings change in one audited step, every value checked first, each refusal one sentence."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from svassessor.errors import NotAllowed
from svassessor.rubric.loader import shipped_rubrics
from tests.conftest import TINY_RUBRIC


def _shipped(name: str) -> str:
    return next(p for p in shipped_rubrics().values() if p.stem == name).read_text(encoding="utf-8")


def test_update_changes_only_what_is_passed_in_one_audited_event(store, scoring_round):
    count = store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    updated = store.rounds.update(scoring_round, name="  Neighbourhood Fund 2026 ", budget=Decimal("25000.50"),
                                  opens=date(2026, 3, 1), closes=date(2026, 4, 30), sv_weight=30,
                                  funder_name="Example Community Foundation", funder_org_id="GB-CHC-1234567",
                                  funder_identifier="360G-EXAMPLE")
    assert (updated.name, updated.budget, updated.opens, updated.closes, updated.sv_weight) == (
        "Neighbourhood Fund 2026", Decimal("25000.50"), date(2026, 3, 1), date(2026, 4, 30), 30.0)
    assert (updated.funder_name, updated.funder_org_id, updated.funder_identifier) == (
        "Example Community Foundation", "GB-CHC-1234567", "360G-EXAMPLE")
    assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == count + 1
    again = store.rounds.update(updated, budget=None)
    assert again.budget is None and again.sv_weight == 30.0 and again.closes == date(2026, 4, 30)
    assert store.rounds.update(again, sv_weight=None).sv_weight is None  # the rubric's own again


@pytest.mark.parametrize("changes, words", [
    ({"budget": Decimal("-5")}, "A budget cannot be negative (£-5)."),
    ({"budget": Decimal("12.345")}, "A budget is in whole pence: £12.345 has a fraction of a penny."),
    ({"budget": Decimal("NaN")}, "A budget must be an amount in pounds, not 'NaN'."),
    ({"name": "   "}, "A round needs a name (spaces and invisible characters alone are not one)."),
    ({"name": "\u200b\u2060\ufeff "}, "A round needs a name (spaces and invisible characters alone are not one)."),
    ({"closes": date(2026, 2, 1)}, "cannot close on 1 February 2026, before it opens on 1 March 2026."),
    ({"sv_weight": 120}, "a social value weight of 120% is outside what rubric 'tiny' allows: 0% to 100%."),
    ({"funder_org_id": "charity 1234567"}, "org-id"),
])
def test_bad_settings_are_refused_with_one_sentence_and_nothing_changes(store, scoring_round, changes, words):
    round_ = store.rounds.update(scoring_round, opens=date(2026, 3, 1), budget=Decimal(9000))
    with pytest.raises(NotAllowed) as refused:
        store.rounds.update(round_, **{"sv_weight": 20, **changes})
    assert words in str(refused.value)
    kept = store.rounds.get("Test round")
    assert (kept.budget, kept.sv_weight, kept.opens, kept.closes) == (Decimal(9000), None, date(2026, 3, 1), None)


def test_a_name_already_used_is_refused(store, scoring_round):
    store.rounds.create(name="Last year", rubric_yaml=TINY_RUBRIC)
    with pytest.raises(NotAllowed, match="A round called 'Last year' already exists"):
        store.rounds.update(scoring_round, name="Last year")
    assert store.rounds.update(scoring_round, name="Test round").name == "Test round"  # its own name is fine


def test_set_budget_and_create_check_the_budget_too(store, scoring_round):
    with pytest.raises(NotAllowed, match="fraction of a penny"):
        store.rounds.set_budget(scoring_round, Decimal("0.001"))
    with pytest.raises(NotAllowed, match="cannot be negative"):
        store.rounds.create(name="Another", rubric_yaml=TINY_RUBRIC, budget=Decimal(-1))


def test_social_value_weight_keeps_to_what_the_rubric_allows(store):
    tender = store.rounds.create(name="Contract", rubric_yaml=_shipped("small-contract"))
    with pytest.raises(NotAllowed, match=r"10% to 50% \(price keeps its 50%"):
        store.rounds.update(tender, sv_weight=5)
    assert store.rounds.update(tender, sv_weight=30).sv_weight == 30
    charter = store.rounds.create(name="Charter", rubric_yaml=_shipped("charter"))
    with pytest.raises(NotAllowed, match="puts all its theme weight on social value"):
        store.rounds.update(charter, sv_weight=20)
    assert store.rounds.update(charter, sv_weight=None).sv_weight is None
