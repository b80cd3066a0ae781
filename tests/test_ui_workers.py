"""The job runner: work on a thread, progress and Cancel in a dialog, one answer back on the UI thread."""

from __future__ import annotations

import sys
import threading
import time

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from svassessor.errors import NotAllowed
from ui.workers import Job


def run(qtbot, job: Job):
    with qtbot.waitSignal(job.finished, timeout=10000):
        job.start()


def test_the_result_comes_back_on_the_ui_thread_with_progress_shown(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    threads, results = [], []
    seen = threading.Event()

    def work(progress, cancelled):
        threads.append(QThread.currentThread())
        progress(1, 4, "Reading")
        seen.wait(5)
        progress(4, 4)
        return 42

    job = Job(work, parent=parent, title="Test", label="Working")
    job.succeeded.connect(lambda r: results.append((r, QThread.currentThread())))
    job.start()
    assert Job.busy()
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.value() == 1)
    assert job.dialog.maximum() == 4 and "Reading" in job.dialog.labelText()
    with qtbot.waitSignal(job.finished, timeout=5000):
        seen.set()
    assert results == [(42, QApplication.instance().thread())]
    assert threads[0] is not QApplication.instance().thread()
    assert job.outcome == "ok" and not Job.busy() and job.dialog is None


def test_a_refusal_arrives_as_its_one_sentence(qtbot):
    failed = []

    def work(progress, cancelled):
        raise NotAllowed("Round 'X' is in decided; applications are imported in setup or scoring.")

    job = Job(work, parent=None, title="Test", label="Working", show_progress=False)
    job.failed.connect(failed.append)
    run(qtbot, job)
    assert failed == ["Round 'X' is in decided; applications are imported in setup or scoring."]
    assert job.outcome == "problem"


def test_cancel_and_escape_stop_the_work_and_the_dialog_waits_for_it(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    started, stopped = threading.Event(), []

    def work(progress, cancelled):
        started.set()
        progress(0, 10)
        while not cancelled():
            time.sleep(0.01)
        time.sleep(0.2)  # a cancel takes a moment to land: the dialog must still be up meanwhile
        raise NotAllowed("The import was cancelled; nothing of it was kept.")

    job = Job(work, parent=parent, title="Test", label="Working")
    job.stopped.connect(stopped.append)
    job.start()
    started.wait(5)
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=3000)
    qtbot.keyClick(job.dialog, Qt.Key.Key_Escape)
    assert job.dialog is not None and job.dialog.isVisible() and "Stopping" in job.dialog.labelText()
    qtbot.waitUntil(lambda: job.outcome is not None, timeout=5000)
    assert stopped == ["The import was cancelled; nothing of it was kept."] and job.outcome == "cancelled"


def test_the_cancel_button_cancels(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def work(progress, cancelled):
        while not cancelled():
            time.sleep(0.01)
        raise NotAllowed("stopped")

    job = Job(work, parent=parent, title="Test", label="Working")
    job.start()
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=3000)
    with qtbot.waitSignal(job.stopped, timeout=5000):
        next(b for b in job.dialog.findChildren(QPushButton) if b.text() == "Cancel").click()


def test_a_bug_goes_to_the_crash_dialog_and_ends_as_failed(qtbot, monkeypatch):
    hooked, failed = [], []
    monkeypatch.setattr(sys, "excepthook", lambda kind, error, tb: hooked.append(kind))

    def work(progress, cancelled):
        raise KeyError("oops")

    job = Job(work, parent=None, title="Test", label="Working", show_progress=False)
    job.failed.connect(failed.append)
    run(qtbot, job)
    assert hooked == [KeyError] and "did not expect" in failed[0] and job.outcome == "bug"
