"""Deliveries: what a funded offer has achieved so far (DESIGN §3, §2.8).

Every change is one audited transaction and returns what an undo needs: `record` is undone by
`remove` (which hands back the removed delivery, so a redo records it again with the same id),
`amend` hands back the delivery as it was, so amending with that value undoes it. Deliveries are
recorded only while the round is in monitoring, and only against offers of funded applications:
a declined offer has nothing to deliver.

A report may carry files (`delivery_files`): `record` takes them and keeps them with the report in
one transaction; `remove` takes them off with it, so a caller that wants to put a removed report
back reads `store.delivery_files.stored(id)` first and records it again with those files.
`amend_with_files` amends a report and attaches and takes off files in the same transaction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Delivery, Round, utc_now
from svassessor.repository.rows import delivery_model
from svassessor.storage.codec import date_text, dicts, utc_text

if TYPE_CHECKING:
    from svassessor.repository.delivery_files import DeliveryFile
    from svassessor.store import Store

_IN_ROUND = ("SELECT d.* FROM deliveries d JOIN offers o ON o.id = d.offer_id JOIN applications a "
             "ON a.id = o.application_id WHERE a.round_id = ?")


@dataclass(frozen=True)
class Amendment:
    """What `amend_with_files` changed: the report as it was, and the files it attached and took off
    (each with its content, id and time, so that an undo or a redo puts them back exactly)."""

    old: Delivery
    attached: list[DeliveryFile]
    removed: list[DeliveryFile]


def delivery_row(delivery: Delivery) -> dict:
    return {
        "id": delivery.id, "offer_id": delivery.offer_id, "on_date": date_text(delivery.on),
        "quantity": delivery.quantity, "status": delivery.status, "evidence": delivery.evidence,
        "story": delivery.story, "recorded_by": delivery.recorded_by, "recorded_at": utc_text(delivery.recorded_at)}


class Deliveries:
    def __init__(self, store: Store):
        self.store = store

    def record(self, round_: Round, delivery: Delivery, *, files: Sequence[DeliveryFile] = ()) -> Delivery:
        """Record one delivery against a funded offer of a round in monitoring, with its files if any."""
        if not files:
            return self.record_all(round_, [delivery])[0]
        from svassessor.repository.delivery_files import check_file

        self._require_monitoring(round_)
        self._check(round_, delivery)
        for file in files:
            check_file(file)
        with self.store.change(delivery.recorded_by) as audit:
            audit.insert("deliveries", delivery_row(delivery))
            self.store.delivery_files.insert(audit, delivery.offer_id, delivery.id, files)
        return delivery

    def record_all(self, round_: Round, deliveries: Iterable[Delivery]) -> list[Delivery]:
        """Record several deliveries in one transaction (an import): all of them or none."""
        deliveries = list(deliveries)
        self._require_monitoring(round_)
        for delivery in deliveries:
            self._check(round_, delivery)
        with self.store.change(deliveries[0].recorded_by if deliveries else None) as audit:
            audit.insert_many("deliveries", [delivery_row(d) for d in deliveries])
        return deliveries

    def remove(self, round_: Round, delivery_id: str) -> Delivery:
        """Remove a delivery recorded by mistake; returns it, so that it can be recorded again as it was."""
        return self.remove_all(round_, [delivery_id])[0]

    def remove_all(self, round_: Round, delivery_ids: Iterable[str]) -> list[Delivery]:
        """Remove several deliveries, and their files, in one transaction (the undo of an import); returns them."""
        self._require_monitoring(round_)
        removed = [self.get(round_, i) for i in delivery_ids]
        with self.store.change() as audit:
            for delivery in removed:
                for (file_id,) in self.store.database.conn.execute(
                        "SELECT id FROM attachments WHERE delivery_id = ?", [delivery.id]).fetchall():
                    audit.delete("attachments", file_id)
                audit.delete("deliveries", delivery.id)
        return removed

    def amend(self, round_: Round, delivery: Delivery) -> Delivery:
        """Replace what a delivery says (date, quantity, status, evidence, story); returns it as it was.

        Who recorded it and when stay as first recorded; the audit log names who amended it.
        """
        return self.amend_with_files(round_, delivery).old

    def amend_with_files(self, round_: Round, delivery: Delivery, *, attach: Sequence[DeliveryFile] = (),
                         remove: Iterable[str] = ()) -> Amendment:
        """Amend a report, attach files to it and take some of its files off, in one audited transaction.

        `remove` names files of this report (ids); every file to attach is checked (its name, its size)
        before anything is written, so a refusal keeps nothing. The `Amendment` handed back holds what
        an undo needs: `amend_with_files(round_, a.old, attach=a.removed, remove=[f.id for f in a.attached])`
        puts the report and its files back as they were (the same ids and times), and
        `amend_with_files(round_, delivery, attach=a.attached, remove=[f.id for f in a.removed])` redoes it.
        """
        from svassessor.repository.delivery_files import check_file

        self._require_monitoring(round_)
        old = self.get(round_, delivery.id)
        if delivery.offer_id != old.offer_id:
            raise NotAllowed("A delivery stays with the offer it was recorded against; remove it and record a new one.")
        self._check(round_, delivery)
        attach, remove = list(attach), list(dict.fromkeys(remove))
        for file in attach:
            check_file(file)
        kept = {r[0]: r[1] for r in self.store.database.conn.execute(
            "SELECT id, filename FROM attachments WHERE delivery_id = ?", [delivery.id])}
        for file_id in remove:
            if file_id not in kept:
                raise NotFound(f"That report has no file with id {file_id}; it may have been taken off already.")
        taken = set(remove)
        for file in attach:
            if file.id in kept and file.id not in taken:
                raise NotAllowed(f"{file.filename} is already kept with that report.")
        now = utc_text(utc_now())
        attach = [replace(f, added_at=f.added_at or now) for f in attach]
        changes = {k: v for k, v in delivery_row(delivery).items() if k in
                   ("on_date", "quantity", "status", "evidence", "story")}
        with self.store.change() as audit:
            audit.update("deliveries", delivery.id, changes)
            removed = self.store.delivery_files.take_off(audit, remove)
            self.store.delivery_files.insert(audit, delivery.offer_id, delivery.id, attach)
        return Amendment(old=old, attached=attach, removed=removed)

    def get(self, round_: Round, delivery_id: str) -> Delivery:
        rows = dicts(self.store.database.conn.execute(_IN_ROUND + " AND d.id = ?", [round_.id, delivery_id]))
        if not rows:
            raise NotFound(f"Round '{round_.name}' has no delivery with id {delivery_id}.")
        return delivery_model(rows[0])

    def for_round(self, round_: Round) -> list[Delivery]:
        """Every delivery of a round, oldest first (by date, then by when it was recorded)."""
        return [delivery_model(r) for r in dicts(self.store.database.conn.execute(
            _IN_ROUND + " ORDER BY d.on_date, d.recorded_at", [round_.id]))]

    def require_monitoring(self, round_: Round) -> None:
        """Refuse unless the round is in monitoring (what a report's files need as well)."""
        self._require_monitoring(round_)

    def _require_monitoring(self, round_: Round) -> None:
        status = self.store.database.conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
        if status != "monitoring":
            raise NotAllowed(f"Round '{round_.name}' is in {status}; deliveries are recorded in monitoring.")

    def _check(self, round_: Round, delivery: Delivery) -> None:
        from svassessor.monitoring.model import report_date_problem  # monitoring's package imports the store

        found = self.store.database.conn.execute(
            "SELECT a.reference, (SELECT decision FROM decisions WHERE application_id = a.id) FROM offers o "
            "JOIN applications a ON a.id = o.application_id WHERE o.id = ? AND a.round_id = ?",
            [delivery.offer_id, round_.id]).fetchone()
        if found is None:
            raise NotAllowed(f"That offer is not part of round '{round_.name}'.")
        reference, decision = found
        if decision != "fund":
            raise NotAllowed(f"{reference} was not funded, so it has no deliveries to record.")
        if delivery.quantity is not None and (not math.isfinite(delivery.quantity) or delivery.quantity < 0):
            raise NotAllowed(f"A quantity delivered must be a number of 0 or more, not {delivery.quantity:g}.")
        if late := report_date_problem(delivery.on, self.store.clock.today()):
            raise NotAllowed(f"{late}.")
