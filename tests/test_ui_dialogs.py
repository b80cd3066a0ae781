"""Dialogs gather input, make one call, and close only on success."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from svassessor.rubric.loader import shipped_rubrics
from tests.conftest import TINY_RUBRIC
from ui.dialogs.new_round import NewRoundDialog
from ui.dialogs.who_are_you import WhoAreYouDialog


def ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_who_are_you_lists_the_rounds_people_and_needs_a_choice(qtbot, store, scoring_round):
    store.assessors.add(scoring_round, name="Panel chair", role="chair")
    people = store.assessors.for_round(scoring_round)
    dialog = WhoAreYouDialog(people, chosen="Grants officer B", round_name=scoring_round.name)
    qtbot.addWidget(dialog)
    labels = [dialog.people.item(i).text() for i in range(dialog.people.count())]
    assert len(labels) == 3 and any(t.startswith("Panel chair, chair") for t in labels)
    assert dialog.answer().name == "Grants officer B"
    dialog.people.setCurrentRow(-1)
    ok(dialog)
    assert dialog.result() == 0 and "Choose who you are" in dialog.problem.text()
    dialog.people.setCurrentRow(labels.index(next(t for t in labels if t.startswith("Panel chair"))))
    ok(dialog)
    assert dialog.result() == 1 and dialog.answer().role == "chair"


def test_who_are_you_with_no_one_on_the_panel_says_how_to_add_them(qtbot, store, scoring_round):
    empty = store.rounds.create(name="Empty round", rubric_yaml=TINY_RUBRIC)
    added = []

    def add_people():
        added.append(store.assessors.add(empty, name="Grants officer C"))
        return store.assessors.for_round(empty)

    dialog = WhoAreYouDialog([], round_name="Empty round", add_people=add_people)
    qtbot.addWidget(dialog)
    assert "has no assessors or chair yet" in dialog.empty.text() and not dialog.add_button.isHidden()
    ok(dialog)
    assert dialog.result() == 0 and "add the round's people first" in dialog.problem.text()
    dialog.add_button.click()
    assert dialog.answer() == added[0]
    ok(dialog)
    assert dialog.result() == 1


def test_new_round_from_a_shipped_rubric(qtbot, store):
    dialog = NewRoundDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.rubric.count() == len(shipped_rubrics()) + 1  # and "a rubric file of your own…"
    dialog.name.setText("Neighbourhood Fund 2027")
    dialog.budget.setText("£90,000")
    ok(dialog)
    assert dialog.result() == 1 and dialog.created is not None
    assert [r.name for r in store.rounds.list()] == ["Neighbourhood Fund 2027"]
    assert store.rounds.list()[0].budget == 90000


def test_new_round_stays_open_and_says_why_when_refused(qtbot, store, tmp_path):
    store.rounds.create(name="Taken", rubric_yaml=TINY_RUBRIC)
    dialog = NewRoundDialog(store)
    qtbot.addWidget(dialog)
    dialog.name.setText("Taken")
    ok(dialog)
    assert dialog.result() == 0 and "already exists" in dialog.problem.text()
    dialog.name.setText("Fine")
    dialog.budget.setText("lots")
    ok(dialog)
    assert dialog.result() == 0 and "amount in pounds" in dialog.problem.text()
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    dialog.choose_rubric_file(bad)
    dialog.budget.setText("")
    ok(dialog)
    assert dialog.result() == 0 and "has problems" in dialog.problem.text()
    assert dialog.rubric_problems.toPlainText().startswith("bad.yaml:1:")
    assert [r.name for r in store.rounds.list()] == ["Taken"]


def test_new_round_records_the_funder_and_names_a_wrong_org_id(qtbot, store):
    dialog = NewRoundDialog(store)
    qtbot.addWidget(dialog)
    dialog.name.setText("Community Grants 2027")
    dialog.funder_name.setText("Example Community Foundation")
    dialog.funder_org_id.setText("1234567")  # a bare charity number
    dialog.prefix.setText("360G-EXAMPLE")
    ok(dialog)
    assert dialog.result() == 0 and "funder org-id '1234567'" in dialog.problem.text()
    assert "GB-CHC-1234567" in dialog.problem.text() and store.rounds.list() == []
    dialog.funder_org_id.setText("GB-CHC-1234567")
    dialog.prefix.setText("360G EXAMPLE")
    ok(dialog)
    assert dialog.result() == 0 and "360Giving prefix '360G EXAMPLE'" in dialog.problem.text()
    dialog.prefix.setText("360G-EXAMPLE")
    ok(dialog)
    assert dialog.result() == 1
    round_ = store.rounds.get("Community Grants 2027")
    assert (round_.funder_name, round_.funder_org_id, round_.funder_identifier) == (
        "Example Community Foundation", "GB-CHC-1234567", "360G-EXAMPLE")
