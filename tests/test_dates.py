"""Dates on the days that catch a calendar out: the 2nd of a month, 31 December, 1 January, 29 February.

Each test hands the open file a fixed clock (`Store(clock=Clock(day))`), so it passes on whatever
day it runs. A date typed in the delivery dialog is the date recorded, whatever today is; a report
dated after today is refused in the core's one sentence from the dialog, the command line and the
import, with nothing saved; the register and the pack print the clock's day. The command-line tests
run a fresh interpreter on the system's clock, so they use a date after any day the suite can run.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget

from svassessor.clock import Clock
from svassessor.importing.problems import ImportRejected
from svassessor.monitoring import import_deliveries, load_progress
from svassessor.monitoring.model import report_date_problem
from svassessor.register import write_register
from svassessor.reports.data import load_round
from svassessor.store import Store
from tests.conftest import run_cli
from tests.ui_helpers import open_context
from ui.monitoring.delivery_dialog import DeliveryDialog

ROUND = "Neighbourhood Fund 2025"
SECOND, NEW_YEARS_EVE, NEW_YEAR, LEAP_DAY = date(2026, 12, 2), date(2026, 12, 31), date(2027, 1, 1), date(2028, 2, 29)
DAYS = (SECOND, NEW_YEARS_EVE, NEW_YEAR, LEAP_DAY)
# Dates typed on each day (each on or before it): a QDateEdit turned every one of these into another date.
TYPED = {
    SECOND: ("03/08/2026", "3/8/2026", "2026-08-03", "01/12/2026", "31/01/2026", "02/12/2026"),
    NEW_YEARS_EVE: ("03/08/2026", "30/11/2026", "29/02/2024", "31/12/2026"),
    NEW_YEAR: ("31/12/2026", "3/8/2026", "28/02/2026", "01/01/2027"),
    LEAP_DAY: ("31/12/2026", "31/03/2027", "30/11/2026", "28/02/2028", "29/02/2028"),
}
LATE = "is after today; record what has been delivered so far"


def _jobs(store: Store):
    """NF25-004's fourth offer (7 of 12 people so far, last reported 30 June 2026)."""
    return load_progress(store, store.rounds.get(ROUND)).applications[3].offers[3]


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_a_report_may_be_dated_today_but_not_tomorrow(today):
    tomorrow = today + timedelta(days=1)
    assert report_date_problem(today, today) is None
    assert report_date_problem(date(2026, 8, 3), today) is None
    assert report_date_problem(tomorrow, today) == f"{tomorrow.day} {tomorrow:%B %Y} {LATE}"


# the delivery dialog ---------------------------------------------------------------------------------

@pytest.fixture
def ctx(qapp, demo_copy, tmp_path):
    context = open_context(demo_copy, tmp_path / "settings.ini", who="Grants officer A", role="assessor",
                           round_name=ROUND)
    yield context
    context.close_file()


