"""Where an applicant is: a UK postcode's district (its outward code) matched against a round's places."""

from __future__ import annotations

import re

from svassessor.eligibility.applicant import words_key
from svassessor.rubric.model import Places

_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][0-9A-Z]?)\s*([0-9][A-Z]{2})")
_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


def postcode_district(postcode: str | None) -> str | None:
    """The district of a postcode ('B6' of 'b6 4ab', 'SW1A' of 'SW1A1AA'); None when it is not one.

    A district alone ('B6') is taken as given: a form may ask only for that.
    """
    text = " ".join((postcode or "").upper().split())
    if found := _POSTCODE.fullmatch(text):
        return found.group(1)
    return text if _DISTRICT.fullmatch(text) else None


def in_places(places: Places, postcode: str | None, area: str | None) -> bool | None:
    """True when the applicant is in one of the places, False when not, None when the file cannot tell."""
    district = postcode_district(postcode)
    known = False
    if places.postcode_districts and district is not None:
        known = True
        if district in places.postcode_districts:
            return True
    if places.local_authorities and words_key(area):
        known = True
        if words_key(area) in {words_key(a) for a in places.local_authorities}:
            return True
    return False if known else None
