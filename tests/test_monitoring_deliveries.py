"""Recording deliveries: audited, refused where they make no sense, and each change undoable by its inverse.

Also the grant holders' CSV: every row checked, one sentence naming row and column, nothing kept on
any problem, and the same return imported twice changes nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from svassessor.clock import Clock
from svassessor.errors import NotAllowed, NotFound
from svassessor.importing.problems import ImportRejected
from svassessor.models import Delivery
from svassessor.monitoring import import_deliveries, load_progress
from svassessor.storage.audit import verify
from svassessor.store import Store

ROUND = "Neighbourhood Fund 2025"
TODAY = date(2026, 11, 25)


@pytest.fixture
def store(demo_copy):
    with Store.open(demo_copy, actor="Grants officer A", clock=Clock(TODAY)) as opened:
        yield opened


def _offer(store, reference: str, number: int):
    round_ = store.rounds.get(ROUND)
    return round_, store.applications.get(round_, reference).offers[number - 1]


def _events(store) -> list[tuple[str, str]]:
    return store.database.conn.execute("SELECT action, entity FROM audit ORDER BY seq DESC LIMIT 3").fetchall()


def test_record_remove_and_record_again_is_an_exact_round_trip(store):
    round_, offer = _offer(store, "NF25-004", 4)
    before = len(store.deliveries.for_round(round_))
    added = store.deliveries.record(round_, Delivery(offer_id=offer.id, on=date(2026, 10, 1), quantity=9,
                                                     status="on_track", story="Two more starts.",
                                                     recorded_by="Grants officer A"))
    assert _events(store)[0] == ("insert", "deliveries")
    assert load_progress(store, round_).applications[3].offers[3].delivered == 9
    removed = store.deliveries.remove(round_, added.id)  # undo
    assert removed == added and len(store.deliveries.for_round(round_)) == before
    assert _events(store)[0] == ("delete", "deliveries")
    store.deliveries.record(round_, removed)  # redo: the same id, the same row
    assert store.deliveries.get(round_, added.id) == added
    assert verify(store.database) is None


def test_amend_returns_the_old_value_so_amending_back_undoes_it(store):
    round_, _ = _offer(store, "NF25-003", 3)
    drop_ins = load_progress(store, round_).applications[2].offers[2]
    old = drop_ins.latest
    new = old.model_copy(update={"quantity": 36, "story": "Two sessions were made up in May."})
    assert store.deliveries.amend(round_, new) == old
    assert store.deliveries.get(round_, old.id).quantity == 36
    assert store.database.conn.execute("SELECT actor FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0] == \
        "Grants officer A"
    assert store.deliveries.amend(round_, old).quantity == 36  # undo hands back what it replaced, for redo
    assert store.deliveries.get(round_, old.id) == old
    assert verify(store.database) is None


def test_amend_cannot_move_a_delivery_to_another_offer(store):
    round_, other = _offer(store, "NF25-001", 2)
    existing = store.deliveries.for_round(round_)[0]
    with pytest.raises(NotAllowed, match="stays with the offer"):
        store.deliveries.amend(round_, existing.model_copy(update={"offer_id": other.id}))


def test_refused_outside_monitoring_for_unfunded_offers_and_for_bad_quantities(store):
    round_, offer = _offer(store, "NF25-001", 1)
    reserve = store.applications.get(round_, "NF25-005").offers[0]
    with pytest.raises(NotAllowed, match="NF25-005 was not funded"):
        store.deliveries.record(round_, Delivery(offer_id=reserve.id, on=TODAY, quantity=1, status="on_track",
                                                 recorded_by="x"))
    with pytest.raises(NotAllowed, match="0 or more"):
        store.deliveries.record(round_, Delivery(offer_id=offer.id, on=TODAY, quantity=-1, status="on_track",
                                                 recorded_by="x"))
    with pytest.raises(NotAllowed, match="0 or more"):
        store.deliveries.record(round_, Delivery(offer_id=offer.id, on=TODAY, quantity=float("nan"),
                                                 status="on_track", recorded_by="x"))
    this_year = store.rounds.get("Neighbourhood Fund 2026")
    with pytest.raises(NotAllowed, match="in scoring"):
        store.deliveries.record(this_year, Delivery(offer_id=offer.id, on=TODAY, status="on_track", recorded_by="x"))
    with pytest.raises(NotFound):
        store.deliveries.remove(round_, "no-such-id")


RETURN = """\
Reference,Offer,Date,Quantity so far,Status,Evidence,Story
NF25-004,4,2026-10-30,9,on track,Two more starts with the repairs contractor.,"'I start Monday,' he said."
nf25-004,Young people into construction jobs or college courses,30/11/2026,11,At risk,Register,
NF25-003,3,2026-06-01,34,missed,,
"""


def test_import_records_every_row_in_one_go(store, tmp_path):
    round_ = store.rounds.get(ROUND)
    source = tmp_path / "returns.csv"
    source.write_text(RETURN.replace("30/11/2026", "20/11/2026"), encoding="utf-8")
    result = import_deliveries(store, round_, source)
    assert len(result.recorded) == 3 and result.skipped == 0 and result.ignored_columns == ()
    jobs = load_progress(store, round_).applications[3].offers[3]
    assert [d.quantity for d in jobs.history[-2:]] == [9, 11]  # the offer named by number, then by description
    assert jobs.latest.on == date(2026, 11, 20) and jobs.status == "at_risk"
    assert jobs.history[-2].story == "'I start Monday,' he said."
    again = import_deliveries(store, round_, source)
    assert (len(again.recorded), again.skipped) == (0, 3)  # importing the same return twice changes nothing
    assert verify(store.database) is None


def test_an_import_keeps_totals_that_go_down_but_lists_them_to_check(store, tmp_path):
    round_ = store.rounds.get(ROUND)
    source = tmp_path / "returns.csv"
    source.write_text("Reference,Offer,Date,Quantity,Status\n"
                      "NF25-004,4,2026-11-01,10,on track\n"   # up from 7: fine
                      "NF25-004,4,2026-11-15,3,on track\n",   # below this file's own 10 of 1 November
                      encoding="utf-8")
    result = import_deliveries(store, round_, source)
    assert len(result.recorded) == 2 and len(result.doubts) == 1
    assert result.doubts[0].startswith("NF25-004 offer 4: The report of 1 November 2026 already gave 10")
    assert load_progress(store, round_).applications[3].offers[3].delivered == 3  # kept, as asked


@pytest.mark.parametrize(("edit", "message"), [
    (("30/11/2026", "31/11/2026"), "returns.csv, row 3, column 'Date': the value '31/11/2026' is not a date in the calendar"),
    (("30/11/2026", "2026-12-24"), "row 3, column 'Date': 24 December 2026 is after today"),
    (("NF25-003,3", "NF25-003,7"), "row 4, column 'Offer': NF25-003 has offers 1 to 4, not 7"),
    (("NF25-003,3", "NF25-005,1"), "row 4, column 'Reference': NF25-005 was not funded"),
    (("NF25-003,3", "NF25-099,1"), "row 4, column 'Reference': the round has no application with reference 'NF25-099'"),
    (("missed", "nearly"), "row 4, column 'Status': 'nearly' is not a status"),
    (("2026-10-30,9", "2026-10-30,-9"), "row 2, column 'Quantity so far': '-9' is not a quantity of 0 or more"),
    (("Young people into construction jobs or college courses", "Jobs"), "row 3, column 'Offer': NF25-004 has no "
                                                                          "offer described 'Jobs'"),
    (("30/11/2026,11", "30/10/2026,11"), "row 3, column 'Date': row 2 already reports this offer on 30 October 2026"),
])
def test_a_bad_row_is_named_and_nothing_is_kept(store, tmp_path, edit, message):
    round_ = store.rounds.get(ROUND)
    before = len(store.deliveries.for_round(round_))
    source = tmp_path / "returns.csv"
    source.write_text(RETURN.replace(*edit).replace("30/11/2026", "20/11/2026"), encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_deliveries(store, round_, source)
    assert message in str(caught.value)
    assert str(caught.value).endswith("nothing was imported.")
    assert len(store.deliveries.for_round(round_)) == before


def test_columns_can_be_mapped_and_missing_ones_are_named(store, tmp_path):
    round_ = store.rounds.get(ROUND)
    source = tmp_path / "form.csv"
    source.write_text("Grant ref,Which commitment,When,Total,RAG,Notes\nNF25-001,1,2026-11-01,300,delivered,x\n",
                      encoding="cp1252")
    with pytest.raises(ImportRejected, match="no column gives the reference, offer, date or status"):
        import_deliveries(store, round_, source)
    result = import_deliveries(store, round_, source, mapping={
        "reference": "Grant ref", "offer": "Which commitment", "date": "When", "quantity": "Total", "status": "RAG"})
    assert len(result.recorded) == 1 and result.ignored_columns == ("Notes",)
    assert result.recorded[0].quantity == 300


def test_import_is_refused_outside_monitoring(store, tmp_path):
    source = tmp_path / "returns.csv"
    source.write_text(RETURN, encoding="utf-8")
    with pytest.raises(NotAllowed, match="in scoring"):
        import_deliveries(store, store.rounds.get("Neighbourhood Fund 2026"), source)


def test_a_workbook_return_with_typed_cells_imports_too(store, tmp_path):
    from datetime import datetime

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Reference", "Offer number", "Date", "Delivered so far", "Status", "Story"])
    book.active.append(["NF25-004", 4, datetime(2026, 10, 30), 8.0, "On track", "=A1 looks like a formula"])
    book.active["F2"].data_type = "s"  # typed as text, as Excel stores '=A1…
    book.save(tmp_path / "returns.xlsx")
    round_ = store.rounds.get(ROUND)
    result = import_deliveries(store, round_, tmp_path / "returns.xlsx")
    (delivery,) = result.recorded
    assert (delivery.on, delivery.quantity, delivery.status) == (date(2026, 10, 30), 8, "on_track")
    assert delivery.story == "=A1 looks like a formula"  # kept as written; neutralised only when exported


def test_a_total_smaller_than_an_earlier_report_or_larger_than_a_later_one_is_doubted(store):
    round_, _ = _offer(store, "NF25-003", 3)
    offer = load_progress(store, round_).applications[2].offers[2]
    reported = [d for d in offer.history if d.quantity is not None]
    assert len(reported) >= 2 and reported[-1].quantity > reported[0].quantity
    last, first = reported[-1], reported[0]

    def report(on, quantity):
        return Delivery(offer_id=offer.offer.id, on=on, quantity=quantity, status="on_track", recorded_by="A")

    later = date.fromordinal(last.on.toordinal() + 7)
    assert offer.quantity_doubt(report(later, last.quantity)) is None  # the same total again: fine
    assert offer.quantity_doubt(report(later, last.quantity + 1)) is None
    assert offer.quantity_doubt(report(later, None)) is None  # no number, nothing to doubt
    doubt = offer.quantity_doubt(report(later, 3))  # what was done this month, typed as the total
    assert doubt and f"{last.on.day} {last.on:%B %Y}" in doubt and "totals so far" in doubt
    # a report dated before the first one, with more than that one gives, is out of step the other way
    before = date.fromordinal(first.on.toordinal() - 1)
    assert "later report" in offer.quantity_doubt(report(before, first.quantity + 5))
    # amending the latest report is weighed against the others, not against itself
    assert offer.quantity_doubt(last.model_copy(update={"quantity": last.quantity})) is None
