"""The panel pack's cover and contents: what round this is, on which rubric, with what money and panel."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Spacer, Table, TableStyle

from svassessor.models import Round
from svassessor.reports.data import RoundData
from svassessor.reports.document import BODY_W, Heading, contents
from svassessor.reports.fonts import markup
from svassessor.reports.style import ACCENT, BODY, H1, LABEL, RULE, SMALL_MUTED, SUBTITLE, TITLE, money, points
from svassessor.scoring.panel import AGGREGATE_WORDS


def _facts(rows: list[tuple[str, str]]) -> Table:
    table = Table([[Paragraph(label, LABEL), Paragraph(value, BODY)] for label, value in rows],
                  colWidths=[42 * mm, BODY_W - 42 * mm])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _dates(data: RoundData) -> str:
    opens, closes = data.round.opens, data.round.closes
    if opens and closes:
        return f"{opens:%-d %B %Y} to {closes:%-d %B %Y}"
    return f"{(opens or closes):%-d %B %Y}" if (opens or closes) else "–"


def _agreement(data: RoundData) -> str:
    alpha = data.summary.alpha
    if alpha.ordinal is None:
        return markup(alpha.note or "No agreement figure yet.")
    return (f"Krippendorff's alpha {alpha.ordinal:.2f} (ordinal), over the {alpha.units} criteria of applications "
            f"scored by two or more assessors")


def _panel(data: RoundData) -> str:
    people = []
    for person in data.assessors:
        role = "chair" if person.role == "chair" else "assessor"
        conflicts = len(person.conflicts)
        declared = f"; declared a conflict with {conflicts} application{'s' * (conflicts != 1)}" if conflicts else ""
        people.append(f"{markup(person.name)} <font color='#616e7c'>({role}{declared})</font>")
    return "<br/>".join(people) or "No panel members recorded yet."


def _funder(round_: Round) -> str:
    """The funder's name and org-id (what 360Giving data names it by), saying which is not set."""
    name, org_id = round_.funder_name, round_.funder_org_id
    if not (name or org_id):
        return "Not set"
    org = f"org-id {markup(org_id)}" if org_id else "no org-id set"
    return f"{markup(name or 'Name not set')} <font color='#616e7c'>· {org}</font>"


def cover(data: RoundData, entries: list[tuple[int, str]]) -> list[Flowable]:
    """The cover page, then the contents on the next page (`entries`: the headings to come)."""
    round_, rubric, summary = data.round, data.rubric, data.summary
    combined = AGGREGATE_WORDS[rubric.moderation.aggregate]
    line = summary.budget
    requested = sum((a.amount_requested for a in data.applications if a.amount_requested is not None), start=0)
    funded = sum(1 for status in line.status.values() if status == "funded")
    out = f"; {len(data.ineligible)} not eligible, left out of the ranking" if data.ineligible else ""
    if line.total is None:
        budget = "No budget set, so no budget line is drawn."
    else:
        budget = (f"{money(line.total)}: {funded} application{'s' * (funded != 1)} within it, "
                  f"{money(line.allocated)} allocated, {money(line.left)} left")
    facts = [
        ("Funder", _funder(round_)),
        ("Rubric", f"{markup(rubric.name)}, version {markup(rubric.version)}"),
        ("Weighting", f"social value {points(summary.sv_weight, 0)}%, quality {points(summary.quality_weight, 0)}%"
                      + (f", price {points(summary.price_weight, 0)}%" if summary.kind == "tender" else "")),
        ("Round status", round_.status.capitalize()),
        ("Open for applications", _dates(data)),
        ("Applications", f"{len(data.applications)}, asking for {money(requested)} in all" + out),
        ("Budget", budget),
        ("Agreement", _agreement(data)),
        ("Panel", _panel(data)),
        ("Printed", f"{data.printed:%-d %B %Y}"),
    ]
    return [
        Spacer(1, 30 * mm),
        Paragraph("Panel pack", TITLE),
        Paragraph(markup(round_.name), SUBTITLE),
        _Rule(),
        Spacer(1, 6 * mm),
        _facts(facts),
        Spacer(1, 10 * mm),
        Paragraph("Confidential: prepared for the panel's meeting. Scores are the panel's combined scores "
                  f"(the agreed score where the panel moderated, otherwise {combined}); "
                  "assessors with a declared conflict are left out of every figure.", SMALL_MUTED),
        NextPageTemplate("body"),
        PageBreak(),
        Heading("Contents", H1),
        contents(entries),
    ]


class _Rule(Flowable):
    """A short accent bar under the title."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, 3

    def draw(self) -> None:
        self.canv.setFillColor(ACCENT)
        self.canv.rect(0, 0, 40 * mm, 3, stroke=0, fill=1)
