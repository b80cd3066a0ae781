"""The monitoring roll-ups against figures worked out by hand from the demo round's content.

Neighbourhood Fund 2025 (svassessor/demo/round_2025.yaml) funded four applications; NF25-005 is on
the reserve list and NF25-006 was declined, so neither appears. Quantities reported are cumulative, so
an offer's "delivered so far" is its latest report's quantity. Every measure of the small-grants
rubric is named by a criterion of the theme "Social value offer" (offer_who names people_supported,
offer_measures names them all), so every measured offer rolls up there; the two offers with no
measure (NF25-003's tablets, NF25-004's jobs or college places) go under "Not measured".
"""

from __future__ import annotations

from datetime import date

import pytest

from svassessor.models import Application, Decision, Delivery, Offer, Organisation, Round
from svassessor.monitoring import NOT_MEASURED, load_progress, round_progress
from svassessor.rubric.loader import load_rubric_text
from svassessor.store import Store

ROUND = "Neighbourhood Fund 2025"


@pytest.fixture(scope="module")
def progress(demo_template):
    with Store.open(demo_template, actor="test", readonly=True) as store:
        return load_progress(store, store.rounds.get(ROUND))


def _tallies(group) -> dict[str, tuple[float, float]]:
    return {t.label: (t.promised, t.delivered) for t in group.totals.tallies}


def test_only_funded_applications_with_their_awards(progress):
    assert [a.application.reference for a in progress.applications] == ["NF25-001", "NF25-002", "NF25-003", "NF25-004"]
    # awarded: 9,860 + 5,450 + 14,200 (not the 15,600 asked) + 18,740
    assert progress.awarded == 9860 + 5450 + 14200 + 18740 == 48250
    assert [len(a.offers) for a in progress.applications] == [3, 3, 4, 4]
    assert progress.as_of == date(2026, 9, 10)  # NF25-004's apprentice passed his assessment


def test_each_offer_shows_its_latest_report_and_whole_history(progress):
    lunch = progress.applications[0].offers[0]
    assert (lunch.number, lunch.promised, lunch.unit, lunch.offer.beneficiary_group, lunch.offer.place) == \
        (1, 200, "people", "Older people living alone", "Lozells")
    assert [d.quantity for d in lunch.history] == [131, 286]
    assert lunch.delivered == 286 and lunch.status == "delivered" and lunch.latest.on == date(2026, 4, 10)
    assert lunch.share == pytest.approx(286 / 200)  # 143%
    assert "retired bus driver" in lunch.latest.story and "widower of 80" in lunch.history[0].story
    walks = progress.applications[1].offers[0]
    assert [d.status for d in walks.history] == ["on_track", "at_risk", "delivered"]
    drop_ins = progress.applications[2].offers[2]
    assert (drop_ins.delivered, drop_ins.status) == (34, "missed")
    jobs = progress.applications[3].offers[3]
    assert (jobs.delivered, jobs.status, jobs.theme, jobs.measure) == (7, "at_risk", NOT_MEASURED, None)


def test_statuses_of_the_latest_reports(progress):
    # delivered: all three of NF25-001 and NF25-002; NF25-003's buddies, one-to-one help and tablets;
    # NF25-004's apprenticeship, tasters and local spend = 3 + 3 + 3 + 3 = 12.
    # missed: NF25-003's drop-ins (34 of 40). at risk: NF25-004's jobs (7 of 12). 14 offers in all.
    assert progress.totals.statuses == {"on_track": 0, "at_risk": 1, "delivered": 12, "missed": 1, "not_reported": 0}
    assert progress.totals.offers == 14


def test_per_application_promised_and_delivered(progress):
    lozells, walks, buddies, builders = progress.applications
    assert _tallies(lozells) == {"People supported": (200, 286), "Volunteer hours": (1500, 1580),
                                 "Training places": (8, 8)}
    assert _tallies(walks) == {"People supported": (40, 52), "Training places": (6, 6), "Sessions delivered": (45, 45)}
    assert _tallies(buddies) == {"People supported": (120, 124), "Training places": (15, 15),
                                 "Sessions delivered": (40, 34), "Counted in tablets": (30, 30)}
    assert _tallies(builders) == {"Training places": (36, 37), "Spend with local suppliers": (4000, 4380),
                                  "Apprenticeship weeks": (52, 52), "Counted in people": (12, 7)}


def test_by_theme_adds_up_only_within_a_measure_and_unit(progress):
    offer_theme, not_measured = progress.by_theme
    assert (offer_theme.label, not_measured.label) == ("Social value offer", NOT_MEASURED)
    assert _tallies(offer_theme) == {
        "People supported": (200 + 40 + 120, 286 + 52 + 124),  # 360, 462
        "Volunteer hours": (1500, 1580),
        "Training places": (8 + 6 + 15 + 36, 8 + 6 + 15 + 37),  # 65, 66
        "Sessions delivered": (45 + 40, 45 + 34),  # 85, 79
        "Spend with local suppliers": (4000, 4380),
        "Apprenticeship weeks": (52, 52),
    }
    # people supported and training places are both counted in people, but they are different measures:
    # never added together (a mother on the course also eats the lunch).
    assert _tallies(not_measured) == {"Counted in people": (12, 7), "Counted in tablets": (30, 30)}
    assert len(offer_theme.offers) == 12 and len(not_measured.offers) == 2


