"""Writing a round file: every row of one round, and its history, as `RoundFile` (see `format`)."""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor import __version__
from svassessor.models import Round, utc_now
from svassessor.references import reference_key
from svassessor.reports.output import atomic_output
from svassessor.repository.rows import yes_no
from svassessor.roundfile import format as f
from svassessor.roundfile.history import round_events
from svassessor.storage.codec import dicts, pounds, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store


def _rows(store: Store, sql: str, round_id: str) -> list[dict]:
    return dicts(store.database.conn.execute(sql, [round_id]))


def _by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _of_applications(table: str, order: str = "t.id") -> str:
    return (f"SELECT t.* FROM {table} t JOIN applications a ON a.id = t.application_id "
            f"WHERE a.round_id = ? ORDER BY {order}")


def build_round_file(store: Store, round_: Round) -> f.RoundFile:
    """The round as the file format's model (what `export_round` dumps)."""
    conn = store.database.conn
    row = dicts(conn.execute("SELECT * FROM rounds WHERE id = ?", [round_.id]))[0]
    snapshot = dicts(conn.execute("SELECT * FROM rubric_snapshots WHERE id = ?", [row["rubric_snapshot_id"]]))[0]
    rubric = store.rounds.rubric(round_)
    conflicts = _by(_rows(store, "SELECT c.* FROM conflicts c JOIN assessors s ON s.id = c.assessor_id "
                                 "WHERE s.round_id = ? ORDER BY c.id", round_.id), "assessor_id")
    assignments = _by(_rows(store, "SELECT g.* FROM assignments g JOIN assessors s ON s.id = g.assessor_id "
                                   "WHERE s.round_id = ? ORDER BY g.id", round_.id), "assessor_id")
    narratives = _by(_rows(store, _of_applications("narratives", "t.position, t.id"), round_.id), "application_id")
    offers = _by(_rows(store, _of_applications("offers", "t.position, t.id"), round_.id), "application_id")
    attachments = _by(_rows(store, _of_applications("attachments", "t.added_at, t.id"), round_.id), "application_id")
    scores = _by(_rows(store, "SELECT s.* FROM scores s JOIN assessments t ON t.id = s.assessment_id JOIN "
                              "applications a ON a.id = t.application_id WHERE a.round_id = ? "
                              "ORDER BY s.criterion_id, s.id", round_.id), "assessment_id")
    return f.RoundFile(
        format_version=f.FORMAT_VERSION, generator=f"svassessor {__version__}", exported_at=utc_text(utc_now()),
        exported_by=store.actor,
        round=f.RoundPart(
            **{k: row[k] for k in ("id", "name", "status", "opens", "closes", "sv_weight", "funder_name",
                                   "funder_org_id", "funder_identifier", "nation", "standstill_from", "created_at")},
            budget=pounds(row["budget_pence"]),
            anonymised=None if row["anonymised"] is None else bool(row["anonymised"]), reveal_at=row["reveal_at"],
            rubric=f.Rubric(
                snapshot_id=snapshot["id"], id=snapshot["rubric_id"], version=snapshot["version"],
                name=snapshot["name"], sha256=snapshot["sha256"], yaml=snapshot["yaml"],
                themes=[f.Theme(id=t.id, title=t.title, criteria=[f.Criterion(id=c.id, title=c.title)
                                                                   for c in t.criteria]) for t in rubric.themes])),
        assessors=[f.AssessorPart(
            id=a["id"], name=a["name"], role=a["role"], interests=a["interests"], created_at=a["created_at"],
            conflicts=[f.Conflict(**{k: c[k] for k in ("id", "application_id", "reason", "declared_at")})
                       for c in conflicts[a["id"]]],
            assignments=[f.Assignment(**{k: g[k] for k in ("id", "application_id", "assigned_at")})
                         for g in assignments[a["id"]]])
            for a in _rows(store, "SELECT * FROM assessors WHERE round_id = ? ORDER BY created_at, id", round_.id)],
        applications=[_application(a, narratives[a["id"]], offers[a["id"]], attachments[a["id"]]) for a in sorted(
            _rows(store, "SELECT * FROM applications WHERE round_id = ?", round_.id),
            key=lambda a: reference_key(a["reference"]))],
        assessments=[f.AssessmentPart(
            **{k: a[k] for k in ("id", "application_id", "assessor_id", "status", "overall_comment", "submitted_at",
                                 "updated_at")},
            scores=[f.Score(**{**{k: s[k] for k in ("id", "criterion_id", "score", "comment", "confidence",
                                                     "updated_at")}, "not_scored": bool(s["not_scored"])})
                    for s in scores[a["id"]]])
            for a in _rows(store, _of_applications("assessments"), round_.id)],
        annotations=[f.AnnotationPart(**a) for a in _rows(store, _of_applications("annotations"), round_.id)],
        moderation=[f.ModerationPart(**m) for m in _rows(store, _of_applications("moderations"), round_.id)],
        decisions=[f.DecisionPart(**_without(d, "amount_awarded_pence"),
                                  amount_awarded=pounds(d["amount_awarded_pence"]))
                   for d in _rows(store, _of_applications("decisions"), round_.id)],
        deliveries=[f.DeliveryPart(**d) for d in _rows(
            store, "SELECT d.* FROM deliveries d JOIN offers o ON o.id = d.offer_id JOIN applications a "
                   "ON a.id = o.application_id WHERE a.round_id = ? ORDER BY d.on_date, d.id", round_.id)],
        explanation_overrides=[f.ExplanationOverridePart(**o) for o in _rows(
            store, _of_applications("explanation_overrides"), round_.id)],
        screenings=[f.ScreeningPart(**{**x, "answers": json.loads(x["answers"])})
                    for x in _rows(store, _of_applications("screenings"), round_.id)],
        redaction_words=[f.RedactionWordPart(**_without(w, "round_id")) for w in _rows(
            store, "SELECT * FROM redaction_words WHERE round_id = ? ORDER BY added_at, id", round_.id)],
        audit=round_events(store.database, round_.id, snapshot["id"]),
    )


