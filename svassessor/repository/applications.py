"""Applications with their narrative answers, offers and attachments (their documents' metadata)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Application, NarrativeAnswer, Offer, Round, utc_now
from svassessor.references import reference_key
from svassessor.repository.attachments import Attachments
from svassessor.repository.rounds import UNSET, Unset
from svassessor.repository.rows import application_model, narrative_model, offer_model, stored_yes_no
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import date_text, dicts, pence, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store


def application_row(app: Application, now: str) -> dict:
    org = app.organisation
    return {
        "id": app.id, "round_id": app.round_id, "reference": app.reference, "org_name": org.name,
        "org_type": org.type, "org_registration": org.registration, "org_postcode": org.postcode,
        "org_area": org.area, "sme": stored_yes_no(org.sme), "vcse": stored_yes_no(org.vcse), "title": app.title,
        "amount_requested_pence": pence(app.amount_requested),
        "price_pence": pence(app.price), "summary": app.summary, "received": date_text(app.received),
        "extra": json.dumps(app.extra, sort_keys=True, ensure_ascii=False), "created_at": now, "updated_at": now,
    }


def narrative_row(application_id: str, position: int, answer: NarrativeAnswer) -> dict:
    return {"id": answer.id, "application_id": application_id, "position": position,
            "question": answer.question, "text": answer.text, "source": answer.source}


def offer_row(application_id: str, position: int, offer: Offer) -> dict:
    return {"id": offer.id, "application_id": application_id, "position": position,
            **offer.model_dump(exclude={"id"})}


class Applications:
    def __init__(self, store: Store):
        self.store = store

    def add(self, applications: Iterable[Application]) -> int:
        """Add applications (with narrative and offers) in one transaction; all or nothing."""
        applications = list(applications)
        with self.store.change() as audit:
            self.insert(audit, applications)
        return len(applications)

    def insert(self, audit: AuditWriter, applications: list[Application]) -> None:
        """Insert inside the caller's transaction (imports and the demo build whole rounds at once)."""
        references = [a.reference for a in applications]
        duplicates = sorted({r for r in references if references.count(r) > 1}, key=reference_key)
        if duplicates:
            raise NotAllowed(f"The reference {duplicates[0]} appears more than once.")
        now = utc_text(utc_now())
        audit.insert_many("applications", [application_row(a, now) for a in applications])
        audit.insert_many("narratives", [
            narrative_row(a.id, i, n) for a in applications for i, n in enumerate(a.narrative)])
        audit.insert_many("offers", [offer_row(a.id, i, o) for a in applications for i, o in enumerate(a.offers)])

    def set_supplier(self, application: Application, *, sme: bool | None | Unset = UNSET,
                     vcse: bool | None | Unset = UNSET) -> Application:
        """Record what a contract award notice asks of the applicant: is it an SME, is it a voluntary,
        community or social enterprise (None: not known); only what is passed changes, audited."""
        now = self.by_id(application.id).organisation
        given = {"sme": (sme, now.sme), "vcse": (vcse, now.vcse)}
        changes: dict[str, object] = {k: stored_yes_no(new) for k, (new, old) in given.items()
                                      if not isinstance(new, Unset) and new != old}
        if changes:
            with self.store.change() as audit:
                audit.update("applications", application.id, {**changes, "updated_at": utc_text(utc_now())})
        return self.by_id(application.id)

    def for_round(self, round_: Round) -> list[Application]:
        """Every application of a round, in reference order (natural: -177 before -1769), with narrative,
        offers and attachments."""
        conn = self.store.database.conn
        rows = sorted(dicts(conn.execute("SELECT * FROM applications WHERE round_id = ?", [round_.id])),
                      key=lambda r: reference_key(r["reference"]))
        narratives: dict[str, list[NarrativeAnswer]] = defaultdict(list)
        for row in dicts(conn.execute(
                "SELECT n.* FROM narratives n JOIN applications a ON a.id = n.application_id "
                "WHERE a.round_id = ? ORDER BY n.application_id, n.position", [round_.id])):
            narratives[row["application_id"]].append(narrative_model(row))
        offers: dict[str, list[Offer]] = defaultdict(list)
        for row in dicts(conn.execute(
                "SELECT o.* FROM offers o JOIN applications a ON a.id = o.application_id "
                "WHERE a.round_id = ? ORDER BY o.application_id, o.position", [round_.id])):
            offers[row["application_id"]].append(offer_model(row))
        attachments = Attachments(self.store).for_round(round_)
        return [application_model(r, narratives[r["id"]], offers[r["id"]]).model_copy(
            update={"attachments": attachments.get(r["id"], [])}) for r in rows]

    def get(self, round_: Round, reference: str) -> Application:
        conn = self.store.database.conn
        rows = dicts(conn.execute(
            "SELECT * FROM applications WHERE round_id = ? AND reference = ?", [round_.id, reference]))
        if not rows:
            raise NotFound(f"Round '{round_.name}' has no application with reference '{reference}'.")
        return self._whole(rows[0])

    def by_id(self, application_id: str) -> Application:
        rows = dicts(self.store.database.conn.execute("SELECT * FROM applications WHERE id = ?", [application_id]))
        if not rows:
            raise NotFound(f"There is no application with id {application_id}.")
        return self._whole(rows[0])

    def _whole(self, row: dict) -> Application:
        conn = self.store.database.conn
        narrative = [narrative_model(r) for r in dicts(conn.execute(
            "SELECT * FROM narratives WHERE application_id = ? ORDER BY position", [row["id"]]))]
        offers = [offer_model(r) for r in dicts(conn.execute(
            "SELECT * FROM offers WHERE application_id = ? ORDER BY position", [row["id"]]))]
        return application_model(row, narrative, offers).model_copy(
            update={"attachments": Attachments(self.store).for_application(row["id"])})

