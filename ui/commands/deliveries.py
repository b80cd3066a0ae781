"""Recording, amending, removing and importing delivery reports: one undo command each, one core call each.

Undo calls the core's own inverse with what the first run handed back: a recorded delivery is removed
by its id, an amended one is amended back to the delivery as it was (with the files it had), a removed
one is recorded again with its own id, recorder and time, so redo and undo leave the file as it was
(and the audit log says so). A report's files go and come back with it: the commands hold them (content included)
while the report is gone. The monitoring window listens to `DeliveryEvents` and reloads its picture in one place.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from collections.abc import Sequence
from pathlib import Path

from svassessor.models import Delivery, Round
from svassessor.monitoring import STATUS_WORDS
from svassessor.monitoring.words import quantity
from svassessor.repository.delivery_files import DeliveryFile
from ui.commands.base import CoreCommand, context_events
from ui.context import AppContext
from ui.text import tr


class DeliveryEvents(QObject):
    """What the delivery commands changed."""

    changed = Signal(str, str)  # offer id, delivery id ("" when the delivery is gone)
    reveal = Signal(str, str)  # after undo or redo: offer id, delivery id (shown if it still exists)


def delivery_events(ctx: AppContext) -> DeliveryEvents:
    return context_events(ctx, DeliveryEvents)


def status_word(status: str) -> str:
    return tr(STATUS_WORDS.get(status, status))  # type: ignore[call-overload]


def describe(delivery: Delivery, reference: str) -> str:
    """'NF25-001 offer 2 on 30 Sep 2025: 131, on track', for the Edit menu's Undo/Redo text."""
    amount = "" if delivery.quantity is None else f"{quantity(delivery.quantity)}, "
    return tr("{ref} on {day}: {amount}{status}").format(
        ref=reference, day=f"{delivery.on.day} {delivery.on:%b %Y}", amount=amount,
        status=status_word(delivery.status).lower())


class DeliveryCommand(CoreCommand):
    """A `CoreCommand` on a round in monitoring, made by whoever the store's actor is.

    Monitoring happens after scoring, so there may be no assessor in the session; the audit log names
    the store's actor. The round is given explicitly: the monitoring window may show a round other
    than the one the main window is scoring.
    """

    def __init__(self, ctx: AppContext, round_: Round, text: str):
        super().__init__(ctx, text, needs_assessor=False, round_=round_)
        self.events = delivery_events(ctx)


class RecordDeliveryCommand(DeliveryCommand):
    def __init__(self, ctx: AppContext, round_: Round, delivery: Delivery, reference: str,
                 files: Sequence[DeliveryFile] = ()):
        super().__init__(ctx, round_, tr("Record delivery {what}").format(what=describe(delivery, reference)))
        self.delivery = delivery
        self.files = list(files)

    def _do(self) -> None:
        self.delivery = self.store.deliveries.record(self.round, self.delivery, files=self.files)
        self.events.changed.emit(self.delivery.offer_id, self.delivery.id)

    def _undo(self) -> None:
        self.files = self.store.delivery_files.stored(self.delivery.id)  # redo puts them back as they were
        self.store.deliveries.remove(self.round, self.delivery.id)
        self.events.changed.emit(self.delivery.offer_id, "")

    def _reveal(self) -> None:
        self.events.reveal.emit(self.delivery.offer_id, self.delivery.id)


class AmendDeliveryCommand(DeliveryCommand):
    """Amend a report, and attach files to it and take files off it, as one step (one core call each way).

    The first run keeps what the core hands back: the report as it was, the files taken off (with their
    content) and the files attached (with their ids and times). Undo amends back to the old report,
    putting back the files taken off and taking off those attached; redo repeats the first run exactly.
    """

    def __init__(self, ctx: AppContext, round_: Round, delivery: Delivery, reference: str,
                 attach: Sequence[DeliveryFile] = (), remove: Sequence[str] = ()):
        what = describe(delivery, reference)
        if attach or remove:
            what += tr(" (files: {added} added, {removed} taken off)").format(added=len(attach), removed=len(remove))
        super().__init__(ctx, round_, tr("Amend delivery {what}").format(what=what))
        self.new = delivery
        self.old: Delivery | None = None
        self.attached = list(attach)
        self.removed: list[DeliveryFile] = []
        self.remove_ids = list(remove)

    def _do(self) -> None:
        done = self.store.deliveries.amend_with_files(self.round, self.new, attach=self.attached,
                                                      remove=self.remove_ids)
        if self.old is None:
            self.old = done.old
        self.attached, self.removed = done.attached, done.removed
        self.remove_ids = [f.id for f in done.removed]
        self.events.changed.emit(self.new.offer_id, self.new.id)

    def _undo(self) -> None:
        assert self.old is not None
        self.store.deliveries.amend_with_files(self.round, self.old, attach=self.removed,
                                               remove=[f.id for f in self.attached])
        self.events.changed.emit(self.old.offer_id, self.old.id)

    def _reveal(self) -> None:
        self.events.reveal.emit(self.new.offer_id, self.new.id)


class RemoveDeliveryCommand(DeliveryCommand):
    def __init__(self, ctx: AppContext, round_: Round, delivery: Delivery, reference: str):
        super().__init__(ctx, round_, tr("Remove delivery {what}").format(what=describe(delivery, reference)))
        self.delivery = delivery
        self.files: list[DeliveryFile] = []

    def _do(self) -> None:
        self.files = self.store.delivery_files.stored(self.delivery.id)
        self.delivery = self.store.deliveries.remove(self.round, self.delivery.id)
        self.events.changed.emit(self.delivery.offer_id, "")

    def _undo(self) -> None:
        self.delivery = self.store.deliveries.record(self.round, self.delivery, files=self.files)
        self.events.changed.emit(self.delivery.offer_id, self.delivery.id)

    def _reveal(self) -> None:
        self.events.reveal.emit(self.delivery.offer_id, self.delivery.id)


class ImportDeliveriesCommand(DeliveryCommand):
    """Record the deliveries of a grant holders' return: the first run imports the file (all rows or none);
    undo removes exactly those deliveries, redo records them again with their own ids."""

    def __init__(self, ctx: AppContext, round_: Round, path: Path, count: int):
        super().__init__(ctx, round_, tr("Import {n} deliveries from {name}").format(n=count, name=path.name))
        self.path = path
        self.recorded: list[Delivery] | None = None

    def _do(self) -> None:
        if self.recorded is None:
            from svassessor.monitoring.imports import import_deliveries

            self.recorded = list(import_deliveries(self.store, self.round, self.path, recorded_by=self.store.actor)
                                 .recorded)
        else:
            self.store.deliveries.record_all(self.round, self.recorded)
        self.events.changed.emit(self._offer(), "")

    def _undo(self) -> None:
        self.store.deliveries.remove_all(self.round, [d.id for d in self.recorded or []])
        self.events.changed.emit(self._offer(), "")

    def _offer(self) -> str:
        return self.recorded[0].offer_id if self.recorded else ""

    def _reveal(self) -> None:
        if self.recorded:
            self.events.reveal.emit(self.recorded[0].offer_id, self.recorded[0].id)