def _without(row: dict, *columns: str) -> dict:
    return {k: v for k, v in row.items() if k not in columns}


def _application(a: dict, narratives: list[dict], offers: list[dict], attachments: list[dict]) -> f.ApplicationPart:
    return f.ApplicationPart(
        id=a["id"], reference=a["reference"],
        organisation=f.OrganisationPart(name=a["org_name"], type=a["org_type"], registration=a["org_registration"],
                                        postcode=a["org_postcode"], area=a["org_area"], sme=yes_no(a["sme"]),
                                        vcse=yes_no(a["vcse"])),
        title=a["title"], amount_requested=pounds(a["amount_requested_pence"]), price=pounds(a["price_pence"]),
        summary=a["summary"], received=a["received"], extra=json.loads(a["extra"]), created_at=a["created_at"],
        updated_at=a["updated_at"],
        narrative=[f.Narrative(**_without(n, "application_id")) for n in narratives],
        offers=[f.OfferPart(**_without(o, "application_id")) for o in offers],
        attachments=[f.AttachmentPart(**_without(t, "application_id", "content"),
                                      content_base64=base64.b64encode(t["content"]).decode("ascii"))
                     for t in attachments],
    )


def export_round(store: Store, round_: Round) -> dict:
    """The whole round as a JSON-ready dict: the lossless round file (DESIGN §9)."""
    return build_round_file(store, round_).model_dump(mode="json")


def write_round_json(store: Store, round_: Round, path: Path) -> None:
    """Write the round file to `path` (UTF-8, indented), replacing it only once it is written whole."""
    text = json.dumps(export_round(store, round_), ensure_ascii=False, indent=1)
    with atomic_output(path) as partial:  # a full disk: one sentence, and no .partial file left behind
        partial.write_text(text + "\n", encoding="utf-8")
