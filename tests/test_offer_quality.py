"""The vague-offer hint: what a commitment lacks, named in a fixed order; never a score."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from svassessor.models import Offer
from svassessor.offer_quality import PARTS, is_specific, vague_parts

SPECIFIC = dict(description="A second weekly lunch", measure="people_supported", quantity=60, unit="people",
                beneficiary_group="Older people living alone", place="Lozells",
                timeframe="48 weekly lunches in 2027")


def offer(**changes) -> Offer:
    return Offer(**{**SPECIFIC, **changes})


def test_a_specific_offer_lacks_nothing():
    assert vague_parts(offer()) == []
    assert is_specific(offer())


def test_an_offer_with_only_a_description_lacks_everything_in_order():
    bare = Offer(description="Make people less lonely and save them money on heating")
    assert vague_parts(bare) == ["measure", "quantity", "timeframe", "beneficiary group", "place"]


def test_a_unit_without_a_rubric_measure_still_says_what_is_counted():
    assert vague_parts(offer(measure=None, unit="sessions")) == []
    assert vague_parts(offer(measure=None, unit=None)) == ["measure"]


def test_zero_negative_and_non_finite_quantities_are_missing():
    for quantity in (None, 0, -3, math.nan, math.inf):
        assert vague_parts(offer(quantity=quantity)) == ["quantity"], quantity


def test_placeholders_count_as_missing():
    assert vague_parts(offer(timeframe="Ongoing")) == ["timeframe"]
    assert vague_parts(offer(timeframe=" TBC. ")) == ["timeframe"]
    assert vague_parts(offer(beneficiary_group="the community")) == ["beneficiary group"]
    assert vague_parts(offer(beneficiary_group="Everyone")) == ["beneficiary group"]
    assert vague_parts(offer(place="the local area")) == ["place"]
    assert vague_parts(offer(place="   ")) == ["place"]


def test_words_that_only_contain_a_placeholder_are_not_placeholders():
    assert vague_parts(offer(place="Community centre, Lozells Road")) == []
    assert vague_parts(offer(beneficiary_group="All residents of Wheeler Street sheltered housing")) == []


@given(st.text(max_size=40), st.one_of(st.none(), st.floats(allow_nan=True)), st.text(max_size=20),
       st.text(max_size=20), st.text(max_size=20))
def test_any_offer_gets_a_subset_of_the_parts_in_order(unit, quantity, group, place, timeframe):
    parts = vague_parts(Offer(description="x", unit=unit, quantity=quantity, beneficiary_group=group,
                              place=place, timeframe=timeframe))
    assert parts == [p for p in PARTS if p in parts]
