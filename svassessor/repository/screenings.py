"""Eligibility screening (DESIGN §3): each application's result, the officer's answers and decisions, and
the one answer to "who is out" that scoring, ranking, statistics and assessors' files all go by.

The rules are the round's frozen rubric's (`eligibility:`), evaluated by `svassessor.eligibility` from
the application's stored fields. An officer screens while the round is in setup or scoring, before the
assessors' scores are frozen; in an assessor's prepared file nothing is screened, because the panel is
the chair's and a merge would never carry it back. Every change is one audited transaction.

`ineligible_ids` is the one place that says which applications are out: an ineligible application
keeps its record (and gets a letter that says why) but leaves scoring, the ranking and every statistic.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from svassessor.eligibility.applicant import Applicant
from svassessor.eligibility.diligence import EarlierAward, Finding, findings, same_organisation
from svassessor.eligibility.result import Decision, Result, Screening, decision_problem, evaluate
from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Round, RoundStatus, utc_now
from svassessor.references import reference_key
from svassessor.rubric.model import Eligibility
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import new_id, utc_parse, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store

SCREENING_STATUSES: tuple[RoundStatus, ...] = ("setup", "scoring")
ByRules = Literal["rules"]
"""A decision of "rules": withdraw the officer's decision and let the rules and answers decide again."""

_APPLICANT = ("SELECT id, reference, org_name, org_type, org_registration, org_postcode, org_area, "
              "amount_requested_pence, json_extract(extra, '$.\"Recipient Org:Identifier\"') FROM applications")


@dataclass(frozen=True)
class Screened:
    """One application's eligibility, with the fields it was judged on."""

    applicant: Applicant
    result: Result


def _applicant(row: tuple) -> Applicant:
    return Applicant(*row)


def _screening(decision: str | None, reason: str, answers: str, by: str, at: str) -> Screening:
    return Screening(decision, reason, {k: v == "yes" for k, v in json.loads(answers).items()},  # type: ignore[arg-type]
                     by, utc_parse(at))


