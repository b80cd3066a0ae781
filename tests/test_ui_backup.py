"""File > Restore from backup: the list of backups, a confirmation, the file back as it was, and the window on it."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from svassessor.sizes import size_text
from svassessor.storage.backup import BackupPolicy, list_backups
from svassessor.storage.database import open_database
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, make_application
from tests.ui_helpers import open_window
from ui.dialogs.backups import BackupsDialog


@pytest.fixture
def panel_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "panel.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Test round", rubric_yaml=TINY_RUBRIC, status="scoring")
        store.applications.add([make_application(round_.id, "T-001")])
        store.assessors.add(round_, name="Grants officer A")
    return path


def test_restore_puts_the_file_back_and_the_window_shows_it(qtbot, tmp_path, panel_file):
    window = open_window(qtbot, panel_file, tmp_path / "settings.ini")  # this open takes a backup
    ctx = window.ctx
    ctx.store.database.wait_for_backup()
    assert len(list_backups(panel_file)) == 1
    # After the backup, an application arrives that the backup does not hold.
    ctx.store.applications.add([make_application(ctx.round.id, "T-LATE")])
    window.files.refresh_applications()
    assert [r.application.reference for r in window.list.model.rows()] == ["T-001", "T-LATE"]

    window.findChild(QAction, "restoreBackup").trigger()
    dialog = window.files.dialog
    taken = list_backups(panel_file)[0]
    assert dialog.list.topLevelItemCount() == 1 and dialog.list.topLevelItem(0).text(2) == size_text(taken.size)
    assert dialog.total.text() == f"1 backup, {size_text(taken.size)} in all."
    asked = []
    dialog.confirm = lambda file, taken: asked.append((file, taken)) or False  # first: the user thinks again
    dialog.restore_button.click()
    assert asked and asked[0][0] == "panel.svdb" and dialog.isVisible() and ctx.store is not None
    dialog.confirm = lambda file, taken: True
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: window.files.dialog is None, timeout=20000)
    assert ctx.store is not None and ctx.round.name == "Test round"
    assert [r.application.reference for r in window.list.model.rows()] == ["T-001"]
    assert "is back as it was" in window.statusBar().currentMessage()
    # What the file held before is itself a backup now, so the restore can be undone the same way.
    time.sleep(0.01)
    assert len(list_backups(panel_file)) >= 2


def test_the_list_shows_each_backup_s_age_and_size_and_the_room_they_take(qtbot, tmp_path, panel_file):
    """Backups taken three days, two hours and twenty minutes before the dialog is opened, the file growing."""
    now = datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)
    moments = iter([now - timedelta(days=3), now - timedelta(hours=2), now - timedelta(minutes=20), now])
    clock = {"now": next(moments)}
    policy = BackupPolicy(root=tmp_path / "backups", clock=lambda: clock["now"])
    for n in range(3):
        with Store(open_database(panel_file, backups=policy), actor="Panel chair") as store:
            store.database.wait_for_backup()
            round_ = store.rounds.get()
            store.applications.add([make_application(round_.id, f"T-1{n}{i:02}", narrative="Lunch club. " * 400)
                                    for i in range(20)])
        clock["now"] = next(moments)
    backups = list_backups(panel_file, policy)
    window = open_window(qtbot, panel_file, tmp_path / "settings.ini")
    dialog = BackupsDialog(window.ctx, reopen=window.open_path, policy=policy, parent=window)
    qtbot.addWidget(dialog)
    rows = [[dialog.list.topLevelItem(i).text(c) for c in range(3)] for i in range(dialog.list.topLevelItemCount())]
    assert [row[1] for row in rows] == ["20 minutes ago", "2 hours ago", "3 days ago"]
    assert [row[2] for row in rows] == [size_text(b.size) for b in backups]
    assert len({b.size for b in backups}) == 3  # each holds the file as it was: it grew between them
    assert dialog.total.text() == f"3 backups, {size_text(sum(b.size for b in backups))} in all."
    assert "at least 15 minutes old" in dialog.findChild(QLabel, "rule").text()
    dialog.reject()


def test_a_file_with_no_backups_says_so(qtbot, tmp_path, panel_file):
    import shutil

    window = open_window(qtbot, panel_file, tmp_path / "settings.ini")
    window.ctx.store.database.wait_for_backup()
    shutil.rmtree(tmp_path / "data")  # backups cleared away (another machine, a tidy-up)
    window.findChild(QAction, "restoreBackup").trigger()
    dialog = window.files.dialog
    assert dialog.empty.isVisible() and not dialog.restore_button.isEnabled()
    dialog.reject()


def test_a_file_someone_else_holds_is_refused_with_who_holds_it(qtbot, tmp_path, panel_file):
    """File > Open on a file another machine has open: one sentence naming them; the file open before stays open."""
    import shutil
    from datetime import datetime, timezone

    from svassessor.storage.lock import Holder, lock_path

    other = tmp_path / "theirs.svdb"
    shutil.copy(panel_file, other)
    now = datetime.now(timezone.utc)
    lock_path(other).write_text(Holder("alice", "LAPTOP-7", 4242, now, now).to_json(), encoding="utf-8")
    window = open_window(qtbot, panel_file, tmp_path / "settings.ini")
    assert window.open_path(other) is False
    text = window.message.text()
    assert window.message.isVisible()
    assert text.startswith(f"⚠  {other} is open for writing by alice on LAPTOP-7 since ")
    assert text.endswith("open it read-only to look at it, or ask them to close it first.")
    assert "\n" not in text and "Traceback" not in text
    assert window.ctx.path == panel_file and window.ctx.store is not None
    assert lock_path(other).read_text(encoding="utf-8").count("alice") == 1  # their lock left as it was
