"""One application on the eligibility screen: its result, what each rule found, the screening questions
with their guidance (answered yes or no here), and what due diligence found. The words are the core's."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout, QWidget

from svassessor.eligibility.diligence import Finding
from svassessor.repository.screenings import Screened
from ui.context import AppContext
from ui.text import plain_label, tr
from ui.widgets.form_text import heading, mute, warn

_MARKS = {"pass": "✓", "fail": "✗", "unknown": "?"}
SHOWN_FINDINGS = 6  # the same organisation may have applied a dozen times: the first few, then a count


class ApplicationDetail(QWidget):
    answered = Signal(str, bool)  # question id, yes

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("eligibilityDetail")
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(8, 0, 0, 0)
        self.groups: list[QButtonGroup] = []

    def _clear(self) -> None:
        """Take the last application's widgets away at once (not only later), so only this one's are found."""
        gone: list[QObject] = list(self.groups)
        while (item := self.layout_.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                gone.append(widget)
            elif (inner := item.layout()) is not None:
                while (child := inner.takeAt(0)) is not None:
                    if (held := child.widget()) is not None:
                        gone.append(held)
                inner.deleteLater()
        for thing in gone:
            thing.setParent(None)
            thing.deleteLater()
        self.groups = []

    def _label(self, text: str, *, name: str = "") -> QLabel:
        label = plain_label(text, self, name=name, selectable=True)
        self.layout_.addWidget(label)
        return label

    def show_application(self, screened: Screened | None, findings: list[Finding]) -> None:
        self._clear()
        if screened is None:
            self._label(tr("Choose an application to see why it is or is not eligible."))
            self.layout_.addStretch(1)
            return
        applicant, result = screened.applicant, screened.result
        title = self._label(f"{applicant.reference} · {applicant.organisation}", name="detailTitle")
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        status = self._label(result.words + (f": {result.note or result.why}" if result.note or result.why else ""),
                             name="detailResult")
        if result.status == "ineligible":
            warn(status)
        if result.reasons:
            self.layout_.addWidget(heading(tr("What the applicant is told"), self))
            for reason in result.reasons:
                self._label(f"• {reason}", name="applicantReason")

        self.layout_.addWidget(heading(tr("What the rules found"), self))
        if not result.checks:
            mute(self._label(tr("The round's rubric sets no automatic rules.")))
        for check in result.checks:
            label = self._label(f"{_MARKS[check.outcome]}  {check.finding}", name=f"check_{check.rule}")
            if check.outcome == "fail":
                warn(label)

        if result.answers:
            self.layout_.addWidget(heading(tr("Screening questions"), self))
        for answer in result.answers:
            question = answer.question
            self._label(question.text, name=f"question_{question.id}")
            if question.guidance:
                mute(self._label(question.guidance))
            row = QHBoxLayout()
            group = QButtonGroup(self)
            for text, value in ((tr("Yes"), True), (tr("No"), False)):
                button = QRadioButton(text, self)
                button.setObjectName(f"answer_{question.id}_{'yes' if value else 'no'}")
                button.setAccessibleName(f"{question.text} {text}")
                button.setChecked(answer.answer is value)
                self.ctx.enable_edit(button)
                button.clicked.connect(lambda _c=False, q=question.id, v=value: self.answered.emit(q, v))
                group.addButton(button)
                row.addWidget(button)
            row.addStretch(1)
            self.groups.append(group)
            self.layout_.addLayout(row)

        self.layout_.addWidget(heading(tr("Due diligence (shown, never deciding)"), self))
        for finding in findings[:SHOWN_FINDINGS]:
            label = self._label(("⚠ " if finding.concern else "") + finding.words, name=f"finding_{finding.kind}")
            if finding.concern:
                warn(label)
        if len(findings) > SHOWN_FINDINGS:
            mute(self._label(tr("… and {n} more findings of the same kind.").format(n=len(findings) - SHOWN_FINDINGS)))
        self.layout_.addStretch(1)
