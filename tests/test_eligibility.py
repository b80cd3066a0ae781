"""Eligibility in the core: the rules from an application's stored fields, the officer's screening, and
who is out of scoring, from an empty file with the AB Charitable Trust's published grants."""

from __future__ import annotations

import json

import pytest

from svassessor.eligibility.applicant import Applicant
from svassessor.eligibility.result import evaluate
from svassessor.errors import NotAllowed, RubricError
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.round_status import WorkLeft
from svassessor.roundfile import export_round, import_round_json, write_round_json
from svassessor.rubric.loader import load_rubric_text
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.eligibility_world import abct_round, over_the_maximum, rubric_with

RULES = rubric_with("""\
  amount: {min: 5000, max: 20000}
  organisation_types: [Registered charity, Charitable incorporated organisation, CIC]
  places: {postcode_districts: [B6, B19, SW1A], local_authorities: [Birmingham]}
  registration_required_for: [Registered charity, Charitable incorporated organisation]
  questions:
    - id: constituted
      text: Does the organisation have a governing document and a bank account in its own name?
      guidance: Ask for the governing document and a recent bank statement.
      reason: Your organisation needs a governing document and a bank account in its own name.
    - id: safeguarding
      text: Does the organisation have a safeguarding policy?
""")


def applicant(**fields) -> Applicant:
    base = {"id": "a1", "reference": "SG-2026-0001", "organisation": "Aston Youth Hub",
            "org_type": "Registered charity", "registration": "1126147", "postcode": "B6 4AB", "area": None,
            "amount_pence": 1_250_000}
    return Applicant(**{**base, **fields})


def rules():
    return load_rubric_text(RULES, filename="rules.yaml").eligibility


def test_every_rule_passes_and_the_questions_wait_for_the_officer():
    result = evaluate(rules(), applicant(), None)
    assert [c.outcome for c in result.checks] == ["pass", "pass", "pass", "pass"]
    assert result.status == "unscreened" and result.reasons == ()
    answered = evaluate(rules(), applicant(), _screening(answers={"constituted": True, "safeguarding": True}))
    assert answered.status == "eligible"


def _screening(*, decision=None, reason="", answers=None):
    from datetime import UTC, datetime

    from svassessor.eligibility.result import Screening

    return Screening(decision, reason, answers or {}, "Grants officer A", datetime(2026, 3, 2, tzinfo=UTC))


@pytest.mark.parametrize(("fields", "reason"), [
    ({"amount_pence": 2_000_001}, "You asked for £20,000.01, more than the £20,000 this round can give to one "
                                  "application."),
    ({"amount_pence": 250_000}, "You asked for £2,500, less than the smallest grant this round makes (£5,000)."),
    ({"org_type": "Company limited by shares"}, "This round is open to these types of organisation: Registered "
     "charity; Charitable incorporated organisation; CIC. Your organisation applied as “Company limited by shares”."),
    ({"postcode": "WC2A 1JF"}, "This round funds organisations based in B6, B19, SW1A, Birmingham. The address on "
                               "your application (WC2A 1JF) is outside that area."),
    ({"registration": "  "}, "An organisation applying as “Registered charity” must give its registration number, "
                             "and your application gave none."),
])
def test_a_failed_rule_says_why_in_the_applicants_words(fields, reason):
    result = evaluate(rules(), applicant(**fields), None)
    assert result.status == "ineligible"
    assert result.reasons == (reason,)


def test_places_by_district_not_by_prefix_and_by_local_authority():
    assert evaluate(rules(), applicant(postcode="B60 1AA"), None).checks[2].outcome == "fail"  # B60 is not B6
    assert evaluate(rules(), applicant(postcode="sw1a1aa"), None).checks[2].outcome == "pass"
    assert evaluate(rules(), applicant(postcode=None, area="  birmingham "), None).checks[2].outcome == "pass"
    unknown = evaluate(rules(), applicant(postcode=None, area=None, org_type=None, amount_pence=None,
                                       registration=None), None)
    assert [c.outcome for c in unknown.checks] == ["unknown"] * 4 and unknown.status == "unscreened"


def test_a_no_answer_puts_an_application_out_with_the_questions_reason():
    result = evaluate(rules(), applicant(), _screening(answers={"constituted": False}))
    assert result.status == "ineligible"
    assert result.reasons == ("Your organisation needs a governing document and a bank account in its own name.",)
    no_reason_given = evaluate(rules(), applicant(), _screening(answers={"constituted": True, "safeguarding": False}))
    assert no_reason_given.reasons[0].endswith("Does the organisation have a safeguarding policy?")


