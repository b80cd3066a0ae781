"""The fields of a round's settings, shared by New round and Round settings.

Everything is typed as text and read when the form is saved, so what is typed is what is recorded:
a budget of `12.345` reaches the core, which refuses it in its own sentence, rather than being
rounded by a spin box; dates are `DayField`s. The funder's org-id and 360Giving prefix are checked by
the core (`svassessor.orgids`) as soon as the user leaves the field, and the sentence is shown under
the funder's fields. A tender's settings also hold the day its contract award notice is published,
with the core's sentence saying when the standstill ends, in that part of the UK's working days.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from svassessor.anonymity.view import DEFAULT_REVEAL, REVEAL_STATUSES
from svassessor.errors import NotAllowed
from svassessor.importing.values import ValueProblem
from svassessor.models import Round, RoundStatus
from svassessor.money import typed_pounds
from svassessor.orgids import ORG_ID_EXAMPLE, PREFIX_EXAMPLE, org_id_problem, prefix_problem
from svassessor.rubric.model import Rubric
from svassessor.scoring.weights import fixed_weight, round_weight_range
from svassessor.standstill import NATION_NAMES, NATIONS, STANDSTILL_WORKING_DAYS, standstill_sentence
from ui.commands.setup import RoundSettings
from ui.text import pounds, tr
from ui.widgets.day_field import DayField
from ui.widgets.form_text import heading, mute, warn
from ui.widgets.hint_label import HintLabel


class RoundForm(QWidget):
    """Name, a rubric row the dialog supplies, budget, dates, social value weight, part of the UK; the funder
    below; with `award` (a round's settings: a new round has no award yet), a tender's standstill last."""

    def __init__(self, rubric_row: QWidget, *, under_rubric: tuple[QWidget, ...] = (), award: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.award = award
        self.tender = False
        self.name = self._line("roundName", tr("Round name"), tr("e.g. Neighbourhood Fund 2027"))
        self.budget = self._line("budget", tr("Budget in pounds"), tr("optional, e.g. 90000"))
        self.opens = DayField(self)
        self.opens.setObjectName("opens")
        self.opens.setAccessibleName(tr("Opens on"))
        self.closes = DayField(self)
        self.closes.setObjectName("closes")
        self.closes.setAccessibleName(tr("Closes on"))
        self.sv_weight = self._line("svWeight", tr("Social value weight in percent"), "")
        self.retain_until = DayField(self)
        self.retain_until.setObjectName("retainUntil")
        self.retain_until.setAccessibleName(tr("Keep personal data until"))
        self.retain_until.setToolTip(tr("After this day the window reminds you to erase the applicants' personal "
                                        "data (File > Erase personal data); scores and decisions are kept."))
        self.weight_hint = HintLabel("", self, name="weightHint")
        mute(self.weight_hint)
        self.funder_name = self._line("funderName", tr("Funder name"), tr("optional, e.g. Example Community Foundation"))
        self.funder_org_id = self._line("funderOrgId", tr("Funder org-id"),
                                        tr("optional, from org-id.guide, e.g. {example}").format(example=ORG_ID_EXAMPLE))
        self.prefix = self._line("prefix", tr("360Giving prefix"),
                                 tr("optional, e.g. {example}").format(example=PREFIX_EXAMPLE))
        self.funder_org_id.setToolTip(tr("Who the funder is in 360Giving data (Funding Org:Identifier): a country "
                                         "code, a register's code and the funder's number in it."))
        self.prefix.setToolTip(tr("The prefix 360Giving gave the funder, put before this round's own references "
                                  "to make grant identifiers. Grants imported from 360Giving keep their own."))
        self.anonymised = QCheckBox(tr("&Anonymised assessment: assessors see “Applicant 017” and the text with "
                                       "names, contacts and addresses replaced"), self)
        self.anonymised.setObjectName("anonymised")
        self.reveal_at = QComboBox(self)
        self.reveal_at.setObjectName("revealAt")
        self.reveal_at.setAccessibleName(tr("Identities appear to the panel at"))
        for status in REVEAL_STATUSES:
            self.reveal_at.addItem(tr("when the round reaches {status}").format(status=status), status)
        self.anonymised.toggled.connect(self.reveal_at.setEnabled)
        self.reveal_at.setEnabled(False)
        self.funder_problem = HintLabel("", self, name="funderProblem")
        warn(self.funder_problem)
        for line in (self.funder_org_id, self.prefix):
            line.editingFinished.connect(self.check_funder)
        self.nation = QComboBox(self)
        self.nation.setObjectName("nation")
        self.nation.setAccessibleName(tr("Part of the UK"))
        self.nation.setToolTip(tr("Whose bank holidays count working days, such as a tender's standstill period."))
        self.nation.addItem(tr("Not set"), None)
        for nation in NATIONS:
            self.nation.addItem(tr(NATION_NAMES[nation]), nation)
        self.standstill = DayField(self)
        self.standstill.setObjectName("standstillFrom")
        self.standstill.setAccessibleName(tr("Contract award notice published on"))
        self.standstill.setToolTip(tr("The day the contract award notice is published: the first of the standstill's "
                                      "8 working days (Procurement Act 2023, s.51)."))
        self.standstill_ends = HintLabel("", self, name="standstillEnds")
        mute(self.standstill_ends)
        standstill_row = QWidget(self)
        standstill_row.setFocusProxy(self.standstill)
        beside = QHBoxLayout(standstill_row)
        beside.setContentsMargins(0, 0, 0, 0)
        beside.addWidget(self.standstill)
        beside.addWidget(self.standstill_ends, 1)
        self.standstill.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") * 2)
        self.standstill.textChanged.connect(self.show_standstill)

        self.rows = QFormLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.addRow(heading(tr("The round"), self))
        self.rows.addRow(tr("&Name:"), self.name)
        rubric_label = QLabel(tr("&Rubric:"), self)
        rubric_label.setBuddy(rubric_row.focusProxy() or rubric_row)
        self.rows.addRow(rubric_label, rubric_row)
        for widget in under_rubric:
            self.rows.addRow("", widget)
        self.rows.addRow(tr("&Budget (£):"), self.budget)
        self.rows.addRow(tr("&Opens on:"), self.opens)
        self.rows.addRow(tr("&Closes on:"), self.closes)
        self.rows.addRow(tr("Social &value weight (%):"), self.sv_weight)
        self.rows.addRow("", self.weight_hint)
        self.rows.addRow(tr("&Keep personal data until:"), self.retain_until)
        self.rows.addRow(tr("Part of the &UK:"), self.nation)
        self.rows.addRow(heading(tr("Assessment"), self))
        self.rows.addRow("", self.anonymised)
        reveal_label = QLabel(tr("&Identities appear:"), self)
        reveal_label.setBuddy(self.reveal_at)
        self.rows.addRow(reveal_label, self.reveal_at)
        self.rows.addRow(heading(tr("The funder, as 360Giving data names it"), self))
        self.rows.addRow(tr("&Funder:"), self.funder_name)
        self.rows.addRow(tr("Funder's or&g-id:"), self.funder_org_id)
        self.rows.addRow(tr("360Giving &prefix:"), self.prefix)
        self.rows.addRow("", self.funder_problem)
        self.set_row_visible(self.funder_problem, False)
        self.award_heading = heading(tr("The contract award"), self)
        self.rows.addRow(self.award_heading)
        self.rows.addRow(tr("Award notice pu&blished:"), standstill_row)
        self.standstill_row = standstill_row
        self._show_award()
        self.show_standstill()

    def set_row_visible(self, widget: QWidget, visible: bool) -> None:
        """Show or hide a row under a field (a hidden one takes no room)."""
        self.rows.setRowVisible(widget, visible)

    def _line(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        line = QLineEdit(self)
        line.setObjectName(name)
        line.setAccessibleName(accessible)
        line.setPlaceholderText(placeholder)
        return line

    # filling -------------------------------------------------------------------------------------
    def show_round(self, round_: Round) -> None:
        self.name.setText(round_.name)
        self.budget.setText("" if round_.budget is None else pounds(round_.budget).lstrip("£"))
        for field, day in ((self.opens, round_.opens), (self.closes, round_.closes),
                           (self.retain_until, round_.retain_until)):
            if day is not None:
                field.set_day(day)
        self.sv_weight.setText("" if round_.sv_weight is None else f"{round_.sv_weight:g}")
        self.funder_name.setText(round_.funder_name or "")
        self.funder_org_id.setText(round_.funder_org_id or "")
        self.prefix.setText(round_.funder_identifier or "")
        self.nation.setCurrentIndex(max(0, self.nation.findData(round_.nation)))
        if round_.standstill_from is not None:
            self.standstill.set_day(round_.standstill_from)
        self.anonymised.setChecked(round_.anonymised)
        self.reveal_at.setCurrentIndex(self.reveal_at.findData(round_.reveal_at or DEFAULT_REVEAL))

    def set_rubric(self, rubric: Rubric | None) -> None:
        """Say what social value weight the rubric allows; a rubric whose weight cannot move disables it.
        A tender's rubric brings the standstill (in a round's settings)."""
        self.tender = rubric is not None and rubric.kind == "tender"
        self._show_award()
        self.set_row_visible(self.weight_hint, rubric is not None)
        if rubric is None:
            self.sv_weight.setEnabled(False)
            self.sv_weight.setPlaceholderText(tr("as the rubric sets it"))
            return
        own = f"{rubric.social_value_share:g}%"
        limits = round_weight_range(rubric)
        self.sv_weight.setEnabled(limits is not None)
        self.sv_weight.setPlaceholderText(tr("the rubric's own: {own}").format(own=own))
        if limits is None:
            self.sv_weight.clear()
            self.weight_hint.setText(fixed_weight(rubric) or "")
        else:
            self.weight_hint.setText(tr("Leave it blank for the rubric's own {own}; it may be {low:g}% to {high:g}%.")
                                     .format(own=own, low=limits[0], high=limits[1]))

    def _show_award(self) -> None:
        for widget in (self.award_heading, self.standstill_row):
            self.set_row_visible(widget, self.award and self.tender)

    def show_standstill(self) -> None:
        """Say beside the date when the standstill ends, in the core's words (or why it cannot say yet)."""
        try:
            start = self.standstill.day()
        except ValueProblem as problem:
            self.standstill_ends.setText(f"{problem}.")
            return
        if start is None:
            self.standstill_ends.setText(tr("The first of the standstill's {n} working days.").format(
                n=STANDSTILL_WORKING_DAYS))
        else:
            self.standstill_ends.setText(standstill_sentence(start))

    # checking ------------------------------------------------------------------------------------
    def check_funder(self) -> bool:
        """Show the core's sentence about the org-id or prefix under the funder's fields; True when none."""
        org_id, prefix = self.funder_org_id.text().strip(), self.prefix.text().strip()
        problems = [p for p in ((org_id_problem(org_id) if org_id else None),
                                (prefix_problem(prefix) if prefix else None)) if p]
        self.funder_problem.setText("\n".join(f"{p}." for p in problems))
        self.set_row_visible(self.funder_problem, bool(problems))
        return not problems

    def settings(self) -> RoundSettings:
        """What the form says, read as the core needs it; `NotAllowed` says what cannot be read."""
        return RoundSettings(
            name=self.name.text().strip(), budget=self._budget(), opens=self._day(self.opens, tr("opening")),
            closes=self._day(self.closes, tr("closing")), sv_weight=self._weight(),
            funder_name=_given(self.funder_name), funder_org_id=_given(self.funder_org_id),
            funder_identifier=_given(self.prefix), nation=self.nation.currentData(),
            standstill_from=self._day(self.standstill, tr("award notice")) if self.award and self.tender else None,
            anonymised=self.anonymised.isChecked(), reveal_at=self._reveal_at(),
            retain_until=self._day(self.retain_until, tr("keep-personal-data-until")))

    def _reveal_at(self) -> RoundStatus | None:
        """None for the default (moderation), so a round left as it was is not changed."""
        status = self.reveal_at.currentData()
        return None if status == DEFAULT_REVEAL else status

    def _budget(self) -> Decimal | None:
        if not self.budget.text().strip():
            return None
        try:
            return typed_pounds(self.budget.text())  # the core checks the amount (not negative, whole pence)
        except ValueError:
            raise NotAllowed(tr("The budget should be an amount in pounds, like 90000, not '{text}'.").format(
                text=self.budget.text().strip())) from None

    def _day(self, field: DayField, which: str) -> date | None:
        try:
            return field.day()
        except ValueProblem as problem:
            raise NotAllowed(tr("The {which} date: {problem}.").format(which=which, problem=problem)) from None

    def _weight(self) -> float | None:
        text = self.sv_weight.text().strip().rstrip("%").strip()
        if not text or not self.sv_weight.isEnabled():
            return None
        try:
            return float(text)  # the core checks it against the rubric's limits
        except ValueError:
            raise NotAllowed(tr("The social value weight should be a number of percent, like 40, not '{text}'.")
                             .format(text=self.sv_weight.text().strip())) from None


def _given(line: QLineEdit) -> str | None:
    return line.text().strip() or None
