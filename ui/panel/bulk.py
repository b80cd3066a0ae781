"""Decide many applications in one step: the selected rows, or everything down to the budget line.

Select rows in the ranking (Shift+arrows, Ctrl+A, Ctrl+click) and fund them (each at the amount it
asked, or its price for a tender), reserve or decline them; or let the core work out who is above
the budget line and fund those, leaving the rest to the chair. Each is confirmed in a dialog that
says how many and how much, then recorded as one undoable step (`DecideManyCommand`, one core
transaction). Where the round's status does not allow deciding, the actions are off and carry the
core's sentence saying why.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QHBoxLayout, QToolButton, QWidget

from svassessor.errors import SvAssessorError
from svassessor.models import Decision, DecisionKind
from svassessor.panel.actions import DecisionChoice, down_the_ranking
from svassessor.panel.comparison import RankRow, tally
from ui.commands.base import push
from ui.commands.panel import DecideManyCommand, decision_label
from ui.context import AppContext
from ui.panel.bulk_dialog import BulkDecisionDialog, BulkRow
from ui.panel.ranking_view import RankingView
from ui.panel.state import PanelState
from ui.text import plain_label, pounds, tr

KINDS: tuple[DecisionKind, ...] = ("fund", "reserve", "decline")
PICK = "Select applications in the ranking first: Shift+arrows or Ctrl+click, Ctrl+A for every one."


def asked(row: RankRow, *, tender: bool) -> Decimal | None:
    """What an application asked for, by the ranking's rule: the bid price (tenders), the amount requested (grants)."""
    candidate = row.standing.candidate
    return candidate.price if tender else candidate.amount