def test_by_beneficiary_group_and_place(progress):
    groups = {g.label: _tallies(g) for g in progress.by_group}
    assert groups["Older people living alone"] == {"People supported": (200 + 120, 286 + 124)}  # 320, 410
    assert groups["Older people"] == {"Sessions delivered": (40, 34), "Counted in tablets": (30, 30)}
    assert groups["Women of South Asian and Somali heritage"] == {
        "People supported": (40, 52), "Training places": (6, 6), "Sessions delivered": (45, 45)}
    assert groups["No beneficiary group named"] == {"Spend with local suppliers": (4000, 4380)}  # materials
    assert list(groups)[-1] == "No beneficiary group named"
    places = {g.label: (g.totals.offers, _tallies(g)) for g in progress.by_place}
    assert list(places) == ["Castle Vale", "Ladywood", "Lozells", "Sparkbrook"]
    assert places["Lozells"] == (3, {"People supported": (200, 286), "Volunteer hours": (1500, 1580),
                                     "Training places": (8, 8)})
    assert places["Ladywood"][0] == 4 and places["Castle Vale"][0] == 4


def test_no_proxy_is_shown_when_the_rubric_gives_none(progress):
    # the shipped small-grants rubric deliberately ships no £ proxies
    assert all(o.proxy is None for o in progress.offers)
    assert progress.totals.proxy_promised is None and progress.totals.proxy_delivered is None


PROXY_RUBRIC = """\
schema_version: 1
id: proxied
name: Proxied
version: "1"
description: A rubric with a £ proxy, for tests.
source: Tests.
scale:
  levels:
    - {value: 0, label: None, descriptor: "Nothing."}
    - {value: 4, label: All, descriptor: "Everything."}
themes:
  - id: offer
    title: Offer
    weight: 1
    criteria:
      - {id: offer_measures, title: Measures, question: "What?", measures: [volunteer_hours, people_supported]}
  - id: green
    title: Green
    weight: 1
    criteria:
      - {id: green_hours, title: Green hours, question: "What?", measures: [volunteer_hours]}
measures:
  - {id: volunteer_hours, name: Volunteer hours, unit: hours, proxy_gbp_per_unit: 12.5, proxy_source: "Test value"}
  - {id: people_supported, name: People supported, unit: people}
tags:
  - {id: evidence, label: Evidence, colour: "#000000"}
moderation: {spread_threshold: 2}
"""


def _pure_round(offers: list[Offer], deliveries: list[Delivery], decision: str = "fund"):
    rubric = load_rubric_text(PROXY_RUBRIC, filename="proxied.yaml")
    round_ = Round(name="Pure", status="monitoring", rubric_snapshot_id="x")
    app = Application(round_id=round_.id, reference="P-1", organisation=Organisation(name="Org"), title="T",
                      offers=offers)
    decided = Decision(application_id=app.id, decision=decision, decided_by="chair")
    return round_progress(round_, rubric, [app], [decided], deliveries)


def test_proxy_is_beside_the_figures_and_units_must_agree():
    hours = Offer(description="Volunteering", measure="volunteer_hours", quantity=100, unit="hours")
    days = Offer(description="Volunteer days", measure="volunteer_hours", quantity=10, unit="days")
    progress = _pure_round([hours, days], [
        Delivery(offer_id=hours.id, on=date(2026, 1, 1), quantity=40, status="on_track", recorded_by="x"),
        Delivery(offer_id=days.id, on=date(2026, 1, 1), quantity=4, status="on_track", recorded_by="x")])
    first, second = progress.applications[0].offers
    # 100 hours × £12.50 = £1,250 promised; 40 × £12.50 = £500 delivered so far
    assert (first.proxy.promised, first.proxy.delivered, first.proxy.source) == (1250, 500, "Test value")
    assert second.proxy is None  # £ per hour says nothing about days
    assert _tallies(progress.applications[0]) == {"Volunteer hours": (100, 40), "Volunteer hours (days)": (10, 4)}
    assert (progress.totals.proxy_promised, progress.totals.proxy_delivered) == (1250, 500)
    # the first theme naming the measure takes it, so each offer counts once
    assert [g.label for g in progress.by_theme] == ["Offer"]


def test_unreported_and_unquantified_offers_are_counted_not_summed():
    reported = Offer(description="A", measure="people_supported", quantity=10, unit="people")
    silent = Offer(description="B", measure="people_supported", quantity=5, unit="People ")
    vague = Offer(description="C", measure="people_supported", quantity=None, unit="people")
    progress = _pure_round([reported, silent, vague], [
        Delivery(offer_id=reported.id, on=date(2026, 2, 1), quantity=None, status="at_risk", recorded_by="x"),
        Delivery(offer_id=reported.id, on=date(2026, 1, 1), quantity=6, status="on_track", recorded_by="x"),
        Delivery(offer_id=vague.id, on=date(2026, 1, 1), quantity=50, status="on_track", recorded_by="x")])
    a, b, c = progress.applications[0].offers
    # reports are put in date order; a later report with no number keeps the last number given
    assert (a.status, a.delivered) == ("at_risk", 6)
    assert (b.status, b.delivered, b.share) == ("not_reported", None, None)
    (tally,) = progress.applications[0].totals.tallies  # "people" and "People " are the same unit
    assert (tally.promised, tally.delivered, tally.offers, tally.unreported, tally.unquantified) == (15, 6, 2, 1, 1)
    assert progress.totals.statuses["not_reported"] == 1


def test_declined_applications_are_left_out():
    offer = Offer(description="A", quantity=1, unit="x")
    assert _pure_round([offer], [], decision="decline").applications == ()
