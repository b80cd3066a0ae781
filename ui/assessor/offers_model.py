"""The offers table: each social value commitment, with a hint when it is not specific."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from svassessor.models import Offer
from svassessor.offer_quality import vague_parts
from svassessor.rubric.model import Rubric
from ui.widgets.table_model import Column, ListTableModel
from ui.text import one_line, tr
from ui.theme import warning_colour


@dataclass(frozen=True)
class OfferRow:
    offer: Offer
    measure: str  # the rubric measure's name, or its id when the rubric does not know it
    lacks: tuple[str, ...]


def offer_rows(offers: list[Offer], rubric: Rubric | None) -> list[OfferRow]:
    def measure_name(offer: Offer) -> str:
        found = rubric.measure(offer.measure) if rubric and offer.measure else None
        return found.name if found else (offer.measure or "")

    return [OfferRow(o, measure_name(o), tuple(vague_parts(o))) for o in offers]


def hint(row: OfferRow) -> str:
    return tr("⚠ no {parts}").format(parts=", ".join(row.lacks)) if row.lacks else tr("✓ specific")


def hint_tooltip(row: OfferRow) -> str:
    if not row.lacks:
        return tr("Says what, how many, by when, for whom and where.")
    return tr("This offer does not say its {parts}. A commitment should be specific enough to follow up after "
              "award. This is a hint for your judgement, not a score.").format(parts=", ".join(row.lacks))


def _amount(offer: Offer) -> str:
    """Quantity and unit together: '60 people', '£3,200'."""
    if offer.quantity is None:
        return _text(offer.unit)
    number = f"{offer.quantity:,.2f}".rstrip("0").rstrip(".")
    unit = one_line(offer.unit or "", 30)
    return f"£{number}" if unit in ("£", "GBP") else f"{number} {unit}".strip()


def _who_where(offer: Offer) -> str:
    """Beneficiary group and place in one cell, so the offer itself keeps room to be read."""
    return " · ".join(_text(v) for v in (offer.beneficiary_group, offer.place) if v and v.strip())


def _text(value: str | None) -> str:
    return one_line(value or "", 80)


class OffersModel(ListTableModel[OfferRow]):
    columns = (
        Column(tr("Offer"), lambda r: r.offer.description, _text,
               tooltip=lambda r: "\n".join(filter(None, (r.offer.description, r.offer.evidence and
                                                         tr("Evidence: ") + r.offer.evidence)))),
        Column(tr("Specific?"), hint, tooltip=hint_tooltip),  # beside the offer: the hint must not scroll away
        Column(tr("Measure"), lambda r: r.measure, _text),
        Column(tr("Quantity"), lambda r: r.offer, _amount, right=True),
        Column(tr("For whom · where"), lambda r: r.offer, _who_where,
               tooltip=lambda r: tr("Beneficiary group: {group}\nPlace: {place}").format(
                   group=r.offer.beneficiary_group or "—", place=r.offer.place or "—")),
        Column(tr("Timeframe"), lambda r: r.offer.timeframe, _text),
    )
    HINT_COLUMN = 1

    def foreground(self, row: OfferRow, column: int) -> Any:
        return warning_colour() if column == self.HINT_COLUMN and row.lacks else None
