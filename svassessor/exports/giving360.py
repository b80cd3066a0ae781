"""The funded grants of a decided round in the 360Giving Data Standard 1.4.3 (CSV titles and JSON).

Each grant is built once as flat 360Giving column titles (`grant_rows`), and the JSON package is made
from those by the standard's own roll-up paths (`TITLES`), so the two outputs cannot disagree.

Identifiers follow the standard and org-id.guide (FIELD.md, `svassessor.orgids`). What a 360Giving
file gave is published as it was given: a grant imported with its `Identifier` (the application's
reference, `360G-…`) keeps it, and a recipient imported with its `Recipient Org:Identifier` (which the
importer keeps in `Application.extra` under that title) keeps that. Only a reference of our own gets
the funder's 360Giving prefix (`<prefix>-<reference>`, no slashes), and only a recipient with no
imported org-id gets one from its registration and type: `GB-CHC-` (charity, England and Wales),
`GB-SC-SC012345` (Scottish charity), `GB-NIC-` (Northern Ireland charity) or `GB-COH-` (company,
8 characters: leading zeros, a prefix such as SC, NI or OC kept); with no registration,
`<prefix>-ORG-<slug of its name>`, which the standard allows for organisations the funder identifies
itself. The funder is its org-id (`Funding Org:Identifier`), never its prefix.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shlex
import unicodedata
from decimal import Decimal
from typing import Any

from svassessor.errors import NotAllowed
from svassessor.exports.cells import csv_text
from svassessor.models import Application, Decision, Organisation
from svassessor.orgids import is_grant_identifier, org_id_problem, prefix_problem
from svassessor.reports.data import RoundData
from svassessor.reports.output import atomic_output

# Flat title → path in a JSON grant (list items are the standard's one-element roll-ups), in the
# order of the standard's grants sheet.
TITLES: dict[str, tuple[str | int, ...]] = {
    "Identifier": ("id",),
    "Title": ("title",),
    "Description": ("description",),
    "Currency": ("currency",),
    "Amount Applied For": ("amountAppliedFor",),
    "Amount Awarded": ("amountAwarded",),
    "Award Date": ("awardDate",),
    "Recipient Org:Identifier": ("recipientOrganization", 0, "id"),
    "Recipient Org:Name": ("recipientOrganization", 0, "name"),
    "Recipient Org:Charity Number": ("recipientOrganization", 0, "charityNumber"),
    "Recipient Org:Company Number": ("recipientOrganization", 0, "companyNumber"),
    "Recipient Org:Postal Code": ("recipientOrganization", 0, "postalCode"),
    "Beneficiary Location:Name": ("beneficiaryLocation", 0, "name"),
    "Beneficiary Location:Country Code": ("beneficiaryLocation", 0, "countryCode"),
    "Funding Org:Identifier": ("fundingOrganization", 0, "id"),
    "Funding Org:Name": ("fundingOrganization", 0, "name"),
    "Grant Programme:Title": ("grantProgramme", 0, "title"),
    "Last Modified": ("dateModified",),
}
NUMBERS = {"Amount Applied For", "Amount Awarded"}  # read back from CSV as numbers, the rest as text


RECIPIENT_ID = "Recipient Org:Identifier"  # where an imported org-id is kept in `Application.extra`
_NUMBERED_LISTS = (("GB-CHC-", "charity"), ("GB-SC-", "charity"), ("GB-NIC-", "charity"), ("GB-COH-", "company"))
_COMPANY_PREFIXED = re.compile(r"([A-Z]{2})(\d{1,6})")  # SC123456, NI012345, OC301234: the letters are kept


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]  # a name in a non-Latin script


def _company_number(number: str) -> str:
    """A Companies House number as org-id.guide writes it: 8 characters, zero-padded after any letters."""
    if number.isdigit():
        return number.zfill(8)
    if found := _COMPANY_PREFIXED.fullmatch(number):
        return found[1] + found[2].zfill(6)
    return number


def registered_id(org: Organisation) -> tuple[str | None, str | None, str | None]:
    """(org-id, charity number, company number) from a registration and type; no org-id without one."""
    number = re.sub(r"\s+", "", org.registration or "").upper()
    kind = (org.type or "").lower()
    companyish = any(w in kind for w in ("company", "cic", "community interest", "limited", "ltd", "society"))
    charityish = "charit" in kind or "cio" in kind
    if not number:
        return None, None, None
    if number.startswith("NIC") or ("northern ireland" in kind and charityish and number.isdigit()):
        charity = number.removeprefix("NIC")
        return f"GB-NIC-{charity}", charity, None
    if number.startswith("SC") and not companyish:
        return f"GB-SC-{number}", number, None
    if "scot" in kind and charityish and number.isdigit():
        charity = f"SC{number.zfill(6)}"
        return f"GB-SC-{charity}", charity, None
    if companyish and not charityish or (not charityish and len(number) == 8):
        company = _company_number(number)
        return f"GB-COH-{company}", None, company
    if number.isdigit():
        return f"GB-CHC-{number}", number, None
    return None, None, None


def _same(guess: str | None, number: str) -> bool:
    """True when a number guessed from the registration is this one (leading zeros aside)."""
    return guess is not None and guess.lstrip("0") == number.lstrip("0")


def recipient_id(app: Application, prefix: str | None) -> tuple[str | None, str | None, str | None]:
    """(org-id, charity number, company number) of a grant's recipient: its imported org-id as it was
    given, else one from its registration, else `<prefix>-ORG-<slug>` (None with no prefix to make it)."""
    org_id, charity, company = registered_id(app.organisation)
    imported = app.extra.get(RECIPIENT_ID, "")
    if imported.strip():
        for start, kind in _NUMBERED_LISTS:  # its number is of its list's kind, whatever the registration suggested
            if imported.startswith(start):
                number = imported[len(start):]
                charity = number if kind == "charity" else None if _same(charity, number) else charity
                company = number if kind == "company" else None if _same(company, number) else company
        return imported, charity, company
    if org_id is None and prefix is not None:
        org_id = f"{prefix}-ORG-{_slug(app.organisation.name)}"
    return org_id, charity, company


def grant_id(reference: str, prefix: str | None) -> str | None:
    """A grant's 360Giving identifier: an imported one as it is, else `<prefix>-<reference>` (None with no prefix)."""
    if is_grant_identifier(reference):
        return reference
    return None if prefix is None else f"{prefix}-{reference.replace('/', '-')}"


