"""The page machinery shared by every PDF: A4 templates, running header, "Page x of y", contents, outline.

Headings are `Heading` paragraphs that carry their contents entry and outline title; the document
catches them as they are laid out (`afterFlowable`) to fill the table of contents, add a PDF bookmark,
report progress and honour Cancel. Page totals need the whole document, so the canvas keeps each page
until the end and stamps "Page x of y" when it saves (`NumberedCanvas`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.reports.data import RoundData
from svassessor.reports.fonts import BOLD, draw, fit, printable
from svassessor.reports.output import ExportCancelled, atomic_output
from svassessor.reports.style import MUTED, RULE, TOC_1, TOC_2

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
BODY_W = PAGE_W - 2 * MARGIN


@dataclass(frozen=True)
class Running:
    """What the running header and footer say on every page after the cover."""

    left: str  # e.g. the round's name and the document's kind
    right: str  # e.g. the funder and the date printed
    footer: str  # e.g. "Confidential: for the panel's use"
    head: str  # the audit chain's head hash the document was made from (`svassessor check --head`)


def running(data: RoundData, kind: str) -> Running:
    """The running header and footer of a document about this round."""
    funder = data.round.funder_name
    return Running(left=f"{data.round.name} · {kind}",
                   right=f"{funder} · {data.printed:%-d %B %Y}" if funder else f"{data.printed:%-d %B %Y}",
                   footer="Confidential: for the panel's use", head=data.audit_head)


class Heading(Paragraph):
    """A heading that is also a contents entry (level 0 or 1), a bookmark and, if `step`, a progress step."""

    def __init__(self, text: str, style: ParagraphStyle, *, toc: str | None = None, level: int = 0,
                 outline: str = "", step: bool = False):
        super().__init__(text, style)
        self.toc, self.level, self.outline, self.step = toc, level, outline, step


class NumberedCanvas(Canvas):
    """Keeps every page until save, then stamps "Page x of y" on the pages that carry the running footer."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self.sv_running: Running | None = None

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own next-page step; not in its stubs

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self.sv_running is not None:
                self.setFillColor(MUTED)
                draw(self, PAGE_W - MARGIN, 10 * mm, f"Page {number} of {total}", size=7.5, align="right")
            super().showPage()
        super().save()


def _cover_page(canvas: Canvas, doc: PanelDocument) -> None:
    if isinstance(canvas, NumberedCanvas):
        canvas.sv_running = None
    _head_line(canvas, doc.running)


def _head_line(canvas: Canvas, running: Running) -> None:
    """The audit head the document was made from, at the foot of every page, cover and letters included."""
    canvas.saveState()
    canvas.setFillColor(MUTED)
    draw(canvas, MARGIN, 6.5 * mm, f"Made from audit head {running.head}", size=5.5)
    canvas.restoreState()


def _body_page(canvas: Canvas, doc: PanelDocument) -> None:
    running = doc.running
    if isinstance(canvas, NumberedCanvas):
        canvas.sv_running = running
    canvas.saveState()
    canvas.setFillColor(MUTED)
    top = PAGE_H - 11 * mm
    right_width = draw(canvas, PAGE_W - MARGIN, top, running.right, size=7.5, align="right")
    draw(canvas, MARGIN, top, fit(running.left, BODY_W - right_width - 12, font=BOLD, size=7.5), font=BOLD, size=7.5)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - 3, PAGE_W - MARGIN, top - 3)
    draw(canvas, MARGIN, 10 * mm, running.footer, size=7.5)
    canvas.restoreState()
    _head_line(canvas, running)


class PanelDocument(BaseDocTemplate):
    """A4 with a plain first page (cover or letterhead) and running header and footer after it.

    With `plain_first` off, every page carries the running header and footer from the first.
    """

    def __init__(self, filename: str, *, running: Running, title: str, progress: Progress, cancelled: Cancelled,
                 steps: int, passes: int, plain_first: bool = True):
        super().__init__(filename, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=20 * mm,
                         bottomMargin=18 * mm, title=title, author="svassessor", creator="svassessor")
        frame = Frame(MARGIN, 18 * mm, BODY_W, PAGE_H - 38 * mm, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        templates = [PageTemplate("first", [frame], onPage=_cover_page),
                     PageTemplate("body", [frame], onPage=_body_page)]
        self.addPageTemplates(templates if plain_first else templates[::-1])
        self.running, self.progress, self.cancelled = running, progress, cancelled
        self.total = steps * passes  # a third pass (rare: the contents grew a page) stays at 100%
        self._pass = 0
        self._done = 0

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        self._pass += 1

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        key = f"h{id(flowable)}"
        if flowable.toc is not None:
            self.notify("TOCEntry", (flowable.level, flowable.toc, self.page, key))
        if flowable.outline:
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(printable(flowable.outline).replace("\n", " "), key, level=flowable.level)
        if flowable.step:
            if self.cancelled():
                raise ExportCancelled()
            self._done += 1
            what = "Laying out pages" if self._pass == 1 else "Numbering pages and contents"
            self.progress(min(self._done, self.total), self.total, what)


def contents(expected: Sequence[tuple[int, str]] = ()) -> TableOfContents:
    """The table of contents, filled in on the second layout pass.

    `expected` (level, markup) lists the entries to come: the first pass then lays out a contents of
    the right length, so page numbers do not shift when it fills in and two passes suffice, not three.
    """
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [TOC_1, TOC_2]
    placeholder = 10 ** len(str(len(expected) + 10)) - 1  # page numbers of the width to come
    for level, text in expected:
        toc.addEntry(level, text, placeholder)
    return toc


def write(path: str | os.PathLike[str], story: Sequence[Flowable], *, running: Running, title: str, steps: int,
          progress: Progress = no_progress, cancelled: Cancelled = never, numbered_passes: bool = True,
          plain_first: bool = True) -> None:
    """Lay out `story` into a PDF at `path` (written whole or not at all).

    `steps` is how many `Heading(step=True)` the story holds, for progress. A story with a table of
    contents needs two layout passes (`numbered_passes`); a story without one is laid out once.
    """
    with atomic_output(path) as partial:
        doc = PanelDocument(str(partial), running=running, title=title, progress=progress,
                            cancelled=cancelled, steps=steps, passes=2 if numbered_passes else 1,
                            plain_first=plain_first)
        if numbered_passes:
            doc.multiBuild(list(story), canvasmaker=NumberedCanvas)
        else:
            doc.build(list(story), canvasmaker=NumberedCanvas)

