"""What the published register says, whatever its format: headline figures, chart rows, plain words.

The PDF and the HTML page both take their words and figures from here, so the two read alike and
a figure is worded once.
"""

from __future__ import annotations

from dataclasses import dataclass

from svassessor.models import Delivery
from svassessor.monitoring.model import (
    PROXY_LABEL,
    STATUS_WORDS,
    OfferProgress,
    RoundProgress,
    Status,
    Tally,
    Totals,
)
from svassessor.monitoring.words import amount, of, percent, pounds, quantity
from svassessor.reports.style import money

TITLE = "Commitments register"
INTRO = ("Every social value commitment made by the projects this round funded, with what each project has "
         "reported delivering so far, in its own words and with its evidence.")
HOW_TO_READ = ("Quantities are cumulative: each report gives the total delivered so far. Figures are added up "
               "only where they count the same thing in the same unit, so people are never added to hours. "
               "A commitment with no measure from the fund's rubric is shown under “Not measured”.")
PROXY_NOTE = (f"Where the fund's rubric gives a £ value per unit, it is shown beside the figures as a “{PROXY_LABEL}”: "
              "an estimate for comparison, never part of any score or decision.")
CHART_TITLE = "Delivered as a share of what was promised, by theme"
# Bars beyond 200% of the promise are drawn to the edge and marked, so one outlier cannot flatten the rest.
CHART_CAP = 2.0


def headline(progress: RoundProgress) -> list[tuple[str, str]]:
    """The summary figures as (label, value): three about the round, then commitments by status."""
    statuses = progress.totals.statuses
    figures = [("Funded projects", str(len(progress.applications))), ("Awarded", money(progress.awarded)),
               ("Commitments", str(len(progress.offers)))]
    shown: tuple[Status, ...] = ("delivered", "on_track", "at_risk", "missed", "not_reported")
    figures += [(STATUS_WORDS[s], str(statuses[s])) for s in shown if statuses[s] or s in ("delivered", "at_risk")]
    return figures


def status_line(totals: Totals) -> str:
    """'3 delivered, 1 at risk': the statuses that occur, in a fixed order."""
    parts = [f"{n} {STATUS_WORDS[s].lower()}" for s, n in totals.statuses.items() if n]
    return ", ".join(parts) if parts else "no commitments"


def tally_line(tally: Tally) -> str:
    """'462 of 360 people (128%)', with what is left out said plainly."""
    unit = tally.unit
    line = f"{of(tally.delivered, tally.promised, unit)} ({percent(tally.share)})"
    if tally.unreported:
        line += f"; {tally.unreported} not yet reported"
    if tally.unquantified:
        line += f"; {tally.unquantified} with no number promised"
    return line


def offer_line(offer: OfferProgress) -> str:
    """'286 of 200 people so far (143%)', or what is known when numbers are missing."""
    unit = offer.unit
    if offer.promised is None:
        return (f"{amount(offer.delivered, unit)} reported so far; no number was promised"
                if offer.delivered is not None else "No number was promised")
    if offer.delivered is None:
        return f"{amount(offer.promised, unit)} promised; no number reported yet"
    return f"{of(offer.delivered, offer.promised, unit)} so far ({percent(offer.share)})"


def file_names(offer: OfferProgress, delivery: Delivery) -> str | None:
    """'register.pdf, photo.jpg': the names of the files kept with a report, or None.

    Only the names are published: the files themselves may hold beneficiaries' details, so they stay
    in the fund's own .svdb.
    """
    names = [f.filename for f in offer.files_of(delivery)]
    return ", ".join(names) if names else None


def proxy_line(offer: OfferProgress) -> str | None:
    """The £ proxy beside an offer, its arithmetic shown and labelled as such; None when the rubric gives none."""
    proxy = offer.proxy
    if proxy is None:
        return None
    rate = money(proxy.gbp_per_unit)
    so_far = (f"{amount(offer.delivered, offer.unit)} × {rate} = {pounds(proxy.delivered)} so far"
              if proxy.delivered is not None else "nothing reported yet")
    promised = f"promised {quantity(offer.promised)} × {rate} = {pounds(proxy.promised)}" \
        if proxy.promised is not None else "no number promised"
    line = f"{PROXY_LABEL}: {so_far} ({promised})"
    return line + (f". Source: {proxy.source}" if proxy.source else "")


def totals_proxy_line(totals: Totals) -> str | None:
    if totals.proxy_promised is None:
        return None
    return (f"{PROXY_LABEL}: {pounds(totals.proxy_delivered)} delivered so far of {pounds(totals.proxy_promised)} "
            f"promised, for the commitments whose measure has a proxy")


@dataclass(frozen=True)
class ChartRow:
    """One bar: a theme's measure in one unit, delivered as a share of the promise."""

    theme: str
    label: str
    share: float | None
    caption: str  # '462 of 360 people (128%)'

    @property
    def drawn(self) -> float:
        """The bar's length as a share, capped at CHART_CAP."""
        return min(self.share or 0.0, CHART_CAP)


def chart_rows(progress: RoundProgress) -> list[ChartRow]:
    """Bars for every theme's tallies that have a promise to compare against."""
    return [ChartRow(group.label, tally.label, tally.share, tally_line(tally))
            for group in progress.by_theme for tally in group.totals.tallies if tally.promised > 0]


def chart_scale(rows: list[ChartRow]) -> float:
    """The axis maximum: 100%, or the largest bar rounded up to the next 25%, never beyond the cap."""
    largest = max([r.drawn for r in rows] + [1.0])
    return min(CHART_CAP, -(-largest * 4 // 1) / 4)


def count(offers: int) -> str:
    return f"{quantity(offers)} commitment{'s' if offers != 1 else ''}"
