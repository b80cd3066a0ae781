"""Redaction preview: the chair reads an application as an anonymised round's assessors will, with each
placeholder marked, sees what each one hides, and adds words to redact (in this application or the
whole round; each an undo command, audited by the core).

Only someone who sees identities (the chair) may open it: it lists what is hidden.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSplitter, QTextEdit, QVBoxLayout, QWidget,
)

from svassessor.anonymity.redact import PLACEHOLDERS, replaced_sentence
from svassessor.anonymity.view import RedactedApplication, anonymity_text
from svassessor.models import Round
from ui.commands.base import push
from ui.commands.redaction import RedactWordCommand
from ui.commands.setup import setup_events
from ui.context import AppContext
from ui.text import plain_label, tr
from ui.widgets.form_text import mute, warn

_MARK = QColor("#ffe08a")


class RedactionDialog(QDialog):
    def __init__(self, ctx: AppContext, round_: Round, reference: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.store is not None
        self.ctx, self.round = ctx, round_
        self.setObjectName("redactionPreview")
        self.setWindowTitle(tr("Redaction preview of “{round}”").format(round=round_.name))
        self.seen: RedactedApplication | None = None

        self.application = QComboBox(self)
        self.application.setObjectName("application")
        self.application.setAccessibleName(tr("Application"))
        for app in ctx.store.applications.for_round(round_):
            self.application.addItem(f"{app.reference} · {app.organisation.name}", app.reference)
        if reference is not None:
            self.application.setCurrentIndex(max(0, self.application.findData(reference)))
        self.setting = plain_label("", self, name="anonymitySetting")
        mute(self.setting)
        self.summary = plain_label("", self, name="replacedSummary")
        self.summary.setWordWrap(True)

        self.text = QTextEdit(self)
        self.text.setObjectName("redactedText")
        self.text.setAccessibleName(tr("The application as assessors read it"))
        self.text.setReadOnly(True)
        self.replaced = QListWidget(self)
        self.replaced.setObjectName("replaced")
        self.replaced.setAccessibleName(tr("What each placeholder hides"))

        self.word = QLineEdit(self)
        self.word.setObjectName("word")
        self.word.setPlaceholderText(tr("a word or phrase, e.g. a street, a project's own name, “B19”"))
        self.word.setAccessibleName(tr("Word to redact"))
        self.here = QPushButton(tr("Redact in this &application"), self)
        self.everywhere = QPushButton(tr("Redact in the &whole round"), self)
        self.here.clicked.connect(lambda: self._add(whole_round=False))
        self.everywhere.clicked.connect(lambda: self._add(whole_round=True))
        self.word.returnPressed.connect(lambda: self._add(whole_round=False))
        for button in (self.here, self.everywhere):
            ctx.enable_edit(button)
        self.words = QListWidget(self)
        self.words.setObjectName("words")
        self.words.setAccessibleName(tr("The chair's words to redact"))
        self.remove = QPushButton(tr("&Stop redacting"), self)
        self.remove.clicked.connect(self._remove)
        ctx.enable_edit(self.remove)
        self.problem = plain_label("", self, name="problem")
        warn(self.problem)
        self.problem.hide()

        side = QWidget(self)
        right = QVBoxLayout(side)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel(tr("What each placeholder hides:"), side))
        right.addWidget(self.replaced, 3)
        right.addWidget(QLabel(tr("Words to redact (the chair's):"), side))
        right.addWidget(self.words, 1)
        right.addWidget(self.remove, 0, Qt.AlignmentFlag.AlignRight)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.text)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        add = QHBoxLayout()
        add.addWidget(self.word, 1)
        add.addWidget(self.here)
        add.addWidget(self.everywhere)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("A&pplication:"), self))
        top.itemAt(0).widget().setBuddy(self.application)
        top.addWidget(self.application, 1)
        layout.addLayout(top)
        layout.addWidget(self.setting)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(add)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(1100, 720)

        self.application.currentIndexChanged.connect(self.refresh)
        setup_events(ctx).roundChanged.connect(self.refresh)
        self.refresh()

    # showing -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self.ctx
        reference = self.application.currentData()
        if ctx.store is None or reference is None:
            return
        self.round = ctx.store.rounds.by_id(self.round.id)
        self.seen = seen = ctx.store.anonymity.preview(self.round, reference)
        setting = anonymity_text(self.round)
        self.setting.setText(tr("This round is {setting}.").format(setting=setting) if self.round.anonymised else
                             tr("This round is named: this is what its assessors would read if it were anonymised "
                                "(Round settings)."))
        withheld = " " + tr("Attachments withheld (a document cannot be redacted safely): {names}.").format(
            names=", ".join(seen.withheld)) if seen.withheld else ""
        self.summary.setText(tr("Assessors see {label}. {replaced}").format(
            label=seen.label, replaced=replaced_sentence(seen.counts)) + withheld)
        self._show_text(seen)
        self.replaced.clear()
        for where, redacted in seen.texts:
            for r in redacted.replacements:
                self.replaced.addItem(f"{PLACEHOLDERS[r.kind]} ← {r.original}   ({where})")
        self.words.clear()
        for w in ctx.store.anonymity.words(self.round):
            item = QListWidgetItem(f"{w.word} — {w.reference or tr('whole round')}")
            item.setData(Qt.ItemDataRole.UserRole, w)
            self.words.addItem(item)

    def _show_text(self, seen: RedactedApplication) -> None:
        app = seen.application
        document = QTextDocument(self.text)
        document.setDefaultFont(self.text.font())
        cursor = QTextCursor(document)
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.DemiBold)
        plain = QTextCharFormat()
        mark = QTextCharFormat()
        mark.setBackground(_MARK)
        mark.setForeground(QColor("#3b2f00"))
        mark.setFontWeight(QFont.Weight.DemiBold)

        def write(text: str, fmt: QTextCharFormat) -> None:
            done = 0
            for start, end in _placeholders(text):
                cursor.insertText(text[done:start], fmt)
                cursor.insertText(text[start:end], mark)
                done = end
            cursor.insertText(text[done:], fmt)

        write(f"{app.organisation.name} · {app.reference}\n", heading)
        write(app.title + "\n", heading)
        if app.summary:
            write(app.summary + "\n", plain)
        for answer in app.narrative:
            write("\n" + answer.question + "\n", heading)
            write(answer.text + "\n", plain)
        for n, offer in enumerate(app.offers, start=1):
            write("\n" + tr("Offer {n}").format(n=n) + "\n", heading)
            write(offer.description + "\n", plain)
        self.text.setDocument(document)

    # the chair's words ---------------------------------------------------------------------------
    def _add(self, *, whole_round: bool) -> None:
        ctx = self.ctx
        if ctx.store is None or not self.word.text().strip():
            return
        application = None if whole_round else ctx.store.applications.get(self.round,
                                                                           self.application.currentData())
        command = RedactWordCommand(ctx, self.round, self.word.text(), application)
        if not push(ctx, command):
            self._say(command.problem)
            return
        self._say("")
        self.word.clear()

    def _remove(self) -> None:
        item = self.words.currentItem()
        ctx = self.ctx
        if item is None or ctx.store is None:
            return
        word = item.data(Qt.ItemDataRole.UserRole)
        application = ctx.store.applications.by_id(word.application_id) if word.application_id else None
        command = RedactWordCommand(ctx, self.round, word.word, application, remove=True)
        if not push(ctx, command):
            self._say(command.problem)

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))


def _placeholders(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for placeholder in PLACEHOLDERS.values():
        start = text.find(placeholder)
        while start >= 0:
            found.append((start, start + len(placeholder)))
            start = text.find(placeholder, start + 1)
    return sorted(found)
