"""The main window: the three panes, the menus, the one place problems are shown, remembered geometry."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QSplitter, QVBoxLayout, QWidget

from svassessor import __version__
from svassessor.errors import SvAssessorError
from svassessor.storage.lock import FileInUse
from ui import actions as keys
from ui.actions import make_action
from ui.assessor.application_list import ApplicationList
from ui.assessor.application_view import ApplicationView
from ui.assessor.next_step import NextStep
from ui.assessor.scoring_panel import ScoringPanel
from ui.commands.setup import setup_events
from ui.context import AppContext
from ui.dialogs.shortcuts import ShortcutsDialog
from ui.file_actions import FileActions
from ui.privacy_actions import PrivacyActions, retention_line
from ui.session import AskWho, preferred_round, start_session
from ui.text import menu_text, tr
from ui.theme import THEMES, show_warning
from ui.widgets.undo import undo_actions


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, ask_who: AskWho, on_theme=None, open_demo=None):
        super().__init__()
        self.ctx = ctx
        self.ask_who = ask_who
        self.on_theme = on_theme
        self.open_demo = open_demo
        self.setObjectName("mainWindow")
        self.setWindowTitle("svassessor")
        self.list = ApplicationList(ctx, self)
        self.view = ApplicationView(ctx, self)
        self.panel = ScoringPanel(ctx, self)
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setObjectName("mainSplit")
        for widget in (self.list, self.view, self.panel):
            self.split.addWidget(widget)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setStretchFactor(2, 0)
        self.split.setSizes([450, 650, 500])
        self.split.setChildrenCollapsible(False)

        self.message = QLabel(self)
        self.message.setObjectName("problem")
        self.message.setAccessibleName(tr("Message"))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setContentsMargins(10, 6, 10, 6)
        self.message.hide()
        self._message_timer = QTimer(self, singleShot=True, interval=12000, timeout=self.message.hide)
        self.next_step = NextStep(self)
        self.retention = QLabel(self)  # rounds kept past their retention date: stays until they are erased
        self.retention.setObjectName("retention")
        self.retention.setAccessibleName(tr("Retention"))
        self.retention.setWordWrap(True)
        self.retention.setContentsMargins(10, 6, 10, 6)
        self.retention.hide()
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.next_step)
        layout.addWidget(self.retention)
        layout.addWidget(self.message)
        layout.addWidget(self.split, 1)
        self.setCentralWidget(central)
        self.saved = QLabel(self)
        self.saved.setObjectName("saved")
        self.statusBar().addPermanentWidget(self.saved)

        self._menus()
        self.list.applicationChosen.connect(self._open_row)
        self.list.roundChosen.connect(self._choose_round)
        ctx.problem.connect(self.show_problem)
        ctx.done.connect(lambda text: self.statusBar().showMessage(text, 10000))
        ctx.sessionChanged.connect(self._session_changed)
        ctx.revealRequested.connect(self.reveal)
        ctx.undo_stack.indexChanged.connect(self._saved)
        events = setup_events(ctx)
        events.peopleChanged.connect(ctx.people_changed)
        events.conflictsChanged.connect(ctx.people_changed)
        self._tab_order()
        self.restore_layout()

    def _tab_order(self) -> None:
        """Tab goes left to right as an assessor works: find, read, check the offers, score, comment."""
        lst, view, panel = self.list, self.view, self.panel
        self.tab_chain = [lst.rounds, lst.search, lst.status_filter, lst.view, view.narrative, view.tabs.tabBar(),
                          view.offers_table, view.highlights.table, view.highlights.note, view.highlights.remove,
                          view.attachments, panel.reopen_button, panel.submit_button, panel.table,
                          panel.previous_button, panel.next_button, panel.levels, panel.comment, panel.confidence,
                          panel.overall]

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Follow `tab_chain`, skipping what is hidden or disabled; it wraps round, so Tab never traps."""
        focus = self.focusWidget()
        here = next((i for i, w in enumerate(self.tab_chain) if focus is w or (focus and w.isAncestorOf(focus))), None)
        if here is None:
            return super().focusNextPrevChild(forward)
        n = len(self.tab_chain)
        for step in range(1, n + 1):
            widget = self.tab_chain[(here + (step if forward else -step)) % n]
            if widget is self.panel.levels:
                widget = self.panel.levels.group.checkedButton() or next(iter(self.panel.levels.group.buttons()), None)
            if widget is not None and widget.isVisible() and widget.isEnabled() \
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
                return True
        return super().focusNextPrevChild(forward)

    # menus ---------------------------------------------------------------------------------------
    def _menus(self) -> None:
        bar = self.menuBar()
        self.menu_groups: list[tuple[str, list[QAction]]] = []

        def group(title: str, bindings, slots, menu: QMenu | None = None) -> QMenu:
            menu = menu or bar.addMenu(title)
            made = [make_action(self, menu, b, slots[b.name]) for b in bindings]
            self.menu_groups.append((title, made))
            return menu

        self.files = FileActions(self)
        file_menu = group(tr("&File"), keys.FILE, {
            "newFile": self.files.new_file, "open": self.choose_file,
            "openReadOnly": lambda: self.choose_file(read_only=True), "openDemo": self._open_demo})
        self.recent_menu = file_menu.addMenu(tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        group(tr("&File"), keys.FILE_ROUND, {
            "newRound": self.new_round, "roundSettings": self.files.round_settings,
            "assessors": self.files.assessors, "eligibility": self.files.eligibility,
            "assignment": self.files.assignment, "redactionPreview": self.files.redaction_preview}, file_menu)
        file_menu.addSeparator()
        group(tr("&File"), keys.FILE_DATA, {
            "importApplications": self.files.import_applications, "addNarratives": self.files.add_narratives,
            "exportRound": self.files.export}, file_menu)
        file_menu.addSeparator()
        group(tr("&File"), keys.FILE_PANEL, {
            "prepareFiles": self.files.prepare, "mergeFiles": self.files.merge,
            "watchFolder": self.files.watch_folder, "restoreBackup": self.files.restore}, file_menu)
        file_menu.addSeparator()
        self.privacy = PrivacyActions(self, self.ctx, self._chosen_reference)
        group(tr("&File"), keys.FILE_PRIVACY, {"erasePersonalData": self.privacy.erase,
                                               "findPersonalData": self.privacy.find}, file_menu)
        file_menu.addSeparator()
        group(tr("&File"), keys.FILE_END, {"switchAssessor": self.switch_assessor, "quit": self.close}, file_menu)

        edit = bar.addMenu(tr("&Edit"))
        undo, redo = undo_actions(self.ctx, self, tips=(tr("Undo the last change (it is saved at once)"),
                                                        tr("Redo what was undone")))
        edit.addActions([undo, redo])
        self.menu_groups.append((tr("&Edit"), [undo, redo]))

        panel, view, lst = self.panel, self.view, self.list
        group(tr("&Go"), keys.GO, {
            "find": lst.focus_search, "focusList": lambda: lst.view.setFocus(),
            "focusText": lambda: view.narrative.setFocus(), "focusCriteria": lambda: panel.table.setFocus(),
            "focusHighlights": self._focus_highlights, "focusOffers": self._focus_offers,
            "focusAttachments": self._focus_attachments,
            "nextApplication": lambda: lst.step(1), "previousApplication": lambda: lst.step(-1)})

        score = group(tr("&Score"), keys.SCORE, {
            "notScored": panel.mark_not_scored, "nextUnscored": lambda: panel.unscored(1),
            "previousUnscored": lambda: panel.unscored(-1), "nextCriterion": lambda: panel.step(1),
            "previousCriterion": lambda: panel.step(-1), "comment": panel.focus_comment,
            "overall": panel.focus_overall, "submit": panel.submit, "reopen": panel.reopen})
        self.not_scored_action = self.findChild(QAction, "notScored")
        levels = score.addMenu(tr("Give &level"))
        group(tr("Levels"), [keys.score_binding(d) for d in range(10)],
              {f"score{d}": (lambda d=d: panel.score_key(d)) for d in range(10)}, levels)
        confidence = score.addMenu(tr("Con&fidence"))
        group(tr("Confidence"), [keys.confidence_binding(n) for n in range(1, 6)],
              {f"confidence{n}": (lambda n=n: panel.set_confidence(n)) for n in range(1, 6)}, confidence)

        self.annotate_menu = group(tr("&Annotate"), keys.ANNOTATE, {
            "editNote": self._edit_note, "removeHighlight": self._remove_highlight,
            "nextHighlight": self._next_highlight})
        self.annotate_menu.addSeparator()
        self.tag_actions: list[QAction] = []

        panel_menu = group(tr("&Panel"), keys.ROUND_WINDOWS, {"openPanel": self._open_panel,
                                                              "openProgress": self._open_progress,
                                                              "openMonitoring": self._open_monitoring})
        panel_menu.addSeparator()
        # set-up is the chair's too: the same actions, also here
        for name in ("roundSettings", "assessors", "eligibility", "assignment", "redactionPreview"):
            panel_menu.addAction(self.findChild(QAction, name))

        view_menu = bar.addMenu(tr("&View"))
        theme_menu = view_menu.addMenu(tr("&Theme"))
        themes = QActionGroup(self)
        for theme, label in zip(THEMES, (tr("Follow the &system"), tr("&Light"), tr("&Dark"))):
            action = theme_menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(self.ctx.settings.theme == theme)
            action.setObjectName(f"theme_{theme}")
            themes.addAction(action)
            action.triggered.connect(lambda _=False, t=theme: self._set_theme(t))

        group(tr("&Help"), keys.HELP, {"keys": self.show_keys, "about": self.about})

    def _open_panel(self) -> None:
        from ui.panel import open_panel  # loaded when first wanted, off the start-up path

        open_panel(self.ctx, self)

    def _open_progress(self) -> None:
        from ui.progress import open_progress

        open_progress(self.ctx, self)

    def _open_monitoring(self) -> None:
        from ui.monitoring import open_monitoring

        open_monitoring(self.ctx, self)

    def _set_tag_actions(self) -> None:
        """One action per tag of the round's rubric, on the tag's key letter."""
        for action in self.tag_actions:
            self.annotate_menu.removeAction(action)
            self.removeAction(action)
            action.deleteLater()
        self.tag_actions = []
        tags = self.ctx.rubric.tags if self.ctx.rubric else []
        for tag in tags:
            binding = keys.Binding(f"tag_{tag.id}", tr("Highlight as {tag}").format(tag=menu_text(tag.label)),
                                   (tag.key.upper(),) if tag.key else (),
                                   tr("Highlight the selected passage as {tag}").format(tag=tag.label))
            self.tag_actions.append(make_action(self, self.annotate_menu, binding,
                                                lambda t=tag.id: self.view.tag_selection(t)))
        self.menu_groups = [g for g in self.menu_groups if g[0] != tr("Tags")] + [(tr("Tags"), self.tag_actions)]
        # A tag on N takes the key; minus still marks not scored.
        taken = {t.key.upper() for t in tags if t.key}
        self.not_scored_action.setShortcuts([QKeySequence(k) for k in ("N", "-") if k not in taken])

    # the session ---------------------------------------------------------------------------------
    def open_path(self, path: Path, *, read_only: bool = False, offer_read_only: bool = False) -> bool:
        """Open a file and start work on its preferred round; False (and a message) if it cannot.

        With `offer_read_only`, a file someone else has open is offered read-only instead (File > Open).
        """
        try:
            self.ctx.open_file(path, read_only=read_only)
            round_ = preferred_round(self.ctx)
            if round_ is None:
                self._session_changed()  # the line at the top offers to make one
                return True
            return self.start(round_)
        except FileInUse as error:
            if offer_read_only and not read_only and self.ask_read_only(error):
                return self.open_path(path, read_only=True)
            self.ctx.report(error)
            return False
        except SvAssessorError as error:
            self.ctx.report(error)
            return False

    def ask_read_only(self, error: FileInUse) -> bool:
        """Someone else has the file open for writing: ask whether to open it read-only instead."""
        box = QMessageBox(QMessageBox.Icon.Information, tr("File in use"), str(error), parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        read_only = box.addButton(tr("Open &read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        return box.clickedButton() is read_only

    def _choose_round(self, name: str) -> None:
        if self.ctx.store is None or (self.ctx.round and self.ctx.round.name == name):
            return
        try:
            self.start(self.ctx.store.rounds.get(name))
        except SvAssessorError as error:
            self.ctx.report(error)

    def switch_assessor(self) -> None:
        if self.ctx.round is not None:
            self.start(self.ctx.round, force_ask=True)

    def start(self, round_, *, force_ask: bool = False) -> bool:
        """Work on `round_` as the remembered person or the one who says who they are; a chair's work is
        in the panel, so the panel opens for them."""
        started = start_session(self.ctx, round_, self.ask_who, force_ask=force_ask)
        person = self.ctx.person
        if started and person is not None and person.role == "chair":
            self._open_panel()
        return started

    def _session_changed(self) -> None:
        ctx = self.ctx
        self.view.set_tags()
        self._set_tag_actions()
        self.panel.set_session()
        self.view.show_nothing()
        self.list.load()
        self._widen_list()
        name = ctx.path.name if ctx.path else ""
        if name and ctx.read_only:
            name = tr("{file} (read-only)").format(file=name)
        self.setWindowTitle(" — ".join(filter(None, (ctx.round.name if ctx.round else "", name, "svassessor"))))
        next_step = self._show_next_step()
        if ctx.read_only:
            self.saved.setText(tr("Opened read-only: nothing can be changed"))
        elif ctx.can_score or next_step:  # the line at the top says why there is nothing to score
            self.saved.setText(tr("Every change is saved as you make it"))
        else:
            self.saved.setText(tr("Read only"))
        if not next_step and ctx.round is not None and ctx.round.status != "scoring":
            self.show_problem(tr("“{round}” is in {status}: scores are shown read only.").format(
                round=ctx.round.name, status=ctx.round.status))
        if line := retention_line(ctx):
            show_warning(self.retention, line)
        else:
            self.retention.hide()
        self.list.step(0)

    def _chosen_reference(self) -> str | None:
        row = self.list.current()
        return None if row is None else row.application.reference

    def _show_next_step(self) -> bool:
        """Say at the top what to do next when the round cannot be worked on yet; False when nothing is."""
        return self.next_step.show_for(self.ctx, new_round=self.new_round, add_people=self.files.assessors,
                                       who=self.switch_assessor, open_panel=self._open_panel)

    def _open_row(self, row) -> None:
        if row is None:
            self.view.show_nothing()
            self.panel.show_application(None)
        elif row.status == "conflict":
            self.view.show_conflict(row.application, self.ctx.store.assessors.conflict_reason(
                self.ctx.assessor, row.id) if self.ctx.assessor else None)
            self.panel.show_application(None)
        else:
            application = self.ctx.store.anonymity.one_as_seen_by(self.ctx.round, self.ctx.person, row.id)
            self.view.show_application(application)
            self.panel.show_application(application)

    def reshow_application(self) -> None:
        """The open application changed in the file (documents attached): show it again as it is now."""
        self._open_row(self.list.current())

    def reveal(self, application_id: str, criterion_id: str) -> None:
        """After undo or redo: show the application (and criterion) that changed."""
        if self.view.application is None or self.view.application.id != application_id:
            self.list.select(application_id)
        if criterion_id:
            self.panel.reveal(criterion_id)

    # the one place problems are shown ------------------------------------------------------------
    def show_problem(self, message: str) -> None:
        if not message:
            return
        show_warning(self.message, message)
        self._message_timer.start()

    def _saved(self) -> None:
        self.message.hide()
        self.saved.setText(tr("All changes saved"))

    # small actions -------------------------------------------------------------------------------
    def _focus_highlights(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.highlights)
        self.view.highlights.table.setFocus()

    def _focus_offers(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.offers_table)
        self.view.offers_table.setFocus()

    def _focus_attachments(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.attachments)
        self.view.attachments.setFocus()

    def _edit_note(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.highlights)
        self.view.highlights.edit_note()

    def _remove_highlight(self) -> None:
        current = self.view.highlights.current()
        if current is not None:
            self.view._remove(current)

    def _next_highlight(self) -> None:
        highlights = self.view.highlights
        n = highlights.model.rowCount()
        if n:
            row = (highlights.table.currentIndex().row() + 1) % n
            highlights.table.selectRow(row)
            self.view.jump_to(highlights.model.row(row))

    def choose_file(self, *, read_only: bool = False) -> None:
        title = tr("Open a file read-only") if read_only else tr("Open a file")
        path, _ = QFileDialog.getOpenFileName(self, title, "", tr("svassessor files (*.svdb)"))
        if path:
            self.open_path(Path(path), read_only=read_only, offer_read_only=True)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.ctx.settings.recent_files:
            action = self.recent_menu.addAction(menu_text(str(path)))
            action.triggered.connect(lambda _=False, p=path: self.open_path(p, offer_read_only=True))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(tr("No recent files")).setEnabled(False)

    def _open_demo(self) -> None:
        if self.open_demo is not None:
            self.open_demo(self)

    def new_round(self) -> None:
        self.files.new_round()

    def _set_theme(self, theme: str) -> None:
        self.ctx.settings.set_theme(theme)
        if self.on_theme:
            self.on_theme(theme)
        self.restyle()

    def follow_system_scheme(self, *_: object) -> None:
        """The system went light or dark: follow it, unless the user chose a theme."""
        if self.ctx.settings.theme == "system" and self.on_theme:
            self.on_theme("system")
            self.restyle()

    def restyle(self) -> None:
        """Redraw what takes its colours from the theme (after a change of theme)."""
        self.view.set_tags()
        if self.view.application is not None:
            self.view.show_application(self.view.application)
        self.next_step.restyle()
        self.panel.restyle()
        self.list.view.viewport().update()

    def show_keys(self) -> None:
        ShortcutsDialog(self.menu_groups, self).exec()

    def about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(tr("About svassessor"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(tr("svassessor {v}\nScore the social value offered in small grants and contracts against a "
                       "shared rubric. Offline; every change saved as you make it.").format(v=__version__))
        box.exec()

    # remembered layout ---------------------------------------------------------------------------
    def restore_layout(self) -> None:
        settings = self.ctx.settings
        geometry = settings.bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1500, 920)
        if state := settings.bytes("window/state"):
            self.restoreState(state)
        self._default_split = True
        for key, splitter in (("window/split", self.split), ("window/centreSplit", self.view.split)):
            if saved := settings.bytes(key):
                splitter.restoreState(saved)
                self._default_split = False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.focusWidget() is None:
            self.list.view.setFocus()  # the first key a user presses must reach something
        if self._default_split:  # first run: share the width the way an assessor works (read most)
            self._default_split = False
            width = self.split.width()
            self.split.setSizes([int(width * 0.22), int(width * 0.50), int(width * 0.28)])
            height = self.view.split.height()
            self.view.split.setSizes([int(height * 0.68), int(height * 0.32)])
        QTimer.singleShot(0, self._widen_list)  # once the window has its real width

    def _widen_list(self) -> None:
        """Give the list the width its references need (a funder's ids run to 30 characters and more),
        up to two fifths of the window, taken from the other panes down to their least usable widths;
        it never narrows the list."""
        if not self.isVisible():
            return  # laid out on showing (showEvent)
        sizes = self.split.sizes()
        wanted = min(self.list.needed_width(), int(sum(sizes) * 0.4))
        for i, pane in ((1, self.view), (2, self.panel)):  # the application first: it has the most room
            grow = min(wanted - sizes[0], max(sizes[i] - pane.minimumSizeHint().width(), 0))
            if grow > 0:
                sizes[0], sizes[i] = sizes[0] + grow, sizes[i] - grow
        self.split.setSizes(sizes)

    def save_layout(self) -> None:
        settings = self.ctx.settings
        settings.set_bytes("window/geometry", self.saveGeometry())
        settings.set_bytes("window/state", self.saveState())
        settings.set_bytes("window/split", self.split.saveState())
        settings.set_bytes("window/centreSplit", self.view.split.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        self.ctx.close_file()
        super().closeEvent(event)
