"""The panel window: the chair's place to compare, moderate, rank and decide (DESIGN §8, issue 5).

Top: the round's status and its move. Left, in tabs: comparison matrix, ranking with the budget line
and the what-if slider, the chart, the defensibility trail. Right: moderating the chosen criterion
and deciding the chosen application. One application is "current" across every tab. Undo and redo
are the file's own stack (shared with the assessor's window), and every refused change is shown in
the message line at the top.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from svassessor.errors import SvAssessorError
from svassessor.models import Application
from ui.commands.panel import panel_events
from ui.context import AppContext
from ui.panel.bulk import BulkDecisions
from ui.panel.chart import ChartView
from ui.panel.decision import DecisionPanel
from ui.panel.defensibility import DefensibilityView
from ui.panel.matrix_view import ComparisonView
from ui.panel.moderation import ModerationPanel
from ui.panel.ranking_view import RankingView
from ui.panel.round_status import RoundStatusControl
from ui.panel.state import PanelState
from ui.text import tr
from ui.theme import warning_colour
from ui.widgets.undo import undo_actions


class PanelWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.ctx = ctx
        self.setObjectName("panelWindow")
        self.state = PanelState(ctx, self)
        self.application: Application | None = None
        self.criterion_id = ""

        self.status = RoundStatusControl(ctx, self.state, self)
        self.message = QLabel(self)
        self.message.setObjectName("panelProblem")
        self.message.setAccessibleName(tr("Message"))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setContentsMargins(10, 4, 10, 4)
        self.message.hide()
        self._message_timer = QTimer(self, singleShot=True, interval=12000, timeout=self.message.hide)

        self.comparison = ComparisonView(self.state, self)
        self.ranking = RankingView(self.state, self)
        self.chart = ChartView(self.state, self)
        self.defensibility = DefensibilityView(ctx, self.state, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("panelTabs")
        self.tabs.addTab(self.comparison, tr("&Comparison"))
        self.tabs.addTab(self.ranking, tr("&Ranking and budget"))
        self.tabs.addTab(self.chart, tr("C&hart"))
        self.tabs.addTab(self.defensibility, tr("&Why this score"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.bulk = BulkDecisions(ctx, self.state, self.ranking, self)
        self.moderation = ModerationPanel(ctx, self.state, self)
        self.decision = DecisionPanel(ctx, self.state, self)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 4, 4, 4)
        side_layout.addWidget(self.moderation)
        side_layout.addWidget(self.decision)
        side_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(side)
        scroll.setMinimumWidth(340)

        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.addWidget(self.tabs)
        self.split.addWidget(scroll)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setSizes([1260, 340])
        self.split.setChildrenCollapsible(False)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(self.split, 1)
        self.setCentralWidget(central)
        self.resize(1600, 1000)

        self.comparison.cellChosen.connect(self.choose)
        self.ranking.applicationChosen.connect(lambda app: self.choose(app, self.criterion_id))
        self.state.changed.connect(self._reshow)
        self.state.changed.connect(self._honest)
        ctx.problem.connect(self.show_problem)
        ctx.undo_stack.indexChanged.connect(self._hide_problem)
        panel_events(ctx).reveal.connect(self.reveal)
        panel_events(ctx).revealMany.connect(self.reveal_many)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # The theme is the application's palette (ui.theme.apply_theme): follow it when it changes.
            app.paletteChanged.connect(self.restyle)
        self._menus()
        self._honest()
        self.state.refresh()
        self._title()

    # menus and keys -------------------------------------------------------------------------------
    def _menus(self) -> None:
        bar = self.menuBar()
        edit = bar.addMenu(tr("&Edit"))
        edit.addActions(undo_actions(self.ctx, self, names=("panelUndo", "panelRedo")))
        panel = bar.addMenu(tr("&Panel"))
        panel.setToolTipsVisible(True)  # only a changing action's reason it is off carries a tooltip
        self.edit_actions: list[QAction] = []  # the menu's actions that change the file
        for name, text, keys, slot in (
            ("nextFlag", tr("&Next to discuss"), ("F8",), lambda: self._flag(1)),
            ("previousFlag", tr("&Previous to discuss"), ("Shift+F8",), lambda: self._flag(-1)),
            ("agreeScore", tr("&Agree score"), ("Ctrl+Return", "Ctrl+Enter"), self.moderation.submit),
            ("recordDecision", tr("Record &decision"), ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
             self.decision.submit),
            ("statusForward", tr("Move the round &on"), ("Ctrl+Shift+M",), lambda: self.status.move(1)),
            ("statusBack", tr("Move the round &back"), ("Ctrl+Shift+B",), lambda: self.status.move(-1)),
            ("checkSummaries", tr("Check the &summaries…"), (), self.check_summaries),
            ("refreshPanel", tr("&Refresh"), ("F5",), self.state.refresh),
        ):
            action = self._action(panel, name, text, keys, slot)
            if name in ("agreeScore", "recordDecision", "statusForward", "statusBack"):
                self.edit_actions.append(action)
            if name == "recordDecision":  # deciding many follows deciding one
                panel.addSeparator()
                for many in (*self.bulk.actions.values(), self.bulk.down):
                    panel.addAction(many)
                    self.addAction(many)
                panel.addSeparator()
        go = bar.addMenu(tr("&Go"))
        for i, (name, text) in enumerate((("showComparison", tr("&Comparison")), ("showRanking", tr("&Ranking"))
                                          , ("showChart", tr("C&hart")), ("showWhy", tr("&Why this score")))):
            self._action(go, name, text, (f"Ctrl+{i + 1}",), lambda i=i: self._show_tab(i))
        self._action(go, "focusModeration", tr("&Moderation form"), ("Ctrl+5",), self.moderation.level.setFocus)
        self._action(go, "focusDecision", tr("&Decision form"), ("Ctrl+6",),
                     lambda: (self.decision.group.checkedButton() or self.decision.kinds["fund"]).setFocus())
        self._action(go, "focusWhatIf", tr("What-&if weight"), ("Ctrl+7",), self._focus_what_if)

    def _action(self, menu, name: str, text: str, keys: tuple[str, ...], slot) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _honest(self) -> None:
        """In a read-only file the actions that would change it are off, saying why, before anyone tries."""
        for action in self.edit_actions:
            self.ctx.enable_edit(action)

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        widget = self.tabs.currentWidget()
        target = {self.comparison: self.comparison.table, self.ranking: self.ranking.table}.get(widget, widget)
        target.setFocus()

    def _focus_what_if(self) -> None:
        self.tabs.setCurrentWidget(self.ranking)
        self.ranking.whatif.slider.setFocus()

    def _flag(self, step: int) -> None:
        self.tabs.setCurrentWidget(self.comparison)
        if not self.comparison.next_flag(step):
            self.show_problem(tr("Nothing left to discuss: every flagged criterion has an agreed score."))
        self.comparison.table.setFocus()

    # the current application ----------------------------------------------------------------------
    def choose(self, application_id: str, criterion_id: str = "") -> None:
        """Make this application (and criterion) current in every part of the window."""
        store = self.ctx.store
        if store is None:
            return
        if self.application is None or self.application.id != application_id:
            try:
                self.application = store.applications.by_id(application_id)
            except SvAssessorError as error:
                self.ctx.report(error)
                return
        self.criterion_id = criterion_id or self.criterion_id
        self.comparison.select(application_id, self.criterion_id, announce=False)
        self.ranking.select(application_id)
        self.moderation.show_cell(self.application, self.criterion_id)
        self.decision.show_application(self.application)
        self.chart.set_current(application_id)
        if self.tabs.currentWidget() is self.defensibility:
            self.defensibility.show_application(self.application)

    def _reshow(self) -> None:
        """After any refresh: the same application and criterion, with the new figures."""
        self._title()
        if self.application is not None and self.state.comparison is not None \
                and self.application.id in self.state.comparison.row_of:
            self.choose(self.application.id, self.criterion_id)
        else:
            self.application = None
            self.moderation.show_cell(None, "")
            self.decision.show_application(None)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.chart:
            self.chart.shown()
        if self.tabs.currentWidget() is self.defensibility:
            self.defensibility.show_application(self.application)

    def check_summaries(self) -> None:
        """The assessment summaries' checker, beside the panel so the chair can go to each question."""
        from ui.panel.summaries_check import SummariesCheckDialog

        dialog = SummariesCheckDialog(self.ctx, self)
        dialog.goTo.connect(self.choose)
        dialog.show()

    def reveal(self, application_id: str, criterion_id: str) -> None:
        """After undo or redo: show what changed."""
        self.choose(application_id, criterion_id)

    def reveal_many(self, application_ids: list[str]) -> None:
        """After undo or redo of a step on many: the ranking, with those rows selected."""
        self.tabs.setCurrentWidget(self.ranking)
        self.ranking.select_many(application_ids)

    def restyle(self, *_: object) -> None:
        """Redraw what takes its colours from the theme: heat, marks, legend, the budget line, the chart."""
        self.comparison.restyle()
        self.ranking.line.restyle()
        self.state.changed.emit()

    def _title(self) -> None:
        round_ = self.state.round
        read_only = tr("read-only") if self.ctx.read_only else ""
        self.setWindowTitle(" — ".join(filter(None, (tr("Panel"), round_.name if round_ else "", read_only,
                                                     "svassessor"))))

    # problems -------------------------------------------------------------------------------------
    def show_problem(self, message: str) -> None:
        if not message:
            return
        palette = self.message.palette()
        palette.setColor(self.message.foregroundRole(), warning_colour())
        self.message.setPalette(palette)
        self.message.setText(message)
        self.message.show()
        self._message_timer.start()

    def _hide_problem(self) -> None:
        self.message.hide()