def _imported_funder(funded: list[Application]) -> dict[str, str]:
    """The one funder the imported grants name ({option: value}), or {} when they name none or several."""
    named = {(a.extra.get("Funding Org:Name", "").strip(), a.extra.get("Funding Org:Identifier", "").strip())
             for a in funded}
    if len(named) != 1:
        return {}
    name, org_id = named.pop()
    return {option: value for option, value in (("--funder-name", name), ("--funder-id", org_id)) if value}


def _funder_problem(data: RoundData, funded: list[Application]) -> str | None:
    """Why the round's funder settings cannot make its 360Giving data (with the command to set them), or None."""
    r = data.round
    settings = [("funder name", "--funder-name", r.funder_name, None),
                ("funder org-id", "--funder-id", r.funder_org_id, org_id_problem),
                ("360Giving prefix", "--prefix", r.funder_identifier, prefix_problem)]
    needs_prefix = any(grant_id(a.reference, None) is None or recipient_id(a, None)[0] is None for a in funded)
    if not (needs_prefix or r.funder_identifier):
        settings.pop()  # every grant and recipient has an imported identifier: the prefix is not used
    command = f"svassessor round set FILE --round {shlex.quote(r.name)}"
    missing = [(label, option) for label, option, value, _ in settings if not value]
    if missing:
        found = _imported_funder(funded)
        values = {"--funder-name": '"…"', "--funder-id": "GB-CHC-…", "--prefix": "360G-…"}
        values |= {option: shlex.quote(value) for option, value in found.items()}
        options = " ".join(f"{option} {values[option]}" for _, option in missing)
        named = " (the funder the imported grants name)" if any(o in found for _, o in missing) else ""
        labels = [label for label, _ in missing]
        listed = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"
        return (f"Round '{r.name}' has no {listed}, which 360Giving data needs: set "
                f"{'it' if len(labels) == 1 else 'them'} with {command} {options}{named}.")
    for label, option, value, check in settings:
        if check is not None and value and (problem := check(value)):
            return (f"Round '{r.name}' cannot be published as 360Giving data until its {label} is corrected "
                    f"({command} {option} …): {problem[0].lower()}{problem[1:]}.")
    return None