def test_a_rubric_author_is_told_where_an_eligibility_section_is_wrong():
    with pytest.raises(RubricError) as error:
        load_rubric_text(rubric_with("  amount: {min: 25000, max: 20000}\n  places: {postcode_districts: [B6, "
                                     "Birmingham]}\n"), filename="mine.yaml")
    assert any(p.startswith("mine.yaml:") and "eligibility.places.postcode_districts[1]: 'Birmingham' is not a "
               "postcode district" in p for p in error.value.problems)
    with pytest.raises(RubricError) as error:
        load_rubric_text(rubric_with("  amount: {min: 25000, max: 20000}\n  shoe_size: 9\n"), filename="mine.yaml")
    assert any("eligibility.amount: min £25,000 is more than max £20,000" in p for p in error.value.problems)
    assert any("shoe_size" in p for p in error.value.problems)


# --- in a file: ABCT's grants --------------------------------------------------------------------


@pytest.fixture
def abct(store: Store):
    return abct_round(store, rubric=rubric_with("  amount: {max: 20000}\n  questions:\n    - id: constituted\n"
                                                "      text: Does it have a bank account in its own name?\n"),
                      status="scoring")


def test_the_questions_leave_everyone_within_the_amount_unscreened_until_answered(store, abct):
    results = store.screenings.results(abct)
    statuses = {s.applicant.reference: s.result.status for s in results}
    over = over_the_maximum()
    assert {r for r, s in statuses.items() if s == "ineligible"} == over
    assert {s for r, s in statuses.items() if r not in over} == {"unscreened"}
    assert store.screenings.ineligible_ids(abct) == {s.applicant.id for s in results
                                                     if s.applicant.reference in over}


def test_an_overrule_needs_a_reason_is_audited_and_puts_the_application_back_in(store, abct):
    app = store.applications.get(abct, sorted(over_the_maximum())[0])
    with pytest.raises(NotAllowed, match="needs a reason for the panel"):
        store.screenings.screen(abct, app.id, decision="eligible")
    assert store.screenings.record(app.id) is None  # nothing half-changed
    screened = store.screenings.screen(abct, app.id, decision="eligible", reason="Trustees agreed a larger grant.",
                                       answers={"constituted": True})
    assert screened.result.status == "eligible" and screened.result.overruled
    assert app.id not in store.screenings.ineligible_ids(abct)
    event = store.database.conn.execute("SELECT actor, action, new FROM audit WHERE entity = 'screenings' "
                                        "ORDER BY seq DESC LIMIT 1").fetchone()
    assert event[0] == "Panel chair" and event[1] == "insert"
    assert json.loads(event[2])["reason"] == "Trustees agreed a larger grant."
    store.screenings.restore(abct, app.id, None)  # what an undo does
    assert store.screenings.result(abct, app.id).result.status == "ineligible"
    assert [a for (a,) in store.database.conn.execute(
        "SELECT action FROM audit WHERE entity = 'screenings' ORDER BY seq")] == ["insert", "delete"]
    assert check_file(store.database.path).ok


def test_an_ineligible_application_cannot_be_scored(store, abct):
    officer = store.assessors.add(abct, name="Grants officer A")
    out = store.applications.get(abct, sorted(over_the_maximum())[0])
    with pytest.raises(NotAllowed) as refused:
        store.assessments.set_score(abct, officer, out.id, "need_evidence", score=3)
    assert str(refused.value).startswith(f"{out.reference} is not eligible for round 'ABCT 2020', so it is not "
                                         f"scored: Asks for £")
    inside = next(s for s in store.screenings.results(abct) if s.result.status == "unscreened")
    store.assessments.set_score(abct, officer, inside.applicant.id, "need_evidence", score=3)


