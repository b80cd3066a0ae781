"""One application's page in the panel pack: where it stands, who scored what, what was agreed and why.

The scores table puts each assessor's raw score beside the spread and the panel's score for every
criterion, so a chair sees at a glance where assessors disagree (flagged cells in red) and what the
panel agreed; the totals row gives each assessor's own total from the engine. Quoted evidence is the
assessors' highlighted passages, verbatim, with their tag and note.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from svassessor.models import Application
from svassessor.reports.data import RoundData
from svassessor.reports.document import BODY_W, Heading
from svassessor.reports.fonts import BOLD, cell, markup
from svassessor.reports.style import (
    BAND,
    BODY,
    CELL,
    CELL_CENTRE,
    CELL_HEAD_CENTRE,
    DECISION_WORDS,
    FLAG,
    FUNDED,
    H1,
    H2,
    INELIGIBLE_INK,
    LINE,
    MUTED,
    QUOTE,
    SMALL,
    SMALL_MUTED,
    STATUS_WORDS,
    grid,
    level,
    money,
    points,
)
from svassessor.scoring.panel import AGGREGATE_WORDS

_CRITERION_W = 62 * mm
_THEME = CELL.clone("theme", fontName=BOLD)
_PROJECT = BODY.clone("project", fontSize=10.5, leading=14, spaceAfter=6)
_NOTE = SMALL.clone("note", leftIndent=10, textColor=MUTED)
_FROM = SMALL_MUTED.clone("from", leftIndent=10, fontSize=6.5, leading=8)
_REASON = SMALL.clone("reason", textColor=LINE, spaceBefore=2)


def _facts(data: RoundData, app: Application) -> list[Flowable]:
    rank, standing = data.standing[app.id]
    status = data.summary.budget.status.get(app.id)
    priority = (f" = {points(standing.total.total)} + {points(standing.priority_points)} priority "
                f"({markup(standing.priority.label)})" if standing.priority else "")
    decision = data.decisions.get(app.id)
    decided = "Not decided yet"
    if decision is not None:
        decided = DECISION_WORDS[decision.decision]
        if decision.amount_awarded is not None:
            decided += f" {money(decision.amount_awarded)}"
    cells = [
        ("Rank", f"<b>{rank}</b> of {len(data.summary.ranking)}"),
        ("Score", f"<b>{points(standing.ranking_score)}</b>{priority}"),
        ("Price", money(app.price)) if data.rubric.kind == "tender" else ("Requested", money(app.amount_requested)),
        ("Budget line", STATUS_WORDS[status]),
        ("Decision", f"<b>{decided}</b>"),
    ]
    widths = [18 * mm, 68 * mm, 26 * mm, 30 * mm]
    widths.append(BODY_W - sum(widths))
    table = Table([[label for label, _ in cells], [Paragraph(v, CELL) for _, v in cells]], colWidths=widths)
    background = FUNDED if status == "funded" else BAND
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, 0), BOLD), ("FONTSIZE", (0, 0), (-1, 0), 8), ("TEXTCOLOR", (0, 0), (-1, 0), MUTED),
        ("BACKGROUND", (0, 0), (-1, -1), background),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    reason = data.summary.budget.reasons.get(app.id)
    return [table] + ([Paragraph(f"Not eligible — {markup(reason)}.", _REASON)] if reason else [])


def scores_table(data: RoundData, app: Application) -> Table:
    """Criteria down, assessors across, then spread and the panel's score; a totals row at the foot."""
    people = data.scorers
    summary = data.summary
    own = summary.panel.own.get(app.id, {})
    combined = summary.panel.combined.get(app.id, {})
    agreed = data.moderations.get(app.id, {})
    _, standing = data.standing[app.id]
    side = (BODY_W - _CRITERION_W) / (len(people) + 2)
    head = ["Criterion"] + [cell(p.name, CELL_HEAD_CENTRE, side - 6) for p in people] + ["Spread", "Panel"]
    rows: list[list] = [head]
    last = len(head) - 1
    style: list[tuple] = [("ALIGN", (1, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                          ("FONTNAME", (last, 1), (last, -1), BOLD)]
    for theme in data.rubric.themes:
        row = len(rows)
        rows.append([cell(theme.title, _THEME, _CRITERION_W - 6)] + [""] * (last - 1)
                    + [points(standing.total.themes.get(theme.id))])
        style += [("SPAN", (0, row), (last - 1, row)), ("BACKGROUND", (0, row), (-1, row), BAND),
                  ("FONTNAME", (0, row), (-1, row), BOLD)]
        for criterion in theme.criteria:
            row = len(rows)
            cells: list = [cell(criterion.title, CELL, _CRITERION_W - 6)]
            for column, person in enumerate(people, start=1):
                score = own.get(person.id, {}).get(criterion.id)
                if app.id in person.conflicts:
                    cells.append("conflict")
                    style += [("TEXTCOLOR", (column, row), (column, row), INELIGIBLE_INK),
                              ("FONTSIZE", (column, row), (column, row), 6.5)]
                    continue
                cells.append(level(score))
                if score is not None and criterion.pass_mark is not None and score < criterion.pass_mark:
                    style.append(("TEXTCOLOR", (column, row), (column, row), LINE))
            cells.append(level(data.spread(app.id, criterion.id)))
            if data.flagged(app.id, criterion.id):
                style.append(("BACKGROUND", (last - 1, row), (last - 1, row), FLAG))
            panel = level(combined.get(criterion.id))
            cells.append(Paragraph(f"<b>{panel}</b><br/><font size=6.5 color='#616e7c'>agreed</font>", CELL_CENTRE)
                         if criterion.id in agreed else panel)
            rows.append(cells)
    totals = summary.assessor_totals.get(app.id, {})
    foot = ["Total out of 100"]
    foot += ["" if app.id in p.conflicts else points(totals[p.id].total) if p.id in totals else "–" for p in people]
    foot += ["", points(standing.total.total)]
    rows.append(foot)
    style += [("LINEABOVE", (0, len(rows) - 1), (-1, len(rows) - 1), 0.8, colors.black),
              ("FONTNAME", (0, len(rows) - 1), (0, len(rows) - 1), BOLD)]
    table = Table(rows, colWidths=[_CRITERION_W] + [side] * (len(people) + 2), repeatRows=1)
    table.setStyle(grid(*style))
    return table


def _agreed(data: RoundData, app: Application) -> list[Flowable]:
    agreed = data.moderations.get(app.id, {})
    if not agreed:
        return []
    out: list[Flowable] = [Paragraph("Scores the panel agreed", H2)]
    for criterion in data.rubric.criteria:
        if (m := agreed.get(criterion.id)) is None:
            continue
        found = data.rubric.scale_for(criterion.id).level(m.score)
        label = f" ({markup(found.label)})" if found else ""
        out.append(Paragraph(f"<b>{markup(criterion.title)}: {level(m.score)}{label}.</b> {markup(m.rationale)} "
                             f"<font color='#616e7c'>Agreed by {markup(m.moderated_by)}.</font>", BODY))
    return out


def _quantity(quantity: float | None, unit: str | None) -> str:
    """An offer's commitment as written: £4,000 for money, 52 weeks otherwise (plain text, not markup)."""
    if quantity is None:
        return "–"
    if (unit or "").strip().lower() in ("£", "gbp", "pounds"):
        return money(quantity)
    number = f"{int(quantity):,}" if float(quantity).is_integer() else f"{quantity:,.2f}".rstrip("0")
    return f"{number} {unit or ''}".strip()


def _offers(app: Application) -> list[Flowable]:
    if not app.offers:
        return []
    rows: list[list] = [["Social value offer", "Commitment", "Who benefits", "Where"]]
    for offer in app.offers:
        amount = _quantity(offer.quantity, offer.unit)
        rows.append([Paragraph(markup(offer.description), CELL), cell(amount, CELL),
                     Paragraph(markup(offer.beneficiary_group or "–"), CELL), cell(offer.place or "–", CELL)])
    table = Table(rows, colWidths=[BODY_W - 110 * mm, 28 * mm, 52 * mm, 30 * mm], repeatRows=1)
    table.setStyle(grid())
    return [Paragraph("Social value offers", H2), table]


def _evidence(data: RoundData, app: Application) -> list[Flowable]:
    notes = data.annotations.get(app.id, [])
    if not notes:
        return []
    tags = {t.id: t for t in data.rubric.tags}
    names = {a.id: a.name for a in data.assessors}
    questions = {n.id: n.question for n in app.narrative}
    out: list[Flowable] = [Paragraph("Evidence highlighted by assessors", H2)]
    for note in notes:
        tag = tags.get(note.tag)
        colour = tag.colour if tag else "#616e7c"
        about = [f"<font color='{colour}'><b>{markup(tag.label if tag else note.tag)}</b></font>"]
        if note.criterion_id:
            try:
                about.append(markup(data.rubric.criterion(note.criterion_id).title))
            except KeyError:
                about.append(markup(note.criterion_id))
        about.append(markup(names.get(note.assessor_id, "an assessor")))
        body = [Paragraph(f"“{markup(note.quote)}”", QUOTE),
                Paragraph(" · ".join(about) + (f": {markup(note.note)}" if note.note else ""), _NOTE)]
        if note.narrative_id in questions:
            body.append(Paragraph(f"From: {markup(questions[note.narrative_id])}", _FROM))
        box = Table([[body]], colWidths=[BODY_W])
        box.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 2.5, colors.HexColor(colour)),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        out += [box, Spacer(1, 3)]
    return out


def _decision(data: RoundData, app: Application) -> list[Flowable]:
    decision = data.decisions.get(app.id)
    if decision is None:
        return [Paragraph("Decision", H2), Paragraph("The panel has not recorded a decision yet.", SMALL_MUTED)]
    words = DECISION_WORDS[decision.decision]
    if decision.amount_awarded is not None:
        words += f": {money(decision.amount_awarded)} of {money(app.amount_requested)} requested"
    out: list[Flowable] = [Paragraph("Decision", H2),
                           Paragraph(f"<b>{words}</b> <font color='#616e7c'>(recorded by "
                                     f"{markup(decision.decided_by)}, {decision.decided_at:%-d %B %Y})</font>", BODY)]
    if decision.feedback:
        out.append(Paragraph(f"Feedback to the applicant: {markup(decision.feedback)}", SMALL))
    return [KeepTogether(out)]


def application_page(data: RoundData, app: Application) -> list[Flowable]:
    """One application from a new page (it runs on to a second only if its evidence needs it)."""
    heading = f"{markup(app.reference)}  {markup(app.organisation.name)}"
    legend = (f"Panel: the score the panel agreed where it moderated, otherwise "
              f"{AGGREGATE_WORDS[data.rubric.moderation.aggregate]}. Spread: highest "
              f"minus lowest assessor score; red from {data.rubric.moderation.spread_threshold:g} (to discuss). "
              "A score in red is below the criterion's pass mark.")
    return [
        PageBreak(),
        Heading(heading, H1, toc=heading, level=1, outline=f"{app.reference} {app.organisation.name}", step=True),
        Paragraph(markup(app.title), _PROJECT),
        *_facts(data, app),
        Spacer(1, 2 * mm),
        Paragraph(markup(app.summary), SMALL) if app.summary else Spacer(1, 0),
        *_decision(data, app),
        Paragraph("Scores", H2),
        scores_table(data, app),
        Paragraph(legend, SMALL_MUTED),
        *_agreed(data, app),
        *_offers(app),
        *_evidence(data, app),
    ]

