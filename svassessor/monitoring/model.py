"""What monitoring shows: each funded offer beside what was delivered, and the round rolled up.

Plain frozen objects, ready for a view, a report or a test: they hold no store and do no I/O. A
promise and a delivery are added up only with others of the same measure and unit (`Tally`), so
people are never added to hours. A £ proxy from the rubric travels beside the figures as `Proxy`,
labelled as a proxy, and nothing here is a score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from svassessor.models import Application, Attachment, Decision, Delivery, DeliveryStatus, Offer, Round
from svassessor.monitoring.words import amount, when
from svassessor.rubric.model import Measure, Rubric

Status = DeliveryStatus | Literal["not_reported"]
STATUSES: tuple[Status, ...] = ("on_track", "at_risk", "delivered", "missed", "not_reported")
STATUS_WORDS: dict[Status, str] = {"on_track": "On track", "at_risk": "At risk", "delivered": "Delivered",
                                   "missed": "Missed", "not_reported": "Not yet reported"}
PROXY_LABEL = "£ proxy, not the score"
NOT_MEASURED = "Not measured"
NO_THEME = "Measures in no theme"
NO_GROUP = "No beneficiary group named"
NO_PLACE = "No place named"

TallyKey = tuple[str | None, str | None]
"""(measure id or None, unit case-folded or None): offers with the same key may be added up."""


def report_date_problem(on: date, today: date) -> str | None:
    """Why a delivery report dated `on` cannot be kept on `today`, or None when it can.

    A report says what has been delivered so far, so it is dated today at the latest. The one wording
    of this rule for the window, the command line and the import; no full stop, so that an import can
    give it after the row and column it names.
    """
    return f"{when(on)} is after today; record what has been delivered so far" if on > today else None


@dataclass(frozen=True)
class Proxy:
    """The rubric's £ per unit for an offer's measure, and what it gives for the promise and delivery so far."""

    gbp_per_unit: float
    source: str | None
    promised: float | None
    delivered: float | None


@dataclass(frozen=True)
class OfferProgress:
    """One funded offer: the promise, every delivery report in date order, and where it rolls up."""

    application_id: str
    reference: str
    organisation: str
    number: int  # 1-based, as the application lists its offers
    offer: Offer
    measure: Measure | None
    theme_id: str | None
    theme: str  # the theme's title, or NOT_MEASURED / NO_THEME
    history: tuple[Delivery, ...]
    proxy: Proxy | None
    files: Mapping[str, tuple[Attachment, ...]] = field(default_factory=dict)  # delivery id → its files

    def files_of(self, delivery: Delivery) -> tuple[Attachment, ...]:
        """The files kept with one report (their names and hashes; the content stays in the store)."""
        return self.files.get(delivery.id, ())

    @property
    def latest(self) -> Delivery | None:
        return self.history[-1] if self.history else None

    @property
    def status(self) -> Status:
        return self.latest.status if self.latest else "not_reported"

    @property
    def promised(self) -> float | None:
        return self.offer.quantity

    @property
    def delivered(self) -> float | None:
        """The latest quantity reported (quantities are cumulative); None before any number is reported."""
        return next((d.quantity for d in reversed(self.history) if d.quantity is not None), None)

    def quantity_doubt(self, report: Delivery) -> str | None:
        """Why `report`'s quantity looks mistaken beside the offer's other reports, or None when it fits.

        Quantities are totals so far, so they never go down over time. A smaller total than an earlier
        report's is most often the amount delivered since then, typed in by mistake: worth a second
        look, not a refusal (a register may have been recounted).
        """
        given = report.quantity
        if given is None or not given >= 0:
            return None  # nothing to weigh, or a number the core refuses anyway, in its own words
        others = [(d.on, q) for d in self.history if d.id != report.id and (q := d.quantity) is not None]
        unit = self.offer.unit or ""
        earlier = [(on, q) for on, q in others if on <= report.on and q > given]
        if earlier:
            last_on, last = max(earlier, key=lambda e: e[0])
            return (f"The report of {when(last_on)} already gave {amount(last, unit)} so far, and this "
                    f"one gives {amount(given, unit)}: quantities are totals so far, not what was "
                    f"delivered since the last report.")
        later = [(on, q) for on, q in others if on > report.on and q < given]
        if later:
            first_on, first = min(later, key=lambda e: e[0])
            return (f"This report gives {amount(given, unit)} so far, more than the later report of "
                    f"{when(first_on)} ({amount(first, unit)}): quantities are totals so far, so they "
                    f"do not go down.")
        return None

    @property
    def share(self) -> float | None:
        """Delivered so far as a fraction of the promise (1.0 = promise met); None without both numbers."""
        if not self.promised or self.delivered is None:
            return None
        return self.delivered / self.promised

    @property
    def key(self) -> TallyKey:
        unit = self.offer.unit.strip().casefold() if self.offer.unit and self.offer.unit.strip() else None
        return (self.measure.id if self.measure else None, unit)

    @property
    def label(self) -> str:
        """What is counted: 'People supported'; the unit is added only where it is not the measure's own
        ('People supported (families)'); an offer with no measure is 'Counted in tablets'."""
        unit = self.unit
        if self.measure is None:
            return f"Counted in {unit}" if unit else "No unit given"
        if unit and unit.casefold() != self.measure.unit.casefold():
            return f"{self.measure.name} ({unit})"
        return self.measure.name

    @property
    def unit(self) -> str:
        return (self.offer.unit or "").strip()


@dataclass(frozen=True)
class Tally:
    """Promised and delivered, added up over offers of one measure and unit.

    `promised` and `delivered` cover the `offers` that promised a number; an offer with no report yet
    counts as 0 delivered (and in `unreported`). Offers that promised no number are only counted
    (`unquantified`): what they deliver cannot be set against a promise.
    """

    key: TallyKey
    label: str
    unit: str
    promised: float
    delivered: float
    offers: int
    unreported: int
    unquantified: int

    @property
    def share(self) -> float | None:
        return self.delivered / self.promised if self.promised > 0 else None


@dataclass(frozen=True)
class Totals:
    """What a set of offers adds up to: tallies per measure and unit, statuses, and the £ proxy beside."""

    tallies: tuple[Tally, ...]
    statuses: dict[Status, int]
    proxy_promised: float | None  # None when no offer has a proxy
    proxy_delivered: float | None

    @property
    def offers(self) -> int:
        return sum(self.statuses.values())


@dataclass(frozen=True)
class Group:
    """Offers that share a theme, a beneficiary group or a place."""

    label: str
    offers: tuple[OfferProgress, ...]
    totals: Totals


@dataclass(frozen=True)
class ApplicationProgress:
    application: Application
    decision: Decision
    offers: tuple[OfferProgress, ...]
    totals: Totals


@dataclass(frozen=True)
class RoundProgress:
    """A round in monitoring, ready to show: every funded application, and the roll-ups."""

    round: Round
    rubric: Rubric
    applications: tuple[ApplicationProgress, ...]  # by reference
    by_theme: tuple[Group, ...]  # rubric order, then NO_THEME, then NOT_MEASURED
    by_group: tuple[Group, ...]  # alphabetical, NO_GROUP last
    by_place: tuple[Group, ...]  # alphabetical, NO_PLACE last
    totals: Totals

    @property
    def offers(self) -> tuple[OfferProgress, ...]:
        return tuple(o for a in self.applications for o in a.offers)

    @property
    def awarded(self) -> Decimal:
        return sum((a.decision.amount_awarded or Decimal(0) for a in self.applications), Decimal(0))

    @property
    def as_of(self) -> date | None:
        """The date of the latest delivery report in the round."""
        dates = [d.on for o in self.offers for d in o.history]
        return max(dates) if dates else None
