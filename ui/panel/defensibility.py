"""Why an application scored what it did, on one page: the view a panel opens when a decision is challenged.

Exactly `svassessor.panel.trail.trail`: per criterion each assessor's score, comment, confidence and when,
every earlier value, the passages highlighted as evidence, the panel's score and what moderation
changed, by whom and why; assessors left out for a conflict are named. Everything typed by a person is
escaped before it reaches the HTML, so a comment reading `<b>` shows those characters.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from svassessor.errors import SvAssessorError
from svassessor.models import Application
from svassessor.panel.trail import CriterionTrail, Trail, trail
from svassessor.scoring.panel import AGGREGATE_WORDS
from ui.context import AppContext
from ui.panel.state import PanelState
from ui.panel.words import number
from ui.text import tr


def _when(moment: datetime | None) -> str:
    return moment.strftime("%d %b %Y %H:%M UTC") if moment else ""


class DefensibilityView(QTextBrowser):
    def __init__(self, ctx: AppContext, state: PanelState, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.state = ctx, state
        self.setObjectName("defensibility")
        self.setAccessibleName(tr("Why this application scored what it did"))
        self.setOpenLinks(False)
        self.application: Application | None = None
        self.shown: Trail | None = None

    def show_application(self, application: Application | None) -> None:
        self.application = application
        store, round_ = self.ctx.store, self.state.round
        if application is None or store is None or round_ is None:
            self.shown = None
            self.setHtml(f"<p>{escape(tr('Choose an application to see every score behind it.'))}</p>")
            return
        try:
            self.shown = trail(store, round_, application)
        except SvAssessorError as error:
            self.ctx.report(error)
            return
        self.setHtml(self._html(self.shown))

    def _html(self, found: Trail) -> str:
        app = found.application
        names = {a.id: a.name for a in self.state.assessors.values()}
        tags = {t.id: t.label for t in self.state.rubric.tags} if self.state.rubric else {}
        out = [f"<h2>{escape(app.reference)} · {escape(app.organisation.name)}</h2>",
               f"<p>{escape(app.title)}</p>"]
        if found.excluded:
            out.append("<p><i>" + escape(tr("Left out for a declared conflict of interest: {names}").format(
                names=", ".join(found.excluded))) + "</i></p>")
        if found.unassigned:
            out.append("<p><i>" + escape(tr("Left out, not assigned this application: {names}").format(
                names=", ".join(found.unassigned))) + "</i></p>")
        decision = self.state.decisions.get(app.id)
        if decision is not None:
            out.append("<p><b>" + escape(tr("Decision: {kind}").format(kind=decision.decision)) + "</b> "
                       + escape(tr("by {who}, {when}").format(who=decision.decided_by, when=_when(decision.decided_at)))
                       + (f"<br>{escape(decision.feedback)}" if decision.feedback else "") + "</p>")
        for criterion in found.criteria:
            out.append(self._criterion(criterion, names, tags, AGGREGATE_WORDS[found.aggregate]))
        return "\n".join(out)

    def _criterion(self, c: CriterionTrail, names: dict[str, str], tags: dict[str, str], how: str) -> str:
        head = escape(c.title) + " — " + escape(tr("panel score {score}").format(score=number(c.combined)))
        out = [f"<h3>{head}</h3><ul>"]
        for s in c.scores:
            given = tr("not scored") if s.not_scored else number(s.score)
            line = f"<b>{escape(s.assessor)}</b>: {escape(given)}"
            if s.confidence:
                line += escape(tr(", confidence {n}").format(n=s.confidence))
            if s.at:
                line += f" <small>({escape(_when(s.at))})</small>"
            if s.comment:
                line += f"<br>“{escape(s.comment)}”"
            earlier = [ch for ch in s.changes if ch.old is not None]
            if earlier:
                line += "<br><small>" + escape(tr("Earlier: ") + "; ".join(
                    f"{number(ch.old)} → {number(ch.new)} ({_when(ch.at)})" for ch in earlier)) + "</small>"
            out.append(f"<li>{line}</li>")
        if not c.scores:
            out.append(f"<li>{escape(tr('Nobody has scored this yet.'))}</li>")
        out.append("</ul>")
        for e in c.evidence:
            who = names.get(e.assessor_id, e.assessor_id)
            note = f" — {escape(e.note)}" if e.note else ""
            out.append(f"<blockquote>“{escape(e.quote)}”<br><small>{escape(tags.get(e.tag, e.tag))}, "
                       f"{escape(who)}{note}</small></blockquote>")
        if c.moderated is not None:
            out.append("<p>" + escape(tr("Moderated from {before} ({how}) to {score} by {who}, {when}: ").format(
                before=number(c.before_moderation), how=how, score=number(c.moderated),
                who=c.moderated_by or "",
                when=_when(c.moderated_at))) + f"<i>{escape(c.rationale or '')}</i></p>")
        return "\n".join(out)