def test_screening_is_done_in_setup_or_scoring_and_in_the_chairs_file(store, abct, tmp_path):
    app = next(s for s in store.screenings.results(abct) if s.result.status == "unscreened").applicant
    officer = store.assessors.add(abct, name="Grants officer A")
    store.assessments.set_score(abct, officer, app.id, "need_evidence", score=3)
    prepared = prepare_assessor_file(store, round_name=abct.name, assessor_name="Grants officer A",
                                     out=tmp_path / "a.svdb")
    assert prepared.applications == 783 - len(over_the_maximum())
    with Store.open(tmp_path / "a.svdb", actor="Grants officer A") as theirs:
        with pytest.raises(NotAllowed, match="This file was prepared for Grants officer A, so applications cannot "
                                             "be screened in it"):
            theirs.screenings.screen(theirs.rounds.get(), app.id, answers={"constituted": True})
    moved = store.rounds.set_status(abct, "moderation", force=True)
    with pytest.raises(NotAllowed, match=r"Round 'ABCT 2020' is in moderation, so applications cannot be screened "
                                         r"\(that is done in setup or scoring"):
        store.screenings.screen(moved, app.id, answers={"constituted": True})


def test_an_overruled_application_can_be_scored_in_the_assessors_file(store, abct, tmp_path):
    out = store.applications.get(abct, sorted(over_the_maximum())[0])
    store.screenings.screen(abct, out.id, decision="eligible", reason="Trustees agreed.")
    store.assessors.add(abct, name="Grants officer A")
    prepare_assessor_file(store, round_name=abct.name, assessor_name="Grants officer A", out=tmp_path / "a.svdb")
    with Store.open(tmp_path / "a.svdb", actor="Grants officer A") as theirs:
        round_ = theirs.rounds.get()
        officer = theirs.assessors.get(round_, "Grants officer A")
        theirs.assessments.set_score(round_, officer, out.id, "need_evidence", score=2)  # not refused


def test_ineligible_applications_need_no_score_before_moderation(store, abct):
    officer = store.assessors.add(abct, name="Grants officer A")
    inside = next(s for s in store.screenings.results(abct) if s.result.status != "ineligible")
    store.assessments.set_score(abct, officer, inside.applicant.id, "need_evidence", score=3)
    eligible = 783 - len(over_the_maximum())
    with pytest.raises(WorkLeft) as left:
        store.rounds.set_status(abct, "moderation")
    assert f"{eligible - 1} of {eligible} applications have no score" in str(left.value)


def test_screenings_travel_in_the_round_file(store, abct, tmp_path):
    out = store.applications.get(abct, sorted(over_the_maximum())[0])
    store.screenings.screen(abct, out.id, decision="eligible", reason="Trustees agreed.", answers={"constituted": True})
    first = export_round(store, abct)
    assert first["screenings"][0]["answers"] == {"constituted": "yes"}
    write_round_json(store, abct, tmp_path / "round.json")
    with Store.open(tmp_path / "other.svdb", actor="Importer", create=True) as other:
        again = import_round_json(other, tmp_path / "round.json")
        assert export_round(other, again)["screenings"] == first["screenings"]
        assert other.screenings.result(again, out.id).result.overruled
        assert other.screenings.ineligible_ids(again) == store.screenings.ineligible_ids(abct)
    assert check_file(tmp_path / "other.svdb").ok


def test_without_rules_everyone_is_eligible_until_an_officer_says_otherwise(store):
    from svassessor.paths import rubrics_dir

    round_ = abct_round(store, rubric=(rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8"))
    assert {s.result.status for s in store.screenings.results(round_)} == {"eligible"}
    app = store.screenings.applicants(round_)[0]
    store.screenings.screen(round_, app.id, decision="ineligible", reason="Your project is outside our themes.")
    assert store.screenings.ineligible_ids(round_) == {app.id}
    assert store.screenings.result(round_, app.id).result.reasons == ("Your project is outside our themes.",)


def test_an_ineligible_application_can_be_declined_but_not_funded(store, abct):
    from decimal import Decimal

    out = store.applications.get(abct, sorted(over_the_maximum())[0])
    officer = store.assessors.add(abct, name="Grants officer A")
    inside = next(s for s in store.screenings.results(abct) if s.result.status == "unscreened")
    store.assessments.set_score(abct, officer, inside.applicant.id, "need_evidence", score=3)
    round_ = store.rounds.set_status(abct, "moderation", force=True)
    with pytest.raises(NotAllowed, match="It can only be declined"):
        store.panel.decide(round_, out, decision="fund", amount_awarded=Decimal(20000), feedback="")
    with pytest.raises(NotAllowed, match="It can only be declined"):
        store.panel.decide(round_, out, decision="reserve", amount_awarded=None, feedback="")
    assert store.panel.decisions(round_) == []
    store.panel.decide(round_, out, decision="decline", amount_awarded=None, feedback="Over the maximum.")
    assert [d.decision for d in store.panel.decisions(round_)] == ["decline"]
