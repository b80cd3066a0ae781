"""Amending a report together with its files: one audited transaction, refused whole, undone exactly.

Core only, no Qt: `Deliveries.amend_with_files` changes the report's fields, attaches files and takes
files off at once; what it hands back undoes it (the same files, ids and times) and redoes it, and the
audit log verifies throughout.
"""

from __future__ import annotations

from datetime import date

import pytest

from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Delivery
from svassessor.repository.delivery_files import MAX_BYTES, DeliveryFile
from svassessor.storage.audit import verify
from svassessor.storage.integrity import check_file
from tests.test_delivery_files import REGISTER, ROUND, store  # noqa: F401 - store is a fixture

WRONG = DeliveryFile(filename="someone else's invoice.pdf", content=b"%PDF not this one")
INVOICE = DeliveryFile(filename="invoice.pdf", content=b"%PDF the invoice")


def _recorded(store) -> tuple:
    round_ = store.rounds.get(ROUND)
    offer = store.applications.get(round_, "NF25-004").offers[3]
    delivery = Delivery(offer_id=offer.id, on=date(2026, 10, 1), quantity=9, status="on_track",
                        recorded_by="Grants officer A", evidence="Register")
    store.deliveries.record(round_, delivery, files=[REGISTER, WRONG])
    return round_, delivery


def _files(store, delivery_id: str) -> list[tuple[str, str, bytes]]:
    return sorted((f.id, f.filename, f.content) for f in store.delivery_files.stored(delivery_id))


def _audit_count(store) -> int:
    return store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]


def test_fields_and_files_change_in_one_audited_transaction_and_undo_and_redo_exactly(store, demo_copy):
    round_, delivery = _recorded(store)
    before_files = _files(store, delivery.id)
    before_meta = store.delivery_files.for_delivery(delivery.id)
    wrong_id = next(f.id for f in before_meta if f.filename == WRONG.filename)
    amended = delivery.model_copy(update={"quantity": 12, "evidence": "Register and invoice"})
    seq_before = store.database.conn.execute("SELECT max(seq) FROM audit").fetchone()[0]

    done = store.deliveries.amend_with_files(round_, amended, attach=[INVOICE], remove=[wrong_id])

    assert done.old == delivery
    assert [(f.id, f.content) for f in done.removed] == [(wrong_id, WRONG.content)]
    assert [(f.id, f.content) for f in done.attached] == [(INVOICE.id, INVOICE.content)]
    assert store.deliveries.get(round_, delivery.id) == amended
    assert sorted(f.filename for f in store.delivery_files.for_delivery(delivery.id)) == \
        ["invoice.pdf", "sign-in register.csv"]
    # one change: the update, the delete and the insert audited together, each its own event
    events = store.database.conn.execute("SELECT action, entity, entity_id FROM audit WHERE seq > ? ORDER BY seq",
                                         [seq_before]).fetchall()
    assert events == [("update", "deliveries", delivery.id), ("delete", "attachments", wrong_id),
                      ("insert", "attachments", INVOICE.id)]
    assert verify(store.database) is None
    after_meta = store.delivery_files.for_delivery(delivery.id)

    # undo: the fields and exactly the files that were there (same ids, times, content)
    back = store.deliveries.amend_with_files(round_, done.old, attach=done.removed,
                                             remove=[f.id for f in done.attached])
    assert store.deliveries.get(round_, delivery.id) == delivery
    assert _files(store, delivery.id) == before_files
    assert store.delivery_files.for_delivery(delivery.id) == before_meta
    assert back.old == amended

    # redo: the amended state again, the invoice with its first id and time
    store.deliveries.amend_with_files(round_, amended, attach=done.attached, remove=[f.id for f in done.removed])
    assert store.deliveries.get(round_, delivery.id) == amended
    assert store.delivery_files.for_delivery(delivery.id) == after_meta
    assert verify(store.database) is None
    store.close()
    assert check_file(demo_copy).ok


def test_an_oversize_file_keeps_neither_the_amendment_nor_the_removal(store):
    round_, delivery = _recorded(store)
    before_files, count = _files(store, delivery.id), _audit_count(store)
    wrong_id = next(f.id for f in store.delivery_files.for_delivery(delivery.id) if f.filename == WRONG.filename)
    huge = DeliveryFile(filename="video.mp4", content=b"\0" * (MAX_BYTES + 1))
    with pytest.raises(NotAllowed, match="video.mp4"):
        store.deliveries.amend_with_files(round_, delivery.model_copy(update={"quantity": 99}),
                                          attach=[huge], remove=[wrong_id])
    assert store.deliveries.get(round_, delivery.id) == delivery
    assert _files(store, delivery.id) == before_files
    assert _audit_count(store) == count


def test_only_this_reports_files_can_be_taken_off_with_it(store):
    round_, delivery = _recorded(store)
    other = Delivery(offer_id=delivery.offer_id, on=date(2026, 10, 2), quantity=10, status="on_track",
                     recorded_by="Grants officer A")
    store.deliveries.record(round_, other, files=[INVOICE])
    count = _audit_count(store)
    with pytest.raises(NotFound):
        store.deliveries.amend_with_files(round_, delivery, remove=[INVOICE.id])
    assert [f.id for f in store.delivery_files.for_delivery(other.id)] == [INVOICE.id]
    assert _audit_count(store) == count


def test_amend_alone_still_hands_back_the_report_as_it_was(store):
    round_, delivery = _recorded(store)
    files = store.delivery_files.for_delivery(delivery.id)
    assert store.deliveries.amend(round_, delivery.model_copy(update={"status": "at_risk"})) == delivery
    assert store.deliveries.get(round_, delivery.id).status == "at_risk"
    assert store.delivery_files.for_delivery(delivery.id) == files


def test_outside_monitoring_nothing_is_amended(store):
    round_, delivery = _recorded(store)
    store.database.conn.execute("UPDATE rounds SET status = 'decided' WHERE id = ?", [round_.id])
    with pytest.raises(NotAllowed, match="monitoring"):
        store.deliveries.amend_with_files(round_, delivery, attach=[INVOICE])
    assert INVOICE.id not in {f.id for f in store.delivery_files.for_delivery(delivery.id)}
