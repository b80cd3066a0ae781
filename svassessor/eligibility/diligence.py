"""Due diligence from what the file already knows, shown beside eligibility and never deciding it.

Three findings an officer would otherwise look up by hand: whether the registration number has the
form of a UK register's (`registration`); whether the same organisation applied more than once in the
round (the same registration, or the same name once case, punctuation, a bracketed short name and a
legal ending are set aside); and whether it was funded in another round of this file, with how much
and what it delivered of what it promised.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from svassessor.eligibility.applicant import Applicant
from svassessor.eligibility.registration import read_registration
from svassessor.eligibility.rules import pounds
from svassessor.references import reference_key

Kind = Literal["registration", "duplicate", "earlier_funding"]
_LEGAL_ENDINGS = ("limited", "ltd", "cio", "cic", "plc", "llp", "scio", "incorporated", "inc")


@dataclass(frozen=True)
class Finding:
    kind: Kind
    words: str
    concern: bool  # worth the officer's attention before they decide


@dataclass(frozen=True)
class EarlierAward:
    """A funded application of another round, with the latest status of each of its commitments."""

    round: str
    applicant: Applicant
    awarded_pence: int | None
    commitments: int
    latest: Mapping[str, int]  # delivery status → how many commitments stand there now


def name_key(name: str) -> str:
    """An organisation's name as compared: 'The Bail for Immigration Detainees (BID) Ltd' → 'bail for
    immigration detainees'."""
    text = re.sub(r"\([^)]*\)", " ", name.casefold()).replace("&", " and ")
    words = re.sub(r"[^\w\s]", " ", text).split()
    if words[:1] == ["the"]:
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEGAL_ENDINGS:
        words = words[:-1]
    return " ".join(words)


def identity_keys(applicant: Applicant) -> set[str]:
    """What makes two applications the same organisation's: its registration (as an org-id), its name."""
    keys = set()
    form = read_registration(applicant.registration, applicant.org_id)
    if form is not None and form.key is not None:
        keys.add(f"registration {form.key}")
    if name := name_key(applicant.organisation):
        keys.add(f"name {name}")
    return keys


def same_organisation(applicants: Iterable[Applicant]) -> dict[str, list[tuple[Applicant, str]]]:
    """Application id → the other applications of the same organisation, each with why, in reference order."""
    by_key: dict[str, list[Applicant]] = defaultdict(list)
    for applicant in applicants:
        for key in identity_keys(applicant):
            by_key[key].append(applicant)
    found: dict[str, dict[str, tuple[Applicant, str]]] = defaultdict(dict)
    for key, group in by_key.items():
        if len(group) < 2:
            continue
        why = f"the same registration {key.split(' ', 1)[1]}" if key.startswith("registration") else "the same name"
        for one in group:
            for other in group:
                if other.id != one.id and (other.id not in found[one.id] or why != "the same name"):
                    found[one.id][other.id] = (other, why)
    return {app_id: sorted(others.values(), key=lambda pair: reference_key(pair[0].reference))
            for app_id, others in found.items()}


def delivery_record(award: EarlierAward) -> str:
    """'delivered 12 of 14 commitments; 1 missed, 1 at risk', from each commitment's latest report."""
    if award.commitments == 0:
        return "no commitments were recorded"
    counts = dict(award.latest)
    reported = sum(counts.values())
    parts = [f"{counts[s]} {w}" for s, w in (("missed", "missed"), ("at_risk", "at risk"), ("on_track", "on track"))
             if counts.get(s)]
    if unreported := award.commitments - reported:
        parts.append(f"{unreported} not yet reported")
    plural = "commitment" if award.commitments == 1 else "commitments"
    head = f"delivered {counts.get('delivered', 0)} of {award.commitments} {plural}"
    return f"{head}; {', '.join(parts)}" if parts else head


def _award_words(award: EarlierAward) -> str:
    amount = pounds(award.awarded_pence) if award.awarded_pence is not None else "an amount not recorded"
    return (f"Funded {amount} in round '{award.round}' ({award.applicant.reference}): "
            f"{delivery_record(award)}.")


def findings(applicant: Applicant, duplicates: list[tuple[Applicant, str]],
             earlier: list[EarlierAward]) -> list[Finding]:
    """What the officer should know about this application before deciding: registration, earlier funding,
    then the other applications of the same organisation in this round."""
    out = []
    form = read_registration(applicant.registration, applicant.org_id)
    if form is None:
        out.append(Finding("registration", "No registration number given.", False))
    else:
        out.append(Finding("registration", form.words, not form.ok))
    mine = identity_keys(applicant)
    for award in earlier:
        if identity_keys(award.applicant) & mine:
            missed = award.latest.get("missed", 0) + award.latest.get("at_risk", 0)
            out.append(Finding("earlier_funding", _award_words(award), missed > 0))
    for other, why in duplicates:
        asked = pounds(other.amount_pence) if other.amount_pence is not None else "no amount stated"
        out.append(Finding("duplicate", f"Also applied in this round: {other.reference}, {asked} for "
                                        f"“{other.organisation}”, {why}.", True))
    return out
