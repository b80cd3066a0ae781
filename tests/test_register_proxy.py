"""A £ proxy from the rubric is printed beside the figures, labelled as a proxy, and never as a score."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest

from svassessor.errors import NotAllowed
from svassessor.models import Application, Delivery, Offer, Organisation
from svassessor.monitoring import PROXY_LABEL
from svassessor.register import write_register
from svassessor.rubric.loader import shipped_rubrics
from svassessor.store import Store


@pytest.fixture
def proxied(tmp_path):
    text = shipped_rubrics()["small_grants"].read_text(encoding="utf-8")
    text = text.replace("    name: Volunteer hours\n    unit: hours\n",
                        "    name: Volunteer hours\n    unit: hours\n    proxy_gbp_per_unit: 14.5\n"
                        "    proxy_source: A value for this test\n")
    assert "proxy_gbp_per_unit: 14.5" in text
    with Store.open(tmp_path / "proxied.svdb", actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Proxied round", rubric_yaml=text, funder_name="Test Funder")
        hours = Offer(description="Volunteering", measure="volunteer_hours", quantity=1500, unit="hours")
        app = Application(round_id=round_.id, reference="PX-1", title="Project", organisation=Organisation(name="Org"),
                          amount_requested=Decimal(5000), offers=[hours])
        store.applications.add([app])
        round_ = store.rounds.set_status(round_, "scoring")
        officer = store.assessors.add(round_, name="Grants officer A")
        store.assessments.set_score(round_, officer, app.id, "need_evidence", score=3)
        round_ = store.rounds.set_status(round_, "moderation", force=True)  # one score is enough here
        store.panel.decide(round_, app, decision="fund", amount_awarded=Decimal(5000), feedback="")
        round_ = store.rounds.set_status(store.rounds.set_status(round_, "decided"), "monitoring")
        store.deliveries.record(round_, Delivery(offer_id=hours.id, on=date(2026, 6, 1), quantity=690,
                                                 status="on_track", story="A story.", recorded_by="Panel chair"))
        yield store, round_


def test_the_proxy_is_labelled_with_its_arithmetic_in_every_format(proxied, tmp_path):
    store, round_ = proxied
    for fmt in ("html", "csv"):
        write_register(store, round_, fmt, tmp_path / f"register.{fmt}")
    html = (tmp_path / "register.html").read_text(encoding="utf-8")
    # 690 hours × £14.50 = £10,005 so far; 1,500 × £14.50 = £21,750 promised
    assert f"{PROXY_LABEL}: 690 hours × £14.50 = £10,005 so far (promised 1,500 × £14.50 = £21,750)" in html
    assert "Source: A value for this test" in html
    (row,) = csv.DictReader((tmp_path / "register.csv").read_text(encoding="utf-8-sig").splitlines())
    assert row[f"Proxy £ per unit ({PROXY_LABEL})"] == "14.5"
    assert row[f"Proxy £ of delivery so far ({PROXY_LABEL})"] == "10005"
    assert not any("score" in k.casefold() and PROXY_LABEL not in k for k in row)


def test_an_unknown_format_is_refused_in_words(proxied, tmp_path):
    store, round_ = proxied
    with pytest.raises(NotAllowed, match="'docx' is not a register format; use one of pdf, csv, xlsx, html"):
        write_register(store, round_, "docx", tmp_path / "register.docx")  # type: ignore[arg-type]
