"""The register as a PDF report: summary figures and chart, roll-ups, then every project's commitments.

Built on the panel pack's machinery and look (`reports.document`, `reports.style`, `reports.fonts`):
the same A4 pages, running header, "Page x of y", bookmarks, and user text escaped and set in a font
that has its characters. Stories and evidence are printed as quotations, in full, beside the numbers.
"""

from __future__ import annotations

import os
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from svassessor.monitoring.model import NOT_MEASURED, STATUS_WORDS, Group, OfferProgress, RoundProgress, Status
from svassessor.monitoring.words import amount, percent, when
from svassessor.progress import Progress, no_progress
from svassessor.register import content as words
from svassessor.register.pdf_chart import STATUS_INK, chart, progress_bar
from svassessor.reports.document import BODY_W, Heading, Running, write
from svassessor.reports.fonts import markup
from svassessor.reports.style import (
    ACCENT,
    BAND,
    BODY,
    CELL,
    CELL_HEAD,
    CELL_HEAD_RIGHT,
    H1,
    H2,
    LABEL,
    MUTED,
    QUOTE,
    SMALL,
    SMALL_MUTED,
    SUBTITLE,
    TITLE,
    grid,
    money,
)

STORY = colors.HexColor("#7b61a8")
_PROJECT = BODY.clone("register-project", fontSize=10.5, leading=14, spaceAfter=2)
_META = SMALL_MUTED.clone("register-meta", fontSize=8.5, leading=11, spaceAfter=6)
_OFFER = H2.clone("register-offer", fontSize=10, leading=13, spaceBefore=10)
_STORY = QUOTE.clone("register-story", fontSize=9, leading=12.5, leftIndent=0)
_NOTE = SMALL.clone("register-note", spaceAfter=4)
_CELL_RIGHT = CELL.clone("register-cell-right", alignment=TA_RIGHT)
_PROXY = SMALL_MUTED.clone("register-proxy", spaceAfter=4)
_PART = H1.clone("register-part", spaceBefore=12)
_PROJECT_HEAD = H1.clone("register-project-head", fontSize=13.5, leading=17, spaceBefore=4, spaceAfter=3)
_FIGURE = BODY.clone("register-figure", fontSize=15, leading=18, textColor=ACCENT)


def _status(status: Status) -> str:
    return f'<font color="{STATUS_INK[status]}"><b>{STATUS_WORDS[status]}</b></font>'


def _boxes(pairs: list[tuple[str, str]]) -> Table:
    """Figures in a row of shaded boxes, label above value."""
    cells = [[Paragraph(label, LABEL) for label, _ in pairs], [Paragraph(value, _FIGURE) for _, value in pairs]]
    table = Table(cells, colWidths=[BODY_W / len(pairs)] * len(pairs))
    table.setStyle(grid(("BACKGROUND", (0, 0), (-1, -1), BAND), ("LINEBELOW", (0, 0), (-1, -1), 0, BAND),
                        ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white), ("TOPPADDING", (0, 0), (-1, 0), 5),
                        ("BOTTOMPADDING", (0, 1), (-1, 1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 6)))
    return table


def _figures(progress: RoundProgress) -> list[Flowable]:
    """The round in three figures, then the commitments by status (a row each, so labels never wrap)."""
    pairs = words.headline(progress)
    return [_boxes(pairs[:3]), Spacer(1, 2), _boxes(pairs[3:])]


