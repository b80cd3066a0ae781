"""The register as tables (one row per funded offer; one row per delivery report) for CSV and XLSX.

The rows are handed to the score matrices' writers (`svassessor.exports`), so the register's
spreadsheets look like the other exports and share their neutralising of formula-looking text
(DESIGN §7). Control characters that a workbook cannot hold are dropped here. Who recorded each
report is left out: the register is published, and officers' names are the funder's business.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from svassessor.exports.cells import Value
from svassessor.exports.matrix import Column, Matrix
from svassessor.monitoring.model import PROXY_LABEL, STATUS_WORDS, OfferProgress, RoundProgress
from svassessor.monitoring.words import amount
from svassessor.register.content import HOW_TO_READ, PROXY_NOTE, TITLE, file_names

_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0, so XLSX, cannot hold

OFFER_COLUMNS = [
    Column("Reference", width=11), Column("Organisation", width=28), Column("Project", width=36),
    Column("Amount awarded", "money", 12), Column("Offer number", "integer", 8), Column("Offer", width=40),
    Column("Theme", width=18), Column("Measure", width=20), Column("Beneficiary group", width=26),
    Column("Place", width=14), Column("Timeframe", width=20), Column("Promised", "total", 10),
    Column("Unit", width=9), Column("Delivered so far", "total", 10), Column("Share of promise (%)", "integer", 10),
    Column("Status", width=12), Column("Last report", "date", 11), Column("Reports", "integer", 8),
    Column("Latest evidence", width=50), Column("Latest story", width=60), Column("Latest files", width=30),
    Column("Earlier reports", width=60),
    Column(f"Proxy £ per unit ({PROXY_LABEL})", "money", 14),
    Column(f"Proxy £ of delivery so far ({PROXY_LABEL})", "money", 14), Column("Proxy source", width=30),
]
REPORT_COLUMNS = [
    Column("Reference", width=11), Column("Organisation", width=28), Column("Offer number", "integer", 8),
    Column("Offer", width=40), Column("Date", "date", 11), Column("Quantity so far", "total", 10),
    Column("Unit", width=9), Column("Status", width=12), Column("Evidence", width=60), Column("Story", width=70),
    Column("Files", width=30),
]


def _clean(row: Sequence[Value]) -> list[Value]:
    return [_UNHOLDABLE.sub("", v) if isinstance(v, str) else v for v in row]


def _share(offer: OfferProgress) -> int | None:
    return None if offer.share is None else round(offer.share * 100)


def _earlier(offer: OfferProgress) -> str:
    """Every report before the latest, oldest first, as readable text for one cell."""
    parts = []
    for d in offer.history[:-1]:
        head = f"{d.on.isoformat()}: {STATUS_WORDS[d.status]}, {amount(d.quantity, offer.unit)}."
        parts.append(head + "".join(f" {label}: {text}" for label, text in (
            ("Evidence", d.evidence), ("Story", d.story), ("Files", file_names(offer, d))) if text))
    return "\n\n".join(parts)


def offers_matrix(progress: RoundProgress) -> Matrix:
    """One row per funded offer: the promise, the latest report, the earlier ones, the £ proxy beside."""
    rows = []
    for app in progress.applications:
        a = app.application
        for o in app.offers:
            latest, proxy = o.latest, o.proxy
            rows.append(_clean([
                a.reference, a.organisation.name, a.title, app.decision.amount_awarded, o.number,
                o.offer.description, o.theme, o.measure.name if o.measure else None, o.offer.beneficiary_group,
                o.offer.place, o.offer.timeframe, o.promised, o.unit or None, o.delivered, _share(o),
                STATUS_WORDS[o.status], latest.on if latest else None, len(o.history),
                latest.evidence if latest else None, latest.story if latest else None,
                file_names(o, latest) if latest else None, _earlier(o) or None,
                proxy.gbp_per_unit if proxy else None, proxy.delivered if proxy else None,
                proxy.source if proxy else None]))
    return Matrix("Offers", OFFER_COLUMNS, rows, frozen=2)


def reports_matrix(progress: RoundProgress) -> Matrix:
    """One row per delivery report, oldest first within each offer."""
    rows = [_clean([o.reference, o.organisation, o.number, o.offer.description, d.on, d.quantity, o.unit or None,
                    STATUS_WORDS[d.status], d.evidence or None, d.story or None, file_names(o, d)])
            for o in progress.offers for d in o.history]
    return Matrix("Reports", REPORT_COLUMNS, rows, frozen=2)


def about_matrix(progress: RoundProgress, published: date) -> Matrix:
    """What the workbook is, for whoever opens it without the PDF."""
    r = progress.round
    rows = [["Title", f"{TITLE}: {r.name}"], ["Funder", r.funder_name or ""], ["Published", published.isoformat()],
            ["Reports up to", progress.as_of.isoformat() if progress.as_of else "no reports yet"],
            ["Funded projects", str(len(progress.applications))], ["Commitments", str(len(progress.offers))],
            ["How to read it", HOW_TO_READ], ["£ proxies", PROXY_NOTE]]
    return Matrix("About", [Column("About", width=18), Column("", width=100)], [_clean(r) for r in rows])
