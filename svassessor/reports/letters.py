"""Feedback letters: one per decided application, in plain language, from the panel's own words; and
one per application that was not eligible, saying why in the words the eligibility rules and the
officer who screened it gave.

A letter says the outcome first, then the panel's feedback as recorded with the decision, then the
parts of the application the panel scored highest and lowest (by the panel's combined score, so a
moderated criterion counts as agreed), each with the question that was asked, so an applicant knows
what to build on and what to strengthen next time. No scores are printed: applicants asked for
reasons, and a bare "2.67" explains nothing.
"""

from __future__ import annotations

import os

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, NextPageTemplate, PageBreak, Paragraph, Spacer

from svassessor.errors import NotAllowed
from svassessor.models import Application, Decision, Round
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.reports.data import RoundData, load_round
from svassessor.reports.document import Heading, Running, write
from svassessor.reports.fonts import markup
from svassessor.reports.style import H2, LETTER, LETTER_HEAD, SMALL_MUTED, money
from svassessor.rubric.model import Criterion
from svassessor.store import Store

SHOWN = 2  # strongest and weakest criteria named in a letter
_SUBJECT = H2.clone("subject", spaceAfter=10)


def _ranked_criteria(data: RoundData, app: Application) -> list[tuple[float, Criterion]]:
    """The scored criteria by their place on their own scale (0 = lowest level, 1 = highest), best first."""
    combined = data.summary.panel.combined.get(app.id, {})
    placed = []
    for order, criterion in enumerate(data.rubric.criteria):
        if (score := combined.get(criterion.id)) is not None:
            scale = data.rubric.scale_for(criterion.id)
            placed.append(((score - scale.min) / (scale.max - scale.min), order, criterion))
    placed.sort(key=lambda p: (-p[0], p[1]))
    return [(place, criterion) for place, _, criterion in placed]


def _outcome(app: Application, decision: Decision) -> str:
    title = markup(app.title)
    if decision.decision == "fund":
        asked = app.amount_requested
        if asked is not None and decision.amount_awarded is not None and decision.amount_awarded < asked:
            return (f"We are pleased to tell you that the panel has awarded you "
                    f"<b>{money(decision.amount_awarded)}</b> of the {money(asked)} you asked for, for {title}.")
        return (f"We are pleased to tell you that the panel has awarded you "
                f"<b>{money(decision.amount_awarded)}</b> for {title}.")
    if decision.decision == "reserve":
        return (f"The panel could not fund {title} from this round's budget, but has placed it on its "
                "<b>reserve list</b>: if money becomes available, we will contact you.")
    return f"We are sorry to tell you that the panel has <b>not been able to fund</b> {title} this time."


def _bullets(criteria: list[Criterion]) -> ListFlowable:
    items = [ListItem(Paragraph(f"<b>{markup(c.title)}</b>: we asked “{markup(c.question)}”", LETTER), leftIndent=12)
             for c in criteria]
    # ListFlowable takes ListItems (reportlab's user guide); its stubs allow only flowables.
    return ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=9)  # type: ignore[arg-type]


def _head(data: RoundData, app: Application) -> list[Flowable]:
    """The letter's head, from a fresh page: funder, date, address, subject, greeting."""
    funder = data.round.funder_name or "The grants panel"
    org = app.organisation
    address = "<br/>".join(markup(x) for x in (org.name, org.postcode) if x)
    return [
        NextPageTemplate("first"), PageBreak(),
        Paragraph(f"<b>{markup(funder)}</b><br/>{data.printed:%-d %B %Y}", LETTER_HEAD),
        Spacer(1, 8 * mm),
        Paragraph(address, LETTER),
        Spacer(1, 4 * mm),
        Heading(f"Your application {markup(app.reference)} to {markup(data.round.name)}", _SUBJECT,
                outline=f"{app.reference} {org.name}", step=True),
        Paragraph(f"Dear {markup(org.name)},", LETTER),
    ]


def _foot(data: RoundData, app: Application, offer: str) -> list[Flowable]:
    funder = data.round.funder_name or "The grants panel"
    return [
        Spacer(1, 3 * mm),
        Paragraph(offer, LETTER),
        Paragraph(f"Yours sincerely,<br/><br/>The grants panel<br/>{markup(funder)}", LETTER),
        Spacer(1, 6 * mm),
        Paragraph(f"Reference {markup(app.reference)} · {markup(data.round.name)}", SMALL_MUTED),
    ]


def letter(data: RoundData, app: Application, decision: Decision) -> list[Flowable]:
    """One letter, from a fresh page."""
    story = [*_head(data, app),
             Paragraph(f"Thank you for applying to {markup(data.round.name)}. {_outcome(app, decision)}", LETTER)]
    if decision.feedback.strip():
        story += [Paragraph("What the panel said", H2), Paragraph(markup(decision.feedback), LETTER)]
    ranked = _ranked_criteria(data, app)
    if ranked:
        best, worst = ranked[0][0], ranked[-1][0]
        if best == worst:
            story.append(Paragraph("The panel scored every part of your application at the same level.", LETTER))
        else:
            strongest = [c for place, c in ranked[:SHOWN] if place > worst]
            weakest = [c for place, c in reversed(ranked[-SHOWN:]) if place < best and c not in strongest]
            story += [Paragraph("Where your application was strongest", H2), _bullets(strongest)]
            if weakest:
                story += [Paragraph("Where it could be stronger next time", H2), _bullets(weakest)]
    return story + _foot(data, app, "If you would like to talk about this feedback, please get in touch: we are "
                                     "glad to help.")


def ineligible_letter(data: RoundData, app: Application, reasons: tuple[str, ...]) -> list[Flowable]:
    """The letter to an applicant whose application was not eligible: the reasons, each as it was given."""
    items = [ListItem(Paragraph(markup(reason), LETTER), leftIndent=12) for reason in reasons]
    return [
        *_head(data, app),
        Paragraph(f"Thank you for applying to {markup(data.round.name)} for {markup(app.title)}. We are sorry to "
                  f"tell you that your application is <b>not eligible</b> for this round, so the panel has not been "
                  f"able to consider it.", LETTER),
        Paragraph("Why your application is not eligible", H2),
        ListFlowable(items, bulletType="bullet", start="•", leftIndent=12, bulletFontSize=9),  # type: ignore[arg-type]
        *_foot(data, app, "If you think we have made a mistake, or would like to talk about whether another of our "
                          "rounds would suit your work, please get in touch: we are glad to help."),
    ]


def write_letters(store: Store, round_: Round, path: str | os.PathLike[str], *, progress: Progress = no_progress,
                  cancelled: Cancelled = never) -> int:
    """Write one letter per decided application, and one per application that was not eligible, into one
    PDF, in reference order; returns how many letters."""
    data = load_round(store, round_)
    letters = [letter(data, app, data.decisions[app.id]) if app.id in data.decisions
               else ineligible_letter(data, app, data.ineligible[app.id])
               for app in data.applications if app.id in data.decisions or app.id in data.ineligible]
    if not letters:
        raise NotAllowed(f"Round '{round_.name}' has no decisions yet; feedback letters are written once the panel "
                         f"has decided.")
    story: list[Flowable] = [flowable for one in letters for flowable in one]
    story = story[2:]  # the first letter starts on the first page, not after a blank one
    running = Running(left=f"{round_.name} · Feedback letters", right="", footer="", head=data.audit_head)
    write(path, story, running=running, title=f"Feedback letters: {round_.name}", steps=len(letters),
          progress=progress, cancelled=cancelled, numbered_passes=False)
    return len(letters)
