"""Which column fills which field: the mapping step, and the memory of it per kind of source.

A field is named the way the CLI's `--map field=column` and the wizard's drop-downs name it:

- `reference`, `title`, `summary`, `amount_requested`, `price`, `received`
- `organisation.name`, `.type`, `.registration`, `.postcode`, `.area`, and `.sme`, `.vcse` (yes or no: what a
  contract award notice asks of each supplier; 360Giving has no such field)
- `narrative` (the column title is the question) or `narrative:QUESTION`
- `offer.description`, `offer.quantity`, … (one offer per row), `offer2.description`, … for more
- `extra` (kept in `Application.extra` under the column title; what an unmapped column does) and
  `ignore` (dropped)

Several columns may fill one field: in each row the first with a value wins and the others are kept
as extra there (the plan's `uses` says so per column, and counts the rows once they are read).
Mappings are remembered per header signature (the column titles, in order) in a small JSON file in
the user's data folder, not in the .svdb: a form tool's export looks the same next year, in next
year's file, and a mapping is the user's habit rather than part of a round's record.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from svassessor.importing.threesixty import FIELD_TITLES
from svassessor.paths import user_data_dir

PLAIN_FIELDS = ("reference", "title", "summary", "amount_requested", "price", "received", "organisation.name",
                "organisation.type", "organisation.registration", "organisation.postcode", "organisation.area",
                "organisation.sme", "organisation.vcse")
OFFER_ATTRIBUTES = ("description", "measure", "quantity", "unit", "beneficiary_group", "place", "timeframe", "evidence")
REQUIRED = ("reference", "organisation.name", "title")
_OFFER = re.compile(r"offer(\d*)\.(\w+)")

# Plain titles a form tool might use, for columns that are not 360Giving (compared case-folded).
_SYNONYMS = {
    "reference": "reference", "ref": "reference", "application reference": "reference",
    "application id": "reference", "title": "title", "project title": "title", "project": "title",
    "summary": "summary", "project summary": "summary", "amount": "amount_requested",
    "amount requested": "amount_requested", "amount_requested": "amount_requested", "price": "price",
    "bid price": "price", "received": "received", "date received": "received", "received date": "received",
    "organisation": "organisation.name", "organisation name": "organisation.name",
    "organization name": "organisation.name", "organisation type": "organisation.type",
    "registration": "organisation.registration", "registration number": "organisation.registration",
    "charity number": "organisation.registration", "company number": "organisation.registration",
    "postcode": "organisation.postcode", "post code": "organisation.postcode", "area": "organisation.area",
    "sme": "organisation.sme", "sme?": "organisation.sme", "is sme": "organisation.sme",
    "is an sme": "organisation.sme", "is sme?": "organisation.sme", "is an sme?": "organisation.sme",
    "small or medium-sized enterprise": "organisation.sme", "vcse": "organisation.vcse", "vcse?": "organisation.vcse",
    "is vcse": "organisation.vcse", "is a vcse": "organisation.vcse", "is vcse?": "organisation.vcse",
    "is a vcse?": "organisation.vcse", "voluntary, community or social enterprise": "organisation.vcse",
    "voluntary, community or social enterprise?": "organisation.vcse",
    "voluntary community or social enterprise": "organisation.vcse",
}


@dataclass(frozen=True)
class FieldRef:
    """A parsed field name: its kind and, for narrative and offers, which question or offer."""

    kind: str  # a plain field, "narrative", "offer", "extra" or "ignore"
    question: str = ""  # narrative only
    offer: int = 0
    attribute: str = ""  # offers only


def parse_field(name: str, column: str) -> FieldRef:
    """The field a mapping names; ValueError with a sentence when there is no such field."""
    name = name.strip()
    if name in PLAIN_FIELDS or name in ("extra", "ignore"):
        return FieldRef(name)
    if name == "narrative":
        return FieldRef("narrative", question=column)
    if name.startswith("narrative:") and name[len("narrative:"):].strip():
        return FieldRef("narrative", question=name[len("narrative:"):].strip())
    if (found := _OFFER.fullmatch(name)) and found[2] in OFFER_ATTRIBUTES:
        return FieldRef("offer", offer=int(found[1] or 1) - 1, attribute=found[2])
    raise ValueError(f"'{name}' is not a field; use one of {', '.join(PLAIN_FIELDS)}, narrative, "
                     f"narrative:QUESTION, offer.ATTRIBUTE ({', '.join(OFFER_ATTRIBUTES)}), extra or ignore")


def field_choices(*, offers: int = 1, tender: bool = False) -> list[str]:
    """The fields a column can be mapped to, in the order a drop-down lists them.

    The price is a tender's (a grant round scores what is asked for, not a price), so only a tender
    round's drop-downs offer it.
    """
    offer_fields = [f"offer{'' if n == 1 else n}.{a}" for n in range(1, offers + 1) for a in OFFER_ATTRIBUTES]
    plain = [f for f in PLAIN_FIELDS if tender or f != "price"]
    return [*plain, "narrative", *offer_fields, "extra", "ignore"]


def guess(header: str) -> str | None:
    """The field a column title names by itself (360Giving or a plain title), or None."""
    key = header.strip().casefold()
    return FIELD_TITLES.get(key) or _SYNONYMS.get(key)


def signature(headers: list[str]) -> str:
    """What identifies a kind of source: its column titles in order, case and spacing aside."""
    return hashlib.sha256("\n".join(h.strip().casefold() for h in headers).encode("utf-8")).hexdigest()


class MappingMemory:
    """The mappings the user chose before, keyed by header signature, in one small JSON file."""

    def __init__(self, path: Path | None = None):
        self.path = path or user_data_dir() / "import-mappings.json"

    def _all(self) -> dict:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # no memory yet, or a damaged one: mapping again is the only cost
        return loaded if isinstance(loaded, dict) else {}

    def recall(self, headers: list[str]) -> dict[str, str]:
        entry = self._all().get(signature(headers), {})
        mapping = entry.get("mapping", {}) if isinstance(entry, dict) else {}
        return {c: f for c, f in mapping.items() if isinstance(f, str) and c in headers}

    def remember(self, headers: list[str], mapping: dict[str, str]) -> None:
        """Save the mapping (atomically: a crash never leaves a half-written file)."""
        every = self._all()
        every[signature(headers)] = {"headers": headers, "mapping": mapping}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(every, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.path)
