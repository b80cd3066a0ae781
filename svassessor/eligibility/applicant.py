"""The few fields of an application that eligibility and due diligence read, as plain values."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Applicant:
    """One application as the rules see it: who applied, from where, and for how much (in pence)."""

    id: str
    reference: str
    organisation: str
    org_type: str | None
    registration: str | None
    postcode: str | None
    area: str | None
    amount_pence: int | None
    org_id: str | None = None  # the organisation's org-id where the file has one (a 360Giving import's)


def words_key(text: str | None) -> str:
    """Text compared as people mean it: case, spacing and line breaks ignored."""
    return " ".join((text or "").split()).casefold()
