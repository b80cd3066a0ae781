"""Due diligence from what the file already knows: registration numbers checked for form, the same
organisation twice in a round, and an applicant funded before in this file with what it delivered."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from svassessor.clock import Clock
from svassessor.eligibility.registration import read_registration
from svassessor.models import Application, Delivery, Offer, Organisation
from svassessor.paths import rubrics_dir
from svassessor.store import Store
from tests.eligibility_world import abct_round, csv_rows


@pytest.mark.parametrize(("given", "words"), [
    ("1126147", "1126147: a charity number of England and Wales."),
    ("1126147-1", "1126147-1: a charity number of England and Wales, linked charity 1."),
    ("277927", "277927: a charity number of England and Wales."),
    ("SC027577", "SC027577: a Scottish charity number (SC and 6 digits; a Scottish company number has the same "
                 "form)."),
    ("sc 027577", "SC027577: a Scottish charity number (SC and 6 digits; a Scottish company number has the same "
                  "form) (written “sc 027577”)."),
    ("NIC100002", "NIC100002: a Northern Ireland charity number."),
    ("NI015289", "NI015289: a company number, a Northern Ireland company."),
    ("R0000123", "R0000123: a company number, a Northern Ireland company (registered before 1922)."),
    ("OC301234", "OC301234: a company number, a limited liability partnership (England and Wales)."),
    ("SO300123", "SO300123: a company number, a Scottish limited liability partnership."),
    ("06402143", "06402143: a company number of England and Wales."),
    ("GB-CHC-1126147", "GB-CHC-1126147: an org-id of the list GB-CHC, in that register's form."),
    ("GB-SC-SC027577", "GB-SC-SC027577: an org-id of the list GB-SC, in that register's form."),
])
def test_real_registration_forms_are_recognised(given, words):
    form = read_registration(given)
    assert form is not None and form.ok and form.words == words


@pytest.mark.parametrize(("given", "words"), [
    ("TBC", "“TBC” is not a charity or company number of a UK register"),
    ("12345", "“12345” is not a charity or company number of a UK register"),
    ("SC12345", "“SC12345” is not a charity or company number of a UK register"),
    ("XX123456", "XX123456: 8 characters like a company number, but XX is not a Companies House prefix."),
    ("GB-CHC-12", "GB-CHC-12: an org-id of the list GB-CHC, but 12 is not in that register's form"),
    ("1161363 (New Unity - host charity)", "“1161363 (New Unity - host charity)” is more than a number; 1161363 in "
                                           "it is a charity number of England and Wales."),
])
def test_bad_registration_forms_say_what_is_wrong(given, words):
    form = read_registration(given)
    assert form is not None and not form.ok and form.words.startswith(words)


def test_the_org_id_says_which_register_a_bare_number_is_in():
    # ABCT publishes East European Resource Centre with charity number 111407 and org-id GB-NIC-111407.
    form = read_registration("111407", "GB-NIC-111407")
    assert form is not None and form.ok and form.key == "GB-NIC-111407"
    assert form.words == "111407: a Northern Ireland charity number, as its org-id GB-NIC-111407 says."


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "panel.svdb", actor="Panel chair", create=True, clock=Clock(date(2026, 3, 2))) as s:
        yield s


def test_the_same_organisation_twice_in_a_round_by_registration_and_by_name(store):
    round_ = abct_round(store)
    found = store.screenings.diligence(round_)
    by_reference = {a.reference: a for a in store.screenings.applicants(round_)}
    rows = csv_rows()
    bid = [r["Identifier"] for r in rows if r["Recipient Org:Charity Number"] == "1077187"]
    assert len(bid) > 2  # Bail for Immigration Detainees applied year after year
    first = [f for f in found[by_reference[bid[0]].id] if f.kind == "duplicate"]
    assert len(first) == len(bid) - 1 and all(f.concern for f in first)
    assert all(f.words.endswith("the same registration GB-CHC-1077187.") for f in first)
    assert {f.words.split(": ", 1)[1].split(",")[0] for f in first} == set(bid[1:])
    # 06402143 is published for three different organisations: the officer sees that.
    oxford = next(r["Identifier"] for r in rows if r["Recipient Org:Identifier"] == "GB-COH-06402143"
                  and "Oxford" in r["Recipient Org:Name"])
    words = [f.words for f in found[by_reference[oxford].id] if f.kind == "duplicate"]
    assert any("“Merseyside Law Centre”, the same registration GB-COH-06402143" in w for w in words)
    assert any("“Social Finance”" in w for w in words)
    lonely = next(a for a in by_reference.values() if not [f for f in found[a.id] if f.kind == "duplicate"])
    assert [f.kind for f in found[lonely.id]] == ["registration"]


def test_a_returning_applicant_shows_its_earlier_grant_and_delivery_record(store):
    rows = [r for r in csv_rows() if r["Recipient Org:Charity Number"] == "1077187"]
    earlier = store.rounds.create(name="ABCT 2019", status="setup", budget=Decimal(100000),
                                  rubric_yaml=(rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8"))
    offers = [Offer(description=f"Bail hearings supported, quarter {n}", quantity=10, unit="hearings")
              for n in range(1, 15)]
    grant = Application(round_id=earlier.id, reference="ABCT-2019-BID", title="Bail casework",
                        organisation=Organisation(name=rows[0]["Recipient Org:Name"], registration="1077187",
                                                  postcode=rows[0]["Recipient Org:Postal Code"]),
                        amount_requested=Decimal(25000), offers=offers)
    store.applications.add([grant])
    earlier = store.rounds.set_status(earlier, "scoring")
    officer = store.assessors.add(earlier, name="Grants officer A")
    store.assessments.set_score(earlier, officer, grant.id, "need_evidence", score=3)
    earlier = store.rounds.set_status(earlier, "moderation", force=True)
    store.panel.decide(earlier, grant, decision="fund", amount_awarded=Decimal(22500), feedback="")
    earlier = store.rounds.set_status(store.rounds.set_status(earlier, "decided", force=True), "monitoring")
    statuses = ["delivered"] * 12 + ["missed", "at_risk"]
    store.deliveries.record_all(earlier, [
        Delivery(offer_id=offer.id, on=date(2025, 12, 1), quantity=10, status=status, recorded_by="Grants officer A")
        for offer, status in zip(offers, statuses)])
    store.deliveries.record_all(earlier, [  # an earlier report of the missed one does not count: the latest does
        Delivery(offer_id=offers[12].id, on=date(2025, 6, 1), quantity=5, status="on_track", recorded_by="A")])

    now = abct_round(store)
    found = store.screenings.diligence(now)
    returning = next(a for a in store.screenings.applicants(now) if a.reference == rows[0]["Identifier"])
    funding = [f for f in found[returning.id] if f.kind == "earlier_funding"]
    assert [f.words for f in funding] == ["Funded £22,500 in round 'ABCT 2019' (ABCT-2019-BID): delivered 12 of 14 "
                                          "commitments; 1 missed, 1 at risk."]
    assert funding[0].concern
    stranger = next(a for a in store.screenings.applicants(now) if a.registration == "1126147")
    assert not [f for f in found[stranger.id] if f.kind == "earlier_funding"]
