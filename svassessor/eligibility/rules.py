"""The rubric's automatic eligibility rules, each a pure function of an application's stored fields.

Each rule gives a `Check`: passed, failed or unknown (the file cannot tell: no amount, no type, no
postcode), with a finding for the officer and, when it fails, the reason an applicant reads. An
unknown check never fails anyone: it leaves the application for the officer who screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from svassessor.eligibility.applicant import Applicant, words_key
from svassessor.eligibility.places import in_places, postcode_district
from svassessor.money import money_text
from svassessor.rubric.model import AmountRule, Eligibility, Places

Outcome = Literal["pass", "fail", "unknown"]
Rule = Literal["amount", "organisation_type", "place", "registration"]


@dataclass(frozen=True)
class Check:
    rule: Rule
    outcome: Outcome
    finding: str  # what the rule found, for the officer
    reason: str | None = None  # why the application is not eligible, for the applicant (a failed check only)


def pounds(pence: int | Decimal) -> str:
    """£30,000 or £12,480.50 from pence (an int) or pounds (a Decimal), written as all money is written."""
    return money_text(Decimal(pence) / 100 if isinstance(pence, int) else pence)


def _limits(rule: AmountRule) -> str:
    if rule.min is not None and rule.max is not None:
        return f"within the round's {pounds(rule.min)} to {pounds(rule.max)}"
    if rule.max is not None:
        return f"within the round's limit of {pounds(rule.max)}"
    return f"at least the round's minimum of {pounds(rule.min or 0)}"


def amount_check(rule: AmountRule, applicant: Applicant) -> Check:
    """Within the amounts the round funds; an application that asks for nothing stated is unknown."""
    if applicant.amount_pence is None:
        return Check("amount", "unknown", "The application does not say how much it asks for.")
    asked = pounds(applicant.amount_pence)
    in_pounds = Decimal(applicant.amount_pence) / 100
    if rule.max is not None and in_pounds > rule.max:
        return Check("amount", "fail", f"Asks for {asked}, over the round's maximum of {pounds(rule.max)}.",
                     f"You asked for {asked}, more than the {pounds(rule.max)} this round can give to one "
                     f"application.")
    if rule.min is not None and in_pounds < rule.min:
        return Check("amount", "fail", f"Asks for {asked}, under the round's minimum of {pounds(rule.min)}.",
                     f"You asked for {asked}, less than the smallest grant this round makes ({pounds(rule.min)}).")
    return Check("amount", "pass", f"Asks for {asked}, {_limits(rule)}.")


def _listed(kinds: list[str], kind: str | None) -> bool:
    return words_key(kind) in {words_key(k) for k in kinds}


def type_check(kinds: list[str], applicant: Applicant) -> Check:
    """One of the organisation types the round funds."""
    if not words_key(applicant.org_type):
        return Check("organisation_type", "unknown", "The application does not say what type of organisation "
                                                     "applied.")
    kind = " ".join((applicant.org_type or "").split())
    if _listed(kinds, kind):
        return Check("organisation_type", "pass", f"A {kind}, a type of organisation the round funds.")
    return Check("organisation_type", "fail", f"A {kind}, not a type of organisation the round funds.",
                 f"This round is open to these types of organisation: {'; '.join(kinds)}. Your organisation "
                 f"applied as “{kind}”.")


def _place_list(places: Places) -> str:
    return ", ".join([*places.postcode_districts, *places.local_authorities])


def place_check(places: Places, applicant: Applicant) -> Check:
    """Based in one of the round's postcode districts or local authorities."""
    where = applicant.postcode or applicant.area or ""
    found = in_places(places, applicant.postcode, applicant.area)
    if found is None:
        return Check("place", "unknown", "The application gives no postcode or area to check the round's places "
                                         "against.")
    if found:
        district = postcode_district(applicant.postcode)
        at = f"postcode district {district}" if district in places.postcode_districts else where
        return Check("place", "pass", f"Based in {at}, inside the round's area.")
    return Check("place", "fail", f"Based at {where}, outside the round's area ({_place_list(places)}).",
                 f"This round funds organisations based in {_place_list(places)}. The address on your "
                 f"application ({where}) is outside that area.")


def registration_check(kinds: list[str], applicant: Applicant) -> Check | None:
    """A registration number, from the types that must give one; None when the applicant's type need not."""
    number = (applicant.registration or "").strip()
    if number:
        return Check("registration", "pass", f"Registration number given ({number}).") \
            if _listed(kinds, applicant.org_type) or not words_key(applicant.org_type) else None
    if not words_key(applicant.org_type):
        return Check("registration", "unknown", "The application does not say what type of organisation applied, "
                                                "so whether it needs a registration number is unknown.")
    if not _listed(kinds, applicant.org_type):
        return None
    kind = " ".join((applicant.org_type or "").split())
    return Check("registration", "fail", f"A {kind} with no registration number.",
                 f"An organisation applying as “{kind}” must give its registration number, and your application "
                 f"gave none.")


def automatic_checks(rules: Eligibility, applicant: Applicant) -> list[Check]:
    """Every rule the rubric sets, in the order the rubric lists them."""
    checks: list[Check | None] = [
        amount_check(rules.amount, applicant) if rules.amount is not None else None,
        type_check(rules.organisation_types, applicant) if rules.organisation_types else None,
        place_check(rules.places, applicant) if rules.places is not None else None,
        registration_check(rules.registration_required_for, applicant) if rules.registration_required_for else None,
    ]
    return [c for c in checks if c is not None]
