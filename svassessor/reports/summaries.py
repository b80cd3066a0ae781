"""Assessment summaries as a PDF: one section per applicant or bidder, in the Regulations' order.

A tender round's section is an assessment summary (Procurement Act 2023 s.50, Procurement Regulations
2024 reg. 31): the supplier, the award criteria with their relative importance, how they were scored
and the scores available; the supplier's score for each with its explanation by reference to the
tender; the total and sub-totals; and for an unsuccessful supplier the further reason it did not win.
A grant round's is the same, as a fuller feedback letter in the funder's voice. Nothing is written
while the checker still questions an explanation (`summaries.checker`): the chair fixes or overrides each.
"""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from svassessor.errors import NotAllowed
from svassessor.models import Round
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.reports.data import RoundData
from svassessor.reports.document import BODY_W, Heading, Running, write
from svassessor.reports.fonts import BOLD, markup
from svassessor.reports.style import BODY, CELL, CELL_HEAD, CELL_HEAD_RIGHT, H1, H2, QUOTE, SMALL_MUTED, grid, points
from svassessor.standstill import long_day, standstill_sentence
from svassessor.store import Store
from svassessor.summaries import checked
from svassessor.summaries.content import AssessmentSummary, CriterionPart

SHOWN_QUESTIONS = 5  # questions named in a refusal; the rest are counted


def write_summaries(store: Store, round_: Round, path: str | os.PathLike[str], *, progress: Progress = no_progress,
                    cancelled: Cancelled = never) -> int:
    """Write every decided application's assessment summary into one PDF; returns how many."""
    data, found, asked = checked(store, round_)
    if not found:
        raise NotAllowed(f"Round '{round_.name}' has no decisions yet; assessment summaries are written once the "
                         "panel has decided.")
    if asked:
        named = "; ".join(q.sentence.rstrip(".") for q in asked[:SHOWN_QUESTIONS])
        more = f"; and {len(asked) - SHOWN_QUESTIONS} more" if len(asked) > SHOWN_QUESTIONS else ""
        raise NotAllowed(f"{len(asked)} explanation{'s' * (len(asked) != 1)} must be fixed or overridden before the "
                         f"summaries are written: {named}{more}. (svassessor summaries check lists them all.)")
    story: list[Flowable] = []
    for summary in found:
        story += [PageBreak(), *_section(data, summary)]
    kind = "Assessment summaries" if data.rubric.kind == "tender" else "Feedback"
    running = Running(left=f"{round_.name} · {kind}", right=data.round.funder_name or "",
                      footer="Sent to the applicant named on each section", head=data.audit_head)
    write(path, story[1:], running=running, title=f"{kind}: {round_.name}", steps=len(found), progress=progress,
          cancelled=cancelled, numbered_passes=False, plain_first=False)
    return len(found)


def _section(data: RoundData, s: AssessmentSummary) -> list[Flowable]:
    tender = data.rubric.kind == "tender"
    app, org = s.application, s.application.organisation
    heading = "Assessment summary" if tender else "Feedback on your application"
    story: list[Flowable] = [
        Heading(f"{heading}: {markup(org.name)}", H1, outline=f"{app.reference} {org.name}", step=True),
        Paragraph(_who(data, s), BODY),
        *([] if tender else [Paragraph(f"Dear {markup(org.name)},", BODY)]),
        Paragraph(_opening(data, s), BODY),
    ]
    if s.decision.feedback.strip():
        story += [Paragraph("What the panel said", H2), Paragraph(markup(s.decision.feedback), BODY)]
    story += [Paragraph("1. The award criteria" if tender else "1. How applications were assessed", H2),
              _criteria_table(data, s), Spacer(1, 1 * mm), Paragraph(markup(s.how_scored), SMALL_MUTED),
              Paragraph("2. Your score for each criterion, and why", H2)]
    for part in s.criteria:
        story.append(KeepTogether(_criterion(part)))
    story += [Paragraph("3. Your total and sub-totals", H2), _totals(data, s)]
    if s.further_reason is not None:
        title = "4. Why your tender was not successful" if tender else "4. Why we could not fund it this time"
        story += [Paragraph(title, H2), Paragraph(markup(s.further_reason), BODY)]
    if tender:
        story.append(Paragraph(markup(_law(data)), SMALL_MUTED))
    else:
        funder = markup(data.round.funder_name or "")
        story.append(Paragraph("If you would like to talk about this feedback, please get in touch: we are glad to "
                               f"help.<br/><br/>Yours sincerely,<br/><br/>The grants panel<br/>{funder}", BODY))
    return story