class Screenings:
    def __init__(self, store: Store):
        self.store = store

    # --- reading ---------------------------------------------------------------------------------

    def rules(self, round_: Round) -> Eligibility | None:
        """The round's eligibility rules and questions (None: its rubric sets none)."""
        return self.store.rounds.rubric(round_).eligibility

    def records(self, round_: Round) -> dict[str, Screening]:
        """Application id → what the officer recorded, for the applications they have screened."""
        return {row[0]: _screening(*row[1:]) for row in self.store.database.conn.execute(
            "SELECT s.application_id, s.decision, s.reason, s.answers, s.screened_by, s.screened_at "
            "FROM screenings s JOIN applications a ON a.id = s.application_id WHERE a.round_id = ?", [round_.id])}

    def record(self, application_id: str) -> Screening | None:
        """What the officer recorded for one application, if anything (what an undo puts back)."""
        found = self.store.database.conn.execute(
            "SELECT decision, reason, answers, screened_by, screened_at FROM screenings WHERE application_id = ?",
            [application_id]).fetchone()
        return None if found is None else _screening(*found)

    def applicants(self, round_: Round) -> list[Applicant]:
        """The round's applications as the rules read them, in reference order."""
        rows = self.store.database.conn.execute(f"{_APPLICANT} WHERE round_id = ?", [round_.id]).fetchall()
        return sorted((_applicant(r) for r in rows), key=lambda a: reference_key(a.reference))

    def results(self, round_: Round) -> list[Screened]:
        """Every application of the round with its eligibility, in reference order."""
        rules, records = self.rules(round_), self.records(round_)
        return [Screened(a, evaluate(rules, a, records.get(a.id))) for a in self.applicants(round_)]

    def result(self, round_: Round, application_id: str) -> Screened:
        """One application's eligibility."""
        row = self.store.database.conn.execute(f"{_APPLICANT} WHERE id = ? AND round_id = ?",
                                               [application_id, round_.id]).fetchone()
        if row is None:
            raise NotFound(f"Round '{round_.name}' has no such application.")
        applicant = _applicant(row)
        return Screened(applicant, evaluate(self.rules(round_), applicant, self.record(application_id)))

    def ineligible_ids(self, round_: Round) -> set[str]:
        """The ids of the round's applications whose result is ineligible: out of scoring, ranking and statistics."""
        if self.rules(round_) is None:  # no rules: only an officer's decision can put one out
            return {row[0] for row in self.store.database.conn.execute(
                "SELECT s.application_id FROM screenings s JOIN applications a ON a.id = s.application_id "
                "WHERE a.round_id = ? AND s.decision = 'ineligible'", [round_.id])}
        return {s.applicant.id for s in self.results(round_) if s.result.status == "ineligible"}

    def scoring_refusal(self, application_id: str) -> str | None:
        """Why no one may score the application (it is not eligible), or None when it may be scored."""
        # Asked at every score key press: a round without rules needs only the officer's decision, read here.
        found = self.store.database.conn.execute(
            "SELECT a.round_id, s.decision FROM applications a LEFT JOIN screenings s ON s.application_id = a.id "
            "WHERE a.id = ?", [application_id]).fetchone()
        if found is None:
            return None
        round_ = self.store.rounds.by_id(found[0])
        if found[1] != "ineligible" and self.rules(round_) is None:
            return None
        screened = self.result(round_, application_id)
        if screened.result.status != "ineligible":
            return None
        return (f"{screened.applicant.reference} is not eligible for round '{round_.name}', so it is not scored: "
                f"{screened.result.why}")

    def diligence(self, round_: Round) -> dict[str, list[Finding]]:
        """Application id → what due diligence found: registration form, the same organisation twice in the
        round, funding in other rounds of this file with its delivery record."""
        applicants = self.applicants(round_)
        twice = same_organisation(applicants)
        earlier = self._awards_elsewhere(round_)
        return {a.id: findings(a, twice.get(a.id, []), earlier) for a in applicants}

    def _awards_elsewhere(self, round_: Round) -> list[EarlierAward]:
        conn = self.store.database.conn
        funded = conn.execute(
            "SELECT r.name, a.id, a.reference, a.org_name, a.org_type, a.org_registration, a.org_postcode, "
            "a.org_area, a.amount_requested_pence, json_extract(a.extra, '$.\"Recipient Org:Identifier\"'), "
            "d.amount_awarded_pence FROM decisions d "
            "JOIN applications a ON a.id = d.application_id JOIN rounds r ON r.id = a.round_id "
            "WHERE d.decision = 'fund' AND a.round_id != ? ORDER BY r.created_at", [round_.id]).fetchall()
        if not funded:
            return []
        offers = dict(conn.execute(
            "SELECT o.application_id, count(*) FROM offers o JOIN decisions d ON d.application_id = o.application_id "
            "WHERE d.decision = 'fund' GROUP BY o.application_id").fetchall())
        latest: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for application_id, status in conn.execute(
                "SELECT application_id, status FROM (SELECT o.application_id, d.status, row_number() OVER "
                "(PARTITION BY d.offer_id ORDER BY d.on_date DESC, d.recorded_at DESC) AS n FROM deliveries d "
                "JOIN offers o ON o.id = d.offer_id JOIN applications a ON a.id = o.application_id "
                "WHERE a.round_id != ?) WHERE n = 1", [round_.id]):
            latest[application_id][status] += 1
        return [EarlierAward(row[0], _applicant(row[1:10]), row[10], offers.get(row[1], 0), dict(latest[row[1]]))
                for row in funded]

    # --- screening -------------------------------------------------------------------------------

    def screen(self, round_: Round, application_id: str, *, decision: Decision | ByRules | None = None,
               reason: str = "", answers: Mapping[str, bool] | None = None) -> Screened:
        """Record the officer's answers (added to any given before) and, unless `decision` is None, their
        decision: eligible, ineligible (a reason required), or "rules" to let the rules decide again.
        Overruling the rules to make an application eligible needs a reason too (see `decision_problem`)."""
        reason = " ".join(reason.split())
        answers = dict(answers or {})
        rules = self.rules(round_)
        known = [q.id for q in rules.questions] if rules is not None else []
        for question_id in answers:
            if question_id not in known:
                listed = f"its questions: {', '.join(known)}" if known else "its rubric asks none"
                raise NotFound(f"Round '{round_.name}' has no screening question '{question_id}' ({listed}).")
        with self.store.change() as audit:
            self._require_status(audit, round_)
            before = self.result(round_, application_id)
            old = before.result.screening
            merged = {**(old.answers if old else {}), **answers}
            if decision is None:
                new_decision, new_reason = (old.decision, old.reason) if old else (None, "")
            elif decision == "rules":
                new_decision, new_reason = None, ""
            else:
                new_decision, new_reason = decision, reason
            automatic = evaluate(rules, before.applicant, Screening(None, "", merged, self.store.actor, utc_now()))
            if problem := decision_problem(before.applicant.reference, automatic.automatic, new_decision, new_reason):
                raise NotAllowed(problem)
            self._write(audit, application_id, Screening(new_decision, new_reason, merged, self.store.actor,
                                                         utc_now()))
        return self.result(round_, application_id)

    def restore(self, round_: Round, application_id: str, screening: Screening | None) -> None:
        """Put back what the officer had recorded (an undo): that screening, or none at all."""
        with self.store.change() as audit:
            self._require_status(audit, round_)
            if screening is None:
                found = audit.conn.execute("SELECT id FROM screenings WHERE application_id = ?",
                                           [application_id]).fetchone()
                if found is not None:
                    audit.delete("screenings", found[0])
            else:
                self._write(audit, application_id, screening)

    def _write(self, audit: AuditWriter, application_id: str, screening: Screening) -> None:
        row = {"decision": screening.decision, "reason": screening.reason,
               "answers": json.dumps({k: "yes" if v else "no" for k, v in sorted(screening.answers.items())}),
               "screened_by": screening.by, "screened_at": utc_text(screening.at)}
        found = audit.conn.execute("SELECT id FROM screenings WHERE application_id = ?", [application_id]).fetchone()
        if found is None:
            audit.insert("screenings", {"id": new_id(), "application_id": application_id, **row})
        else:
            audit.update("screenings", found[0], row)

    def _require_status(self, audit: AuditWriter, round_: Round) -> None:
        owner = self.store.assessors.file_owner()
        if owner is not None:
            found = audit.conn.execute("SELECT name FROM assessors WHERE id = ?", [owner]).fetchone()
            raise NotAllowed(f"This file was prepared for {found[0] if found else 'one assessor'}, so applications "
                             f"cannot be screened in it (eligibility is screened in the chair's file).")
        name, status = audit.conn.execute("SELECT name, status FROM rounds WHERE id = ?", [round_.id]).fetchone()
        if status not in SCREENING_STATUSES:
            raise NotAllowed(f"Round '{name}' is in {status}, so applications cannot be screened (that is done in "
                             f"setup or scoring, before the scores are frozen).")
