"""Erasing applicants' personal data from a file: the rows, and every copy of the values in the audit log.

One applicant at a time, in one transaction for the whole request: each of its rows that holds personal data
is rewritten without it (an audited update, recorded even when there was nothing left to change, so the
row's last event holds no personal data), its files are deleted (audited), then every earlier value of those
rows, and of rows of it deleted long ago, is erased from the log (`storage.erasure`), and an `erasures` row,
itself audited, records who erased whom, when, what, and which rows' history it erased. What is kept, and
why, is in the README ("Personal data"). The log must verify first: an erasure vouches for what it erases.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed
from svassessor.models import Round, utc_now
from svassessor.privacy.personal_text import contact_details, without_personal_parts
from svassessor.references import reference_key
from svassessor.storage.audit import AuditWriter, canonical, verify
from svassessor.storage.codec import dicts, new_id, utc_parse, utc_text
from svassessor.storage.erasure import erase_history

if TYPE_CHECKING:
    from svassessor.store import Store

_TABLES = ("applications", "narratives", "offers", "attachments", "deliveries", "annotations")


@dataclass(frozen=True)
class ErasureRecord:
    """One applicant's erasure, as the file keeps it."""

    reference: str
    label: str
    what: str
    erased_by: str
    erased_at: datetime


@dataclass(frozen=True)
class PlannedErasure:
    reference: str
    organisation: str
    what: str  # what would be erased, in words
    events: int  # audit events holding values that would be erased


