"""Deliveries from a CSV or XLSX filled in by grant holders: every row checked, then all kept or none.

The file is read by the application import's reader (`importing.tables`: encoding detection, ragged
rows, NUL bytes, all problems reported at once) and its cells by the same value readers (UK dates,
numbers). Columns are recognised by their titles (reference, offer, date, quantity, status, evidence,
story, with the usual variants) or named with `mapping`. An offer is named by its number in the
application (1, 2, …) or by its description. A row that repeats a delivery already recorded is
skipped, so importing the same return twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from svassessor.errors import NotAllowed
from svassessor.importing.problems import ImportRejected, RowProblem, refuse
from svassessor.importing.tables import SourceTable, read_table
from svassessor.importing.values import Cell, ValueProblem, day, is_blank, number, text
from svassessor.models import Delivery, DeliveryStatus, Round
from svassessor.monitoring.load import load_progress
from svassessor.monitoring.model import OfferProgress, report_date_problem
from svassessor.monitoring.words import parse_status

if TYPE_CHECKING:
    from svassessor.store import Store

FIELDS = ("reference", "offer", "date", "quantity", "status", "evidence", "story")
REQUIRED = ("reference", "offer", "date", "status")
_T = TypeVar("_T")
_TITLES = {
    "reference": ("reference", "ref", "application reference", "grant reference", "application", "grant"),
    "offer": ("offer", "offer number", "offer no", "offer no.", "offer description", "commitment", "offer #"),
    "date": ("date", "on", "report date", "date of report", "as at", "as of", "reported on"),
    "quantity": ("quantity", "quantity so far", "delivered", "delivered so far", "number so far", "total so far",
                 "amount delivered"),
    "status": ("status", "progress"),
    "evidence": ("evidence", "evidence note", "how do you know", "source"),
    "story": ("story", "short story", "a story", "case study"),
}


@dataclass(frozen=True)
class DeliveriesImported:
    """What an import kept: the deliveries recorded, rows skipped as already recorded, columns not used."""

    recorded: tuple[Delivery, ...]
    skipped: int
    ignored_columns: tuple[str, ...]
    detail: str
    # Totals to check, each 'NF25-003 offer 3: why': below an earlier report's (or above a later one's).
    # Kept all the same, as a report recorded in the window is once its officer saves it again.
    doubts: tuple[str, ...] = ()


def columns(headers: list[str], mapping: dict[str, str] | None, name: str) -> dict[str, int]:
    """Field → column index, from the titles and the user's `field=column` mapping; refuses what is missing."""
    mapping = mapping or {}
    folded = [h.strip().casefold() for h in headers]
    found: dict[str, int] = {}
    for field, title in mapping.items():
        if field not in FIELDS:
            raise refuse(name, f"'{field}' is not a deliveries field; use one of {', '.join(FIELDS)}")
        if title.strip().casefold() not in folded:
            raise refuse(name, f"there is no column '{title}' to map to {field} (columns: {', '.join(headers)})")
        found[field] = folded.index(title.strip().casefold())
    for field, titles in _TITLES.items():
        if field not in found:
            index = next((i for i, h in enumerate(folded) if h in titles and i not in found.values()), None)
            if index is not None:
                found[field] = index
    missing = [f for f in REQUIRED if f not in found]
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
        raise refuse(name, f"no column gives the {listed}; title the column so or map it with --map FIELD=COLUMN "
                           f"(columns: {', '.join(headers)})")
    return found


def import_deliveries(store: Store, round_: Round, path: Path, *, mapping: dict[str, str] | None = None,
                      recorded_by: str | None = None, dry_run: bool = False) -> DeliveriesImported:
    """Check every row of the file, then record all its new deliveries in one transaction, or none.

    A row dated after today (the store's clock) is refused like any other bad row.
    """
    round_ = store.rounds.by_id(round_.id)
    if round_.status != "monitoring":
        raise NotAllowed(f"Round '{round_.name}' is in {round_.status}; deliveries are recorded in monitoring.")
    table = read_table(Path(path))
    where = columns(table.headers, mapping, table.name)
    progress = load_progress(store, round_)
    reader = _Rows(table, where, {a.application.reference.casefold(): a.offers for a in progress.applications},
                   {a.reference.casefold(): a.reference for a in store.applications.for_round(round_)},
                   store.clock.today(), recorded_by or store.actor)
    incoming = reader.read()
    if reader.problems:
        raise ImportRejected(reader.problems)
    known = {_same(d) for o in progress.offers for d in o.history}
    new = [d for d in incoming if _same(d) not in known]
    if new and not dry_run:
        store.deliveries.record_all(round_, new)
    ignored = tuple(h for i, h in enumerate(table.headers) if i not in where.values())
    return DeliveriesImported(tuple(new), len(incoming) - len(new), ignored, table.detail,
                              _doubts(progress.offers, new))


