"""The panel on a small council contract: price against social value, and what each point of it costs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from svassessor.panel.summary import summarise
from tests.conftest import make_application
from tests.panel_world import answer
from ui.context import AppContext
from ui.panel import open_panel
from ui.settings import Settings

RUBRIC = Path(__file__).resolve().parent.parent / "svassessor" / "rubric" / "shipped" / "small-contract.yaml"
BIDS = {"T-001": ("14000", 50), "T-002": ("15000", 75), "T-003": ("19500", 100)}


@pytest.fixture
def tender(qapp, store, svdb, tmp_path):
    round_ = store.rounds.create(name="Parks contract", rubric_yaml=RUBRIC.read_text(), status="scoring",
                                 budget=Decimal("20000"))
    apps = []
    for reference, (price, _) in BIDS.items():
        app = make_application(round_.id, reference)
        apps.append(app.model_copy(update={"price": Decimal(price), "amount_requested": None}))
    store.applications.add(apps)
    rubric = store.rounds.rubric(round_)
    for name in ("Procurement officer", "Service lead"):
        person = store.assessors.add(round_, name=name)
        for app in apps:
            for criterion in rubric.criteria:
                score = BIDS[app.reference][1] if criterion.id.startswith("sv_") else 75
                store.assessments.set_score(round_, person, app.id, criterion.id, score=score)
    ctx = AppContext(Settings.at(tmp_path / "settings.ini"))
    ctx.store, ctx.path = store, svdb
    ctx.set_session(round_, None)
    yield ctx
    ctx.store = None  # the store fixture closes the file


def test_a_tender_shows_price_and_the_cost_of_each_social_value_point(qtbot, tender):
    window = open_panel(tender, None)
    qtbot.addWidget(window)
    summary = summarise(tender.store, tender.round)
    assert summary.kind == "tender"
    model, table = window.ranking.model, window.ranking.table
    assert not table.isColumnHidden(model.COST)
    for i in range(model.rowCount()):
        row = model.row(i)
        assert row.sv_point_cost == summary.sv_point_costs[row.id]
    dearest = next(model.row(i) for i in range(model.rowCount()) if model.row(i).standing.candidate.reference == "T-003")
    # £5,500 more than the cheapest bid for 50 more points of social value: £110 a point.
    assert dearest.sv_point_cost == Decimal("110")
    assert model.index(model.find(lambda r: r.id == dearest.id), model.COST).data() == "£110"
    window.choose(dearest.id)
    assert "costs £110" in window.decision.standing.text()
    assert window.decision.amount.maximum() == 19500  # a bid is awarded at most its price
    assert window.ranking.whatif.slider.maximum() == 50  # price keeps its 50%
    window.tabs.setCurrentWidget(window.chart)
    assert window.chart.chart().title() == "Price against social value score"


def test_bids_funded_together_are_each_funded_at_their_price(qtbot, tender):
    window = open_panel(tender, None)
    qtbot.addWidget(window)
    store = tender.store
    store.rounds.set_status(tender.round, "moderation", force=True)
    window.state.refresh()
    window.tabs.setCurrentWidget(window.ranking)
    window.ranking.table.selectAll()
    said = answer("bulkConfirm")
    assert window.bulk.decide_selected("fund")
    total = sum(Decimal(price) for price, _ in BIDS.values())
    assert said[0] == f"Fund 3 applications, each at the amount it asked: £{total:,} in all."
    apps = {a.id: a.reference for a in store.applications.for_round(tender.round)}
    assert {apps[d.application_id]: d.amount_awarded for d in store.panel.decisions(tender.round)} == {
        reference: Decimal(price) for reference, (price, _) in BIDS.items()}
