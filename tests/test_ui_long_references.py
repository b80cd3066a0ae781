"""Long references in the window: the list and the panel show them whole, in natural order, and a
tender's bids with no price show the engine's one reason.

Rounds made from nothing: grants imported from a published 360Giving file and references made here
(see tests/reference_world.py), and a round of 250 with one 24-character reference in the middle.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from svassessor.panel.summary import summarise
from svassessor.scoring.ranking import REASONS
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, make_application
from tests.reference_world import DATA, MADE, NATURAL, build_round
from tests.ui_helpers import open_context, open_window
from ui.panel import open_panel
from ui.panel.ranking_model import RankingModel
from ui.assessor.application_list import ORGANISATION_CHARACTERS

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason="the shared 360Giving data is not on this machine")
LONG = "T-0125-LBFEW-ALWF-100001"  # 24 characters, between T-0125 and T-0126 in natural order


def advance(widget, text: str, *, bold: bool = False) -> int:
    font = QFont(widget.font())
    font.setBold(bold)
    return QFontMetrics(font).horizontalAdvance(text)


@pytest.fixture
def grants(tmp_path) -> Path:
    path = tmp_path / "grants.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        build_round(store, tmp_path)
    return path


@pytest.fixture
def tender(tmp_path) -> Path:
    path = tmp_path / "tender.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        build_round(store, tmp_path, rubric="small-contract", name="Cleaning contract", budget=Decimal(60000))
    return path


@pytest.fixture
def large(tmp_path) -> Path:
    """250 applications, nothing scored: all tie, so the 24-character reference ranks in the middle."""
    path = tmp_path / "large.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Large round", rubric_yaml=TINY_RUBRIC, status="scoring",
                                     budget=Decimal(5000))
        apps = [make_application(round_.id, f"T-{n:04d}") for n in range(250)]
        apps.append(make_application(round_.id, LONG, org="Catford and Bellingham Tenants' Association"))
        store.applications.add(apps)
    return path


def panel(qtbot, path: Path, round_name: str, tmp_path: Path):
    ctx = open_context(path, tmp_path / "panel.ini", who="Panel chair", role="chair", round_name=round_name)
    window = open_panel(ctx, None)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    return ctx, window


def test_the_list_shows_every_reference_whole_in_natural_order(qtbot, grants, tmp_path):
    window = open_window(qtbot, grants, tmp_path / "settings.ini", size=(1500, 920))
    view, header = window.list.view, window.list.view.header()
    references = [r.application.reference for r in window.list.model.rows()]
    assert [r for r in references if r in MADE] == NATURAL
    assert header.sectionSize(0) >= max(advance(view, r) for r in references) + 4
    readable = view.fontMetrics().averageCharWidth() * ORGANISATION_CHARACTERS
    assert header.sectionSize(1) >= readable
    window.split.setSizes([150, 1000, 350])  # a chair drags the list narrow: it scrolls, nothing is squeezed
    qtbot.wait(10)
    assert header.sectionSize(0) >= max(advance(view, r) for r in references) + 4
    assert header.sectionSize(1) >= readable
    index = window.list.proxy.index(0, 2)
    assert "criteria scored" in index.data(Qt.ItemDataRole.ToolTipRole)  # the status in words, beside its icon
    assert index.data(Qt.ItemDataRole.AccessibleTextRole).startswith("In progress")


def test_the_panel_shows_every_reference_whole(qtbot, large, tmp_path):
    ctx, window = panel(qtbot, large, "Large round", tmp_path)
    matrix = window.comparison.model
    row = next(r for r in range(matrix.rowCount()) if matrix.row_label(r).endswith(LONG))
    assert 50 < row < 200  # in the middle: Qt sizes a header from its first and last hundred sections only
    vertical = window.comparison.table.verticalHeader()
    assert vertical.width() >= advance(vertical, matrix.row_label(row), bold=True)
    tip = matrix.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert LONG in tip and "Tenants&#x27; Association" in tip
    ranking = window.ranking
    window.tabs.setCurrentWidget(ranking)
    assert ranking.table.columnWidth(RankingModel.REF) >= advance(ranking.table, LONG) + 4
    found = ranking.model.find(lambda r: r.standing.candidate.reference == LONG)
    tip = ranking.model.index(found, RankingModel.REF).data(Qt.ItemDataRole.ToolTipRole)
    assert LONG in tip and "Tenants&#x27; Association" in tip


def test_the_panel_lists_tied_references_in_natural_order(qtbot, tender, tmp_path):
    with Store.open(tender, actor="Panel chair") as store:  # nothing decided: clear every score, so all tie
        round_ = store.rounds.get("Cleaning contract")
        store.database.conn.execute("DELETE FROM scores")
    ctx, window = panel(qtbot, tender, "Cleaning contract", tmp_path)
    shown = [window.ranking.model.row(i).standing.candidate.reference for i in range(window.ranking.model.rowCount())]
    assert [r for r in shown if r in MADE] == NATURAL
    assert round_.name == "Cleaning contract"


def test_a_tender_with_no_prices_shows_the_engines_reason(qtbot, tender, tmp_path):
    ctx, window = panel(qtbot, tender, "Cleaning contract", tmp_path)
    summary = summarise(ctx.store, ctx.round)
    model = window.ranking.model
    rows = [model.row(i) for i in range(model.rowCount())]
    unpriced = [r for r in rows if r.standing.meets_threshold]
    assert len(unpriced) == 9 and all(r.status == "not_eligible" and r.reason == REASONS["no_price"] for r in unpriced)
    tip = model.index(rows.index(unpriced[0]), RankingModel.LINE).data(Qt.ItemDataRole.ToolTipRole)
    assert "no price: a tender&#x27;s bid needs a price to be funded" in tip
    words = window.ranking.budget.text()
    assert summary.budget.not_eligible_words() in words and REASONS["no_price"] in words
    assert "Every eligible application fits" not in words and "0 funded" in words
    window.choose(unpriced[0].id)
    assert REASONS["no_price"] in window.decision.standing.text()


def test_the_list_pane_widens_to_show_a_funders_longest_references(qtbot, tmp_path):
    """A funder's own ids (AB Charitable Trust's run to 33 characters) leave the organisation and the
    progress in view: the list takes the width it needs from the other panes on opening."""
    path = tmp_path / "abct.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Long ids", rubric_yaml=TINY_RUBRIC, status="scoring")
        store.applications.add([make_application(round_.id, f"360G-ABCT-0065I000005BoDGQA04422{n}") for n in range(3)])
        store.assessors.add(round_, name="Grants officer A")
    window = open_window(qtbot, path, tmp_path / "settings.ini", size=(1500, 920))
    qtbot.wait(20)  # the widening waits for the window's real width
    view, header = window.list.view, window.list.view.header()
    assert header.sectionPosition(2) + header.sectionSize(2) <= view.viewport().width()
    assert window.split.sizes()[0] <= 0.4 * sum(window.split.sizes()) + 1