def _doubts(offers: Sequence[OfferProgress], new: list[Delivery]) -> tuple[str, ...]:
    """Each new report's total weighed against the offer's reports already kept and this file's earlier ones.

    Two of the file's own reports out of step are one doubt, told on the later one.
    """
    by_id = {o.offer.id: o for o in offers}
    doubts = []
    for delivery in new:
        offer = by_id[delivery.offer_id]
        earlier_here = (d for d in new if d.offer_id == offer.offer.id and d.on <= delivery.on)
        together = replace(offer, history=tuple(sorted((*offer.history, *earlier_here), key=lambda d: d.on)))
        doubt = together.quantity_doubt(delivery)
        if doubt is not None:
            doubts.append(f"{offer.reference} offer {offer.number}: {doubt}")
    return tuple(doubts)


def _same(d: Delivery) -> tuple:
    """What makes two reports the same report, whoever recorded them and when."""
    return (d.offer_id, d.on, d.quantity, d.status, d.evidence, d.story)


class _Rows:
    """Reads each row into a Delivery, collecting a problem (row and column named) for every bad cell."""

    def __init__(self, table: SourceTable, where: dict[str, int], offers: dict[str, tuple[OfferProgress, ...]],
                 references: dict[str, str], today: date, recorded_by: str):
        self.table, self.where, self.offers, self.references = table, where, offers, references
        self.today, self.recorded_by = today, recorded_by
        self.problems: list[RowProblem] = []

    def read(self) -> list[Delivery]:
        out: list[Delivery] = []
        first_row: dict[tuple[str, date], int] = {}
        for number_, row in zip(self.table.row_numbers, self.table.rows):
            delivery = self._row(number_, row)
            if delivery is None:
                continue
            earlier = first_row.setdefault((delivery.offer_id, delivery.on), number_)
            if earlier != number_:
                self._problem(number_, "date", f"row {earlier} already reports this offer on {delivery.on:%-d %B %Y}; "
                                               f"give one row per offer per date")
                continue
            out.append(delivery)
        return out

    def _cell(self, row: list[Cell], field: str) -> Cell:
        return row[self.where[field]] if field in self.where else None

    def _problem(self, row: int, field: str, problem: str) -> None:
        self.problems.append(RowProblem(self.table.name, row, self.table.headers[self.where[field]], problem))

    def _row(self, row_number: int, row: list[Cell]) -> Delivery | None:
        before = len(self.problems)
        offer = self._offer(row_number, row)
        on = self._value(row_number, row, "date", day)
        if on is None and len(self.problems) == before:
            self._problem(row_number, "date", "the date of the report is missing")
        elif on is not None and (late := report_date_problem(on, self.today)):
            self._problem(row_number, "date", late)
        quantity = self._value(row_number, row, "quantity", number) if "quantity" in self.where else None
        if quantity is not None and not (0 <= quantity < float("inf")):
            self._problem(row_number, "quantity",
                          f"{text(self._cell(row, 'quantity'))!r} is not a quantity of 0 or more")
        status = self._status(row_number, row)
        if len(self.problems) > before or offer is None or on is None or status is None:
            return None
        return Delivery(offer_id=offer.offer.id, on=on, quantity=quantity, status=status,
                        evidence=text(self._cell(row, "evidence")).strip(),
                        story=text(self._cell(row, "story")).strip(), recorded_by=self.recorded_by)

    def _value(self, row_number: int, row: list[Cell], field: str, read: Callable[[Cell], _T]) -> _T | None:
        try:
            return read(self._cell(row, field))
        except ValueProblem as problem:
            self._problem(row_number, field, f"the value {problem}")
            return None

    def _status(self, row_number: int, row: list[Cell]) -> DeliveryStatus | None:
        cell = self._cell(row, "status")
        if is_blank(cell):
            self._problem(row_number, "status", "the status is missing (on track, at risk, delivered or missed)")
            return None
        status = parse_status(text(cell))
        if status is None:
            self._problem(row_number, "status", f"{text(cell).strip()!r} is not a status; write on track, at risk, "
                                                f"delivered or missed")
        return status

    def _offer(self, row_number: int, row: list[Cell]) -> OfferProgress | None:
        reference = text(self._cell(row, "reference")).strip()
        if not reference:
            self._problem(row_number, "reference", "the application reference is missing")
            return None
        offers = self.offers.get(reference.casefold())
        known = self.references.get(reference.casefold())
        if offers is None:
            self._problem(row_number, "reference", f"{known} was not funded, so it has no deliveries to report"
                          if known else f"the round has no application with reference {reference!r}")
            return None
        reference = known or reference
        cell = self._cell(row, "offer")
        wanted = text(cell).strip()
        if not wanted:
            self._problem(row_number, "offer", "the offer is missing: give its number or its description")
            return None
        if wanted.isdigit():
            position = int(wanted)
            if 1 <= position <= len(offers):
                return offers[position - 1]
            self._problem(row_number, "offer", f"{reference} has offers 1 to {len(offers)}, not {position}")
            return None
        folded = " ".join(wanted.split()).casefold()
        match = next((o for o in offers if " ".join(o.offer.description.split()).casefold() == folded), None)
        if match is None:
            listed = "; ".join(f"{o.number} '{o.offer.description}'" for o in offers)
            self._problem(row_number, "offer", f"{reference} has no offer described {wanted!r} (its offers: {listed})")
        return match