class BulkDecisions(QObject):
    """The actions that decide many rows at once, and the bar above the ranking that shows them."""

    def __init__(self, ctx: AppContext, state: PanelState, ranking: RankingView, parent: QWidget):
        super().__init__(parent)
        self.ctx, self.state, self.ranking, self.window = ctx, state, ranking, parent
        self.actions: dict[str, QAction] = {}
        # Menu texts, one and many; the mnemonics differ from the Panel menu's other entries.
        self.texts = {"fund": (tr("&Fund the selected…"), tr("&Fund {n} selected…")),
                      "reserve": (tr("Reser&ve the selected…"), tr("Reser&ve {n} selected…")),
                      "decline": (tr("D&ecline the selected…"), tr("D&ecline {n} selected…"))}
        for kind in KINDS:
            self.actions[kind] = self._action(f"{kind}Selected", self.texts[kind][0],
                                              lambda k=kind: self.decide_selected(k))
        self.down = self._action("fundDownToLine", tr("Fund down to the budget &line…"), self.fund_down)
        self.down.setIconText(self.down.text().replace("&", ""))
        self.bar = QWidget(ranking)
        self.bar.setObjectName("bulkBar")
        self.chosen = plain_label("", self.bar, wrap=False, name="selectionSummary")
        self.chosen.setAccessibleName(tr("Selected in the ranking"))
        self.reason = plain_label("", self.bar, name="bulkReason")
        row = QHBoxLayout(self.bar)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(self.chosen)
        self.buttons: dict[str, QToolButton] = {}
        for name, action in (*self.actions.items(), ("down", self.down)):
            button = QToolButton(self.bar)
            button.setObjectName(f"bulk_{name}")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            if name == "down":
                row.addSpacing(16)
            row.addWidget(button)
            self.buttons[name] = button
        row.addWidget(self.reason, 1)
        ranking.add_bar(self.bar)
        ranking.table.addActions([*self.actions.values(), self.down])
        ranking.selectionChanged.connect(self.update)
        state.changed.connect(self.update)
        self.update()

    def _action(self, name: str, text: str, slot) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _=False: slot())
        return action

    # what is allowed now --------------------------------------------------------------------------
    def problem(self) -> str:
        """Why nothing can be decided now, in the core's words ("" when it can)."""
        if self.ctx.store is None or self.state.round is None or self.state.summary is None:
            return tr("Open a round to decide its applications.")
        return self.state.decide_problem

    def update(self) -> None:
        ids = self.ranking.selected_ids()
        rows = [self.state.base_by_id[i] for i in ids if i in self.state.base_by_id]
        problem = self.problem()
        total = sum((a for r in rows if (a := asked(r, tender=self.state.tender)) is not None), Decimal(0))
        self.chosen.setText(tr("{n} selected, asking {amount}").format(n=len(rows), amount=pounds(total))
                            if rows else tr("None selected"))
        for kind, action in self.actions.items():
            one, many = self.texts[kind]
            action.setText(many.format(n=len(rows)) if len(rows) > 1 else one)
            action.setIconText(action.text().replace("&", ""))  # the bar's button: no mnemonic to clash
            self.ctx.enable_edit(action, bool(rows) and not problem, problem or ("" if rows else tr(PICK)))
        self.ctx.enable_edit(self.down, not problem, problem or tr(
            "Fund every application above the budget line at the amount it asked; the rest stay for you"))
        self.reason.setText(problem or self.ctx.read_only_reason)

    # the two ways of deciding many ----------------------------------------------------------------
    def decide_selected(self, kind: DecisionKind) -> bool:
        """Decide the selected rows as `kind`, once the chair has seen what that means and confirmed."""
        if self.ctx.refuse_if_read_only():
            return False
        if problem := self.problem():
            self.ctx.report(problem)
            return False
        rows = [self.state.base_by_id[i] for i in self.ranking.selected_ids() if i in self.state.base_by_id]
        if not rows:
            self.ctx.report(tr(PICK))
            return False
        tender = self.state.tender
        choices = [DecisionChoice(r.id, kind, asked(r, tender=tender) if kind == "fund" else None, "") for r in rows]
        label = decision_label(kind)
        n = len(choices)
        if kind == "fund":
            summary = tr("Fund {n} {apps}, each at the amount it asked: {total} in all.").format(
                n=n, apps=self._apps(n), total=pounds(self._total(choices)))
        else:
            summary = tr("{kind} {n} {apps}.").format(kind=label, n=n, apps=self._apps(n))
        return self._confirm(choices, title=tr("{kind} the selected").format(kind=label), summary=summary,
                             notes=self._notes(choices), confirm=tr("{kind} {n}").format(kind=label, n=n),
                             text=tr("{kind} {n} {apps}").format(kind=label, n=n, apps=self._apps(n)))

    def fund_down(self) -> bool:
        """Fund what is above the budget line at the amounts asked, leaving the rest; asks first."""
        if self.ctx.refuse_if_read_only():
            return False
        store, round_ = self.ctx.store, self.state.round
        if store is None or round_ is None:
            return False
        try:
            choices = down_the_ranking(store, round_, rest="leave")
        except SvAssessorError as error:
            self.ctx.report(error)
            return False
        if not choices:
            self.ctx.report(tr("Nothing is above the budget line to fund."))
            return False
        n, total = len(choices), self._total(choices)
        summary = tr("Fund {n} {apps} above the budget line, each at the amount it asked: {total} in all.").format(
            n=n, apps=self._apps(n), total=pounds(total))
        funded = {c.application_id for c in choices}
        left = sum(1 for r in self.state.base_rows if r.id not in funded and r.id not in self.state.decisions)
        notes = self._notes(choices)
        notes.insert(1, tr("The other {n} undecided {apps} {are} left for you to decide.").format(
            n=left, apps=self._apps(left), are=tr("is") if left == 1 else tr("are")))
        return self._confirm(choices, title=tr("Fund down to the budget line"), summary=summary, notes=notes,
                             confirm=tr("Fund {n}").format(n=n),
                             text=tr("Fund down to the budget line: {n} {apps}").format(n=n, apps=self._apps(n)))

    # the confirmation -----------------------------------------------------------------------------
    def _confirm(self, choices: list[DecisionChoice], *, title: str, summary: str, notes: list[str], confirm: str,
                 text: str) -> bool:
        dialog = BulkDecisionDialog(self.window, title=title, summary=summary, notes=notes,
                                    rows=[self._row(c) for c in choices], confirm=confirm)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        feedback = dialog.feedback_text()
        choices = [DecisionChoice(c.application_id, c.decision, c.amount, feedback) for c in choices]
        return push(self.ctx, DecideManyCommand(self.ctx, choices, text))

    def _row(self, choice: DecisionChoice) -> BulkRow:
        row = self.state.base_by_id[choice.application_id]  # every choice is a row of the round's ranking
        before = self.state.decisions.get(choice.application_id)
        becomes = decision_label(choice.decision)
        if choice.decision == "fund":
            becomes += f" {pounds(choice.amount)}"
        was = tr("Undecided") if before is None else decision_label(before.decision) + (
            f" {pounds(before.amount_awarded)}" if before.decision == "fund" else "")
        return BulkRow(str(row.rank), row.standing.candidate.reference, row.standing.candidate.organisation, becomes,
                       was)

    def _notes(self, choices: list[DecisionChoice]) -> list[str]:
        """Where the step leaves the budget, and what it replaces: a chair should know before, not after."""
        notes = [self._after(choices)]
        changed = sum(1 for c in choices if c.application_id in self.state.decisions)
        if changed:
            notes.append(tr("{n} already decided {change}; one undo puts every one back as it was.").format(
                n=changed, change=tr("is changed") if changed == 1 else tr("are changed")))
        return [n for n in notes if n]

    def _after(self, choices: list[DecisionChoice]) -> str:
        """The running total after the step, by the core's own tally of the decisions as they would stand."""
        if self.state.round is None or self.state.summary is None:
            return ""
        stands = dict(self.state.decisions)
        for c in choices:
            stands[c.application_id] = Decision(application_id=c.application_id, decision=c.decision,
                                                amount_awarded=c.amount, decided_by="")
        after = tally(self.state.round.budget, list(stands.values()), len(self.state.summary.ranking))
        if after.budget is None or after.left is None:
            return tr("After this step: awarded {awarded} (no budget set).").format(awarded=pounds(after.awarded))
        if after.over_budget:
            return tr("After this step: awarded {awarded}, {over} over the {budget} budget.").format(
                awarded=pounds(after.awarded), over=pounds(-after.left), budget=pounds(after.budget))
        return tr("After this step: awarded {awarded} of the {budget} budget, {left} left.").format(
            awarded=pounds(after.awarded), budget=pounds(after.budget), left=pounds(after.left))

    @staticmethod
    def _total(choices: list[DecisionChoice]) -> Decimal:
        return sum((c.amount for c in choices if c.amount is not None), Decimal(0))

    @staticmethod
    def _apps(n: int) -> str:
        return tr("application") if n == 1 else tr("applications")
