"""The set-up dialogs refuse in the core's sentence and stay open; every change they make undoes.

Rounds are made from the shipped small-grants rubric with applications from AB Charitable Trust's
published 360Giving file, not from the demo.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from svassessor.importing import MappingMemory, import_applications, plan_import
from svassessor.store import Store
from tests.setup_world import ABCT, SMALL_GRANTS, ok
from ui.commands.base import push
from ui.commands.setup import AddPersonCommand
from ui.context import AppContext
from ui.dialogs.assessors import AssessorsDialog
from ui.dialogs.new_round import NewRoundDialog
from ui.dialogs.round_settings import RoundSettingsDialog
from ui.settings import Settings

BAD_RUBRIC = """\
schema_version: 1
id: our_rubric
name: Our own rubric
version: "1.0"
scale:
  levels:
    - {value: 0, label: None, descriptor: "Nothing."}
    - {value: 1, label: Some}
themes:
  - id: need
    title: Need
    weight: -2
    criteria:
      - {id: need_evidence, title: Evidence of need, question: "What need?", wieght: 1}
"""


@pytest.fixture(scope="module")
def abct_template(tmp_path_factory):
    """A file with one round in setup holding AB Charitable Trust's 783 grants, made once."""
    path = tmp_path_factory.mktemp("abct") / "abct.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Community Grants 2027", rubric_yaml=SMALL_GRANTS.read_text("utf-8"),
                                     rubric_filename=SMALL_GRANTS.name)
        memory = MappingMemory(path.parent / "mappings.json")
        import_applications(store, round_, plan_import(ABCT, memory=memory, tender=False), memory=memory)
    return path


@pytest.fixture
def ctx(abct_template, tmp_path, qtbot):
    path = tmp_path / "abct.svdb"
    path.write_bytes(abct_template.read_bytes())
    context = AppContext(Settings.at(tmp_path / "settings.ini"))
    context.settings.set_identity("Panel chair", "chair")
    context.open_file(path)
    context.set_session(context.store.rounds.get(), None)
    yield context
    context.close_file()


def settings_dialog(qtbot, ctx: AppContext) -> RoundSettingsDialog:
    dialog = RoundSettingsDialog(ctx, ctx.round)
    qtbot.addWidget(dialog)
    return dialog


def people_dialog(qtbot, ctx: AppContext) -> AssessorsDialog:
    dialog = AssessorsDialog(ctx, ctx.round)
    qtbot.addWidget(dialog)
    return dialog


def person(ctx: AppContext, name: str, role: str = "assessor"):
    assert push(ctx, AddPersonCommand(ctx, ctx.round, name=name, role=role, interests=""))
    return ctx.store.assessors.get(ctx.round, name)


# the round's settings ----------------------------------------------------------------------------
@pytest.mark.parametrize("typed, sentence", [("-5", "A budget cannot be negative"),
                                             ("12.345", "A budget is in whole pence")])
def test_a_bad_budget_is_the_cores_sentence_in_either_dialog(qtbot, ctx, typed, sentence):
    made = NewRoundDialog(ctx.store)
    qtbot.addWidget(made)
    made.name.setText("Another round")
    made.budget.setText(typed)
    ok(made)
    assert made.result() == 0 and made.problem.text().startswith(sentence) and made.created is None
    assert [r.name for r in ctx.store.rounds.list()] == ["Community Grants 2027"]

    dialog = settings_dialog(qtbot, ctx)
    dialog.form.budget.setText(typed)
    ok(dialog)
    assert dialog.result() == 0 and dialog.problem.text().startswith(sentence)
    assert ctx.store.rounds.get().budget is None and ctx.undo_stack.count() == 0


def test_round_settings_change_in_one_step_that_undoes(qtbot, ctx):
    dialog = settings_dialog(qtbot, ctx)
    assert dialog.form.sv_weight.isEnabled() and "0% to 100%" in dialog.form.weight_hint.text()
    dialog.form.name.setText("Community Grants 2027, second call")
    dialog.form.budget.setText("£45,000.50")
    dialog.form.opens.setText("29/02/2028")
    dialog.form.closes.setText("2028-04-30")
    dialog.form.sv_weight.setText("60%")
    dialog.form.funder_name.setText("AB Charitable Trust")
    dialog.form.funder_org_id.setText("GB-CHC-1000147")
    dialog.form.prefix.setText("360G-ABCT")
    ok(dialog)
    assert dialog.result() == 1, dialog.problem.text()
    changed = ctx.store.rounds.get()
    assert (changed.name, changed.budget, str(changed.opens), str(changed.closes), changed.sv_weight) == (
        "Community Grants 2027, second call", Decimal("45000.50"), "2028-02-29", "2028-04-30", 60.0)
    assert ctx.round.name == changed.name and ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    back = ctx.store.rounds.get()
    assert (back.name, back.budget, back.opens, back.sv_weight, back.funder_org_id) == (
        "Community Grants 2027", None, None, None, None)
    assert ctx.round.name == "Community Grants 2027"


