"""A delivery report's files: kept whole with their SHA-256, audited, all or nothing, and undoable.

Core only, no Qt: attaching with the report and afterwards, listing, reading back (checked against
the hash), taking off and putting back with the same ids, and `check` passing throughout.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from svassessor.errors import FileProblem, NotAllowed, NotFound
from svassessor.models import Delivery
from svassessor.repository.delivery_files import MAX_BYTES, DeliveryFile
from svassessor.storage.audit import verify
from svassessor.store import Store

ROUND = "Neighbourhood Fund 2025"
REGISTER = DeliveryFile(filename="sign-in register.csv", content=b"date,people\n2026-10-01,9\n")
PHOTO = DeliveryFile(filename="class photo.jpg", content=b"\xff\xd8\xff\xe0 not really a jpeg")


@pytest.fixture
def store(demo_copy):
    with Store.open(demo_copy, actor="Grants officer A") as opened:
        yield opened


def _report(store, **fields) -> tuple:
    round_ = store.rounds.get(ROUND)
    offer = store.applications.get(round_, "NF25-004").offers[3]
    return round_, Delivery(offer_id=offer.id, on=date(2026, 10, 1), quantity=9, status="on_track",
                            recorded_by="Grants officer A", **fields)


def test_a_report_is_recorded_with_its_files_in_one_audited_change(store):
    round_, delivery = _report(store)
    store.deliveries.record(round_, delivery, files=[REGISTER, PHOTO])
    files = store.delivery_files.for_delivery(delivery.id)
    assert sorted(f.filename for f in files) == ["class photo.jpg", "sign-in register.csv"]
    by_name = {f.filename: f for f in files}
    assert by_name["sign-in register.csv"].media_type == "text/csv"
    assert by_name["class photo.jpg"].sha256 == hashlib.sha256(PHOTO.content).hexdigest()
    assert store.delivery_files.content(by_name["sign-in register.csv"].id) == REGISTER.content
    assert store.delivery_files.for_round(round_)[delivery.id] == files
    # The report's files are not the application's documents.
    application = store.applications.get(round_, "NF25-004")
    assert all(a.id not in {f.id for f in files} for a in application.attachments)
    events = store.database.conn.execute("SELECT action, entity, new FROM audit ORDER BY seq DESC LIMIT 3").fetchall()
    assert [(a, e) for a, e, _ in events] == [("insert", "attachments")] * 2 + [("insert", "deliveries")]
    assert all("content" not in new and delivery.id in new for _, _, new in events[:2])
    assert verify(store.database) is None


def test_a_file_too_large_keeps_neither_the_report_nor_any_file(store):
    round_, delivery = _report(store)
    before = store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    huge = DeliveryFile(filename="video.mp4", content=b"\0" * (MAX_BYTES + 1))
    with pytest.raises(NotAllowed, match="video.mp4"):
        store.deliveries.record(round_, delivery, files=[REGISTER, huge])
    with pytest.raises(NotFound):
        store.deliveries.get(round_, delivery.id)
    assert store.delivery_files.for_delivery(delivery.id) == []
    assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_files_attached_later_come_off_and_go_back_with_the_same_ids(store):
    round_, delivery = _report(store)
    store.deliveries.record(round_, delivery)
    attached = store.delivery_files.attach(round_, delivery.id, [REGISTER])
    removed = store.delivery_files.remove(round_, [a.id for a in attached])  # undo
    assert store.delivery_files.for_delivery(delivery.id) == []
    assert [(f.id, f.content) for f in removed] == [(attached[0].id, REGISTER.content)]
    again = store.delivery_files.attach(round_, delivery.id, removed)  # redo
    assert again == attached
    assert verify(store.database) is None


def test_removing_a_report_takes_its_files_and_they_come_back_on_undo(store):
    round_, delivery = _report(store)
    store.deliveries.record(round_, delivery, files=[REGISTER])
    kept = store.delivery_files.stored(delivery.id)
    first = store.delivery_files.for_delivery(delivery.id)
    store.deliveries.remove(round_, delivery.id)
    assert store.delivery_files.for_delivery(delivery.id) == []
    store.deliveries.record(round_, delivery, files=kept)
    assert store.delivery_files.for_delivery(delivery.id) == first
    assert verify(store.database) is None


def test_a_damaged_file_is_refused_when_read(store):
    round_, delivery = _report(store)
    store.deliveries.record(round_, delivery, files=[REGISTER])
    file_id = store.delivery_files.for_delivery(delivery.id)[0].id
    store.database.conn.execute("UPDATE attachments SET content = ? WHERE id = ?", [b"altered", file_id])
    with pytest.raises(FileProblem, match="sign-in register.csv"):
        store.delivery_files.content(file_id)
    assert "SHA-256" in verify(store.database).message


def test_an_application_document_cannot_be_removed_as_a_report_file(store):
    round_ = store.rounds.get(ROUND)
    application = store.applications.get(round_, "NF25-004")
    with store.change() as audit:
        document = store.attachments.insert(audit, application.id, filename="budget.pdf",
                                            media_type="application/pdf", content=b"%PDF budget")
    with pytest.raises(NotFound):
        store.delivery_files.remove(round_, [document.id])
    assert [a.id for a in store.applications.get(round_, "NF25-004").attachments] == [document.id]


def test_files_cannot_be_attached_to_a_report_outside_monitoring(store):
    round_, delivery = _report(store)
    store.deliveries.record(round_, delivery)
    store.database.conn.execute("UPDATE rounds SET status = 'decided' WHERE id = ?", [round_.id])
    with pytest.raises(NotAllowed, match="monitoring"):
        store.delivery_files.attach(round_, delivery.id, [REGISTER])