def _money(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _grant(data: RoundData, app: Application, decision: Decision) -> dict[str, Any]:
    prefix = data.round.funder_identifier
    org = app.organisation
    org_id, charity, company = recipient_id(app, prefix)
    row: dict[str, Any] = {
        "Identifier": grant_id(app.reference, prefix),
        "Title": app.title,
        "Description": app.summary.strip() or app.title,
        "Currency": "GBP",
        "Amount Applied For": _money(app.amount_requested),
        "Amount Awarded": _money(decision.amount_awarded),
        "Award Date": decision.decided_at.date().isoformat(),
        "Recipient Org:Identifier": org_id,
        "Recipient Org:Name": org.name,
        "Recipient Org:Charity Number": charity,
        "Recipient Org:Company Number": company,
        "Recipient Org:Postal Code": org.postcode,
        "Beneficiary Location:Name": org.area,
        "Beneficiary Location:Country Code": "GB" if org.area else None,
        "Funding Org:Identifier": data.round.funder_org_id,
        "Funding Org:Name": data.round.funder_name,
        "Grant Programme:Title": data.round.name,
        "Last Modified": decision.decided_at.isoformat(timespec="seconds"),
    }
    return {title: value for title, value in row.items() if value not in (None, "")}


def grant_rows(data: RoundData) -> list[dict[str, Any]]:
    """The round's funded grants as flat 360Giving titles → values (refused unless the round is decided)."""
    if data.round.status not in ("decided", "monitoring"):
        raise NotAllowed(f"Round '{data.round.name}' is in {data.round.status}; 360Giving data is published "
                         f"once the round is decided.")
    funded = [(app, data.decisions[app.id]) for app in data.applications
              if app.id in data.decisions and data.decisions[app.id].decision == "fund"]
    if not funded:
        raise NotAllowed(f"Round '{data.round.name}' has no funded applications, so there is no 360Giving data "
                         f"to publish.")
    if problem := _funder_problem(data, [app for app, _ in funded]):
        raise NotAllowed(problem)
    return [_grant(data, app, decision) for app, decision in funded]


def rolled_up(row: dict[str, Any]) -> dict[str, Any]:
    """One flat row as a JSON grant, by the standard's roll-up paths (numbers must already be numbers)."""
    grant: dict[str, Any] = {}
    for title, value in row.items():
        *parents, leaf = TITLES[title]
        node: Any = grant
        for step, following in zip(parents, [*parents[1:], leaf]):
            empty: Any = [] if isinstance(following, int) else {}
            if isinstance(step, int):
                while len(node) <= step:
                    node.append(empty)
                node = node[step]
            else:
                node = node.setdefault(step, empty)
        node[leaf] = value
    return grant


def write_csv(data: RoundData, path: str | os.PathLike[str]) -> int:
    """Write the funded grants as a 360Giving CSV (the standard's column titles); returns how many."""
    rows = grant_rows(data)
    titles = [t for t in TITLES if any(t in row for row in rows)]
    with atomic_output(path) as partial, open(partial, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(titles)
        for row in rows:
            writer.writerow([csv_text(row.get(t)) for t in titles])
    return len(rows)


def package(data: RoundData) -> dict[str, Any]:
    """The funded grants as a 360Giving JSON package `{"grants": [...]}`."""
    return {"version": "1.4", "grants": [rolled_up(row) for row in grant_rows(data)]}


def write_json(data: RoundData, path: str | os.PathLike[str]) -> int:
    """Write the 360Giving JSON package; returns how many grants."""
    document = package(data)
    with atomic_output(path) as partial:
        partial.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return len(document["grants"])
