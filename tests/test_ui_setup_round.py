"""A chair builds a real round from nothing through the window's dialogs, with no demo anywhere:
a new file, the round, its people and their conflicts, 360Giving applications, who is at the
keyboard, one score given with the keyboard; the assessors' work back; the panel moves on (told what is
left), funds down to the budget line and decides; 360Giving and letters out through File > Export;
then the core is asked what was recorded."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLineEdit, QMessageBox

from svassessor.importing import MappingMemory, import_applications, plan_import
from svassessor.store import Store
from tests.setup_world import ABCT, SMALL_GRANTS, answer_modal, empty_window, ok
from tests.panel_world import answer
from tests.test_ui_export import open_export
from tests.ui_helpers import press
from ui.dialogs.assessors import AssessorsDialog
from ui.dialogs.new_round import NewRoundDialog
from ui.dialogs.who_are_you import WhoAreYouDialog
from ui.panel import open_panel

ROUND = "Community Grants 2027"


def add_person(qtbot, dialog: AssessorsDialog, name: str, role: str, interests: str = "") -> None:
    dialog.add_button.click()
    form = dialog.input
    form.findChild(QLineEdit, "personName").setText(name)
    combo = form.findChild(QComboBox, "role")
    combo.setCurrentIndex(combo.findData(role))
    form.findChild(QLineEdit, "personInterests").setText(interests)
    ok(form)
    assert dialog.input is None, form.problem.text()


def tick(qtbot, dialog: AssessorsDialog, person: str, reference: str, reason: str) -> None:
    """Find the application, put the cursor on the person's box, press Space, give the reason."""
    dialog.search.setText(reference)
    model = dialog.grid_model
    column = next(i for i in range(model.columnCount()) if (p := model.person_at(i)) and p.name == person)
    index = dialog.filter.index(0, column)
    assert dialog.filter.rowCount() == 1 and dialog.filter.index(0, 0).data() == reference
    dialog.grid.setFocus()
    dialog.grid.setCurrentIndex(index)
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Space)
    form = dialog.input
    assert form is not None and form.objectName() == "reasonDialog"
    form.findChild(QLineEdit, "reason").setText(reason)
    ok(form)
    assert dialog.input is None, form.problem.text()
    dialog.search.clear()


