"""File > Import grant holders' returns… in the monitoring window, offscreen: a dry run first that shows
what will be recorded or every problem by row and column, then the import as one undoable change."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from svassessor.storage.audit import verify
from tests.test_ui_monitoring import ctx, fresh, offer, window  # noqa: F401 (fixtures)
from ui.monitoring.import_dialog import ImportReturnsDialog

RETURN = """\
Reference,Offer,Date,Quantity so far,Status,Evidence,Story,Officer notes
NF25-004,4,2026-10-30,9,on track,Two more starts.,"'I start Monday,' he said.",x
NF25-003,3,2026-10-31,36,at risk,Register,,y
"""


def _open(qtbot, window) -> ImportReturnsDialog:
    window.import_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportReturnsDialog))
    return QApplication.activeModalWidget()


def test_check_then_import_then_undo_and_redo(qtbot, window, ctx, tmp_path):
    source = tmp_path / "returns.csv"
    source.write_text(RETURN, encoding="utf-8")
    before = len(ctx.store.deliveries.for_round(window.round))
    dialog = _open(qtbot, window)
    assert not dialog.import_button.isEnabled()
    assert dialog.check(source)
    assert dialog.summary.text() == "2 deliveries will be recorded; columns not used: Officer notes."
    lines = dialog.details.toPlainText().splitlines()
    assert lines[0].startswith("NF25-004 offer 4 (") and lines[0].endswith("30 October 2026: 9 people, on track")
    assert len(ctx.store.deliveries.for_round(window.round)) == before  # the check kept nothing
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.imported
    assert offer(fresh(ctx), "NF25-004", 4).delivered == 9 and offer(fresh(ctx), "NF25-003", 3).delivered == 36
    assert window.model.offer_index(offer(fresh(ctx), "NF25-003", 3).offer.id).isValid()
    ctx.undo_stack.undo()
    assert len(ctx.store.deliveries.for_round(window.round)) == before
    ctx.undo_stack.redo()
    assert len(ctx.store.deliveries.for_round(window.round)) == before + 2
    assert verify(ctx.store.database) is None
    # the same return again: nothing new, nothing to import
    dialog = _open(qtbot, window)
    assert not dialog.check(source)
    assert "0 deliveries will be recorded; 2 already recorded and skipped" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    dialog.reject()


def test_every_problem_is_listed_by_row_and_column_and_nothing_is_kept(qtbot, window, ctx, tmp_path):
    source = tmp_path / "returns.csv"
    source.write_text(RETURN.replace("NF25-003,3", "NF25-003,7").replace("on track", "nearly"), encoding="utf-8")
    before, index = len(ctx.store.deliveries.for_round(window.round)), ctx.undo_stack.index()
    dialog = _open(qtbot, window)
    assert not dialog.check(source)
    assert dialog.summary.text().startswith("2 problems found")
    problems = dialog.details.toPlainText().splitlines()
    assert any("row 2, column 'Status'" in p and "'nearly'" in p for p in problems)
    assert any("row 3, column 'Offer'" in p and "not 7" in p for p in problems)
    assert not dialog.import_button.isEnabled()
    dialog.import_now()  # nothing to import: stays open, changes nothing
    assert dialog.isVisible()
    assert len(ctx.store.deliveries.for_round(window.round)) == before and ctx.undo_stack.index() == index
    dialog.reject()


def test_a_file_that_is_not_a_table_is_one_sentence(qtbot, window, ctx, tmp_path):
    dialog = _open(qtbot, window)
    assert not dialog.check(tmp_path / "missing.csv")
    assert dialog.summary.text().startswith("1 problem found")
    assert "missing.csv" in dialog.details.toPlainText()
    dialog.reject()


def test_a_total_that_goes_down_is_listed_first_to_check_and_still_importable(qtbot, window, ctx, tmp_path):
    source = tmp_path / "returns.csv"
    source.write_text(RETURN.replace("NF25-003,3,2026-10-31,36", "NF25-003,3,2026-10-31,6"), encoding="utf-8")
    dialog = _open(qtbot, window)
    assert dialog.check(source) and dialog.import_button.isEnabled()
    first = dialog.details.toPlainText().splitlines()[0]
    assert first.startswith("Check this: NF25-003 offer 3: The report of") and "totals so far" in first
    dialog.reject()
