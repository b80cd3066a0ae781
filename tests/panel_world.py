"""The panel in tests: a round from real published data, made with the core, and its questions answered.

The round is the AB Charitable Trust's published 360Giving file brought in through the importer, two
assessors added and a few applications scored through the core, the rest unscored as in a real
first week of scoring. The panel's questions (modal dialogs) are read and answered as a chair would.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from svassessor.importing import import_applications, plan_import
from svassessor.paths import rubrics_dir
from svassessor.store import Store
from ui.context import AppContext
from ui.panel import PanelWindow, open_panel
from ui.panel.bulk_dialog import BulkDecisionDialog
from ui.settings import Settings
from tests.shared_data import SHARED_DATA

GRANTS = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
GRANTS_COUNT = 783
NAME = "AB Charitable Trust 2020"
SCORED = 16
BUDGET = Decimal(80000)


def make_round(store: Store, *, moderation: bool, rubric: str = "small-grants") -> None:
    """Every published grant imported into a round on a shipped rubric; two assessors score the first
    `SCORED` (one submits), one of them below a pass mark; in moderation when asked (forced, as it
    leaves work behind)."""
    text = (rubrics_dir() / f"{rubric}.yaml").read_text(encoding="utf-8")
    round_ = store.rounds.create(name=NAME, rubric_yaml=text, status="scoring", budget=BUDGET)
    import_applications(store, round_, plan_import(GRANTS))
    rubric_ = store.rounds.rubric(round_)
    apps = store.applications.for_round(round_)[:SCORED]
    for who in ("Grants officer", "Trustee"):
        person = store.assessors.add(round_, name=who)
        for n, app in enumerate(apps):
            for c, criterion in enumerate(rubric_.criteria):
                levels = [level.value for level in rubric_.scale_for(criterion.id).levels]
                level = 1 if (n, c) == (4, 0) else 2 + (n * 7 + c * 5 + len(who)) % (len(levels) - 2)
                store.assessments.set_score(round_, person, app.id, criterion.id, score=levels[level])
            if who == "Grants officer":
                store.assessments.submit(round_, person, app.id)
    if moderation:
        store.rounds.set_status(store.rounds.get(NAME), "moderation", force=True)


def panel_on(qtbot, store: Store, svdb: Path, tmp_path: Path) -> PanelWindow:
    """The chair's panel window on the round, at the ranking (the store stays the caller's to close)."""
    ctx = AppContext(Settings.at(tmp_path / "settings.ini"))
    ctx.store, ctx.path = store, svdb
    ctx.set_session(store.rounds.get(NAME), None)
    window = open_panel(ctx, None)
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.tabs.setCurrentWidget(window.ranking)
    return window


def when_asked(act: Callable[[QWidget], None]) -> None:
    """Do `act` to the next modal dialog as soon as it is shown and active."""

    def attempt() -> None:
        box = QApplication.activeModalWidget()
        if box is None or not box.isVisible():
            QTimer.singleShot(20, attempt)
        elif QApplication.activeWindow() is not box:  # its keys reach it only once it is active
            box.activateWindow()
            QTimer.singleShot(20, attempt)
        else:
            act(box)

    QTimer.singleShot(0, attempt)


def answer(button_name: str, feedback: str = "") -> list[str]:
    """Answer the next modal dialog by clicking its button `button_name` (typing `feedback` first into a
    decision on many); returns what the dialog said, filled in once it has been answered."""
    said: list[str] = []

    def click(box: QWidget) -> None:
        if isinstance(box, BulkDecisionDialog):
            said.extend([box.summary.text(), box.notes.text()])
            said.extend(" | ".join(box.list.topLevelItem(i).text(c) for c in range(5))
                        for i in range(box.list.topLevelItemCount()))
            box.feedback.setPlainText(feedback)
        elif isinstance(box, QMessageBox):
            said.extend([box.text(), box.informativeText()])
        box.findChild(QAbstractButton, button_name).click()

    when_asked(click)
    return said
