"""Assessments as a PDF: one section per assessment (one assessor, one application), each from a new page.

One file rather than one per assessment: it is what an assessor prints or a chair files, and a PDF
outline entry per section finds any one of them. Each criterion shows the score with the words of
the level given (the descriptor the assessor matched the evidence against), the comment, the
confidence, and the passages this assessor highlighted, quoted verbatim.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Table, TableStyle

from svassessor.errors import NotFound
from svassessor.models import Application, Assessment, Assessor, Round
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.reports.data import RoundData, load_round
from svassessor.reports.document import BODY_W, Heading, running, write as write_pdf
from svassessor.reports.fonts import markup
from svassessor.reports.style import BAND, BODY, H1, H2, LINE, QUOTE, RULE, SMALL, SMALL_MUTED, level, points
from svassessor.rubric.model import Criterion

if TYPE_CHECKING:
    from svassessor.store import Store

_SCORE = BODY.clone("score", alignment=TA_RIGHT)
_DESCRIPTOR = SMALL.clone("descriptor", textColor=colors.HexColor("#3e4c59"))
_BELOW = SMALL.clone("below", textColor=LINE)
_NOTE = SMALL.clone("note", leftIndent=10, textColor=colors.HexColor("#616e7c"))


def _criterion(data: RoundData, criterion: Criterion, assessment: Assessment) -> Flowable:
    given = assessment.scores.get(criterion.id)
    scale = data.rubric.scale_for(criterion.id)
    parts: list[Flowable] = [Paragraph(f"<font color='#616e7c'>We asked:</font> {markup(criterion.question)}", SMALL)]
    if given is None or given.score is None:
        words = "Marked not scored" if given is not None and given.not_scored else "Not scored yet"
        score = f"<font color='#616e7c'>{words}</font>"
    else:
        found = scale.level(given.score)
        score = f"<b>{level(given.score)}</b> of {scale.max}" + (f" · {markup(found.label)}" if found else "")
        if found:
            parts.append(Paragraph(f"{markup(found.label)} means: {markup(found.descriptor)}", _DESCRIPTOR))
        if criterion.pass_mark is not None and given.score < criterion.pass_mark:
            parts.append(Paragraph(f"Below the pass mark of {criterion.pass_mark:g}.", _BELOW))
    if given is not None and given.comment.strip():
        parts.append(Paragraph(f"<b>Comment:</b> {markup(given.comment)}", BODY))
    if given is not None and given.confidence is not None:
        parts.append(Paragraph(f"Confidence {given.confidence} of 5", SMALL_MUTED))
    head = Table([[Paragraph(f"<b>{markup(criterion.title)}</b>", BODY), Paragraph(score, _SCORE)]],
                 colWidths=[BODY_W - 45 * mm, 45 * mm])
    head.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), BAND), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                              ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    body = Table([[parts]], colWidths=[BODY_W])
    body.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 6), ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return KeepTogether([head, body])


def _highlights(data: RoundData, app: Application, person: Assessor) -> list[Flowable]:
    notes = [n for n in data.annotations.get(app.id, []) if n.assessor_id == person.id]
    if not notes:
        return []
    tags = {t.id: t for t in data.rubric.tags}
    out: list[Flowable] = [Paragraph("Passages highlighted", H2)]
    for note in notes:
        tag = tags.get(note.tag)
        colour = tag.colour if tag else "#616e7c"
        about = f"<font color='{colour}'><b>{markup(tag.label if tag else note.tag)}</b></font>"
        if note.note:
            about += f": {markup(note.note)}"
        box = Table([[[Paragraph(f"“{markup(note.quote)}”", QUOTE), Paragraph(about, _NOTE)]]], colWidths=[BODY_W])
        box.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, -1), 2.5, colors.HexColor(colour)),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        out.append(box)
    return out


def assessment_section(data: RoundData, app: Application, person: Assessor, assessment: Assessment) -> list[Flowable]:
    """One assessor's assessment of one application."""
    own = data.summary.assessor_totals.get(app.id, {}).get(person.id)
    status = ("Submitted" + (f" on {assessment.submitted_at:%-d %B %Y}" if assessment.submitted_at else "")
              if assessment.status == "submitted" else "Draft, not submitted")
    facts = f"{markup(person.name)} · {status} · this assessor's total {points(own.total if own else None)} out of 100"
    if app.id in person.conflicts:
        facts += " · <font color='#c62828'>conflict of interest declared: left out of every figure</font>"
    story: list[Flowable] = [
        Heading(f"{markup(app.reference)}  {markup(app.organisation.name)}", H1,
                outline=f"{app.reference} {app.organisation.name}: {person.name}", step=True),
        Paragraph(markup(app.title), BODY),
        Paragraph(facts, SMALL_MUTED),
    ]
    for theme in data.rubric.themes:
        story.append(Paragraph(markup(theme.title), H2))
        story += [_criterion(data, c, assessment) for c in theme.criteria]
    if assessment.overall_comment.strip():
        story += [Paragraph("Overall comment", H2), Paragraph(markup(assessment.overall_comment), BODY)]
    return story + _highlights(data, app, person)


def write_assessments(store: Store, round_: Round, path: str | os.PathLike[str], *, application: str | None = None,
                      assessor: str | None = None, progress: Progress = no_progress,
                      cancelled: Cancelled = never) -> int:
    """Write the round's assessments (optionally one application's, or one assessor's) to one PDF."""
    data = load_round(store, round_)
    chosen = [(app, person, data.assessments[(app.id, person.id)])
              for app in data.applications if application is None or app.reference == application
              for person in data.assessors if assessor is None or person.name == assessor
              if (app.id, person.id) in data.assessments]
    if not chosen:
        which = " ".join(x for x in (f"for {application}" if application else "",
                                     f"by {assessor}" if assessor else "") if x)
        raise NotFound(f"Round '{round_.name}' has no assessments {which}".rstrip() + " to print.")
    story: list[Flowable] = []
    for app, person, assessment in chosen:
        story += [PageBreak(), *assessment_section(data, app, person, assessment)]
    write_pdf(path, story[1:], running=running(data, "Assessments"), title=f"Assessments: {round_.name}",
              steps=len(chosen), progress=progress, cancelled=cancelled, numbered_passes=False, plain_first=False)
    return len(chosen)