def _front(progress: RoundProgress, published: date) -> list[Flowable]:
    r = progress.round
    story: list[Flowable] = [
        Paragraph(markup(r.funder_name or ""), LABEL),
        Paragraph(words.TITLE, TITLE),
        Paragraph(markup(r.name), SUBTITLE.clone("register-subtitle", spaceAfter=4)),
        Paragraph(f"Published {when(published)} · reports up to {when(progress.as_of)}", SMALL_MUTED),
        Spacer(1, 5 * mm),
        Paragraph(words.INTRO, BODY.clone("register-lead", fontSize=10.5, leading=14, spaceAfter=8)),
        *_figures(progress),
        Spacer(1, 3 * mm),
        Paragraph(words.HOW_TO_READ, _NOTE),
        Paragraph(words.PROXY_NOTE, _NOTE),
    ]
    if line := words.totals_proxy_line(progress.totals):
        story.append(Paragraph(markup(line), _NOTE))
    rows = words.chart_rows(progress)
    story += [Spacer(1, 4 * mm), NextPageTemplate("body"),
              KeepTogether([Heading("Delivered against promised", H1, outline="Delivered against promised"),
                            Paragraph(f"{words.CHART_TITLE}. The grey band to the dark line is the promise; the bar "
                                      f"is what has been delivered so far, orange where it falls short.", SMALL_MUTED),
                            Spacer(1, 2 * mm), chart(rows, BODY_W)])]
    return story


def _totals(groups: tuple[Group, ...], first: str) -> Table:
    head = [Paragraph(first, CELL_HEAD), Paragraph("Measure", CELL_HEAD), Paragraph("Promised", CELL_HEAD_RIGHT),
            Paragraph("Delivered so far", CELL_HEAD_RIGHT), Paragraph("Share", CELL_HEAD_RIGHT)]
    rows: list[list] = [head]
    style: list[tuple] = []
    for group in groups:
        start = len(rows)
        label = Paragraph(f"<b>{markup(group.label)}</b><br/><font color='#616e7c' size='7'>"
                          f"{words.count(group.totals.offers)}: {words.status_line(group.totals)}</font>", CELL)
        for i, tally in enumerate(group.totals.tallies):
            note = "; ".join(f"{n} {what}" for n, what in ((tally.unreported, "not yet reported"),
                                                          (tally.unquantified, "with no number promised")) if n)
            rows.append([label if i == 0 else "", Paragraph(markup(tally.label), CELL),
                         Paragraph(markup(amount(tally.promised, tally.unit)), _CELL_RIGHT),
                         Paragraph(markup(amount(tally.delivered, tally.unit)), _CELL_RIGHT),
                         Paragraph(percent(tally.share) + (f"<br/><font size='6.5'>{note}</font>" if note else ""),
                                   _CELL_RIGHT)])
        if len(rows) - start > 1:
            style.append(("SPAN", (0, start), (0, len(rows) - 1)))
        style.append(("LINEABOVE", (0, start), (-1, start), 0.6, MUTED))
    table = Table(rows, colWidths=[52 * mm, 50 * mm, 24 * mm, 26 * mm, BODY_W - 152 * mm], repeatRows=1)
    table.setStyle(grid(*style))
    return table


def _rollups(progress: RoundProgress) -> list[Flowable]:
    story: list[Flowable] = [CondPageBreak(60 * mm), Heading("Promised and delivered by theme, group and place", H1,
                                                             outline="By theme, group and place")]
    for groups, title, first in ((progress.by_theme, "By theme of the fund's rubric", "Theme"),
                                 (progress.by_group, "By beneficiary group", "Beneficiary group"),
                                 (progress.by_place, "By place", "Place")):
        story += [KeepTogether([Paragraph(title, H2), _totals(groups, first)]), Spacer(1, 3 * mm)]
    return story


def _report(offer: OfferProgress, index: int) -> list[Flowable]:
    d = offer.history[index]
    parts: list[Flowable] = [Paragraph(f"<b>{when(d.on)}</b> · {_status(d.status)} · "
                                       f"{markup(amount(d.quantity, offer.unit))} so far", SMALL)]
    quoted = []
    if d.story:
        quoted.append(Paragraph(f"“{markup(d.story)}”", _STORY))
    if d.evidence:
        quoted.append(Paragraph(f"<font color='#616e7c'><b>Evidence:</b></font> {markup(d.evidence)}", SMALL))
    if names := words.file_names(offer, d):
        quoted.append(Paragraph(f"<font color='#616e7c'><b>Files kept with this report:</b></font> {markup(names)}",
                                SMALL))
    if quoted:
        box = Table([[q] for q in quoted], colWidths=[BODY_W - 4 * mm])
        box.setStyle(grid(("BACKGROUND", (0, 0), (-1, 0), colors.white),
                          ("LINEBELOW", (0, 0), (-1, -1), 0, colors.white),
                          ("LINEBEFORE", (0, 0), (0, -1), 2, STORY), ("LEFTPADDING", (0, 0), (-1, -1), 7)))
        parts.append(box)
    parts.append(Spacer(1, 2.5 * mm))
    return parts