def test_a_round_from_nothing_through_the_windows_dialogs(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path / "settings.ini")
    ctx = window.ctx
    path = tmp_path / "community-grants.svdb"

    # File > New file: the save dialog names the file; the New round dialog follows.
    answer_modal(qtbot, lambda d: (d.selectFile(str(path)), d.accept()), QFileDialog)
    window.findChild(QAction, "newFile").trigger()
    assert ctx.path == path and path.exists() and ctx.round is None
    new_round = window.files.dialog
    assert isinstance(new_round, NewRoundDialog)
    new_round.rubric.setCurrentIndex(new_round.rubric.findData(str(SMALL_GRANTS)))
    new_round.name.setText(ROUND)
    new_round.budget.setText("£60,000")
    new_round.form.opens.setText("02/01/2027")
    new_round.form.closes.setText("31/03/2027")
    new_round.form.sv_weight.setText("50")
    new_round.funder_name.setText("AB Charitable Trust")
    new_round.funder_org_id.setText("GB-CHC-1000147")
    new_round.prefix.setText("360G-ABCT")
    ok(new_round)
    assert ctx.round is not None and ctx.round.name == ROUND, new_round.problem.text()
    assert ctx.person is None and window.next_step.isVisible()
    assert "no assessors" in window.next_step.text.text()

    # The line at the top opens Assessors and conflicts: two assessors and a chair.
    window.next_step.button.click()
    people = window.files.dialog
    assert isinstance(people, AssessorsDialog)
    add_person(qtbot, people, "Grants officer A", "assessor", "older people, food poverty")
    add_person(qtbot, people, "Grants officer B", "assessor")
    add_person(qtbot, people, "Panel chair", "chair")
    assert people.people_model.rowCount() == 3
    people.reject()

    # Applications from a funder's real 360Giving file, through the core's importer (the wizard is tested
    # elsewhere): 783 grants with 28-character identifiers.
    store = ctx.store
    memory = MappingMemory(tmp_path / "mappings.json")
    import_applications(store, ctx.round, plan_import(ABCT, memory=memory, tender=False), memory=memory)
    applications = store.applications.for_round(ctx.round)
    assert len(applications) == 783
    first, second, third = (a.reference for a in applications[:3])

    # Two conflicts ticked in the grid, each with its reason; one more from a CSV file.
    window.findChild(QAction, "assessors").trigger()
    people = window.files.dialog
    tick(qtbot, people, "Grants officer A", first, "Trustee of the applicant")
    tick(qtbot, people, "Grants officer B", second, "Volunteers for the applicant")
    declarations = tmp_path / "declarations.csv"
    declarations.write_text(f"Assessor,Reference,Reason\nGrants officer A,{third},Former employee\n", encoding="utf-8")
    people.import_conflicts(declarations)
    assert not people.problem.isVisible()
    assert "3 conflicts declared" in people.summary.text()
    people.reject()

    # The round moves to scoring (the panel's step, tested with the panel), then who is at the keyboard.
    ctx.round_changed(store.rounds.set_status(ctx.round, "scoring"))
    answer_modal(qtbot, lambda d: (d.people.setCurrentRow(
        next(i for i in range(d.people.count()) if d.people.item(i).text().startswith("Grants officer A"))),
        ok(d)), WhoAreYouDialog)
    window.findChild(QAction, "switchAssessor").trigger()
    assert ctx.person is not None and ctx.person.name == "Grants officer A" and ctx.can_score
    assert not window.next_step.isVisible()

    # The conflicted application cannot be opened; the next one is scored with the keyboard.
    rows = window.list.model.rows()
    assert rows[0].application.reference == first and rows[0].status == "conflict"
    window.list.select(rows[1].id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.panel.table.setFocus()
    criterion = window.panel.current().criterion.id
    press(qtbot, Qt.Key.Key_3)

    # The assessors' work comes back (their offline files and the merge are tested elsewhere): the first
    # twelve applications scored and submitted through the core, as a merge would leave them.
    round_ = ctx.round
    rubric = store.rounds.rubric(round_)
    for name in ("Grants officer A", "Grants officer B"):
        person = store.assessors.get(round_, name)
        for n, app in enumerate(applications[:12]):
            if app.id in person.conflicts:
                continue
            for c, item in enumerate(rubric.criteria):
                levels = [level.value for level in rubric.scale_for(item.id).levels]
                store.assessments.set_score(round_, person, app.id, item.id, score=levels[2 + (n + c) % (len(levels) - 2)])
            store.assessments.submit(round_, person, app.id)

    # The chair's panel: moving to moderation names the work left and goes on once confirmed; the
    # funded rows are filled down to the budget line in one step; then the round is decided.
    panel = open_panel(ctx, window)
    said = answer("moveAnyway")
    panel.status.forward.click()
    assert store.rounds.get(ROUND).status == "moderation"
    assert "771 of 783 applications have no score" in said[1]
    panel.tabs.setCurrentWidget(panel.ranking)
    answer("bulkConfirm")
    panel.bulk.down.trigger()
    funded = [d for d in store.panel.decisions(store.rounds.get(ROUND)) if d.decision == "fund"]
    assert funded and sum(d.amount_awarded for d in funded) <= Decimal("60000")
    said = answer("moveAnyway")
    panel.status.forward.click()
    assert store.rounds.get(ROUND).status == "decided" and "have no decision" in said[1]
    panel.close()

    # Out, through File > Export: the 360Giving file keeps the funder's own identifiers, and the letters print.
    grants = tmp_path / "grants.csv"
    for fmt, output in (("360giving", grants), ("letters", tmp_path / "letters.pdf")):
        dialog = open_export(window, fmt, output)
        dialog.export_button.click()
        qtbot.waitUntil(lambda: window.files.dialog is None, timeout=60000)
    with grants.open(encoding="utf-8", newline="") as handle:
        published = list(csv.DictReader(handle))
    by_id = {a.id: a for a in applications}
    assert sorted(r["Identifier"] for r in published) == sorted(by_id[d.application_id].reference for d in funded)
    assert {r["Funding Org:Identifier"] for r in published} == {"GB-CHC-1000147"}
    assert (tmp_path / "letters.pdf").read_bytes().startswith(b"%PDF")

    # What the core recorded.
    window.close()
    with Store.open(path, actor="check", readonly=True) as check:
        round_ = check.rounds.get(ROUND)
        assert (round_.status, round_.budget, round_.opens, round_.closes, round_.sv_weight) == (
            "decided", Decimal("60000"), date(2027, 1, 2), date(2027, 3, 31), 50.0)
        assert (round_.funder_name, round_.funder_org_id, round_.funder_identifier) == (
            "AB Charitable Trust", "GB-CHC-1000147", "360G-ABCT")
        assert check.rounds.rubric(round_).id == "small_grants"
        people_now = {p.name: p for p in check.assessors.for_round(round_)}
        assert {n: p.role for n, p in people_now.items()} == {
            "Grants officer A": "assessor", "Grants officer B": "assessor", "Panel chair": "chair"}
        assert people_now["Grants officer A"].interests == "older people, food poverty"
        assert {(c.assessor, c.reference, c.reason) for c in check.assessors.conflicts(round_)} == {
            ("Grants officer A", first, "Trustee of the applicant"),
            ("Grants officer B", second, "Volunteers for the applicant"),
            ("Grants officer A", third, "Former employee")}
        officer = people_now["Grants officer A"]
        assessment = check.assessments.get(rows[1].id, officer.id)
        assert assessment.status == "submitted" and assessment.scores[criterion].score is not None


def test_a_new_file_never_replaces_one_without_asking(qtbot, tmp_path):
    window = empty_window(qtbot, tmp_path / "settings.ini")
    kept = tmp_path / "last-year.svdb"
    with Store.open(kept, actor="Panel chair", create=True) as store:
        store.rounds.create(name="Last year", rubric_yaml=SMALL_GRANTS.read_text("utf-8"))

    answer_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Cancel).click(), QMessageBox)
    assert window.files.new_file(kept) is False  # asked, and the user kept it
    with Store.open(kept, actor="check", readonly=True) as check:
        assert [r.name for r in check.rounds.list()] == ["Last year"]

    assert window.files.new_file(tmp_path / "this-year.svdb")
    window.files.dialog.reject()  # no round yet: the line at the top offers to make one
    assert window.next_step.isVisible() and "holds no rounds yet" in window.next_step.text.text()
    assert window.files.new_file(tmp_path / "this-year.svdb") is False
    assert "is the file open now" in window.message.text()

    assert window.files.new_file(kept, replace=True)
    window.files.dialog.reject()
    with Store.open(kept, actor="check", readonly=True) as check:
        assert check.rounds.list() == []


def test_a_chair_works_in_the_panel_and_is_never_made_to_score(qtbot, tmp_path):
    from ui.panel.window import PanelWindow

    path = tmp_path / "round.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name=ROUND, rubric_yaml=SMALL_GRANTS.read_text("utf-8"))
        store.assessors.add(round_, name="Grants officer A")
        store.assessors.add(round_, name="Panel chair", role="chair")
    window = empty_window(qtbot, tmp_path / "settings.ini")
    answer_modal(qtbot, lambda d: (d.people.setCurrentRow(
        next(i for i in range(d.people.count()) if d.people.item(i).text().startswith("Panel chair"))), ok(d)),
        WhoAreYouDialog)
    window.open_path(path)
    ctx = window.ctx
    assert ctx.person.name == "Panel chair" and ctx.assessor is None and ctx.store.actor == "Panel chair"
    panel = window.findChild(PanelWindow, "panelWindow")
    assert panel is not None and panel.isVisible()
    assert "You are chairing" in window.next_step.text.text()
    window.close()

    again = empty_window(qtbot, tmp_path / "settings.ini")  # remembered: no question asked the next time
    again.open_path(path)
    assert again.ctx.person.name == "Panel chair" and again.ctx.assessor is None
