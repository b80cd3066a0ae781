"""The import wizard's mapping step: a field for every column, and the first rows as they would arrive.

One drop-down per column, in a grid rather than inside a table, so Tab walks from column to column and
a screen reader names each one ("Field for column 'Org name'"). Every change makes a new plan
(`ImportPlan.remap`) and redraws the preview from it: the preview is the core's reading of the rows,
never a guess of the window's, and what each column is said to do is the core's `ImportPlan.uses`
(a column whose field an earlier column fills is used only where that one is empty). A tender
round's drop-downs offer the price, and its preview shows it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGridLayout, QHeaderView, QLabel, QScrollArea, QSizePolicy, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget, QWizardPage,
)

from svassessor.errors import SvAssessorError
from svassessor.importing import ColumnUse, ImportPlan, field_choices
from svassessor.importing.mapping import OFFER_ATTRIBUTES, REQUIRED
from svassessor.importing.rows import display
from svassessor.importing.values import text
from ui.text import one_line, plain_label, tr
from ui.theme import secondary_text, warning_colour

PREVIEW_ROWS = 10
WHY_WIDTH = 220  # pixels: room for "recognised by its title" on one line; longer reasons wrap
PREVIEW_WIDEST = 200  # pixels: an organisation's name or a title wraps within this (all of it is in the tooltip)


def field_label(field: str) -> str:
    """A field as a grant officer reads it: 'Organisation name', 'Offer 2: quantity'."""
    plain = {
        "reference": tr("Reference"), "title": tr("Project title"), "summary": tr("Summary"),
        "amount_requested": tr("Amount requested (£)"), "price": tr("Price (£, tenders)"),
        "received": tr("Date received"), "organisation.name": tr("Organisation name"),
        "organisation.type": tr("Organisation type"), "organisation.registration": tr("Registration number"),
        "organisation.postcode": tr("Postcode"), "organisation.area": tr("Area"),
        "organisation.sme": tr("An SME? (yes or no)"),
        "organisation.vcse": tr("A voluntary, community or social enterprise? (yes or no)"),
        "narrative": tr("Answer to this column's question"),
        "extra": tr("Keep as extra information"), "ignore": tr("Leave out"),
    }
    if field in plain:
        return plain[field]
    if field.startswith("narrative:"):
        return tr("Narrative answer to “{q}”").format(q=field.removeprefix("narrative:"))
    head, _, attribute = field.partition(".")
    if head.startswith("offer") and attribute in OFFER_ATTRIBUTES:
        number = head.removeprefix("offer") or "1"
        return tr("Offer {n}: {what}").format(n=number, what=tr(attribute.replace("_", " ")))
    return field


def origin_label(origin: str) -> str:
    return {"chosen": tr("your choice"), "remembered": tr("remembered from last time"),
            "title": tr("recognised by its title"), "tender": tr("the price, as this round is a tender"),
            "unmapped": tr("no field for it")}.get(origin, origin)


def why_label(use: ColumnUse) -> str:
    """Why a column fills what it does, and (when an earlier column fills the same field) where it does not."""
    parts = [origin_label(use.origin)]
    if use.note:
        parts.append(use.note)
    if use.ahead:
        columns = tr(" and ").join(f"“{c}”" for c in use.ahead)
        parts.append(tr("used only where {columns} {verb} empty; otherwise kept as extra").format(
            columns=columns, verb=tr("is") if len(use.ahead) == 1 else tr("are")))
    return "; ".join(parts)


def use_line(use: ColumnUse) -> str:
    """One column after the check: what it filled, in how many rows (the core counted them)."""
    def count(n: int | None) -> str:
        return (tr("1 {unit}") if n == 1 else tr("{n} {unit}s")).format(n=n, unit=use.unit)

    if use.field == "ignore":
        return tr("{column}: left out").format(column=use.column)
    if use.field == "extra":
        return tr("{column}: kept as extra information ({rows})").format(column=use.column, rows=count(use.kept))
    line = tr("{column} → {field}: {rows}").format(column=use.column, field=field_label(use.field),
                                                  rows=count(use.filled))
    if use.kept:
        line += tr("; kept as extra information in {rows}, where {columns} had already filled it").format(
            rows=count(use.kept), columns=tr(" or ").join(f"“{c}”" for c in use.ahead))
    return line


class MappingPage(QWizardPage):
    """Column → field, and the preview; Next waits until every required field has a column."""

    planChanged = Signal(object)  # the new ImportPlan

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mappingPage")
        self.setTitle(tr("Match the columns"))
        self.setSubTitle(tr("Choose what each column of the file fills. Reference, organisation name and project "
                            "title are needed; a column you leave unrecognised is kept as extra information."))
        self.plan: ImportPlan | None = None
        self.combos: dict[str, QComboBox] = {}
        self.about = plain_label(name="sourceAbout")
        self.missing = plain_label(name="missingFields")
        self.problem = plain_label(name="mappingProblem")
        self.problem.hide()
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(2, 2)  # "why" wraps: a column used only where another is empty says so
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(12)
        scroll = QScrollArea(self)
        scroll.setObjectName("columns")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        scroll.setMinimumHeight(200)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview = QTableWidget(self)
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName(tr("Preview of the first rows as they would be imported"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.setTabKeyNavigation(False)
        self.preview.verticalHeader().hide()
        self.preview.setWordWrap(True)  # a problem is a sentence: show it whole
        self.preview.setMinimumHeight(180)
        self.preview.horizontalHeader().sectionResized.connect(lambda *_: self.preview.resizeRowsToContents())
        preview_title = plain_label(tr("Preview: the first rows as they would be imported"))
        preview_title.setBuddy(self.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(scroll, 3)
        layout.addWidget(self.missing)
        layout.addWidget(self.problem)
        layout.addWidget(preview_title)
        layout.addWidget(self.preview, 2)

    # filling ------------------------------------------------------------------------------------
    def set_plan(self, plan: ImportPlan) -> None:
        """Show a freshly read plan: one row of the grid per column."""
        self.plan = plan
        table = plan.table
        self.about.setText(tr("{file}: {detail}, {n} {unit}s.").format(
            file=table.name, detail=table.detail or table.kind, n=len(table.rows), unit=table.unit))
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.combos = {}
        for column, heading in enumerate((tr("Column in the file"), tr("Fills"), tr("Why"), tr("First value"))):
            label = plain_label(heading, wrap=False)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self.grid.addWidget(label, 0, column)
        offers = 1 + max((int(c.field.split(".")[0].removeprefix("offer") or 1) for c in plan.columns
                          if c.field.startswith("offer")), default=1)
        choices = field_choices(offers=offers, tender=plan.tender)
        first = table.rows[0] if table.rows else []
        for row, (choice, use) in enumerate(zip(plan.columns, plan.uses()), start=1):
            name = plain_label(one_line(choice.column, 60), wrap=False)
            name.setToolTip(choice.column if len(choice.column) > 60 else "")
            combo = QComboBox(self.grid_host)
            combo.setObjectName(f"field_{row - 1}")
            combo.setAccessibleName(tr("Field for column “{c}”").format(c=choice.column))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(30)  # room for the sample values; the list opens wider
            for field in dict.fromkeys([*choices, choice.field]):
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(combo.findData(choice.field))
            combo.currentIndexChanged.connect(lambda _i, c=choice.column, box=combo: self._changed(c, box))
            name.setBuddy(combo)
            self.combos[choice.column] = combo
            why = plain_label(why_label(use), name=f"why_{row - 1}")
            why.setMinimumWidth(WHY_WIDTH)
            sample = text(first[row - 1]) if row - 1 < len(first) else ""
            example = plain_label(one_line(sample, 50), wrap=False)
            for muted in (why, example):
                palette = muted.palette()
                palette.setColor(muted.foregroundRole(), secondary_text())
                muted.setPalette(palette)
            example.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(combo, row, 1)
            self.grid.addWidget(why, row, 2)
            self.grid.addWidget(example, row, 3)
        self._show_state()

    def _changed(self, column: str, combo: QComboBox) -> None:
        assert self.plan is not None
        try:
            plan = self.plan.remap({column: combo.currentData()})
        except SvAssessorError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        self.problem.hide()
        self.plan = plan
        for index, use in enumerate(plan.uses()):  # a change may move which column fills a field first
            why = self.grid_host.findChild(QLabel, f"why_{index}")
            if why is not None:
                why.setText(why_label(use))
        self._show_state()
        self.planChanged.emit(plan)

    def _show_state(self) -> None:
        assert self.plan is not None
        missing, advice = self.plan.missing, self.plan.advice
        palette = self.missing.palette()
        palette.setColor(self.missing.foregroundRole(), warning_colour() if missing or advice else secondary_text())
        self.missing.setPalette(palette)
        self.missing.setText(tr("Still needed: {fields}. Choose the column that holds each.").format(
            fields=", ".join(field_label(f) for f in missing)) if missing else
            " ".join(tr(a) for a in advice) or tr("Every needed field has a column."))
        self._fill_preview()
        self.completeChanged.emit()

    def preview_fields(self) -> tuple[str, ...]:
        """The fields the preview shows: who and what, then the amount asked (a grant's) or the price (a tender's)."""
        assert self.plan is not None
        mapped = set(self.plan.mapping.values())
        money = [f for f in ("amount_requested", "price") if f in mapped or (f == "price") == self.plan.tender]
        return ("reference", "organisation.name", "title", *money)

    def _fill_preview(self) -> None:
        assert self.plan is not None
        fields = self.preview_fields()
        headers = [tr("Row"), *(field_label(f) for f in fields), tr("Problems")]
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setHorizontalHeaderLabels(headers)
        try:
            rows = self.plan.preview(PREVIEW_ROWS)
        except (SvAssessorError, ValueError) as error:
            self.problem.setText(str(error))
            self.problem.show()
            rows = []
        self.preview.setRowCount(len(rows))
        raw = self._raw_rows()
        for r, row in enumerate(rows):
            app = row.application
            values = [str(row.row)]
            if app is None:  # the row cannot be read as an application: show what its cells say
                values += raw.get(row.row, [""] * len(fields))
            else:
                values += [app.reference, *(display(app.values.get(k)) for k in fields[1:])]
            values.append("; ".join(tr("{column}: {problem}").format(column=p.column, problem=p.problem)
                                    if p.column else p.problem for p in row.problems))
            for c, value in enumerate(values):
                item = QTableWidgetItem(one_line(value, 80) if c < len(values) - 1 else one_line(value, 400))
                item.setToolTip(value)
                if c == len(values) - 1 and value:
                    item.setForeground(warning_colour())
                if 0 < c < len(values) - 1 and fields[c - 1] in ("amount_requested", "price"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.preview.setItem(r, c, item)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the user may widen a column
        header.setStretchLastSection(True)
        for c, field in enumerate(fields, start=1):
            self.preview.resizeColumnToContents(c)
            if field in ("organisation.name", "title"):  # long names must not push the amounts out of sight
                self.preview.setColumnWidth(c, min(self.preview.columnWidth(c), PREVIEW_WIDEST))
        self.preview.resizeColumnToContents(0)
        self.preview.resizeRowsToContents()

    def _raw_rows(self) -> dict[int, list[str]]:
        """For rows with a problem: the cells of the first columns mapped to the preview's fields."""
        assert self.plan is not None
        fields = self.preview_fields()
        index = {}
        for i, choice in enumerate(self.plan.columns):
            index.setdefault(choice.field, i)
        table = self.plan.table
        return {number: [text(cells[index[f]]).strip() if f in index else "" for f in fields]
                for number, cells in zip(table.row_numbers[:PREVIEW_ROWS], table.rows[:PREVIEW_ROWS])}

    def initializePage(self) -> None:
        first = next(iter(self.combos.values()), None)
        if first is not None:
            first.setFocus()

    # the wizard's questions ---------------------------------------------------------------------
    def isComplete(self) -> bool:
        return self.plan is not None and not self.plan.missing and self.problem.isHidden()

    def required_fields(self) -> tuple[str, ...]:
        return REQUIRED
