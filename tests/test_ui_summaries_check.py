"""Panel > Check the summaries: the checker's questions listed, one let stand with a reason (undoable), and
going to one shows it in the moderation form; on a round made from nothing with real 360Giving data."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from svassessor.summaries import checked
from tests.rounds_world import build_round
from tests.ui_helpers import open_context
from ui.panel import open_panel


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    return build_round(tmp_path_factory.mktemp("summaries-ui"), "small-grants", status="decided")


@pytest.fixture
def window(qtbot, qapp, decided, tmp_path):
    path = tmp_path / "round.svdb"
    path.write_bytes(decided.path.read_bytes())
    ctx = open_context(path, tmp_path / "settings.ini", who="Panel chair", role="chair", round_name=decided.round_name)
    win = open_panel(ctx, None)
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    yield win
    ctx.close_file()


def test_let_one_stand_then_undo_and_go_to_another(qtbot, window, monkeypatch):
    from ui.panel.summaries_check import SummariesCheckDialog

    ctx = window.ctx
    window.check_summaries()
    dialog = window.findChild(SummariesCheckDialog)
    asked = checked(ctx.store, ctx.round)[2]
    assert dialog.model.rowCount() == len(asked) > 1
    assert f"{len(asked)} explanations to fix or let stand" in dialog.words.text()
    first = dialog.model.row(0)[0]
    assert dialog.model.index(0, 0).data() == first.reference  # a 28+ character ABCT id, whole

    monkeypatch.setattr(QInputDialog, "getMultiLineText",
                        staticmethod(lambda *a, **k: ("Every bid was held to the published levels.", True)))
    dialog.table.selectRow(0)
    dialog.override_button.click()
    assert dialog.model.rowCount() == len(asked) - 1
    assert first not in [row[0] for row in dialog.model.rows()]
    assert [o.reason for o in ctx.store.overrides.for_round(ctx.round)] == ["Every bid was held to the published levels."]

    ctx.undo_stack.undo()
    assert dialog.model.rowCount() == len(asked)
    assert ctx.store.overrides.for_round(ctx.round) == []

    dialog.table.selectRow(1)
    second = dialog.model.row(1)[0]
    dialog.go_button.click()
    assert window.application.id == second.application_id and window.criterion_id == second.criterion_id
