"""Eligibility (File > Eligibility…): every application's result, filtered by result, and the selected one's
checks, screening questions and due diligence, with the officer's decisions.

Every change is one undo command (`ScreenCommand`) that the core checks and audits; a refusal (a reason
missing) is shown in the core's sentence, and marking eligible what the rules put out asks for the
reason the core requires. The widgets hold no rules: they show the core's results and words.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svassessor.eligibility.result import STATUS_WORDS, STATUSES, Decision
from svassessor.models import Round
from svassessor.repository.screenings import ByRules, Screened
from ui.commands.base import push
from ui.commands.eligibility import ScreenCommand, eligibility_events
from ui.context import AppContext
from ui.dialogs.setup_input import SetupInputDialog
from ui.eligibility.detail import ApplicationDetail
from ui.eligibility.model import ResultFilter, ScreenedModel
from ui.text import plain_label, tr
from ui.widgets.form_text import warn
from ui.widgets.tables import read_only_rows
from ui.widgets.undo import undo_bar


class EligibilityDialog(QDialog):
    def __init__(self, ctx: AppContext, round_: Round, parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.store is not None
        self.ctx, self.store, self.round = ctx, ctx.store, round_
        self.input: SetupInputDialog | None = None  # the reason being asked for, for tests to drive
        self.setWindowTitle(tr("Eligibility of “{round}”").format(round=round_.name))
        self.setObjectName("eligibilityDialog")

        self.model = ScreenedModel(self)
        self.filter = ResultFilter(self)
        self.filter.setSourceModel(self.model)
        self.table = QTableView(self)
        read_only_rows(self.table, self.filter, name="eligibilityTable", accessible_name=tr("Applications and their "
                                                                                            "eligibility"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # "Why" elides instead
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.show_only = QComboBox(self)
        self.show_only.setObjectName("resultFilter")
        self.show_only.setAccessibleName(tr("Show applications by result"))
        self.show_only.addItem(tr("All results"), None)
        for status in STATUSES:
            self.show_only.addItem(tr(STATUS_WORDS[status]), status)
        self.show_only.currentIndexChanged.connect(lambda _i: self._filter(self.show_only.currentData()))
        self.search = QLineEdit(self)
        self.search.setObjectName("findApplication")
        self.search.setAccessibleName(tr("Find an application"))
        self.search.setPlaceholderText(tr("Find by reference, organisation or reason"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        top = QHBoxLayout()
        top.addWidget(self.show_only)
        top.addWidget(self.search, 1)

        self.detail = ApplicationDetail(ctx, self)
        self.detail.answered.connect(self.answer)
        scroll = QScrollArea(self)
        scroll.setObjectName("detailScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        make = partial(self.ctx.edit_button, self)
        self.eligible_button = make(tr("Mark &eligible"), "markEligible", self.mark_eligible,
                                    tr("Decide it is eligible (against the rules, with a reason)"))
        self.ineligible_button = make(tr("Mark &not eligible…"), "markIneligible", self.mark_ineligible,
                                      tr("Decide it is not eligible, with the reason the applicant reads"))
        self.rules_button = make(tr("Back to the &rules"), "byTheRules", self.by_the_rules,
                                 tr("Withdraw the decision: the rules and the answers decide again"))
        buttons = QHBoxLayout()
        for button in (self.eligible_button, self.ineligible_button, self.rules_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addLayout(buttons)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("eligibilitySplit")
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()
        self.summary = plain_label("", self, name="eligibilitySummary")
        bottom = undo_bar(ctx, self, self.summary)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.problem)
        layout.addLayout(bottom)

        self.diligence = self.store.screenings.diligence(round_)
        eligibility_events(ctx).screened.connect(self._screened)
        self._load()
        self.resize(1400, 820)
        split.setSizes([820, 580])

    # reading the core ----------------------------------------------------------------------------
    def _load(self) -> None:
        self.model.set_rows(self.store.screenings.results(self.round))
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, min(header.sectionSize(1), 220))
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectRow(0)
        self._show_current()
        self._count()

    def _count(self) -> None:
        counted = Counter(s.result.status for s in self.model.rows())
        self.summary.setText(tr("{eligible} eligible, {ineligible} not eligible, {unscreened} not yet screened "
                                "({n} applications)").format(n=self.model.rowCount(), **{s: counted[s]
                                                                                        for s in STATUSES}))

    def _screened(self, application_id: str) -> None:
        """One application's screening changed (here, by undo, or by redo): its row, the detail, the counts."""
        i = self.model.find(lambda s: s.applicant.id == application_id)
        if i < 0:
            return
        self.model.replace(i, self.store.screenings.result(self.round, application_id))
        self._count()
        current = self.current()
        if current is not None and current.applicant.id == application_id:
            self._show_current()

    def current(self) -> Screened | None:
        index = self.table.currentIndex()
        return self.model.row(self.filter.mapToSource(index).row()) if index.isValid() else None

    def _show_current(self) -> None:
        screened = self.current()
        self.detail.show_application(screened, self.diligence.get(screened.applicant.id, []) if screened else [])
        for button in (self.eligible_button, self.ineligible_button, self.rules_button):
            self.ctx.enable_edit(button, screened is not None, button.toolTip())

    def _filter(self, status) -> None:
        self.filter.set_status(status)
        self.table.selectRow(0)
        self._show_current()

    def _search(self, text: str) -> None:
        self.filter.set_text(text)
        self.table.selectRow(0)
        self._show_current()

    def select(self, reference: str) -> bool:
        """Show one application (tests and a caller that names one)."""
        for row in range(self.filter.rowCount()):
            source = self.filter.mapToSource(self.filter.index(row, 0))
            if self.model.row(source.row()).applicant.reference == reference:
                self.table.selectRow(row)
                self._show_current()
                return True
        return False

    # the officer's actions -----------------------------------------------------------------------
    def answer(self, question_id: str, yes: bool) -> None:
        screened = self.current()
        if screened is not None:
            self._push(ScreenCommand(self.ctx, self.round, screened.applicant.id, screened.applicant.reference,
                                     answers={question_id: yes}))

    def mark_eligible(self) -> None:
        """Eligible at once; when the core wants a reason (an overrule), ask for it in the core's words."""
        screened = self.current()
        if screened is None:
            return
        command = ScreenCommand(self.ctx, self.round, screened.applicant.id, screened.applicant.reference,
                                decision="eligible")
        if not self._push(command) and command.error is not None:
            self.problem.hide()
            self._ask_reason(screened, "eligible", command.problem)

    def mark_ineligible(self) -> None:
        screened = self.current()
        if screened is not None:
            self._ask_reason(screened, "ineligible", tr("Why is {ref} not eligible? The applicant reads this in "
                                                        "their letter.").format(ref=screened.applicant.reference))

    def by_the_rules(self) -> None:
        screened = self.current()
        if screened is not None:
            self._push(ScreenCommand(self.ctx, self.round, screened.applicant.id, screened.applicant.reference,
                                     decision="rules"))

    def _ask_reason(self, screened: Screened, decision: Decision | ByRules, intro: str) -> None:
        overrule = decision == "eligible"
        dialog = SetupInputDialog(self.ctx, title=tr("Overrule the rules") if overrule else tr("Not eligible"),
                                  name="screenReasonDialog", parent=self, intro=intro)
        reason = dialog.line(tr("&Reason:"), tr("Reason"), name="reason",
                             placeholder=tr("e.g. the trustees agreed to consider a larger grant") if overrule
                             else tr("e.g. your organisation is based outside the area this round funds"))
        dialog.make = lambda: ScreenCommand(self.ctx, self.round, screened.applicant.id, screened.applicant.reference,
                                            decision=decision, reason=reason.text())
        self.input = dialog
        dialog.finished.connect(lambda _r: self._input_closed(dialog))
        dialog.open()

    def _input_closed(self, dialog: SetupInputDialog) -> None:
        if self.input is dialog:
            self.input = None
        dialog.deleteLater()

    def _push(self, command: ScreenCommand) -> bool:
        self.problem.hide()
        if push(self.ctx, command):
            return True
        self.problem.setText(command.problem or self.ctx.read_only_reason)
        self.problem.show()
        return False
