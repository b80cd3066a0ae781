"""Deliveries: what a funded offer has achieved so far (DESIGN §3, §2.8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed
from svassessor.models import Delivery, Round
from svassessor.repository.rows import delivery_model, dicts
from svassessor.storage.codec import date_text, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store


class Deliveries:
    def __init__(self, store: Store):
        self.store = store

    def record(self, round_: Round, delivery: Delivery) -> Delivery:
        conn = self.store.database.conn
        status = conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
        if status != "monitoring":
            raise NotAllowed(f"Round '{round_.name}' is in {status}; deliveries are recorded in monitoring.")
        if conn.execute("SELECT 1 FROM offers o JOIN applications a ON a.id = o.application_id "
                        "WHERE o.id = ? AND a.round_id = ?", [delivery.offer_id, round_.id]).fetchone() is None:
            raise NotAllowed(f"That offer is not part of round '{round_.name}'.")
        with self.store.change(delivery.recorded_by) as audit:
            audit.insert("deliveries", {
                "id": delivery.id, "offer_id": delivery.offer_id, "on_date": date_text(delivery.on),
                "quantity": delivery.quantity, "status": delivery.status, "evidence": delivery.evidence,
                "story": delivery.story, "recorded_by": delivery.recorded_by,
                "recorded_at": utc_text(delivery.recorded_at)})
        return delivery

    def for_round(self, round_: Round) -> list[Delivery]:
        return [delivery_model(r) for r in dicts(self.store.database.conn.execute(
            "SELECT d.* FROM deliveries d JOIN offers o ON o.id = d.offer_id JOIN applications a "
            "ON a.id = o.application_id WHERE a.round_id = ? ORDER BY d.on_date, d.recorded_at", [round_.id]))]
