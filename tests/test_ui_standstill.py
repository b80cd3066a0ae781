"""Round settings of a tender: its part of the UK, the day the award notice is published and, beside it, when
the standstill ends in the core's words; one undoable change. A grant round and a new round offer no standstill."""

from __future__ import annotations

from datetime import date

import pytest

from svassessor.models import Application, Organisation
from svassessor.rubric.loader import shipped_rubrics
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC
from tests.setup_world import ok
from ui.assessor.application_view import supplier_words
from ui.context import AppContext
from ui.dialogs.new_round import NewRoundDialog
from ui.dialogs.round_settings import RoundSettingsDialog
from ui.settings import Settings

ROUND = "Community meals contract 2026"


def _contract() -> str:
    return next(p for p in shipped_rubrics().values() if p.stem == "small-contract").read_text(encoding="utf-8")


@pytest.fixture
def ctx(tmp_path, qtbot):
    path = tmp_path / "council.svdb"
    with Store.open(path, actor="Procurement officer", create=True) as store:
        round_ = store.rounds.create(name=ROUND, rubric_yaml=_contract())
        store.rounds.create(name="Neighbourhood Fund 2026", rubric_yaml=TINY_RUBRIC)
        store.applications.add([Application(
            round_id=round_.id, reference="CMC-2026-BID-000017", title="Meals on wheels for Ward End",
            organisation=Organisation(name="Northfield Kitchen Co-operative Ltd", sme=True, vcse=False))])
    context = AppContext(Settings.at(tmp_path / "settings.ini"))
    context.settings.set_identity("Procurement officer", "chair")
    context.open_file(path)
    context.set_session(context.store.rounds.get(ROUND), None)
    yield context
    context.close_file()


def test_the_standstill_end_is_shown_beside_the_date_and_saved_in_one_undoable_step(qtbot, ctx):
    dialog = RoundSettingsDialog(ctx, ctx.round)
    qtbot.addWidget(dialog)
    form = dialog.form
    assert form.standstill.isVisibleTo(dialog) and form.nation.currentData() is None
    form.standstill.setText("04/12/2026")
    assert form.standstill_ends.text() == ("Standstill ends at midnight on Tuesday 15 December 2026 "
                                           "(8 working days; a bank holiday in any part of the UK is not one).")
    form.nation.setCurrentIndex(form.nation.findData("scotland"))
    form.standstill.setText("23/11/2026")  # St Andrew's Day, Monday 30 November, is no working day
    assert "Thursday 3 December 2026" in form.standstill_ends.text()
    form.standstill.setText("31/11/2026")
    assert form.standstill_ends.text() == "'31/11/2026' is not a date in the calendar."
    form.standstill.setText("2026-11-23")
    ok(dialog)
    assert dialog.result() == 1, dialog.problem.text()
    saved = ctx.store.rounds.get(ROUND)
    assert (saved.nation, saved.standstill_from) == ("scotland", date(2026, 11, 23))
    assert ctx.store.rounds.standstill_ends(saved) == date(2026, 12, 3) and ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    back = ctx.store.rounds.get(ROUND)
    assert (back.nation, back.standstill_from) == (None, None)

    again = RoundSettingsDialog(ctx, ctx.store.rounds.get(ROUND))
    qtbot.addWidget(again)
    again.form.standstill.setText("04/12/2026")
    again.form.closes.setText("11/12/2026")  # a standstill before the round closes: the core refuses, it stays
    ok(again)
    assert again.result() == 0 and "before the round closes on 11 December 2026" in again.problem.text()


def test_a_grant_round_and_a_new_round_offer_the_part_of_the_uk_but_no_standstill(qtbot, ctx):
    grants = RoundSettingsDialog(ctx, ctx.store.rounds.get("Neighbourhood Fund 2026"))
    qtbot.addWidget(grants)
    assert grants.form.nation.isVisibleTo(grants) and not grants.form.standstill.isVisibleTo(grants)
    grants.form.nation.setCurrentIndex(grants.form.nation.findData("wales"))
    ok(grants)
    assert grants.result() == 1 and ctx.store.rounds.get("Neighbourhood Fund 2026").nation == "wales"
    made = NewRoundDialog(ctx.store)
    qtbot.addWidget(made)
    made.rubric.setCurrentIndex(made.rubric.findData(str(next(p for p in shipped_rubrics().values()
                                                                 if p.stem == "small-contract"))))
    assert not made.form.standstill.isVisibleTo(made)
    made.form.name.setText("Grounds maintenance 2027")
    made.form.nation.setCurrentIndex(made.form.nation.findData("northern_ireland"))
    ok(made)
    assert made.result() == 1 and ctx.store.rounds.get("Grounds maintenance 2027").nation == "northern_ireland"


def test_the_application_shows_what_is_known_of_the_supplier():
    assert supplier_words(Organisation(name="Northfield Kitchen Co-operative Ltd", sme=True, vcse=False)) == [
        "SME", "not a VCSE"]
    assert supplier_words(Organisation(name="Ward End Community Meals")) == []
