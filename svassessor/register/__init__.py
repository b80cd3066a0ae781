"""The commitments register: what a funder publishes about a round after the award (DESIGN §2.8, §7).

Every funded offer, its progress and its stories, as a PDF report, a CSV or XLSX table, or one
self-contained HTML page. All four read the same `RoundProgress` (svassessor.monitoring), so they
agree figure for figure, and each file appears only when whole.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Literal

from svassessor.errors import NotAllowed
from svassessor.models import Round
from svassessor.monitoring.load import load_progress
from svassessor.progress import Progress, no_progress
from svassessor.storage.audit import chain_head
from svassessor.store import Store

RegisterFormat = Literal["pdf", "csv", "xlsx", "html"]
FORMATS: tuple[RegisterFormat, ...] = ("pdf", "csv", "xlsx", "html")


def write_register(store: Store, round_: Round, fmt: RegisterFormat, path: str | os.PathLike[str], *,
                   progress: Progress | None = None, published: date | None = None) -> int:
    """Write the commitments register of a decided or monitored round to `path` in `fmt`; the number of cells
    written with U+FFFD for characters a workbook cannot hold (XLSX only; 0 otherwise).

    `progress(done, total, what)` is told when reading and writing start and end (and, for the PDF,
    as each project's pages are laid out). `published` is the date printed on it (by default today, as
    the store's clock says).
    """
    progress = progress or no_progress
    published = published or store.clock.today()
    if fmt not in FORMATS:
        raise NotAllowed(f"'{fmt}' is not a register format; use one of {', '.join(FORMATS)}.")
    round_ = store.rounds.by_id(round_.id)
    if round_.status not in ("decided", "monitoring"):
        raise NotAllowed(f"Round '{round_.name}' is in {round_.status}; the register is published once a round "
                         f"is decided.")
    progress(0, 2, "Reading the round")
    data = load_progress(store, round_)
    progress(1, 2, f"Writing the register ({fmt.upper()})")
    replaced = 0
    if fmt == "pdf":
        from svassessor.register.pdf import write_pdf

        write_pdf(data, path, published=published, progress=progress, head=chain_head(store.database.conn))
    elif fmt == "csv":
        from svassessor.register.table import write_csv

        write_csv(data, path)
    elif fmt == "xlsx":
        from svassessor.register.table import write_xlsx

        replaced = write_xlsx(data, path, published=published)
    else:
        from svassessor.register.html import write_html

        write_html(data, path, published=published)
    progress(2, 2, "Register written")
    return replaced
