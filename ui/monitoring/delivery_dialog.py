"""Record a delivery report against an offer, or amend one: the dialog gathers it and makes one undoable call.

It closes only when the core accepted the change; otherwise the core's sentence is shown inside it and
nothing is kept. Everything is reachable from the keyboard: Alt+letter to each field, Tab through the
notes (Tab moves on rather than typing a tab), Ctrl+Enter to save from anywhere.

A new report may carry files (a register, photographs): they are read when the report is saved and
kept with it in the same undoable change, so a file that cannot be read keeps nothing. Amending a
report lists the files kept with it (name and size): more can be added (an invoice that came later)
and any can be marked to be taken off (Delete, or Take off; again keeps it). Saving amends the report
and adds and takes off those files in one undoable change, refused whole like a new report's.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, \
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from svassessor.errors import SvAssessorError
from svassessor.importing.values import ValueProblem
from svassessor.models import Attachment, Delivery, DeliveryStatus, Round
from svassessor.monitoring import OfferProgress
from svassessor.monitoring.model import report_date_problem
from svassessor.monitoring.words import amount, quantity, when
from svassessor.repository.delivery_files import DeliveryFile
from svassessor.sizes import size_text
from svassessor.typed_number import typed_number
from ui.commands.base import push
from ui.commands.deliveries import AmendDeliveryCommand, RecordDeliveryCommand, status_word
from ui.context import AppContext
from ui.monitoring.paint import status_icon
from ui.text import one_line, plain_label, tr
from ui.widgets.day_field import DayField

EDITABLE: tuple[DeliveryStatus, ...] = ("on_track", "at_risk", "delivered", "missed")


def read_quantity(text: str) -> float | None:
    """'1,580', '£4,380', '2.5' → a number; '' → None (no number reported); ValueError otherwise (also '250,5')."""
    cleaned = text.strip().lstrip("£").strip()
    return float(typed_number(cleaned)) if cleaned else None  # the core's comma rule: 250,5 is refused


class DeliveryDialog(QDialog):
    def __init__(self, ctx: AppContext, round_: Round, offer: OfferProgress, existing: Delivery | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.round, self.offer, self.existing = ctx, round_, offer, existing
        self.doubt_shown: str | None = None  # the quantity warning last shown, so a second Save keeps it
        self.saved: Delivery | None = None
        self.setObjectName("deliveryDialog")
        self.setWindowTitle(tr("Amend delivery report") if existing else tr("Record delivery"))
        self.setAccessibleName(self.windowTitle())
        latest = offer.latest

        heading = plain_label(f"{offer.reference} · {one_line(offer.organisation, 60)}\n"
                              f"{offer.number}. {one_line(offer.offer.description, 160)}", self, name="offerHeading")
        promise = tr("Promised: {what}").format(what=amount(offer.promised, offer.unit) if offer.promised is not None
                                                else tr("no number"))
        if offer.offer.timeframe:
            promise += tr(", {when}").format(when=one_line(offer.offer.timeframe, 60))
        if latest is not None and existing is None:
            promise += "\n" + tr("Latest report, {day}: {n}, {status}").format(
                day=when(latest.on), n=amount(offer.delivered, offer.unit), status=status_word(latest.status).lower())
        self.promise = plain_label(promise, self, name="promise")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)

        start = existing or latest
        self.on = DayField(self)
        self.on.setObjectName("deliveryDate")
        self.on.setAccessibleName(tr("Date of the report, DD/MM/YYYY (F4: a calendar)"))
        self.on.set_day(existing.on if existing else self._today())
        self.quantity = QLineEdit(self)
        self.quantity.setObjectName("deliveryQuantity")
        self.quantity.setAccessibleName(tr("Quantity delivered so far, in {unit}").format(unit=offer.unit or tr("units")))
        self.quantity.setPlaceholderText(tr("the total so far, e.g. {n}").format(n=quantity(offer.promised or 10)))
        if start is not None and start.quantity is not None:
            self.quantity.setText(quantity(start.quantity).replace(",", ""))
        self.quantity.selectAll()
        unit = plain_label(one_line(offer.unit, 30) or "", self, wrap=False)
        self.status = QComboBox(self)
        self.status.setObjectName("deliveryStatus")
        self.status.setAccessibleName(tr("Status"))
        for status in EDITABLE:
            self.status.addItem(status_icon(status), status_word(status), status)
        self.status.setCurrentIndex(EDITABLE.index(start.status) if start is not None else 0)
        self.evidence = self._notes("deliveryEvidence", tr("Evidence"),
                                    tr("How do you know? Registers, invoices, certificates, a partner's word…"))
        self.story = self._notes("deliveryStory", tr("Story"),
                                 tr("What changed for someone, in a few sentences, in their words if you can"))
        if existing is not None:
            self.evidence.setPlainText(existing.evidence)
            self.story.setPlainText(existing.story)

        self.paths: list[Path] = []  # files to add, read when the report is saved
        self.kept: list[Attachment] = list(offer.files_of(existing)) if existing is not None else []
        self.taking_off: list[str] = []  # ids of kept files marked to be taken off
        self.files = QListWidget(self)
        self.files.setObjectName("deliveryFiles")
        self.files.setAccessibleName(
            tr("Files kept with the report (Delete marks one to be taken off, or keeps it again)") if existing
            else tr("Files to keep with the report (Delete takes one off)"))
        self.files.setMaximumHeight(70 if existing is None else 100)
        self.attach_button = QPushButton(tr("Attach &files…"), self)
        self.attach_button.setObjectName("attachDeliveryFiles")
        self.attach_button.clicked.connect(self._choose_files)
        self.take_off_button = QPushButton(tr("Ta&ke off"), self)
        self.take_off_button.setObjectName("takeOffDeliveryFile")
        self.take_off_button.clicked.connect(self._drop_file)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files, activated=self._drop_file,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.files.currentRowChanged.connect(lambda _row: self._name_take_off())
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(self.attach_button)
        file_buttons.addWidget(self.take_off_button)
        file_buttons.addStretch(1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        files_row.addLayout(file_buttons)
        self._list_files()

        amount_row = QHBoxLayout()
        amount_row.addWidget(self.quantity, 1)
        amount_row.addWidget(unit)
        form = QFormLayout()
        form.addRow(tr("&Date:"), self.on)
        form.addRow(tr("&Quantity so far:"), amount_row)
        form.addRow(tr("S&tatus:"), self.status)
        form.addRow(tr("&Evidence:"), self.evidence)
        form.addRow(tr("St&ory:"), self.story)
        form.addRow(tr("Files:"), files_row)
        form.itemAt(1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.quantity)

        self.problem = plain_label("", self, name="dialogProblem")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(tr("&Save changes") if existing else tr("&Record"))
        save.setToolTip(tr("Ctrl+Enter"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.promise)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setTabOrder(self.on, self.quantity)
        self.setTabOrder(self.quantity, self.status)
        self.setTabOrder(self.status, self.evidence)
        self.setTabOrder(self.evidence, self.story)
        self.setTabOrder(self.story, self.files)
        self.setTabOrder(self.files, self.attach_button)
        self.setTabOrder(self.attach_button, self.take_off_button)
        self.setTabOrder(self.take_off_button, save)
        self.resize(560, self.sizeHint().height())
        (self.quantity if existing is None else self.on).setFocus()
        if existing is not None:
            self.on.selectAll()  # typed over, as a date edit would be

    def _today(self) -> date:
        """Today, as the open file's clock says (a test hands it a fixed day)."""
        assert self.ctx.store is not None
        return self.ctx.store.clock.today()

    def _notes(self, name: str, label: str, hint: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setObjectName(name)
        box.setAccessibleName(label)
        box.setPlaceholderText(hint)
        box.setTabChangesFocus(True)
        box.setMinimumHeight(70)
        return box

    def add_files(self, paths: list[Path]) -> None:
        """Add files to keep with the report (each once); they are read when the report is saved."""
        for path in map(Path, paths):
            if path not in self.paths:
                self.paths.append(path)
        self._list_files()

    def _choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, tr("Files to keep with this report"))
        if chosen:
            self.add_files([Path(p) for p in chosen])

    def take_off(self, attachment_id: str) -> None:
        """Mark a file kept with the report to be taken off when it is saved; again, to keep it."""
        if attachment_id in self.taking_off:
            self.taking_off.remove(attachment_id)
        elif any(a.id == attachment_id for a in self.kept):
            self.taking_off.append(attachment_id)
        self._list_files()

    def _drop_file(self) -> None:
        """The chosen row: a file to add comes off the list; a kept one is marked to be taken off, or kept again."""
        row = self.files.currentRow()
        chosen = self.files.item(row).data(Qt.ItemDataRole.UserRole) if row >= 0 else None
        if isinstance(chosen, Path):
            self.paths.remove(chosen)
            self._list_files()
        elif isinstance(chosen, str):
            self.take_off(chosen)
        self.files.setCurrentRow(min(row, self.files.count() - 1))

    def _list_files(self) -> None:
        """The kept files (name and size; those marked say they will be taken off), then the files to add."""
        row = self.files.currentRow()
        self.files.clear()
        for attachment in self.kept:
            text = f"{one_line(attachment.filename, 100)}  ({size_text(attachment.size)})"
            item = QListWidgetItem(text)
            if attachment.id in self.taking_off:
                item.setText(tr("{file}: taken off when saved").format(file=text))
                font = item.font()
                font.setStrikeOut(True)
                item.setFont(font)
            item.setData(Qt.ItemDataRole.UserRole, attachment.id)
            self.files.addItem(item)
        for path in self.paths:
            text = one_line(path.name, 100)
            try:
                text = f"{text}  ({size_text(path.stat().st_size)})"
            except OSError:
                pass  # gone since it was chosen: saving says so in a sentence
            item = QListWidgetItem(text if self.existing is None else tr("{file}: added when saved").format(file=text))
            item.setToolTip(str(path))
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.files.addItem(item)
        if not self.paths and not self.kept:
            hint = QListWidgetItem(tr("No files: a register, photographs or an invoice can be kept with the report."))
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.files.addItem(hint)
        if 0 <= row < self.files.count():
            self.files.setCurrentRow(row)
        self._name_take_off()

    def _name_take_off(self) -> None:
        """The button says what it will do to the chosen file, and is off while none is chosen."""
        item = self.files.currentItem()
        chosen = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.take_off_button.setEnabled(chosen is not None)
        self.take_off_button.setText(tr("&Keep") if chosen in self.taking_off else tr("Ta&ke off"))

    def delivery(self) -> Delivery | None:
        """What the form says, or None (and the reason shown) when it cannot be a delivery."""
        try:
            value = read_quantity(self.quantity.text())
        except ValueError:
            self._show(tr("The quantity should be a number, like 150: the total delivered so far."))
            self.quantity.setFocus()
            return None
        on = self._day()
        if on is None:
            return None
        fields = dict(on=on, quantity=value, status=self.status.currentData(),
                      evidence=self.evidence.toPlainText().strip(), story=self.story.toPlainText().strip())
        if self.existing is not None:
            return self.existing.model_copy(update=fields)
        who = self.ctx.assessor.name if self.ctx.assessor else (self.ctx.store.actor if self.ctx.store else "")
        return Delivery(offer_id=self.offer.offer.id, recorded_by=who, **fields)

    def _day(self) -> date | None:
        """The date typed, when a report can have it; otherwise None, and the reason shown."""
        try:
            on = self.on.day()
        except ValueProblem as problem:
            refused = tr("The date {problem}.").format(problem=problem)
        else:
            if on is None:
                refused = tr("Give the date of the report, like {day}.").format(day=f"{self._today():%d/%m/%Y}")
            elif late := report_date_problem(on, self._today()):
                refused = late + "."  # the core's sentence, as the command line gives it
            else:
                return on
        self._show(refused)
        self.on.setFocus()
        self.on.selectAll()
        return None

    def save(self) -> None:
        delivery = self.delivery()
        if delivery is None:
            return
        doubt = self.offer.quantity_doubt(delivery)
        if doubt is not None and doubt != self.doubt_shown:
            self.doubt_shown = doubt  # said once; saving again as it is keeps it
            self._show(doubt + " " + tr("Correct the quantity, or save again to keep it as it is."))
            return
        try:
            files = [DeliveryFile.read(p) for p in self.paths]
        except SvAssessorError as error:
            self._show(str(error))
            return
        if self.existing is not None:
            command = AmendDeliveryCommand(self.ctx, self.round, delivery, self.offer.reference, files,
                                           [a.id for a in self.kept if a.id in self.taking_off])
        else:
            command = RecordDeliveryCommand(self.ctx, self.round, delivery, self.offer.reference, files)
        refused: list[str] = []

        def heard(message: str) -> None:
            refused.append(message)

        self.ctx.problem.connect(heard)
        try:
            ok = push(self.ctx, command)
        finally:
            self.ctx.problem.disconnect(heard)
        if not ok:
            self._show(refused[-1] if refused else tr("That change was not kept."))
            return
        self.saved = delivery
        self.accept()

    def _show(self, message: str) -> None:
        self.problem.setText("⚠  " + message)
        self.problem.show()