def _offer(offer: OfferProgress) -> list[Flowable]:
    o = offer.offer
    facts = [("Promised", amount(o.quantity, offer.unit) if o.quantity is not None else "no number given"),
             ("Measure", offer.measure.name if offer.measure else NOT_MEASURED),
             ("Who benefits", o.beneficiary_group or "not named"), ("Where", o.place or "not named"),
             ("By when", o.timeframe or "no date given")]
    widths = [22 * mm, 32 * mm, 50 * mm, 28 * mm]
    widths.append(BODY_W - sum(widths))
    promise = Table([[Paragraph(k, LABEL) for k, _ in facts], [Paragraph(markup(v), CELL) for _, v in facts]],
                    colWidths=widths)
    promise.setStyle(grid(("BACKGROUND", (0, 0), (-1, -1), BAND), ("LINEBELOW", (0, 0), (-1, -1), 0, BAND)))
    head = [Paragraph(f"Commitment {offer.number}: {markup(o.description)}", _OFFER), promise, Spacer(1, 2 * mm),
            progress_bar(offer.share, offer.status, BODY_W),
            Paragraph(f"{_status(offer.status)}  {markup(words.offer_line(offer))}", BODY)]
    if line := words.proxy_line(offer):
        head.append(Paragraph(markup(line), _PROXY))
    if not offer.history:
        return [KeepTogether(head + [Paragraph("No report yet.", SMALL_MUTED)])]
    reports = [_report(offer, i) for i in range(len(offer.history))]
    return [KeepTogether(head + reports[0]), *[f for r in reports[1:] for f in r]]


def _application(progress: RoundProgress, index: int) -> list[Flowable]:
    app = progress.applications[index]
    a = app.application
    title = f"{a.reference} · {a.organisation.name}"
    area = f" · {markup(a.organisation.area)}" if a.organisation.area else ""
    story: list[Flowable] = [
        CondPageBreak(90 * mm),
        HRFlowable(width="100%", thickness=2, color=ACCENT, spaceBefore=6, spaceAfter=6),
        Heading(markup(title), _PROJECT_HEAD, outline=title, step=True),
        Paragraph(markup(a.title), _PROJECT),
        Paragraph(f"Awarded {money(app.decision.amount_awarded)}{area} · {words.count(len(app.offers))}: "
                  f"{words.status_line(app.totals)}", _META),
    ]
    for offer in app.offers:
        story += _offer(offer)
    return story + [Spacer(1, 6 * mm)]


def register_story(progress: RoundProgress, published: date) -> list[Flowable]:
    """Every flowable of the register, in order; each project is one progress step."""
    story = _front(progress, published) + _rollups(progress)
    story.append(Heading("The funded projects and their commitments", _PART, outline="The funded projects"))
    for index in range(len(progress.applications)):
        story += _application(progress, index)
    return story


def write_pdf(data: RoundProgress, path: str | os.PathLike[str], *, published: date, head: str,
              progress: Progress = no_progress) -> None:
    """Lay out the register and write it whole, or not at all; `head` is the audit head it was read at."""
    r = data.round
    right = f"{r.funder_name} · {when(published)}" if r.funder_name else when(published)
    write(path, register_story(data, published),
          running=Running(left=f"{r.name} · {words.TITLE}", right=right,
                          footer=f"{words.TITLE}: every funded commitment, its progress and its stories",
                          head=head),
          title=f"{words.TITLE}: {r.name}", steps=len(data.applications), progress=progress,
          numbered_passes=False)
