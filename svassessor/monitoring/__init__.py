"""After the award: each funded offer followed to what was delivered (DESIGN §2.8, §3 Delivery).

A monitoring view is a thin layer over these calls:

    progress = load_progress(store, round_)        # RoundProgress: ready to show
    progress.applications                           # per application: offers, history, totals
    progress.by_theme / by_group / by_place         # Groups, each with Totals (tallies per measure and unit)
    store.deliveries.record / amend / remove        # audited; each returns what its undo needs
    import_deliveries(store, round_, path)          # a grant holders' CSV or XLSX, all or nothing
"""

from svassessor.monitoring.imports import DeliveriesImported, import_deliveries
from svassessor.monitoring.load import load_progress
from svassessor.monitoring.model import (
    NOT_MEASURED,
    PROXY_LABEL,
    STATUS_WORDS,
    STATUSES,
    ApplicationProgress,
    Group,
    OfferProgress,
    Proxy,
    RoundProgress,
    Status,
    Tally,
    Totals,
)
from svassessor.monitoring.rollup import round_progress

__all__ = [
    "NOT_MEASURED", "PROXY_LABEL", "STATUSES", "STATUS_WORDS", "ApplicationProgress", "DeliveriesImported", "Group",
    "OfferProgress", "Proxy", "RoundProgress", "Status", "Tally", "Totals", "import_deliveries", "load_progress",
    "round_progress",
]
