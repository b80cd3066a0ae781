"""The shared-folder watch: returned files are merged as they arrive, and the window says what came in."""

from __future__ import annotations

from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.store import Store
from tests.test_ui_merge import A, B, chair_file, score_in  # noqa: F401 - the fixture is used by name
from tests.ui_helpers import open_window
from ui.assessor.applications_model import IN_PROGRESS


def test_a_returned_file_dropped_in_the_folder_is_merged_and_reported(qtbot, tmp_path, chair_file):
    window = open_window(qtbot, chair_file, tmp_path / "settings.ini")
    files = window.files
    files.watch._quiet.setInterval(50)
    shared = tmp_path / "shared"
    shared.mkdir()
    files.watch.watch(shared)
    assert files.watching.isVisible() and files.watching.text() == "Watching shared"
    # Officer A's file comes back with a score in it.
    staging = tmp_path / "a.svdb"
    prepare_assessor_file(window.ctx.store, round_name="Test round", assessor_name=A, out=staging)
    score_in(staging, A, "T-002", "offer_who", 2)
    staging.rename(shared / "officer-a.svdb")
    qtbot.waitUntil(lambda: files.returned is not None and files.returned.isVisible(), timeout=15000)
    view = files.returned.view
    assert view.topLevelItem(0).text(0) == f"{A}: new work merged into “Test round”"
    assert f"new work merged from {A}" in window.statusBar().currentMessage()
    row = next(r for r in window.list.model.rows() if r.application.reference == "T-002")
    assert row.status == IN_PROGRESS  # the list refreshed: A is who this window scores as
    # A file its assessor still has open waits, and the window says why.
    files.returned.hide()
    b_file = shared / "officer-b.svdb"
    prepare_assessor_file(window.ctx.store, round_name="Test round", assessor_name=B, out=b_file)
    with Store.open(b_file, actor=B):
        files.watch.scan_now()
        qtbot.waitUntil(lambda: files.returned.isVisible(), timeout=15000)
        assert "still has it open" in view.topLevelItem(0).text(0)
    # The folder is remembered for this file, and stopping forgets it.
    key = files.watch._key()
    assert window.ctx.settings.q.value(key) == str(shared)
    files.watch.watch(None)
    assert not files.watching.isVisible() and window.ctx.settings.q.value(key) == ""


def test_the_watch_waits_while_other_work_runs(qtbot, tmp_path, chair_file):
    import threading

    from ui.workers import Job

    window = open_window(qtbot, chair_file, tmp_path / "settings.ini")
    watch = window.files.watch
    watch._quiet.setInterval(30)
    gate = threading.Event()
    other = Job(lambda p, c: gate.wait(5), parent=None, title="", label="", show_progress=False).start()
    watch.watch(tmp_path)
    qtbot.wait(200)
    assert watch.job is None  # held off while the other job runs
    with qtbot.waitSignal(other.finished):
        gate.set()
    qtbot.waitUntil(lambda: watch.job is not None or watch.seen is not None and watch._quiet.isActive() is False,
                    timeout=5000)
    watch.watch(None)
