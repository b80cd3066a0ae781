"""The facts a round's progress is counted from (`svassessor.panel.progress`), read lean.

Only ids, references, statuses and times: a round of 2,000 applications is read without parsing a
narrative. Times are the rows' own (`updated_at` of assessments and scores, `created_at` of
highlights), which a merge carries over from the assessor's file; see the core module for why.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from svassessor.models import Round
from svassessor.panel.progress import Pair, ReviewFacts
from svassessor.references import reference_key
from svassessor.storage.codec import utc_parse

if TYPE_CHECKING:
    from svassessor.store import Store

_ROUND_ASSESSMENTS = "FROM assessments a JOIN applications p ON p.id = a.application_id WHERE p.round_id = :round"
_BEGUN = ("EXISTS (SELECT 1 FROM scores s WHERE s.assessment_id = a.id "
          "AND (s.score IS NOT NULL OR s.not_scored))")


def review_facts(store: Store, round_: Round) -> ReviewFacts:
    """The round's panel, applications, assignment and each assessor's begun and submitted reviews."""
    conn = store.database.conn
    applications = sorted(conn.execute("SELECT id, reference FROM applications WHERE round_id = ?", [round_.id]),
                          key=lambda row: reference_key(row[1]))
    begun: set[Pair] = set()
    submitted: set[Pair] = set()
    for application_id, assessor_id, status, started in conn.execute(
            f"SELECT a.application_id, a.assessor_id, a.status, {_BEGUN} {_ROUND_ASSESSMENTS}", {"round": round_.id}):
        if started:
            begun.add((application_id, assessor_id))
        if status == "submitted":
            submitted.add((application_id, assessor_id))
    panel = store.assessors.for_round(round_)
    return ReviewFacts(panel, [(i, r) for i, r in applications], store.assignments.assigned(round_), begun,
                       submitted, _last_activity(store, round_))


def _last_activity(store: Store, round_: Round) -> dict[str, datetime]:
    """Assessor id → the latest time on their assessments, scores and highlights in the round."""
    rows = store.database.conn.execute(
        "SELECT assessor_id, max(at) FROM ("
        f" SELECT a.assessor_id, a.updated_at AS at {_ROUND_ASSESSMENTS}"
        " UNION ALL SELECT a.assessor_id, s.updated_at FROM scores s JOIN assessments a ON a.id = s.assessment_id"
        "  JOIN applications p ON p.id = a.application_id WHERE p.round_id = :round"
        " UNION ALL SELECT n.assessor_id, n.created_at FROM annotations n"
        "  JOIN applications p ON p.id = n.application_id WHERE p.round_id = :round"
        ") GROUP BY assessor_id", {"round": round_.id})
    return {assessor_id: utc_parse(at) for assessor_id, at in rows}
