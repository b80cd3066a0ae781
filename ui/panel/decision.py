"""Decide one application: fund (with the amount awarded), reserve or decline, and plain feedback.

Beside the form: where the engine's budget line puts the application, its assessors' own totals with
their normalisation (shown beside the raw totals, never replacing them), and the running total of
what the panel has awarded against the budget. The form makes one call (`DecideCommand`); the core
refuses an award above the amount requested, or an amount on a decision that is not to fund.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (QButtonGroup, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QPlainTextEdit,
                               QPushButton, QRadioButton, QVBoxLayout, QWidget)

from svassessor.models import Application, DecisionKind
from ui.commands.base import push
from ui.commands.panel import DecideCommand, decision_label
from ui.context import AppContext
from ui.panel.state import PanelState
from ui.panel.words import line_label, number
from ui.text import plain_label, pounds, tr
from ui.theme import warning_colour

KINDS: tuple[DecisionKind, ...] = ("fund", "reserve", "decline")


class DecisionPanel(QGroupBox):
    def __init__(self, ctx: AppContext, state: PanelState, parent: QWidget | None = None):
        super().__init__(tr("Decide an application"), parent)
        self.ctx, self.state = ctx, state
        self.setObjectName("decision")
        self.application: Application | None = None
        self.heading = plain_label("", self, name="decisionHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.standing = plain_label("", self, name="standing", selectable=True)
        self.group = QButtonGroup(self)
        # Fusion draws radio circles from the window colour, which vanish on a dark page (as in levels.py).
        self.setStyleSheet(
            "QRadioButton::indicator { width: 12px; height: 12px; border-radius: 8px;"
            " border: 2px solid palette(mid); background: palette(base); }"
            "QRadioButton::indicator:checked { background: palette(highlight); border-color: palette(highlight); }"
            "QRadioButton::indicator:focus { border-color: palette(highlight); }"
            "QRadioButton:focus { text-decoration: underline; }")
        row = QHBoxLayout()
        self.kinds: dict[str, QRadioButton] = {}
        for i, (kind, text) in enumerate(zip(KINDS, (tr("&Fund"), tr("Reser&ve"), tr("Decli&ne")), strict=True)):
            button = QRadioButton(text, self)
            button.setObjectName(f"decide_{kind}")
            self.group.addButton(button, i)
            self.kinds[kind] = button
            row.addWidget(button)
        self.group.idToggled.connect(lambda *_: self._kind_changed())
        self.amount = QDoubleSpinBox(self)
        self.amount.setObjectName("amountAwarded")
        self.amount.setAccessibleName(tr("Amount awarded, pounds"))
        self.amount.setPrefix("£")
        self.amount.setDecimals(2)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSingleStep(100)
        self.feedback = QPlainTextEdit(self)
        self.feedback.setObjectName("feedback")
        self.feedback.setAccessibleName(tr("Feedback to the applicant"))
        self.feedback.setPlaceholderText(tr("Plain words for the applicant: what was strong, what held it back"))
        self.feedback.setTabChangesFocus(True)
        self.feedback.setFixedHeight(84)
        self.record = QPushButton(tr("Record &decision"), self)
        self.record.setObjectName("recordDecision")
        self.record_tip = tr("Record the decision (Ctrl+Shift+Return)")
        self.record.clicked.connect(self.submit)
        self.tally = plain_label("", self, name="tally")
        self.tally.setAccessibleName(tr("Awarded against the budget"))
        form = QFormLayout()
        form.addRow(tr("Decision"), row)
        form.addRow(tr("A&mount awarded"), self.amount)
        form.addRow(tr("Feed&back"), self.feedback)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.standing)
        layout.addLayout(form)
        layout.addWidget(self.record)
        layout.addWidget(self.tally)
        state.changed.connect(self._show_tally)
        self.show_application(None)

    def show_application(self, application: Application | None) -> None:
        self.application = application
        state = self.state
        open_ = state.round is not None and not state.decide_problem
        ready = application is not None and state.summary is not None
        # Each of these changes the file when recorded: in a read-only file they are off, saying why.
        for widget in (*self.kinds.values(), self.amount, self.feedback):
            self.ctx.enable_edit(widget, ready and open_)
        self.ctx.enable_edit(self.record, ready and open_, state.decide_problem or self.record_tip)
        if not ready:
            self.heading.setText(tr("Choose an application in the comparison or the ranking."))
            self.standing.clear()
            return
        assert application is not None
        row = state.base_by_id.get(application.id)  # decided on the round's own ranking, not a what-if
        self.heading.setText(f"{application.reference} · {application.organisation.name}")
        asked = application.asks(tender=state.tender)
        lines = [tr("Rank {rank} at the round's own weight; asks {amount}").format(
            rank=row.rank if row else "—", amount=pounds(asked))]
        if row is not None:
            line = line_label(row.status) + (f" — {row.reason}" if row.reason else "")
            lines.append(tr("Budget line: {line}").format(line=line))
            if row.sv_point_cost is not None:
                lines.append(tr("Each point of social value over the cheapest bid costs {cost}").format(
                    cost=pounds(row.sv_point_cost.quantize(1))))
            if row.standing.priority is not None:
                lines.append(tr("Priority: +{points} for {label}").format(
                    points=number(row.standing.priority_points), label=row.standing.priority.label))
        lines.extend(self._assessor_totals(application.id))
        if not open_:
            lines.append(state.decide_problem)
        self.standing.setText("\n".join(lines))
        decision = state.decisions.get(application.id)
        kind = decision.decision if decision else ("fund" if row and row.status == "funded" else None)
        self.group.setExclusive(False)
        for button in self.kinds.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        if kind:
            self.kinds[kind].setChecked(True)
        # At most what was asked: the amount requested (grants) or the bid price (tenders).
        asked = application.asks(tender=state.tender)
        self.amount.setMaximum(float(asked) if asked is not None else 1e9)
        award = decision.amount_awarded if decision and decision.amount_awarded else asked
        self.amount.setValue(float(award or 0))
        self.feedback.setPlainText(decision.feedback if decision else "")
        self._kind_changed()

    def _assessor_totals(self, application_id: str) -> list[str]:
        summary = self.state.summary
        if summary is None:
            return []
        totals = summary.assessor_totals.get(application_id, {})
        normalised = summary.normalisation.totals.get(application_id, {})
        parts = []
        for assessor, total in sorted(totals.items(), key=lambda t: self.state.assessor_name(t[0])):
            if total.total is None:
                continue
            text = f"{self.state.assessor_name(assessor)} {number(total.total, 1)}"
            if normalised.get(assessor) is not None:
                text += tr(" (normalised {n})").format(n=number(normalised[assessor], 1))
            parts.append(text)
        return [tr("Assessors' own totals: {list}").format(list="; ".join(parts))] if parts else []

    def _kind_changed(self) -> None:
        self.ctx.enable_edit(self.amount, self.record.isEnabled() and self.kinds["fund"].isChecked())

    def _show_tally(self) -> None:
        tally = self.state.tally
        if tally is None:
            self.tally.clear()
            return
        counts = ", ".join(f"{decision_label(k)} {tally.counts[k]}" for k in KINDS)
        if tally.budget is None:
            text = tr("Decided so far: awarded {awarded} (no budget set). {counts}; undecided {n}.").format(
                awarded=pounds(tally.awarded), counts=counts, n=tally.undecided)
        else:
            text = tr("Decided so far: awarded {awarded} of {budget}, {left} left. {counts}; undecided {n}.").format(
                awarded=pounds(tally.awarded), budget=pounds(tally.budget), left=pounds(tally.left), counts=counts,
                n=tally.undecided)
            if tally.over_budget:
                text = tr("Over budget. ") + text
        self.tally.setText(text)
        palette = self.tally.palette()
        palette.setColor(self.tally.foregroundRole(), warning_colour() if tally.over_budget
                         else self.palette().color(self.foregroundRole()))
        self.tally.setPalette(palette)

    def choose(self, kind: DecisionKind) -> None:
        self.kinds[kind].setChecked(True)

    def submit(self) -> bool:
        """Record the decision as the form stands: one command, refused by the core if it cannot be."""
        checked = self.group.checkedId()
        if self.application is not None and self.ctx.refuse_if_read_only():  # the reason before any other
            return False
        if self.application is None or checked < 0:
            if self.application is not None:
                self.ctx.report(tr("Choose fund, reserve or decline first."))
            return False
        kind = KINDS[checked]
        amount = Decimal(f"{self.amount.value():.2f}") if kind == "fund" else None
        return push(self.ctx, DecideCommand(self.ctx, self.application, kind, amount,
                                            self.feedback.toPlainText().strip()))

