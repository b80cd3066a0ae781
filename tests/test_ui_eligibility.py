"""The eligibility screen on the AB Charitable Trust's real round: filter by result, screen, overrule with
a reason, undo; every change through the undo stack and audited by the core."""

from __future__ import annotations

import json

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QPushButton, QRadioButton

from svassessor.store import Store
from tests.eligibility_world import abct_round, over_the_maximum, rubric_with
from tests.ui_helpers import open_window
from ui.context import AppContext
from ui.eligibility import EligibilityDialog
from ui.settings import Settings

RULES = rubric_with("""\
  amount: {max: 20000}
  questions:
    - id: constituted
      text: Does the organisation have a governing document and a bank account in its own name?
      guidance: Ask for the governing document and a recent bank statement.
""")


@pytest.fixture
def screen(qtbot, tmp_path):
    store = Store.open(tmp_path / "panel.svdb", actor="Grants officer A", create=True)
    round_ = abct_round(store, rubric=RULES, status="scoring")
    ctx = AppContext(Settings.at(tmp_path / "settings.ini"))
    ctx.store, ctx.path = store, tmp_path / "panel.svdb"
    ctx.set_session(round_, None)
    dialog = EligibilityDialog(ctx, round_)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    store.close()


def _texts(dialog: EligibilityDialog, name: str) -> list[str]:
    return [label.text() for label in dialog.detail.findChildren(QLabel, name)]


def test_the_table_filters_by_result_and_shows_the_cores_words(screen):
    assert screen.model.rowCount() == 783
    over = over_the_maximum()
    screen.show_only.setCurrentIndex(screen.show_only.findData("ineligible"))
    assert screen.filter.rowCount() == len(over)
    shown = {screen.filter.index(r, 0).data() for r in range(screen.filter.rowCount())}
    assert shown == over
    assert len(next(iter(shown))) >= 28  # real ABCT references, whole
    assert _texts(screen, "check_amount")[0].startswith("✗  Asks for £")
    assert _texts(screen, "applicantReason")[0].startswith("• You asked for £")
    assert screen.summary.text() == f"0 eligible, {len(over)} not eligible, {783 - len(over)} not yet screened " \
                                    f"(783 applications)"


def test_overrule_with_a_reason_is_audited_and_undoable(screen, qtbot):
    store, round_ = screen.store, screen.round
    reference = sorted(over_the_maximum())[0]
    assert screen.select(reference)
    screen.findChild(QPushButton, "markEligible").click()
    asked = screen.input
    assert asked is not None  # the core wants a reason for an overrule, in its own sentence
    intro = asked.findChild(QLabel, "intro").text()
    assert intro == f"{reference} fails the round's eligibility rules, so overruling them to make it eligible " \
                    f"needs a reason for the panel."
    asked.findChild(QLineEdit, "reason").setText("The trustees agreed to consider this larger grant.")
    asked.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: screen.input is None)

    row = store.screenings.result(round_, store.applications.get(round_, reference).id)
    assert row.result.status == "eligible" and row.result.overruled
    assert screen.current().result.words == "Eligible"
    assert _texts(screen, "detailResult") == ["Eligible: Overruled to eligible by Grants officer A: The trustees "
                                              "agreed to consider this larger grant."]
    new = json.loads(store.database.conn.execute(
        "SELECT new FROM audit WHERE entity = 'screenings' ORDER BY seq DESC LIMIT 1").fetchone()[0])
    assert new["decision"] == "eligible" and new["reason"] == "The trustees agreed to consider this larger grant."

    screen.ctx.undo_stack.undo()
    assert store.screenings.record(row.applicant.id) is None
    assert screen.current().result.status == "ineligible"
    screen.ctx.undo_stack.redo()
    assert store.screenings.result(round_, row.applicant.id).result.overruled
    actions = [a for (a,) in store.database.conn.execute("SELECT action FROM audit WHERE entity = 'screenings' "
                                                        "ORDER BY seq")]
    assert actions == ["insert", "delete", "insert"]


def test_a_missing_reason_is_refused_in_the_cores_sentence(screen):
    reference = sorted(over_the_maximum())[0]
    screen.select(reference)
    screen.findChild(QPushButton, "markIneligible").click()
    asked = screen.input
    asked.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert asked.isVisible()
    assert asked.problem.text() == f"Marking {reference} not eligible needs a reason, in words the applicant will " \
                                   f"read in their letter."
    assert screen.ctx.undo_stack.count() == 0


def test_answering_yes_screens_an_application_in(screen):
    screen.show_only.setCurrentIndex(screen.show_only.findData("unscreened"))
    reference = screen.current().applicant.reference
    assert _texts(screen, "question_constituted") == ["Does the organisation have a governing document and a bank "
                                                      "account in its own name?"]
    screen.detail.findChild(QRadioButton, "answer_constituted_yes").click()
    assert screen.store.screenings.result(screen.round, screen.store.applications.get(
        screen.round, reference).id).result.status == "eligible"
    assert screen.ctx.undo_stack.undoText() == f"Answer screening questions for {reference}"


def test_the_window_opens_it_from_the_file_menu(qtbot, tmp_path):
    path = tmp_path / "panel.svdb"
    with Store.open(path, actor="Grants officer A", create=True) as store:
        abct_round(store, rubric=RULES, status="scoring")
    window = open_window(qtbot, path, tmp_path / "settings.ini")
    action = window.findChild(QAction, "eligibility")
    assert action in window.findChild(QAction, "assessors").associatedObjects()[0].actions()  # the File menu
    action.trigger()
    dialog = window.files.dialog
    assert isinstance(dialog, EligibilityDialog) and dialog.model.rowCount() == 783
    dialog.reject()