def _law(data: RoundData) -> str:
    """Under which rules the summary is given, and when the contract may be entered into."""
    rules = ("regulation 32 of the Procurement (Wales) Regulations 2024" if data.round.nation == "wales"
             else "regulation 31 of the Procurement Regulations 2024")
    said = f"This assessment summary is given under section 50 of the Procurement Act 2023 and {rules}."
    if data.round.standstill_from is not None:
        said += (f" The contract award notice was published on {long_day(data.round.standstill_from)}. "
                 f"{standstill_sentence(data.round.standstill_from).removesuffix('.')}: the contract will not be "
                 f"entered into before then.")
    return said


def _who(data: RoundData, s: AssessmentSummary) -> str:
    app, org = s.application, s.application.organisation
    lines = [f"<b>{markup(org.name)}</b>"]
    if org.postcode:
        lines.append(markup(org.postcode))
    if org.registration:
        lines.append(f"Registration number {markup(org.registration)}")
    flags = [f"{'an' if name == 'SME' else 'a'} {name}: {'yes' if said else 'no'}"
             for name, said in (("SME", org.sme), ("VCSE", org.vcse)) if said is not None]
    if data.rubric.kind == "tender" and flags:
        lines.append("As you told us: " + "; ".join(flags))
    lines.append(f"Reference {markup(app.reference)} · {markup(data.round.name)} · {data.printed:%-d %B %Y}")
    return "<br/>".join(lines)


def _opening(data: RoundData, s: AssessmentSummary) -> str:
    outcome = {"fund": "was successful", "reserve": "is on the reserve list", "decline": "was not successful"}
    what = "tender" if data.rubric.kind == "tender" else "application"
    return (f"Your {what} for <b>{markup(s.application.title)}</b> {outcome[s.decision.decision]}. This "
            f"{'summary' if what == 'tender' else 'letter'} sets out the criteria it was assessed against, your "
            f"score for each with the reasons, your total, and where it was not successful, why.")


def _criteria_table(data: RoundData, s: AssessmentSummary) -> Table:
    head = [Paragraph(h, CELL_HEAD_RIGHT if i == 1 else CELL_HEAD)
            for i, h in enumerate(("Criterion", "Importance", "Scores available"))]
    rows: list[list] = [head]
    for part in s.criteria:
        available = " · ".join(f"{level.value} {markup(level.label)}" for level in part.levels)
        rows.append([Paragraph(f"{markup(part.theme)}: <b>{markup(part.criterion.title)}</b>", CELL),
                     f"{part.importance:.1f}%", Paragraph(available, CELL)])
    if data.rubric.kind == "tender":
        rows.append([Paragraph("<b>Price</b>", CELL), f"{data.summary.plan.price_weight:.1f}%",
                     Paragraph("0–100: the lowest price tendered ÷ your price × 100", CELL)])
    table = Table(rows, colWidths=[BODY_W * 0.45, 20 * mm, BODY_W * 0.55 - 20 * mm], repeatRows=1)
    table.setStyle(grid(("ALIGN", (1, 1), (1, -1), "RIGHT")))
    return table


def _criterion(part: CriterionPart) -> list[Flowable]:
    top = part.levels[-1].value
    if part.score is None:
        given = "not scored"
    else:
        level = next((lv for lv in part.levels if lv.value == part.score), None)
        given = f"{points(part.score, 2).rstrip('0').rstrip('.')} of {top}" + (f" ({markup(level.label)})"
                                                                             if level else "")
    agreed = ", the panel's agreed score" if part.agreed else ""
    out: list[Flowable] = [Paragraph(f"<b>{markup(part.criterion.title)}</b>: {given}{agreed}", BODY)]
    out += [Paragraph(markup(text), BODY) for text in part.explanation]
    if part.quotes:
        out.append(Paragraph("From your application:", SMALL_MUTED))
        out += [Paragraph(f"“{markup(quote)}”", QUOTE) for quote in part.quotes]
    out.append(Spacer(1, 2 * mm))
    return out


def _totals(data: RoundData, s: AssessmentSummary) -> Table:
    rows: list[list] = [[Paragraph("Part", CELL_HEAD), Paragraph("Score out of 100", CELL_HEAD_RIGHT)]]
    rows += [[Paragraph(markup(title), CELL), points(value)] for title, value in s.themes]
    rows += [[Paragraph(f"<b>{name}</b>", CELL), points(value)] for name, value in s.parts]
    overall = "Overall (price, quality and social value as weighted)" if data.rubric.kind == "tender" else "Total"
    rows.append([Paragraph(f"<b>{overall}</b>", CELL), points(s.overall)])
    rows.append([Paragraph("Rank", CELL), f"{s.rank} of {s.of}"])
    table = Table(rows, colWidths=[BODY_W - 40 * mm, 40 * mm], repeatRows=1)
    table.setStyle(grid(("ALIGN", (1, 1), (1, -1), "RIGHT"), ("FONTNAME", (1, -2), (1, -2), BOLD)))
    return table
