"""The domain model (DESIGN §3): what a round holds, as the repository returns it.

Money is `Decimal` pounds (stored as whole pence), times are UTC. Every row that travels between
files (an assessor's file merged into the chair's) has a UUID `id`. A criterion score of `None` means
*not yet scored*, which is never the same as 0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from svassessor.standstill import Nation
from svassessor.storage.codec import new_id

RoundStatus = Literal["setup", "scoring", "moderation", "decided", "monitoring"]
ROUND_STATUSES: tuple[RoundStatus, ...] = ("setup", "scoring", "moderation", "decided", "monitoring")
Role = Literal["assessor", "chair"]
ROLES: tuple[Role, ...] = ("assessor", "chair")
AssessmentStatus = Literal["draft", "submitted"]
DecisionKind = Literal["fund", "reserve", "decline"]
DeliveryStatus = Literal["on_track", "at_risk", "delivered", "missed"]


def utc_now() -> datetime:
    return datetime.now(UTC)


class _Model(BaseModel):
    # defer_build: each model's validator is built when first used, not at import, so a command or the
    # window pays only for the models it touches (importing this module: about 150 ms → 95 ms).
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Round(_Model):
    id: str = Field(default_factory=new_id)
    name: str = Field(min_length=1)
    status: RoundStatus = "setup"
    budget: Decimal | None = None
    opens: date | None = None
    closes: date | None = None
    rubric_snapshot_id: str
    sv_weight: float | None = Field(default=None, description="Social value weight override, in percent.")
    funder_name: str | None = None
    funder_org_id: str | None = Field(
        default=None, description="The funder's org-id (org-id.guide), e.g. GB-CHC-1234567: 360Giving's "
                                  "Funding Org:Identifier.")
    funder_identifier: str | None = Field(
        default=None, description="The funder's 360Giving prefix, e.g. 360G-EXAMPLE, put before references of our own "
                                  "to make grant identifiers (the column's name is older than the org-id).")
    nation: Nation | None = Field(
        default=None, description="The part of the UK whose bank holidays count the standstill period.")
    standstill_from: date | None = Field(
        default=None, description="A tender's: the day the contract award notice was published, the standstill "
                                  "period's first day (Procurement Act 2023, s.51).")
    anonymised: bool = Field(default=False, description="Assessors see a label and redacted text, not who applies.")
    reveal_at: RoundStatus | None = Field(
        default=None, description="The status at which an anonymised round's identities appear to the panel "
                                  "(None: moderation).")
    retain_until: date | None = Field(
        default=None, description="The day after which the round's personal data is erased (DESIGN §3 Retention).")
    created_at: datetime = Field(default_factory=utc_now)


class Organisation(_Model):
    name: str = Field(min_length=1)
    type: str | None = None
    registration: str | None = None
    postcode: str | None = None
    area: str | None = None
    sme: bool | None = Field(default=None, description="A small or medium-sized enterprise? None: not asked.")
    vcse: bool | None = Field(default=None, description="A voluntary, community or social enterprise? None: not asked.")


class NarrativeAnswer(_Model):
    id: str = Field(default_factory=new_id)
    question: str = Field(min_length=1, description="The question or section the text answers.")
    text: str
    source: str | None = Field(default=None, description="The file the text came from, if any.")


class Offer(_Model):
    id: str = Field(default_factory=new_id)
    description: str = Field(min_length=1)
    measure: str | None = Field(default=None, description="A measure id of the rubric.")
    quantity: float | None = None
    unit: str | None = None
    beneficiary_group: str | None = None
    place: str | None = None
    timeframe: str | None = None
    evidence: str | None = None


class Attachment(_Model):
    id: str = Field(default_factory=new_id)
    filename: str
    media_type: str
    size: int
    sha256: str


class Application(_Model):
    id: str = Field(default_factory=new_id)
    round_id: str
    reference: str = Field(min_length=1)
    organisation: Organisation
    title: str = Field(min_length=1)
    amount_requested: Decimal | None = None
    price: Decimal | None = Field(default=None, description="The bid price, for tenders.")
    summary: str = ""
    received: date | None = None
    narrative: list[NarrativeAnswer] = Field(default_factory=list)
    offers: list[Offer] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    extra: dict[str, str] = Field(default_factory=dict, description="Imported columns with no field.")

    def asks(self, *, tender: bool) -> Decimal | None:
        """What funding it would take: a tender's bid price, a grant's amount requested (the ranking's rule)."""
        return self.price if tender else self.amount_requested


class Assessor(_Model):
    id: str = Field(default_factory=new_id)
    round_id: str
    name: str = Field(min_length=1)
    role: Role = "assessor"
    interests: str = Field(default="", description="What they know and care about, for matching them to "
                                                   "applications (and for spotting conflicts).")
    conflicts: list[str] = Field(default_factory=list, description="Ids of conflicted applications.")


class CriterionScore(_Model):
    criterion_id: str
    score: float | None = None
    not_scored: bool = Field(default=False, description="Explicitly marked not scored (not 0).")
    comment: str = ""
    confidence: int | None = Field(default=None, ge=1, le=5)
    updated_at: datetime | None = None


class Assessment(_Model):
    id: str = Field(default_factory=new_id)
    application_id: str
    assessor_id: str
    status: AssessmentStatus = "draft"
    overall_comment: str = ""
    scores: dict[str, CriterionScore] = Field(default_factory=dict)
    submitted_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utc_now)


class Annotation(_Model):
    id: str = Field(default_factory=new_id)
    application_id: str
    assessor_id: str
    narrative_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    tag: str
    note: str = ""
    criterion_id: str | None = None
    created_at: datetime = Field(default_factory=utc_now)


class Moderation(_Model):
    id: str = Field(default_factory=new_id)
    application_id: str
    criterion_id: str
    score: float
    rationale: str = Field(min_length=1)
    moderated_by: str
    updated_at: datetime = Field(default_factory=utc_now)


class Decision(_Model):
    id: str = Field(default_factory=new_id)
    application_id: str
    decision: DecisionKind
    amount_awarded: Decimal | None = None
    feedback: str = ""
    decided_by: str
    decided_at: datetime = Field(default_factory=utc_now)


class Delivery(_Model):
    id: str = Field(default_factory=new_id)
    offer_id: str
    on: date
    quantity: float | None = None
    status: DeliveryStatus
    evidence: str = ""
    story: str = ""
    recorded_by: str
    recorded_at: datetime = Field(default_factory=utc_now)


class AuditEvent(_Model):
    seq: int
    id: str
    at: datetime
    actor: str
    action: Literal["insert", "update", "delete"]
    entity: str
    entity_id: str
    old: dict | None
    new: dict | None
    prev_hash: str
    hash: str