def _dialog(qtbot, ctx, offer, existing=None) -> DeliveryDialog:
    dialog = DeliveryDialog(ctx, ctx.store.rounds.get(ROUND), offer, existing)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _type_date(qtbot, dialog: DeliveryDialog, text: str) -> None:
    """Alt+D to the date from another field (its text is then selected), and the date typed over it."""
    if QApplication.focusWidget() is dialog.on:
        qtbot.keyClick(dialog.on, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.on and dialog.on.selectedText() == dialog.on.text()
    qtbot.keyClicks(dialog.on, text)


def _save(qtbot, dialog: DeliveryDialog) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_a_date_typed_in_the_dialog_is_the_date_recorded_on_any_day(qtbot, ctx, today):
    ctx.store.clock = Clock(today)
    before = _jobs(ctx.store)
    dialog = _dialog(qtbot, ctx, before)
    assert dialog.on.text() == f"{today:%d/%m/%Y}"  # a new report is dated today unless another day is typed
    for text in TYPED[today]:
        _type_date(qtbot, dialog, text)
        day, month, year = (text.split("/") if "/" in text else reversed(text.split("-")))
        assert dialog.on.day() == date(int(year), int(month), int(day)), text

    tomorrow = today + timedelta(days=1)
    _type_date(qtbot, dialog, f"{tomorrow:%d/%m/%Y}")
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.problem.text() == f"⚠  {tomorrow.day} {tomorrow:%B %Y} {LATE}."
    assert QApplication.focusWidget() is dialog.on
    assert len(_jobs(ctx.store).history) == len(before.history)  # nothing saved

    _type_date(qtbot, dialog, TYPED[today][-1])  # today itself
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    after = _jobs(ctx.store)
    assert len(after.history) == len(before.history) + 1 and after.latest.on == today


def test_a_report_amended_to_after_today_is_refused_and_kept_as_it_was(qtbot, ctx):
    ctx.store.clock = Clock(NEW_YEARS_EVE)
    jobs = _jobs(ctx.store)
    dialog = _dialog(qtbot, ctx, jobs, jobs.latest)
    assert dialog.on.text() == "30/06/2026" and QApplication.focusWidget() is dialog.on
    assert dialog.on.selectedText() == "30/06/2026"  # ready to be typed over
    qtbot.keyClicks(dialog.on, "01/01/2027")
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.problem.text() == f"⚠  1 January 2027 {LATE}."
    assert _jobs(ctx.store).latest == jobs.latest


@pytest.mark.parametrize(("typed", "sentence"), [
    ("31/11/2026", "The date '31/11/2026' is not a date in the calendar."),
    ("29/02/2027", "The date '29/02/2027' is not a date in the calendar."),
    ("next week", "The date 'next week' is not a date (write YYYY-MM-DD or DD/MM/YYYY)."),
    ("", "Give the date of the report, like 01/01/2027."),
])
def test_a_date_that_is_not_one_is_refused_in_a_sentence(qtbot, ctx, typed, sentence):
    ctx.store.clock = Clock(NEW_YEAR)
    before = _jobs(ctx.store)
    dialog = _dialog(qtbot, ctx, before)
    _type_date(qtbot, dialog, typed)
    if not typed:
        qtbot.keyClick(dialog.on, Qt.Key.Key_Delete)
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.problem.text() == f"⚠  {sentence}"
    assert len(_jobs(ctx.store).history) == len(before.history)


def test_f4_opens_a_calendar_on_the_date_typed_and_enter_takes_a_day(qtbot, ctx):
    ctx.store.clock = Clock(LEAP_DAY)
    dialog = _dialog(qtbot, ctx, _jobs(ctx.store))
    _type_date(qtbot, dialog, "28/02/2028")
    qtbot.keyClick(dialog.on, Qt.Key.Key_F4)
    calendar = QApplication.activePopupWidget()
    assert isinstance(calendar, QCalendarWidget) and calendar.selectedDate().toPython() == date(2028, 2, 28)
    qtbot.keyClick(calendar.focusWidget(), Qt.Key.Key_Right)  # the 29th
    qtbot.keyClick(calendar.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert dialog.on.text() == "29/02/2028" and QApplication.focusWidget() is dialog.on
    qtbot.keyClick(dialog.on, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = QApplication.activePopupWidget()
    qtbot.keyClick(calendar.focusWidget(), Qt.Key.Key_Left)
    qtbot.keyClick(calendar.focusWidget(), Qt.Key.Key_Escape)  # closes it, the date as it was
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert dialog.on.day() == LEAP_DAY


# the import and the command line ------------------------------------------------------------------------

def test_an_import_takes_a_return_dated_today_and_refuses_one_dated_tomorrow(demo_copy, tmp_path):
    source = tmp_path / "returns.csv"
    with Store.open(demo_copy, actor="Grants officer A", clock=Clock(NEW_YEARS_EVE)) as store:
        round_ = store.rounds.get(ROUND)
        before = len(store.deliveries.for_round(round_))
        source.write_text("Reference,Offer,Date,Quantity,Status\nNF25-004,4,01/01/2027,9,on track\n", encoding="utf-8")
        with pytest.raises(ImportRejected) as refused:
            import_deliveries(store, round_, source)
        assert str(refused.value) == f"returns.csv, row 2, column 'Date': 1 January 2027 {LATE}; nothing was imported."
        assert len(store.deliveries.for_round(round_)) == before
        source.write_text("Reference,Offer,Date,Quantity,Status\nNF25-004,4,31/12/2026,9,on track\n", encoding="utf-8")
        assert [d.on for d in import_deliveries(store, round_, source).recorded] == [NEW_YEARS_EVE]


def test_the_command_line_refuses_a_report_or_a_return_dated_after_today(demo_copy, tmp_path):
    with Store.open(demo_copy, actor="test", readonly=True) as store:
        count = len(_jobs(store).history)
    result = run_cli("deliver", demo_copy, "--round", ROUND, "--application", "NF25-004", "--offer", "4",
                     "--on", "2099-01-01", "--quantity", "9", "--status", "on track")
    assert result.returncode == 2 and result.stderr.strip().endswith(f"1 January 2099 {LATE}.")
    source = tmp_path / "returns.csv"
    source.write_text("Reference,Offer,Date,Quantity,Status\nNF25-004,4,2099-01-01,9,on track\n", encoding="utf-8")
    result = run_cli("deliveries", "import", demo_copy, source, "--round", ROUND)
    assert result.returncode == 2 and f"row 2, column 'Date': 1 January 2099 {LATE}; nothing" in result.stderr
    with Store.open(demo_copy, actor="test", readonly=True) as store:
        assert len(_jobs(store).history) == count


# what is printed with a date -------------------------------------------------------------------------------

@pytest.mark.parametrize("today", DAYS, ids=str)
def test_the_register_and_the_pack_print_the_day_the_clock_gives(demo_template, tmp_path, today):
    with Store.open(demo_template, actor="test", readonly=True, clock=Clock(today)) as store:
        round_ = store.rounds.get(ROUND)
        write_register(store, round_, "html", tmp_path / "register.html")
        assert load_round(store, round_).printed == today
    assert f"Published {today.day} {today:%B %Y} · reports up to" in (tmp_path / "register.html").read_text("utf-8")
