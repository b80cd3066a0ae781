"""The window's side of retention and erasure: the line naming a round kept past its date, and File > Erase
personal data asking first and then erasing as `svassessor erase` does."""

from __future__ import annotations

from datetime import date

from svassessor.storage.audit import verify
from svassessor.store import Store
from tests.erasure_world import ROUND, build
from tests.panel_world import answer
from tests.ui_helpers import open_window


def test_a_round_past_its_date_is_named_and_erased_from_the_window(qtbot, tmp_path):
    world = build(tmp_path, monitoring=False)
    with Store.open(world.path, actor="Panel chair") as store:
        # The window goes by the system's calendar; this day is behind any day the test can run on.
        store.rounds.update(store.rounds.get(ROUND), retain_until=date(2026, 3, 31))
    window = open_window(qtbot, world.path, tmp_path / "settings.ini")
    qtbot.waitUntil(lambda: window.retention.isVisible())
    assert f"round '{ROUND}' (kept until 31 March 2026)" in window.retention.text()
    said = answer("eraseAll")
    window.findChild(type(window.menuBar().actions()[0]), "erasePersonalData").trigger()
    qtbot.waitUntil(lambda: not window.retention.isVisible())
    assert "This cannot be undone" in said[0]
    store = window.ctx.store
    assert len(store.erasures.records(store.rounds.get(ROUND))) == len(world.references)
    assert verify(store.database) is None
    assert not window.ctx.undo_stack.canUndo()