def test_round_settings_refusals_stay_in_the_dialog(qtbot, ctx):
    dialog = settings_dialog(qtbot, ctx)
    dialog.form.closes.setText("31/11/2027")
    ok(dialog)
    assert dialog.result() == 0 and "'31/11/2027' is not a date in the calendar" in dialog.problem.text()
    dialog.form.opens.setText("01/05/2027")
    dialog.form.closes.setText("30/04/2027")
    ok(dialog)
    assert "cannot close on 30 April 2027, before it opens on 1 May 2027" in dialog.problem.text()
    dialog.form.closes.clear()
    dialog.form.sv_weight.setText("120")
    ok(dialog)
    assert "outside what rubric 'small_grants' allows: 0% to 100%" in dialog.problem.text()
    dialog.form.sv_weight.clear()
    dialog.form.funder_org_id.setText("1000147")
    dialog.form.funder_org_id.editingFinished.emit()  # the user leaves the field
    assert "not in the org-id.guide form" in dialog.form.funder_problem.text()
    ok(dialog)
    assert dialog.result() == 0 and "funder org-id '1000147'" in dialog.problem.text()
    assert ctx.undo_stack.count() == 0 and ctx.store.rounds.get().opens is None


def test_a_rubric_of_your_own_is_checked_on_choosing_with_its_lines_shown(qtbot, ctx, tmp_path):
    rubric = tmp_path / "our-rubric.yaml"
    rubric.write_text(BAD_RUBRIC, encoding="utf-8")
    dialog = NewRoundDialog(ctx.store)
    qtbot.addWidget(dialog)
    dialog.choose_rubric_file(rubric)
    problems = dialog.rubric_problems.toPlainText().splitlines()
    assert dialog.rubric_problems.isVisibleTo(dialog) and len(problems) >= 3
    assert all(line.startswith("our-rubric.yaml:") for line in problems)
    assert any(":8: scale.levels[1].descriptor: this field is required" in line for line in problems)
    assert any("wieght" in line and "did you mean 'weight'?" in line for line in problems)
    dialog.name.setText("Our round")
    ok(dialog)
    assert dialog.result() == 0 and "has problems" in dialog.problem.text()

    rubric.write_text(SMALL_GRANTS.read_text("utf-8"), encoding="utf-8")  # fixed in the author's editor
    ok(dialog)
    assert dialog.result() == 1 and dialog.created.name == "Our round"
    assert not dialog.rubric_problems.isVisibleTo(dialog)


def test_a_fixed_weight_rubric_says_so_and_offers_no_weight(qtbot, ctx):
    dialog = NewRoundDialog(ctx.store)
    qtbot.addWidget(dialog)
    dialog.rubric.setCurrentIndex(next(i for i in range(dialog.rubric.count())
                                       if str(dialog.rubric.itemData(i)).endswith("charter.yaml")))
    assert not dialog.form.sv_weight.isEnabled()
    assert "puts all its theme weight on social value" in dialog.form.weight_hint.text()


# the round's people and their conflicts ----------------------------------------------------------
def test_people_are_added_renamed_made_chair_and_removed_each_undoable(qtbot, ctx):
    dialog = people_dialog(qtbot, ctx)
    dialog.add_button.click()
    form = dialog.input
    ok(form)
    assert dialog.input is form and "An assessor needs a name" in form.problem.text()
    form.findChild(QLineEdit, "personName").setText("Grants officer A")
    ok(form)
    assert dialog.input is None and dialog.people_model.rowCount() == 1
    dialog.rename_button.click()
    dialog.input.findChild(QLineEdit, "personName").setText("Grants officer A (finance)")
    ok(dialog.input)
    dialog.role_button.click()
    assert [(p.name, p.role) for p in ctx.store.assessors.for_round(ctx.round)] == [
        ("Grants officer A (finance)", "chair")]
    assert dialog.role_button.text() == "Make &assessor"
    dialog.remove_button.click()
    assert dialog.people_model.rowCount() == 0 and ctx.undo_stack.count() == 4
    for _ in range(3):
        ctx.undo_stack.undo()
    assert [(p.name, p.role) for p in ctx.store.assessors.for_round(ctx.round)] == [("Grants officer A", "assessor")]
    assert dialog.people_model.row(0).person.name == "Grants officer A"
    back = ctx.store.assessors.get(ctx.round, "Grants officer A")
    events = ctx.store.history.of("assessors", [back.id])
    assert events and {e.actor for e in events} == {"Panel chair"}  # audited, in the chair's name


def test_someone_with_scores_cannot_be_removed(qtbot, ctx):
    officer = person(ctx, "Grants officer A")
    application = ctx.store.applications.for_round(ctx.round)[0]
    ctx.round_changed(ctx.store.rounds.set_status(ctx.round, "scoring"))
    criterion = ctx.rubric.criteria[0].id
    ctx.store.assessments.set_score(ctx.round, officer, application.id, criterion, score=3)
    dialog = people_dialog(qtbot, ctx)
    dialog.remove_button.click()
    assert "Grants officer A cannot be removed: they have 1 assessment, 1 score" in dialog.problem.text()
    assert dialog.people_model.rowCount() == 1 and dialog.people_model.row(0).work == "1 begun, 0 submitted"