class Erasures:
    def __init__(self, store: Store):
        self.store = store

    def records(self, round_: Round) -> list[ErasureRecord]:
        rows = self.store.database.conn.execute(
            "SELECT a.reference, e.label, e.what, e.erased_by, e.erased_at FROM erasures e "
            "JOIN applications a ON a.id = e.application_id WHERE e.round_id = ? ORDER BY e.erased_at, e.label",
            [round_.id]).fetchall()
        return [ErasureRecord(ref, label, what, by, utc_parse(at)) for ref, label, what, by, at in rows]

    def overdue_line(self) -> str | None:
        """The file's rounds past their retention date that still hold personal data, in one line (by the store's
        clock), for the window's status and `erase --dry-run`; None when none."""
        from svassessor.privacy.retention import overdue, overdue_line

        return overdue_line(overdue(self.store.rounds.list(), self.store.clock.today(), self.still_held()))

    def still_held(self) -> dict[str, int]:
        """Round name → how many of its applicants have not been erased."""
        return dict(self.store.database.conn.execute(
            "SELECT r.name, count(a.id) FROM rounds r JOIN applications a ON a.round_id = r.id "
            "WHERE a.id NOT IN (SELECT application_id FROM erasures) GROUP BY r.id"))

    def plan(self, round_: Round, references: Sequence[str] | None = None) -> list[PlannedErasure]:
        """What erasing the round (or these applicants) would take out; applicants already erased are left out."""
        apps = self._applications(round_, references)
        scopes = self._scopes(set(apps))
        planned = []
        for app_id, app in apps.items():
            current = self._current(app_id)
            events = sum(self._events_with_values(table, ids) for table, ids in scopes[app_id].items())
            planned.append(PlannedErasure(app["reference"], app["org_name"], _what(app, current), events))
        return planned

    def erase(self, round_: Round, references: Sequence[str] | None = None) -> list[ErasureRecord]:
        """Erase the personal data of the round's applicants (or of these); refuses when there is none to erase."""
        apps = self._applications(round_, references)
        if not apps:
            raise NotAllowed(f"Every applicant of round '{round_.name}' has been erased already; nothing was "
                             f"erased again.")
        problem = verify(self.store.database)
        if problem is not None:
            raise NotAllowed(f"The audit log of {self.store.database.path} does not verify ({problem.message}), so "
                             f"nothing was erased: an erasure vouches for the history it erases. Restore a backup "
                             f"that checks, or ask for help.")
        scopes = self._scopes(set(apps))
        conn = self.store.database.conn
        conn.execute("PRAGMA secure_delete = ON")  # space freed by the erasure is overwritten, not just let go
        numbered = conn.execute("SELECT count(*) FROM erasures WHERE round_id = ?", [round_.id]).fetchone()[0]
        records = []
        with self.store.change() as audit:
            since = audit.last_seq
            labels = {}
            for n, (app_id, app) in enumerate(apps.items(), start=numbered + 1):
                labels[app_id] = f"Erased applicant {n:03d}"
                records.append((app_id, _what(app, self._current(app_id))))
                self._rewrite(audit, app, labels[app_id])
            now = utc_now()
            for app_id, what in records:
                erasure_id = new_id()
                cut, digest = erase_history(conn, scopes[app_id], erasure_id, since=since)
                audit.insert("erasures", {
                    "id": erasure_id, "round_id": round_.id, "application_id": app_id, "label": labels[app_id],
                    "what": what, "erased_rows": canonical({t: sorted(ids) for t, ids in scopes[app_id].items()}),
                    "old_events": cut, "old_events_digest": digest, "erased_by": self.store.actor,
                    "erased_at": utc_text(now)})
        return [ErasureRecord(apps[app_id]["reference"], labels[app_id], what, self.store.actor, now)
                for app_id, what in records]

    def _applications(self, round_: Round, references: Sequence[str] | None) -> dict[str, dict]:
        """The applicants to erase, in reference order: those named, or every one not yet erased."""
        conn = self.store.database.conn
        rows = dicts(conn.execute("SELECT * FROM applications WHERE round_id = ? AND id NOT IN "
                                  "(SELECT application_id FROM erasures)", [round_.id]))
        if references is not None:
            held = {r["reference"]: r for r in rows}
            for reference in references:
                if reference not in held:
                    app = self.store.applications.get(round_, reference)  # NotFound names the reference
                    by, at = conn.execute("SELECT erased_by, erased_at FROM erasures WHERE application_id = ? "
                                          "ORDER BY erased_at DESC", [app.id]).fetchone()
                    raise NotAllowed(f"{reference}'s personal data was erased on {at[:10]} by {by}; nothing was "
                                     f"erased again.")
            rows = [held[reference] for reference in dict.fromkeys(references)]
        return {r["id"]: r for r in sorted(rows, key=lambda r: reference_key(r["reference"]))}

    def _scopes(self, app_ids: set[str]) -> dict[str, dict[str, set[str]]]:
        """Application → table → every row of it the log has ever recorded (rows since deleted included)."""
        scopes: dict[str, dict[str, set[str]]] = {a: defaultdict(set) for a in app_ids}
        offers: dict[str, str] = {}
        deliveries: list[tuple[str, str]] = []
        marks = ",".join("?" * len(_TABLES))
        for entity, entity_id, app_id, offer_id in self.store.database.conn.execute(
                "SELECT DISTINCT entity, entity_id, json_extract(coalesce(new, old), '$.application_id'), "
                f"json_extract(coalesce(new, old), '$.offer_id') FROM audit WHERE entity IN ({marks})", _TABLES):
            owner = entity_id if entity == "applications" else app_id
            if entity == "offers":
                offers[entity_id] = app_id
            if entity == "deliveries":
                deliveries.append((entity_id, offer_id))
            elif owner in scopes:
                scopes[owner][entity].add(entity_id)
        for delivery_id, offer_id in deliveries:
            if offers.get(offer_id) in scopes:
                scopes[offers[offer_id]]["deliveries"].add(delivery_id)
        return scopes

    def _current(self, app_id: str) -> dict[str, list[dict]]:
        conn = self.store.database.conn
        return {
            "narratives": dicts(conn.execute("SELECT * FROM narratives WHERE application_id = ?", [app_id])),
            "offers": dicts(conn.execute("SELECT * FROM offers WHERE application_id = ?", [app_id])),
            "attachments": dicts(conn.execute("SELECT id, delivery_id FROM attachments WHERE application_id = ?",
                                              [app_id])),
            "deliveries": dicts(conn.execute("SELECT d.* FROM deliveries d JOIN offers o ON o.id = d.offer_id "
                                             "WHERE o.application_id = ?", [app_id])),
            "annotations": dicts(conn.execute("SELECT * FROM annotations WHERE application_id = ?", [app_id])),
        }

    def _events_with_values(self, table: str, ids: set[str]) -> int:
        count, ordered = 0, sorted(ids)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start:start + 500]
            count += self.store.database.conn.execute(
                f"SELECT count(*) FROM audit WHERE entity = ? AND entity_id IN ({','.join('?' * len(chunk))}) AND "
                "(old_private IS NOT NULL OR new_private IS NOT NULL OR (format = 1 AND erased_by IS NULL))",
                [table, *chunk]).fetchone()[0]
        return count

    def _rewrite(self, audit: AuditWriter, app: dict, label: str) -> None:
        """Every row of the applicant without its personal data; its files deleted."""
        current = self._current(app["id"])
        known = [app["org_name"], *contact_details(json.loads(app["extra"] or "{}"))]
        audit.update("applications", app["id"], {
            "org_name": label, "org_postcode": None, "title": without_personal_parts(app["title"], known),
            "summary": "", "extra": "{}"}, old=app, even_if_unchanged=True)
        for row in current["narratives"]:
            audit.update("narratives", row["id"], {"text": "", "source": None}, old=row, even_if_unchanged=True)
        for row in current["offers"]:
            audit.update("offers", row["id"], {"description": without_personal_parts(row["description"], known),
                                               "evidence": None}, old=row, even_if_unchanged=True)
        for row in current["deliveries"]:
            audit.update("deliveries", row["id"], {"evidence": "", "story": ""}, old=row, even_if_unchanged=True)
        for row in current["annotations"]:
            audit.update("annotations", row["id"], {"quote": ""}, old=row, even_if_unchanged=True)
        for row in current["attachments"]:
            audit.delete("attachments", row["id"])


def _what(app: dict, current: dict[str, list[dict]]) -> str:
    """What an erasure of this applicant takes out, in words (it names no value)."""
    extra = json.loads(app["extra"] or "{}")
    parts = ["organisation name", "postcode", "summary", "names in the title"]
    if extra:
        parts.append(_count(len(extra), "other form answer"))
    for table, one in (("narratives", "narrative answer"), ("offers", "offer's description and evidence"),
                       ("deliveries", "delivery report's story and evidence"), ("annotations", "highlighted quote")):
        if current[table]:
            parts.append(_count(len(current[table]), one))
    files = current["attachments"]
    if files:
        parts.append(_count(len(files), "file"))
    return ", ".join(parts) + "; and every earlier value of them in the audit log"


def _count(n: int, one: str) -> str:
    if n == 1:
        return f"1 {one}"
    plural = one.replace("answer", "answers").replace("offer's", "offers'").replace("report's", "reports'")
    plural = plural.replace("quote", "quotes").replace("file", "files")
    return f"{n} {plural}"
