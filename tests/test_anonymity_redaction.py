"""The redaction an anonymised round's assessors read: what it replaces, what it leaves, and its map back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from svassessor.anonymity.highlights import placed
from svassessor.anonymity.patterns import EMAIL, POSTCODE, phone_spans
from svassessor.anonymity.redact import PLACEHOLDERS, counts, redact, replaced_sentence
from svassessor.anonymity.terms import (
    Term,
    TermIndex,
    extra_terms,
    is_contact_key,
    organisation_terms,
    organisation_variants,
    person_terms,
)
from svassessor.anonymity.view import applicant_labels, sees_identities
from svassessor.models import Annotation, Assessor, Round


def redacted(text: str, *terms: Term) -> str:
    return redact(text, [TermIndex(terms)]).text


@pytest.mark.parametrize("number", [
    "0121 496 0000", "07700 900123", "07700900123", "+44 7700 900123", "+44 (0)121 496 0000", "020 7946 0000",
    "(0121) 496 0000", "0300 123 4567", "01632-960-001", "+447700900123", "0800 123 456"])
def test_uk_phone_numbers_as_people_write_them_are_replaced(number):
    assert redacted(f"Call {number} today.") == "Call [phone] today."


@pytest.mark.parametrize("text", ["in 2019 2020 and 2021", "grant of £10,000", "ref 123456789012", "on 12/03/2024"])
def test_years_amounts_and_dates_are_not_phone_numbers(text):
    assert redacted(text) == text


def test_full_postcodes_go_and_an_outward_code_alone_stays_unless_the_chair_adds_it():
    text = "We meet at B19 3AA and at bd150eu, across B19 and Lozells."
    assert redacted(text) == "We meet at [postcode] and at [postcode], across B19 and Lozells."
    assert redacted(text, Term("B19", "word")) == \
        "We meet at [postcode] and at [postcode], across [redacted] and Lozells."


def test_emails_web_addresses_and_bare_domains():
    text = ("Write to info@lozells-table.org.uk or see https://lozells-table.org.uk/about, "
            "www.lozells-table.org.uk and lozellstable.co.uk.")
    assert redacted(text) == "Write to [e-mail] or see [web address], [web address] and [web address]."


def test_the_organisations_name_in_the_forms_people_write_it():
    assert organisation_variants("Lozells Table CIC") == ["Lozells Table CIC", "Lozells Table"]
    assert "BID" in organisation_variants("Bail for Immigration Detainees (BID)")
    assert "ATJF" in organisation_variants("Access to Justice Foundation")
    own = organisation_terms("Lozells Table CIC", own=True)
    text = "LOZELLS TABLE  CIC began in 2015; Lozells-Table now feeds 40 people. The table is laid at noon."
    assert redacted(text, *own) == ("[organisation] began in 2015; [organisation] now feeds 40 people. "
                                    "The table is laid at noon.")


def test_a_one_word_name_is_found_as_written_not_as_an_ordinary_word():
    unlock = organisation_terms("Unlock")
    assert redacted("Unlock helps people unlock their records; UNLOCK's helpline.", *unlock) == \
        "[organisation] helps people unlock their records; [organisation]'s helpline."
    # an application's own all-capitals name is also found capitalised
    assert redacted("Hacro's objective", *organisation_terms("HACRO", own=True)) == "[organisation]'s objective"
    assert redacted("Hacro's objective", *organisation_terms("HACRO")) == "Hacro's objective"


def test_which_extra_columns_are_contact_names_and_details():
    assert [k for k in ("Contact name", "Lead applicant name", "Main contact", "Name of contact person",
                        "Organisation name", "Recipient Org:Name", "Contact email", "Grant Programme:Title")
            if is_contact_key(k)] == ["Contact name", "Lead applicant name", "Main contact", "Name of contact person"]
    terms = extra_terms({"Contact name": "Grants officer Pat", "Recipient Org:Web Address": "http://www.atjf.org.uk",
                         "Website: Decision Notes": "A restricted grant of £30,000", "Recipient Org:Identifier":
                         "GB-CHC-1126147", "Amount Awarded - website format": "30000"})
    assert {(t.text, t.kind) for t in terms} == {
        ("Grants officer Pat", "name"), ("Grants", "name"), ("Pat", "name"),
        ("http://www.atjf.org.uk", "web"), ("GB-CHC-1126147", "registration")}
    text = "grants officer pat and Pat wrote; GB-CHC-1126147; 30000"
    assert redacted(text, *terms) == "[name] and [name] wrote; [registration number]; 30000"


def test_a_contact_name_and_its_parts():
    terms = person_terms("Dr Ada Example-Person")
    assert redacted("Ask Dr Ada Example-Person, or Ada, or Ms Example; Dr stays.", *terms) == \
        "Ask [name], or [name], or Ms [name]; Dr stays."


def test_placeholders_are_left_alone_even_when_the_chair_redacts_their_words():
    text = "[organisation] and its [name] list; name the organisation."
    once = redact(text, [TermIndex([Term("name", "word"), Term("organisation", "word")])])
    assert once.text == "[organisation] and its [name] list; [redacted] the [redacted]."


def test_the_map_back_from_the_redacted_text_to_the_original():
    text = "Lozells Table CIC serves B19 3AA; call 0121 496 0000 for lunch."
    r = redact(text, [TermIndex(organisation_terms("Lozells Table CIC", own=True))])
    assert r.text == "[organisation] serves [postcode]; call [phone] for lunch."
    start = r.text.index("serves")
    assert text[slice(*r.to_original(start, start + len("serves")))] == "serves"
    whole = r.text.index("call"), len(r.text)
    assert text[slice(*r.to_original(*whole))] == "call 0121 496 0000 for lunch."
    assert text[slice(*r.to_original(2, 5))] == "Lozells Table CIC"  # inside a placeholder: all it hid


def test_a_highlight_on_the_redacted_text_is_placed_on_the_original_for_someone_who_sees_it():
    text = "Lozells Table CIC serves B19 3AA every day."
    r = redact(text, [TermIndex(organisation_terms("Lozells Table CIC"))])
    start = r.text.index("serves")
    note = Annotation(application_id="a", assessor_id="s", narrative_id="n", start=start, end=len(r.text) - 1,
                      quote=r.text[start:-1], tag="evidence")
    assert placed(note, r.text, r) is note  # the assessor's own text: as stored
    shown = placed(note, text, r)
    assert shown is not None and shown.quote == "serves B19 3AA every day" == text[shown.start:shown.end]
    assert placed(note, text + " More.", r) is None  # the text changed since: not drawn, never misplaced


def test_labels_follow_natural_reference_order_with_three_digits_or_more():
    assert applicant_labels(["R-10", "R-9", "R-100"]) == {"R-9": "Applicant 001", "R-10": "Applicant 002",
                                                         "R-100": "Applicant 003"}
    assert applicant_labels(f"X-{n}" for n in range(1200))["X-1199"] == "Applicant 1200"


def test_who_sees_identities_when():
    named = Round(name="R", rubric_snapshot_id="s", status="scoring")
    hidden = named.model_copy(update={"anonymised": True})
    assessor = Assessor(round_id="r", name="Grants officer A")
    chair = Assessor(round_id="r", name="Chair", role="chair")
    assert sees_identities(named, assessor) and sees_identities(hidden, chair)
    assert not sees_identities(hidden, assessor) and not sees_identities(hidden, None)
    assert sees_identities(hidden.model_copy(update={"status": "moderation"}), assessor)
    late = hidden.model_copy(update={"reveal_at": "decided", "status": "moderation"})
    assert not sees_identities(late, assessor)
    assert sees_identities(late.model_copy(update={"status": "decided"}), assessor)


def test_what_was_replaced_in_one_sentence():
    r = redact("a@b.org.uk, c@d.org.uk and 0121 496 0000")
    assert replaced_sentence(counts([r])) == "Replaced 2 e-mail addresses, 1 phone number."


# properties ---------------------------------------------------------------------------------------
_letters = st.text(st.characters(whitelist_categories=("L", "N"), max_codepoint=0x17F), min_size=1, max_size=8)
_emails = st.builds(lambda a, b: f"{a}@{b}.org.uk", st.from_regex(r"[a-z][a-z0-9.]{0,8}[a-z]", fullmatch=True),
                    st.from_regex(r"[a-z][a-z0-9-]{0,8}[a-z]", fullmatch=True))
_phones = st.builds(lambda p, d, sep: p + sep.join([d[:3], d[3:6], d[6:]]),
                    st.sampled_from(["0", "+44 ", "+44 (0)", "0"]),
                    st.from_regex(r"[1237][0-9]{9}", fullmatch=True), st.sampled_from([" ", "", "-"]))
_postcodes = st.from_regex(r"[A-PR-UWYZ][A-HK-Y]?[0-9][0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2}", fullmatch=True)
_glue = st.sampled_from([" ", ", ", ". ", "\n", " (", ") ", ": ", "; "])
_chunks = st.one_of(_letters, _emails, _phones, _postcodes, st.sampled_from(list(PLACEHOLDERS.values())),
                    st.sampled_from(["Lozells Table", "lozells", "name", "Table", "at", "@", "+44", "0"]))


@st.composite
def texts(draw) -> str:
    parts = draw(st.lists(st.tuples(_chunks, _glue), max_size=14))
    return "".join(chunk + glue for chunk, glue in parts)


_INDEX = TermIndex([*organisation_terms("Lozells Table CIC", own=True), Term("name", "word")])


@settings(max_examples=300, deadline=None)
@given(texts())
def test_no_email_postcode_or_phone_survives_and_redacting_again_changes_nothing(text):
    r = redact(text, [_INDEX])
    assert not EMAIL.search(r.text)
    assert not POSTCODE.search(r.text)
    assert not list(phone_spans(r.text))
    assert redact(r.text, [_INDEX]).text == r.text  # placeholders never re-expand or change


@settings(max_examples=300, deadline=None)
@given(texts(), st.data())
def test_every_passage_between_placeholders_maps_back_to_the_same_words(text, data):
    r = redact(text, [_INDEX])
    edges = [0, *[p for x in r.replacements for p in (x.at, x.at_end)], len(r.text)]
    for start, end in zip(edges[::2], edges[1::2]):  # the stretches no placeholder covers
        a = data.draw(st.integers(start, end))
        b = data.draw(st.integers(a, end))
        lo, hi = r.to_original(a, b)
        assert text[lo:hi] == r.text[a:b]
