"""References sort the way people read numbers, whatever their form (a pure function, and its laws)."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from svassessor.references import reference_key
from tests.reference_world import NATURAL

REFERENCE = st.text(alphabet=st.sampled_from("0123456789-_/ .AaBbGgXxZzéÉß٣"), max_size=24)


def natural(references):
    return sorted(references, key=reference_key)


def test_real_references_in_the_order_a_chair_reads_them():
    assert natural(["360G-LBFEW-1776", "360G-LBFEW-177", "360G-LBFEW-100001", "360G-LBFEW-1769"]) == NATURAL
    assert sorted(NATURAL) != NATURAL  # as text, -177 sits between -1769 and -1776
    assert natural(["360G-ALWF-2098", "360G-ALWF-100001", "360G-ALWF-999"]) == [
        "360G-ALWF-999", "360G-ALWF-2098", "360G-ALWF-100001"]


def test_prefixes_and_case_are_read_as_text():
    given = ["T-10", "t-9", "NF26-002", "nf26-010", "360G-wolfson-19747", "360G-ABCT-0065I0000058FYQQA244217"]
    assert natural(given) == [
        "360G-ABCT-0065I0000058FYQQA244217", "360G-wolfson-19747", "NF26-002", "nf26-010", "t-9", "T-10"]


def test_references_that_read_the_same_keep_a_fixed_order():
    assert natural(["ab-7", "AB-7", "ab-07"]) == natural(["ab-07", "ab-7", "AB-7"]) == ["AB-7", "ab-07", "ab-7"]


@given(st.text(alphabet="ABC-", max_size=6), st.integers(0, 10**9), st.integers(0, 10**9))
def test_numbers_after_the_same_prefix_compare_as_numbers(prefix, a, b):
    if a != b:
        assert (reference_key(f"{prefix}{a}") < reference_key(f"{prefix}{b}")) == (a < b)


@given(REFERENCE, REFERENCE)
def test_the_key_is_a_total_order_that_tells_references_apart(a, b):
    ka, kb = reference_key(a), reference_key(b)
    assert (ka == kb) == (a == b)
    assert (ka < kb) + (ka > kb) + (ka == kb) == 1


@given(REFERENCE, REFERENCE)
def test_case_is_ignored_unless_nothing_else_differs(a, b):
    if a.casefold() != b.casefold():
        assert (reference_key(a) < reference_key(b)) == (reference_key(a.swapcase()) < reference_key(b))


@given(st.lists(REFERENCE, unique=True, max_size=30), st.randoms(use_true_random=False))
def test_the_order_never_depends_on_the_order_given(references, rng: random.Random):
    shuffled = list(references)
    rng.shuffle(shuffled)
    assert natural(shuffled) == natural(references)
    assert natural(natural(references)) == natural(references)
