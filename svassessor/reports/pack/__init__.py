"""The panel pack: cover and contents, ranking with the budget line, charts, one page per application.

`pack_story` builds the flowables from a `RoundData` (no file access, so the bench can time the layout
alone); `write_pack` reads the round, lays it out and writes the PDF whole or not at all.
"""

from __future__ import annotations

import os
from dataclasses import replace

from reportlab.platypus import Flowable

from svassessor.models import Round
from svassessor.panel.summary import funding_line_robustness
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.reports.data import RoundData, load_round
from svassessor.reports.document import Heading, running, write
from svassessor.reports.output import ExportCancelled
from svassessor.reports.pack.application import application_page
from svassessor.reports.pack.charts import charts
from svassessor.reports.pack.cover import cover
from svassessor.reports.pack.ranking import ranking
from svassessor.store import Store


def pack_story(data: RoundData) -> list[Flowable]:
    """Every flowable of the pack, in order; each application page is one progress step."""
    body = [*ranking(data), *charts(data)]
    for standing in data.summary.ranking:
        body += application_page(data, data.application_by_id(standing.candidate.id))
    entries = [(f.level, f.toc) for f in body if isinstance(f, Heading) and f.toc is not None]
    return [*cover(data, entries), *body]


def render_pack(data: RoundData, path: str | os.PathLike[str], *, progress: Progress = no_progress,
                cancelled: Cancelled = never) -> None:
    """Lay out an already loaded round as a panel pack PDF."""
    write(path, pack_story(data), running=running(data, "Panel pack"), title=f"Panel pack: {data.round.name}",
          steps=len(data.applications), progress=progress, cancelled=cancelled)


def write_pack(store: Store, round_: Round, path: str | os.PathLike[str], *, progress: Progress = no_progress,
               cancelled: Cancelled = never) -> int:
    """Write the panel pack of a round to `path` (PDF), calling `progress` per page laid out; how many
    applications it holds. With a budget, the pack tests the funding line too (`scoring.robustness`)."""
    progress(0, 1, "Reading the round")
    data = load_round(store, round_)
    if round_.budget is not None:
        data = replace(data, robustness=funding_line_robustness(store, round_))
    if cancelled():
        raise ExportCancelled()
    render_pack(data, path, progress=progress, cancelled=cancelled)
    return len(data.applications)
