"""Turning rows into models and models into rows, one place per table."""

from __future__ import annotations

import json

from svassessor.models import (
    Annotation,
    Application,
    Assessor,
    CriterionScore,
    Decision,
    Delivery,
    Moderation,
    NarrativeAnswer,
    Offer,
    Organisation,
    Round,
)
from svassessor.storage.codec import date_parse, pounds, utc_parse


def round_model(row: dict) -> Round:
    return Round(
        id=row["id"], name=row["name"], status=row["status"], budget=pounds(row["budget_pence"]),
        opens=date_parse(row["opens"]), closes=date_parse(row["closes"]),
        rubric_snapshot_id=row["rubric_snapshot_id"], sv_weight=row["sv_weight"],
        funder_name=row["funder_name"], funder_org_id=row["funder_org_id"], funder_identifier=row["funder_identifier"],
        nation=row["nation"], standstill_from=date_parse(row["standstill_from"]),
        anonymised=bool(row.get("anonymised")), reveal_at=row.get("reveal_at"),
        retain_until=date_parse(row.get("retain_until")), created_at=utc_parse(row["created_at"]),
    )


def application_model(row: dict, narrative: list[NarrativeAnswer], offers: list[Offer]) -> Application:
    return Application(
        id=row["id"], round_id=row["round_id"], reference=row["reference"],
        organisation=Organisation(
            name=row["org_name"], type=row["org_type"], registration=row["org_registration"],
            postcode=row["org_postcode"], area=row["org_area"], sme=yes_no(row["sme"]), vcse=yes_no(row["vcse"]),
        ),
        title=row["title"], amount_requested=pounds(row["amount_requested_pence"]),
        price=pounds(row["price_pence"]), summary=row["summary"], received=date_parse(row["received"]),
        narrative=narrative, offers=offers, extra=json.loads(row["extra"]),
    )


def yes_no(stored: int | None) -> bool | None:
    """A supplier's answer (is it an SME? a VCSE?) from its column: NULL is None, not asked."""
    return None if stored is None else bool(stored)


def stored_yes_no(answer: bool | None) -> int | None:
    """A supplier's answer as its column holds it: 1, 0, or NULL when it was not asked."""
    return None if answer is None else int(answer)


def narrative_model(row: dict) -> NarrativeAnswer:
    return NarrativeAnswer(id=row["id"], question=row["question"], text=row["text"], source=row["source"])


def offer_model(row: dict) -> Offer:
    return Offer(**{k: row[k] for k in (
        "id", "description", "measure", "quantity", "unit", "beneficiary_group", "place", "timeframe", "evidence")})


def assessor_model(row: dict, conflicts: list[str]) -> Assessor:
    return Assessor(id=row["id"], round_id=row["round_id"], name=row["name"], role=row["role"],
                    interests=row["interests"] or "", conflicts=conflicts)


def score_model(row: dict) -> CriterionScore:
    return CriterionScore(
        criterion_id=row["criterion_id"], score=row["score"], not_scored=bool(row["not_scored"]),
        comment=row["comment"], confidence=row["confidence"], updated_at=utc_parse(row["updated_at"]),
    )


def annotation_model(row: dict) -> Annotation:
    return Annotation(
        id=row["id"], application_id=row["application_id"], assessor_id=row["assessor_id"],
        narrative_id=row["narrative_id"], start=row["start"], end=row["end"], quote=row["quote"], tag=row["tag"],
        note=row["note"], criterion_id=row["criterion_id"], created_at=utc_parse(row["created_at"]),
    )


def moderation_model(row: dict) -> Moderation:
    return Moderation(
        id=row["id"], application_id=row["application_id"], criterion_id=row["criterion_id"], score=row["score"],
        rationale=row["rationale"], moderated_by=row["moderated_by"], updated_at=utc_parse(row["updated_at"]),
    )


def decision_model(row: dict) -> Decision:
    return Decision(
        id=row["id"], application_id=row["application_id"], decision=row["decision"],
        amount_awarded=pounds(row["amount_awarded_pence"]), feedback=row["feedback"],
        decided_by=row["decided_by"], decided_at=utc_parse(row["decided_at"]),
    )


def delivery_model(row: dict) -> Delivery:
    return Delivery(
        id=row["id"], offer_id=row["offer_id"], on=date_parse(row["on_date"]), quantity=row["quantity"],
        status=row["status"], evidence=row["evidence"], story=row["story"], recorded_by=row["recorded_by"],
        recorded_at=utc_parse(row["recorded_at"]),
    )
