"""The standstill period (Procurement Act 2023, s.51): 8 working days beginning with the day the contract
award notice is published; a bank holiday in any part of the UK is not a working day. Every date is fixed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svassessor.errors import NotAllowed
from svassessor.standstill import checked_nation, is_working_day, standstill_end, standstill_sentence


def test_the_publication_day_is_day_one_and_the_period_ends_at_midnight_of_day_eight():
    # Published Friday 4 December 2026: Fri 4, Mon 7 … Fri 11, Mon 14, Tue 15 is the 8th working day.
    assert standstill_end(date(2026, 12, 4)) == date(2026, 12, 15)
    assert standstill_sentence(date(2026, 12, 4)) == (
        "Standstill ends at midnight on Tuesday 15 December 2026 (8 working days; a bank holiday in any part of the "
        "UK is not one).")


def test_a_notice_published_at_the_weekend_starts_counting_on_the_monday():
    assert standstill_end(date(2026, 12, 5)) == standstill_end(date(2026, 12, 7)) == date(2026, 12, 16)


def test_over_christmas_scotlands_2_january_is_not_a_working_day_anywhere():
    # Monday 22 December 2025: Christmas Day, Boxing Day and New Year's Day are out; so is Friday 2 January
    # 2026, a bank holiday in Scotland, wherever the round is: a standstill never ends a day early.
    assert not is_working_day(date(2026, 1, 2))
    assert standstill_end(date(2025, 12, 22)) == date(2026, 1, 6)


def test_over_easter_good_friday_and_easter_monday_are_out():
    # Good Friday 26 March 2027, Easter Monday 29 March (a bank holiday outside Scotland).
    assert not is_working_day(date(2027, 3, 26)) and not is_working_day(date(2027, 3, 29))
    assert standstill_end(date(2027, 3, 22)) == date(2027, 4, 2)


def test_st_patricks_day_and_st_andrews_day_are_out_everywhere():
    assert not is_working_day(date(2027, 3, 17))  # Wednesday, Northern Ireland's
    assert standstill_end(date(2027, 3, 15)) == date(2027, 3, 25)
    assert not is_working_day(date(2026, 11, 30))  # Monday, Scotland's
    assert standstill_end(date(2026, 11, 23)) == date(2026, 12, 3)


def test_29_february_is_a_working_day_like_any_other():
    # Thursday 24 February 2028: Thu 24, Fri 25, Mon 28, Tue 29, Wed 1 … Fri 3 March, Mon 6 March.
    assert standstill_end(date(2028, 2, 24)) == date(2028, 3, 6)
    assert is_working_day(date(2028, 2, 29))


@pytest.mark.parametrize("written, nation", [
    ("england", "england"), ("Northern Ireland", "northern_ireland"), ("northern-ireland", "northern_ireland"),
    (" SCOTLAND ", "scotland"), ("", None), (None, None),
])
def test_a_part_of_the_uk_is_read_however_a_person_writes_it(written, nation):
    assert checked_nation(written) == nation


def test_anything_else_is_refused_in_one_sentence():
    with pytest.raises(NotAllowed) as refused:
        checked_nation("Isle of Man")
    assert str(refused.value) == ("A round's part of the UK is England, Wales, Scotland or Northern Ireland, "
                                  "not 'Isle of Man'.")


@given(start=st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31)))
def test_the_end_is_a_working_day_after_the_start_with_exactly_eight_working_days_counted(start):
    end = standstill_end(start)
    assert end > start
    assert is_working_day(end)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    assert sum(is_working_day(day) for day in days) == 8
