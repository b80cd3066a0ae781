"""Registration numbers checked for form, as the registers write them (FIELD.md), never looked up.

The forms: charities of England and Wales, 6 or 7 digits (a linked charity adds -1, -2 …); Scotland
(OSCR), SC and 6 digits; Northern Ireland, NIC and 6 digits; companies (Companies House), 8
characters: 8 digits in England and Wales, or a two-character prefix and 6 digits (SC Scotland,
NI and R0 Northern Ireland, OC/SO/NC limited liability partnerships, and others below); and org-ids
from org-id.guide (GB-CHC-, GB-SC-, GB-NIC-, GB-COH-). A number of the right form may still not be
registered: the check says what the form is, and the officer decides what it means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from svassessor.orgids import org_id_problem

# Companies House prefixes: what a company number that starts with them is.
COMPANY_PREFIXES = {
    "SC": "a Scottish company", "NI": "a Northern Ireland company", "R0": "a Northern Ireland company (registered "
    "before 1922)", "OC": "a limited liability partnership (England and Wales)", "SO": "a Scottish limited "
    "liability partnership", "NC": "a Northern Ireland limited liability partnership", "LP": "a limited partnership",
    "SL": "a Scottish limited partnership", "NL": "a Northern Ireland limited partnership", "FC": "an overseas "
    "company", "SF": "an overseas company (Scotland)", "NF": "an overseas company (Northern Ireland)",
    "IP": "a registered society", "SP": "a Scottish registered society", "NP": "a Northern Ireland registered "
    "society", "RS": "a registered society", "CE": "a charitable incorporated organisation (Companies House)",
    "CS": "a Scottish charitable incorporated organisation (Companies House)", "GE": "a European economic interest "
    "grouping", "ZC": "a company registered under an older Act",
}
FORMS = ("charity numbers of England and Wales are 6 or 7 digits, Scottish ones SC and 6 digits, Northern "
         "Ireland ones NIC and 6 digits; company numbers are 8 characters")

_CHARITY_EW = re.compile(r"(\d{6,7})(?:-(\d{1,2}))?")
_CHARITY_SC = re.compile(r"SC(\d{6})")
_CHARITY_NI = re.compile(r"NIC(\d{6})")
_COMPANY = re.compile(r"(\d{8})|([A-Z][A-Z0-9])(\d{6})")


@dataclass(frozen=True)
class RegistrationForm:
    """What a registration number's form says: which register it belongs to, whether the form is right,
    the words for the officer, and `key`, the org-id the number stands for (to find the same
    organisation twice), None when the form is wrong."""

    given: str
    ok: bool
    words: str
    key: str | None


def _shown(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 40 else f"{one_line[:39]}…"


def _number(given: str, compact: str) -> RegistrationForm | None:
    """The form of a bare number (no org-id scheme), or None when it is of no known form."""
    if found := _CHARITY_EW.fullmatch(compact):
        linked = f", linked charity {found.group(2)}" if found.group(2) else ""
        return RegistrationForm(given, True, f"{compact}: a charity number of England and Wales{linked}.",
                                f"GB-CHC-{found.group(1)}")
    if _CHARITY_SC.fullmatch(compact):
        return RegistrationForm(given, True, f"{compact}: a Scottish charity number (SC and 6 digits; a Scottish "
                                             f"company number has the same form).", f"GB-SC-{compact}")
    if found := _CHARITY_NI.fullmatch(compact):
        return RegistrationForm(given, True, f"{compact}: a Northern Ireland charity number.",
                                f"GB-NIC-{found.group(1)}")
    if found := _COMPANY.fullmatch(compact):
        if found.group(1):
            return RegistrationForm(given, True, f"{compact}: a company number of England and Wales.",
                                    f"GB-COH-{compact}")
        what = COMPANY_PREFIXES.get(found.group(2))
        if what is None:
            return RegistrationForm(given, False, f"{compact}: 8 characters like a company number, but "
                                                  f"{found.group(2)} is not a Companies House prefix.", None)
        return RegistrationForm(given, True, f"{compact}: a company number, {what}.", f"GB-COH-{compact}")
    return None


def _org_id(given: str, compact: str) -> RegistrationForm:
    """An org-id: its number checked against its register's form where the register is a UK one we know."""
    country, register, number = compact.split("-", 2)
    scheme = f"{country}-{register}"
    expected = {"GB-CHC": _CHARITY_EW, "GB-SC": _CHARITY_SC, "GB-NIC": re.compile(r"\d{5,6}|NIC\d{6}"),
                "GB-COH": _COMPANY}.get(scheme)
    if expected is None:
        return RegistrationForm(given, True, f"{compact}: an org-id of the list {scheme}; its number is not "
                                             f"checked here.", compact)
    if not expected.fullmatch(number):
        return RegistrationForm(given, False, f"{compact}: an org-id of the list {scheme}, but {number} is not in "
                                              f"that register's form ({FORMS}).", None)
    if scheme == "GB-CHC":
        number = number.split("-")[0]
    if scheme == "GB-COH" and (prefix := number[:2]).isalpha() and prefix not in COMPANY_PREFIXES:
        return RegistrationForm(given, False, f"{compact}: {prefix} is not a Companies House prefix.", None)
    return RegistrationForm(given, True, f"{compact}: an org-id of the list {scheme}, in that register's form.",
                            f"{scheme}-{number.removeprefix('NIC')}" if scheme == "GB-NIC" else f"{scheme}-{number}")


_REGISTERS = {"GB-CHC": "a charity number of England and Wales", "GB-SC": "a Scottish charity number",
              "GB-NIC": "a Northern Ireland charity number", "GB-COH": "a company number"}


def read_registration(text: str | None, org_id: str | None = None) -> RegistrationForm | None:
    """The form of a registration number as an application gives it; None when it gives none.

    `org_id`, when the file has one for the organisation (a 360Giving import's), says which register a
    bare number belongs to (111407 is a Northern Ireland charity's when the org-id is GB-NIC-111407),
    and stands in for a number the application did not give.
    """
    form = _read(text)
    known = _read(org_id) if org_id and org_id_problem(org_id.strip()) is None else None
    if known is None or not known.ok or known.key is None:
        return form
    if form is None:
        return RegistrationForm(known.given, True, f"No registration number given; its org-id is {known.given}, in "
                                                   f"its register's form.", known.key)
    scheme, number = known.key.rsplit("-", 1)
    register = _REGISTERS.get(scheme)
    if form.ok and register and form.key is not None and form.key.split("-")[-1] == number.split("-")[-1]:
        return RegistrationForm(form.given, True, f"{form.given.strip()}: {register}, as its org-id {org_id} says.",
                                known.key)
    return form


def _read(text: str | None) -> RegistrationForm | None:
    given = (text or "").strip()
    if not given:
        return None
    compact = re.sub(r"\s+", "", given).upper()
    if org_id_problem(compact) is None:
        return _org_id(given, compact)
    if (found := _number(given, compact)) is not None:
        if found.ok and compact != given:
            return RegistrationForm(given, True, f"{found.words.removesuffix('.')} (written “{_shown(given)}”).",
                                    found.key)
        return found
    for token in re.findall(r"[A-Za-z]{0,3}\d[\d-]*", given):
        if (inside := _number(token, token.upper())) is not None and inside.ok:
            what = inside.words.split(": ", 1)[1]
            return RegistrationForm(given, False, f"“{_shown(given)}” is more than a number; {token.upper()} in it is "
                                                  f"{what}", inside.key)
    return RegistrationForm(given, False, f"“{_shown(given)}” is not a charity or company number of a UK register "
                                          f"({FORMS}).", None)
