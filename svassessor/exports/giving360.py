"""The funded grants of a decided round in the 360Giving Data Standard 1.4.3 (CSV titles and JSON).

Each grant is built once as flat 360Giving column titles (`grant_rows`), and the JSON package is made
from those by the standard's own roll-up paths (`TITLES`), so the two outputs cannot disagree.

Identifiers follow the standard and org-id.guide (FIELD.md): a grant is `<funder prefix>-<reference>`
with the funder prefix `360G-…` and no slashes; a recipient is `GB-CHC-` (charity, England and Wales),
`GB-SC-` (Scottish charity, SC number), `GB-NIC-` (Northern Ireland charity) or `GB-COH-` (company,
8 characters with leading zeros) from its registration and type; an organisation with no
registration gets `<funder prefix>-ORG-<slug of its name>`, which the standard allows for
organisations the funder identifies itself.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import unicodedata
from decimal import Decimal
from typing import Any

from svassessor.errors import NotAllowed
from svassessor.exports.cells import csv_text
from svassessor.models import Application, Decision, Organisation
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


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]  # a name in a non-Latin script


def _prefix(data: RoundData) -> str:
    identifier = (data.round.funder_identifier or "").strip().replace("/", "-")
    if not identifier or not data.round.funder_name:
        raise NotAllowed(f"Round '{data.round.name}' has no funder name and 360Giving prefix (such as "
                         f"360G-EXAMPLE), which 360Giving data needs.")
    return identifier if identifier.upper().startswith("360G-") else f"360G-{identifier}"


def organisation_id(org: Organisation, prefix: str) -> tuple[str, str | None, str | None]:
    """(org-id, charity number, company number) of a recipient, by its registration and type."""
    number = re.sub(r"\s+", "", org.registration or "").upper()
    kind = (org.type or "").lower()
    companyish = any(w in kind for w in ("company", "cic", "community interest", "limited", "ltd", "society"))
    charityish = "charit" in kind or "cio" in kind
    if number:
        if number.startswith("SC") and not companyish:
            return f"GB-SC-{number}", number, None
        if number.startswith("NIC"):
            return f"GB-NIC-{number[3:]}", number[3:], None
        if companyish and not charityish or (not charityish and len(number) == 8):
            company = number.zfill(8) if number.isdigit() else number
            return f"GB-COH-{company}", None, company
        if number.isdigit():
            return f"GB-CHC-{number}", number, None
    return f"{prefix}-ORG-{_slug(org.name)}", None, None


def _money(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _grant(data: RoundData, prefix: str, app: Application, decision: Decision) -> dict[str, Any]:
    org = app.organisation
    org_id, charity, company = organisation_id(org, prefix)
    row: dict[str, Any] = {
        "Identifier": f"{prefix}-{app.reference.replace('/', '-')}",
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
        "Funding Org:Identifier": prefix,
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
    prefix = _prefix(data)
    return [_grant(data, prefix, app, decision) for app, decision in funded]


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