def test_a_conflict_needs_a_reason_and_unticking_withdraws_it(qtbot, ctx):
    person(ctx, "Grants officer A")
    dialog = people_dialog(qtbot, ctx)
    reference = ctx.store.applications.for_round(ctx.round)[5].reference
    dialog.search.setText(reference)
    assert dialog.filter.rowCount() == 1
    cell = dialog.filter.index(0, 2)
    dialog.grid.setCurrentIndex(cell)
    dialog.grid.setFocus()
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
    form = dialog.input
    assert form is not None and reference in form.findChild(type(form.problem), "intro").text()
    ok(form)  # no reason given
    assert dialog.input is form and "A conflict of interest needs a reason" in form.problem.text()
    assert ctx.store.assessors.conflicts(ctx.round) == [] and ctx.undo_stack.count() == 1
    form.findChild(QLineEdit, "reason").setText("Trustee of the applicant")
    ok(form)
    assert [(c.reference, c.reason) for c in ctx.store.assessors.conflicts(ctx.round)] == [
        (reference, "Trustee of the applicant")]
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert cell.data() == "Trustee of the applicant"
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)  # untick: withdrawn, no question asked
    assert ctx.store.assessors.conflicts(ctx.round) == []
    ctx.undo_stack.undo()
    assert [c.reason for c in ctx.store.assessors.conflicts(ctx.round)] == ["Trustee of the applicant"]


def test_conflicts_import_all_or_nothing_and_undo(qtbot, ctx, tmp_path):
    person(ctx, "Grants officer A")
    person(ctx, "Grants officer B")
    first, second = (a.reference for a in ctx.store.applications.for_round(ctx.round)[:2])
    bad = tmp_path / "bad.csv"
    bad.write_text(f"assessor,reference,reason\nGrants officer A,{first},Trustee\nGrants officer Z,{second},Friend\n"
                   f"Grants officer B,NO-SUCH-REF,\n", encoding="utf-8")
    dialog = people_dialog(qtbot, ctx)
    dialog.import_conflicts(bad)
    assert "bad.csv, row 3, column 'assessor': 'Grants officer Z' is not an assessor" in dialog.problem.text()
    assert "nothing was imported" in dialog.problem.text()
    report = dialog.report.toPlainText().splitlines()
    assert dialog.report.isVisibleTo(dialog) and len(report) == 3
    assert ctx.store.assessors.conflicts(ctx.round) == []

    good = tmp_path / "good.csv"
    good.write_text(f"Assessor,Reference,Reason\nGrants officer A,{first},Trustee\nGrants officer B,{second},Friend\n",
                    encoding="utf-8")
    dialog.import_conflicts(good)
    assert not dialog.problem.isVisibleTo(dialog) and dialog.summary.text().startswith("2 conflicts declared")
    assert len(ctx.store.assessors.conflicts(ctx.round)) == 2
    ctx.undo_stack.undo()
    assert ctx.store.assessors.conflicts(ctx.round) == []
    ctx.undo_stack.redo()
    assert {(c.assessor, c.reference) for c in ctx.store.assessors.conflicts(ctx.round)} == {
        ("Grants officer A", first), ("Grants officer B", second)}


def test_the_grid_lists_real_references_whole_in_natural_order(qtbot, ctx):
    person(ctx, "Grants officer A")
    dialog = people_dialog(qtbot, ctx)
    model = dialog.grid_model
    references = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert len(references) == 783 and references == [a.reference for a in ctx.store.applications.for_round(ctx.round)]
    longest = max(references, key=len)
    width = dialog.grid.fontMetrics().horizontalAdvance(longest)
    assert dialog.grid.columnWidth(0) >= width  # shown whole, never cut
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Grants officer A"


def test_every_control_of_the_set_up_dialogs_has_a_name(qtbot, ctx):
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QHeaderView, QPlainTextEdit

    person(ctx, "Grants officer A")
    for dialog in (NewRoundDialog(ctx.store), settings_dialog(qtbot, ctx), people_dialog(qtbot, ctx)):
        qtbot.addWidget(dialog)
        dialog.show()
        nameless = [w for kind in (QAbstractItemView, QComboBox, QLineEdit, QPlainTextEdit, QAbstractButton)
                    for w in dialog.findChildren(kind)
                    if w.isVisibleTo(dialog) and not isinstance(w, QHeaderView)
                    and not isinstance(w.parent(), QLineEdit)  # a field's own button (the calendar) has a tooltip
                    and not (w.accessibleName() or (isinstance(w, QAbstractButton) and w.text()))]
        assert nameless == [], [f"{type(w).__name__} {w.objectName()}" for w in nameless]
