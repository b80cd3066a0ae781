"""Answering a subject access request: every place a person's name, e-mail or phone number appears.

The search is for the name as given (any case); where an application's contact columns hold the name,
the e-mail addresses and phone numbers written beside it are searched for too, since they are that
person's data as much as the name is. Each finding says the round, table, field, reference and the text
around it; `write_findings` writes them as a plain text file a person can read (or CSV, for a .csv name).
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import FileProblem, NotAllowed
from svassessor.privacy.personal_text import contact_details, details_in
from svassessor.repository.personal_data import Place, places

if TYPE_CHECKING:
    from svassessor.store import Store

_AROUND = 60  # characters of context either side


@dataclass(frozen=True)
class Finding:
    place: Place
    term: str
    context: str


@dataclass(frozen=True)
class Findings:
    name: str
    terms: list[str]
    found: list[Finding]

    def lines(self) -> list[str]:
        lines = [f"Searched for: {', '.join(self.terms)}.",
                 f"{len(self.found)} place{'s' * (len(self.found) != 1)} found."]
        for f in self.found:
            p = f.place
            where = " / ".join(x for x in (p.round and f"round '{p.round}'", p.reference, f"{p.table}.{p.field}") if x)
            lines.append(f"{where} ({p.source}): {f.context}")
        return lines


def find(store: Store, name: str) -> Findings:
    """Every place `name` (and the e-mail addresses and phone numbers recorded with it) appears in the file."""
    name = name.strip()
    if len(name) < 3:
        raise NotAllowed("Give at least three characters of the name to search for.")
    every = list(places(store))
    terms = [name, *_recorded_with(name, every)]
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    found = []
    for place in every:
        for match in pattern.finditer(place.text):
            start, end = max(0, match.start() - _AROUND), match.end() + _AROUND
            context = " ".join(place.text[start:end].split())
            found.append(Finding(place, match.group(0), f"{'…' * (start > 0)}{context}{'…' * (end < len(place.text))}"))
    return Findings(name, terms, found)


def _recorded_with(name: str, every: list[Place]) -> list[str]:
    """E-mail addresses and phone numbers in the contact columns of applications whose contact columns name them."""
    lowered = name.lower()
    extra: dict[tuple[str | None, str | None], dict[str, str]] = {}
    for place in every:
        if place.table == "applications" and place.field.startswith("extra: ") and place.source == "now":
            extra.setdefault((place.reference, place.round), {})[place.field[7:]] = place.text
    details: list[str] = []
    for answers in extra.values():
        contacts = contact_details(answers)
        if any(lowered in c.lower() for c in contacts):
            details += [d for c in contacts for d in details_in(c) if d.lower() != lowered]
    return list(dict.fromkeys(details))


def write_findings(findings: Findings, out: Path) -> None:
    """A plain text report (or CSV, for a name ending .csv), written whole or not at all."""
    partial = out.with_name(f".{out.name}.partial")
    try:
        if out.suffix.lower() == ".csv":
            with partial.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["Round", "Reference", "Table", "Field", "Where", "Found", "Text around it"])
                for f in findings.found:
                    p = f.place
                    writer.writerow([p.round or "", p.reference or "", p.table, p.field, p.source, f.term, f.context])
        else:
            partial.write_text(_report(findings), encoding="utf-8")
        os.replace(partial, out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise FileProblem(f"{out} could not be written ({error.strerror or error}).") from error


def _report(findings: Findings) -> str:
    lines = [f"Personal data held about: {findings.name}", "",
             f"Searched for (any case): {json.dumps(findings.terms, ensure_ascii=False)[1:-1]}",
             f"Places found: {len(findings.found)}", ""]
    for n, f in enumerate(findings.found, start=1):
        p = f.place
        lines += [f"{n}. Round: {p.round or '(none)'}", f"   Application: {p.reference or '(none)'}",
                  f"   Where: {p.table}, {p.field} ({p.source})", f"   Text: {f.context}", ""]
    return "\n".join(lines)
