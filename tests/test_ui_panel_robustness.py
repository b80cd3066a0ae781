"""The funding line tested from the panel's ranking: each application's funded share, the marginal ones."""

from __future__ import annotations

import pytest

from svassessor.panel.summary import funding_line_robustness
from tests.ui_helpers import open_context
from ui.panel import open_panel
from ui.panel.ranking_model import RankingModel

ROUND = "Neighbourhood Fund 2026"


@pytest.fixture
def window(qtbot, qapp, demo_copy, tmp_path):
    ctx = open_context(demo_copy, tmp_path / "settings.ini", who="Panel chair", role="chair", round_name=ROUND)
    win = open_panel(ctx, None)
    qtbot.addWidget(win)
    win.resize(1600, 1000)
    qtbot.waitExposed(win)
    yield win
    ctx.close_file()


def test_testing_the_funding_line_shows_each_share_and_the_marginal_ones(qtbot, window):
    ranking = window.ranking
    window.tabs.setCurrentWidget(ranking)
    assert ranking.table.isColumnHidden(RankingModel.SHARE)
    ranking.test_line.click()
    qtbot.waitUntil(lambda: window.state.robustness is not None and ranking.job is None, timeout=60000)
    expected = funding_line_robustness(window.ctx.store, window.ctx.store.rounds.get(ROUND))
    assert not ranking.table.isColumnHidden(RankingModel.SHARE)
    model = ranking.model
    for row in range(model.rowCount()):
        app = model.row(row).id
        assert model.index(row, RankingModel.SHARE).data() == f"{expected.shares[app] * 100:.0f}%"
    references = {r.id: r.standing.candidate.reference for r in model.rows()}
    words = ranking.firmness.text()
    assert words.startswith("Marginal, to discuss first: " + ", ".join(references[a] for a in expected.marginal))
    assert expected.how in words and "test again" not in words

    # A decision changes the round: the shares stay, but the window says they are from before it.
    window.state.refresh()
    assert "Scores or decisions have changed since: test again." in ranking.firmness.text()
