"""The assignment grid on a round made from ABCT's published grants: assign automatically, tick a cell by
hand, undo each; a conflicted cell cannot be ticked and says why."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt

from svassessor.importing import import_applications, plan_import
from svassessor.store import Store
from tests.setup_world import SMALL_GRANTS
from tests.shared_data import SHARED_DATA
from ui.context import AppContext
from ui.dialogs.assignment import FIXED, AssignmentDialog
from ui.settings import Settings

ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
OFFICERS = [f"Grants officer {c}" for c in "ABCDEF"]


@pytest.fixture
def ctx(tmp_path, qtbot):
    path = tmp_path / "abct.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="ABCT 2020", rubric_yaml=SMALL_GRANTS.read_text("utf-8"),
                                     rubric_filename=SMALL_GRANTS.name)
        import_applications(store, round_, plan_import(ABCT))
        people = [store.assessors.add(round_, name=n, interests="London" if n.endswith("A") else "")
                  for n in OFFICERS]
        store.assessors.add(round_, name="Panel chair", role="chair")
        first = store.applications.for_round(round_)[0]
        store.assessors.declare_conflict(people[1], first, reason="Trustee of the applicant")
    context = AppContext(Settings.at(tmp_path / "settings.ini"))
    context.settings.set_identity("Panel chair", "chair")
    context.open_file(path)
    context.set_session(context.store.rounds.get(), None)
    yield context
    context.close_file()


def grid_dialog(qtbot, ctx: AppContext) -> AssignmentDialog:
    dialog = AssignmentDialog(ctx, ctx.round)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def column(dialog: AssignmentDialog, name: str) -> int:
    return next(c for c in range(FIXED, dialog.model.columnCount()) if dialog.model.person_at(c).name == name)


def test_assign_tick_and_undo_in_the_grid(qtbot, ctx):
    dialog = grid_dialog(qtbot, ctx)
    model, store = dialog.model, ctx.store
    assert model.rowCount() == 783 and not model.explicit
    b = column(dialog, OFFICERS[1])
    conflicted = model.index(0, b)
    assert not model.flags(conflicted) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.data(conflicted) == "conflict"
    assert "Trustee of the applicant" in model.data(conflicted, Qt.ItemDataRole.ToolTipRole)

    dialog.per_application.setValue(3)
    dialog.cap.setValue(400)
    dialog.seed.setValue(5)
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert model.explicit and dialog.problem.isHidden()
    assert Counter(len(a.assessors) for a in store.assignments.view(ctx.round).assignments) == {3: 783}
    assert dialog.sentence.text().startswith("783 applications have at least 3 reviewers")
    assert model.headerData(column(dialog, OFFICERS[0]), Qt.Orientation.Horizontal).endswith(" assigned")

    chair = column(dialog, "Panel chair")
    cell = model.index(4, chair)
    assert model.data(cell, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    model.setData(cell, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.data(cell, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert store.assignments.view(ctx.round).load["Panel chair"] == 1

    ctx.undo_stack.undo()  # the tick
    assert model.data(cell, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    ctx.undo_stack.undo()  # the automatic run, whole
    assert not store.assignments.explicit(ctx.round) and not model.explicit
    ctx.undo_stack.redo()
    assert Counter(len(a.assessors) for a in store.assignments.view(ctx.round).assignments) == {3: 783}


def test_an_impossible_run_shows_the_core_sentence_and_changes_nothing(qtbot, ctx):
    dialog = grid_dialog(qtbot, ctx)
    dialog.per_application.setValue(3)
    dialog.cap.setValue(100)
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == ("783 applications need 2,349 reviews but the 6 assessors can take only 600 at "
                                     "a cap of 100 each.")
    assert not ctx.store.assignments.explicit(ctx.round) and ctx.undo_stack.count() == 0
