"""A round's delivery-report files listed with the report they belong to: for `deliveries files` and `extract`.

Read only, and without content (a round's files can be large): each row names the application's
reference, the offer's number (1, 2, …) and the report's date alongside the file's own name, size
and SHA-256. The content is read one file at a time through `DeliveryFiles.content`, which checks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svassessor.models import Round
from svassessor.references import reference_key
from svassessor.storage.codec import dicts

if TYPE_CHECKING:
    from svassessor.store import Store


@dataclass(frozen=True)
class ReportFile:
    """One stored file of a delivery report, with where it belongs."""

    id: str
    delivery_id: str
    reference: str
    offer: int  # the offer's number in its application, from 1
    offer_description: str
    report_date: str  # YYYY-MM-DD
    filename: str  # as stored: the grant holder's name, not yet made safe to write
    media_type: str
    size: int
    sha256: str
    added_at: str

    def as_json(self) -> dict:
        return {"reference": self.reference, "offer": self.offer, "offer_description": self.offer_description,
                "report_date": self.report_date, "filename": self.filename, "media_type": self.media_type,
                "size": self.size, "sha256": self.sha256, "id": self.id, "delivery_id": self.delivery_id,
                "added_at": self.added_at}


def report_files(store: Store, round_: Round, reference: str | None = None) -> list[ReportFile]:
    """The round's report files (of one application, when `reference` is given), by reference, offer and date.

    An unknown reference raises NotFound naming it and the round.
    """
    where, params = "a.round_id = ?", [round_.id]
    if reference is not None:
        application = store.applications.get(round_, reference)  # NotFound, in one sentence
        where, params = "a.id = ?", [application.id]
    rows = dicts(store.database.conn.execute(
        "SELECT t.id, t.delivery_id, a.reference, o.position, o.description, d.on_date, t.filename, "
        "t.media_type, t.size, t.sha256, t.added_at "
        "FROM attachments t JOIN deliveries d ON d.id = t.delivery_id JOIN offers o ON o.id = d.offer_id "
        f"JOIN applications a ON a.id = o.application_id WHERE {where} "
        "ORDER BY a.reference, o.position, d.on_date, t.added_at, t.filename", params))
    rows.sort(key=lambda r: reference_key(r["reference"]))  # natural order; stable, so the rest stays as above
    return [ReportFile(id=r["id"], delivery_id=r["delivery_id"], reference=r["reference"], offer=r["position"] + 1,
                       offer_description=r["description"], report_date=str(r["on_date"])[:10],
                       filename=r["filename"], media_type=r["media_type"], size=r["size"], sha256=r["sha256"],
                       added_at=r["added_at"]) for r in rows]
