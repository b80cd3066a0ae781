"""The round file (DESIGN §9): a whole round as JSON, lossless, importable again.

These models are the format's definition (`RoundFile.model_json_schema()` is its JSON Schema).
Rows keep their ids, so links are by id (an assessment's `application_id`), and their stored
timestamps verbatim, so a round exported, imported and exported again gives the same rows.
Money is a string of pounds ("12480.50"), exact; an attachment's content is base64.

`audit` holds the history of every row of the round, as the exporting file recorded it: the events
keep their own `seq`, `hash` and `prev_hash` from that file's chain, so each event can be checked
against its hash (the chain itself interleaves other rounds' events and is not in the file).
Format 2 adds how events of the log's second form are sealed (`format`, the digests and salts of their
erasable values, see `storage.audit`) and `retain_until`; an older build cannot check those, so it is
told to update rather than shown a list of unknown fields.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

from svassessor.models import AssessmentStatus, DecisionKind, DeliveryStatus, Role, RoundStatus
from svassessor.standstill import Nation

FORMAT_VERSION: Final = 2
Timestamp = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Criterion(_Part):
    id: str
    title: str


class Theme(_Part):
    id: str
    title: str
    criteria: list[Criterion]


class Rubric(_Part):
    snapshot_id: str
    id: str
    version: str
    name: str
    sha256: str
    yaml: str
    themes: list[Theme]


class RoundPart(_Part):
    id: str
    name: str
    status: RoundStatus
    budget: Decimal | None
    opens: date | None
    closes: date | None
    sv_weight: float | None
    funder_name: str | None
    funder_org_id: str | None = None  # absent in files written before it: see `load`
    funder_identifier: str | None  # the 360Giving prefix
    nation: Nation | None = None  # these two absent in files written before them
    standstill_from: date | None = None
    anonymised: bool | None = None  # absent in files written before anonymised rounds (None: named, never set)
    reveal_at: RoundStatus | None = None  # when an anonymised round's identities appear (None: moderation)
    created_at: Timestamp
    rubric: Rubric


class Conflict(_Part):
    id: str
    application_id: str
    reason: str
    declared_at: Timestamp


class Assignment(_Part):
    id: str
    application_id: str
    assigned_at: Timestamp


class AssessorPart(_Part):
    id: str
    name: str
    role: Role
    interests: str | None = None  # absent in files written before assessors had interests
    created_at: Timestamp
    conflicts: list[Conflict]
    assignments: list[Assignment] = []  # the applications assigned to them (absent in files written before)


class OrganisationPart(_Part):
    name: str
    type: str | None
    registration: str | None
    postcode: str | None
    area: str | None
    sme: bool | None = None  # these two absent in files written before them
    vcse: bool | None = None


class Narrative(_Part):
    id: str
    position: int
    question: str
    text: str
    source: str | None


class OfferPart(_Part):
    id: str
    position: int
    description: str
    measure: str | None
    quantity: float | None
    unit: str | None
    beneficiary_group: str | None
    place: str | None
    timeframe: str | None
    evidence: str | None


class AttachmentPart(_Part):
    id: str
    delivery_id: str | None = None  # set for a delivery report's file; absent in files written before
    filename: str
    media_type: str
    size: int
    sha256: str
    added_at: Timestamp
    content_base64: str


class ApplicationPart(_Part):
    id: str
    reference: str
    organisation: OrganisationPart
    title: str
    amount_requested: Decimal | None
    price: Decimal | None
    summary: str
    received: date | None
    extra: dict[str, str]
    created_at: Timestamp
    updated_at: Timestamp
    narrative: list[Narrative]
    offers: list[OfferPart]
    attachments: list[AttachmentPart]


class Score(_Part):
    id: str
    criterion_id: str
    score: float | None
    not_scored: bool
    comment: str
    confidence: int | None
    updated_at: Timestamp


class AssessmentPart(_Part):
    id: str
    application_id: str
    assessor_id: str
    status: AssessmentStatus
    overall_comment: str
    submitted_at: Timestamp | None
    updated_at: Timestamp
    scores: list[Score]


class AnnotationPart(_Part):
    id: str
    application_id: str
    assessor_id: str
    narrative_id: str
    start: int
    end: int
    quote: str
    tag: str
    note: str
    criterion_id: str | None
    created_at: Timestamp


class ModerationPart(_Part):
    id: str
    application_id: str
    criterion_id: str
    score: float
    rationale: str
    moderated_by: str
    updated_at: Timestamp


class DecisionPart(_Part):
    id: str
    application_id: str
    decision: DecisionKind
    amount_awarded: Decimal | None
    feedback: str
    decided_by: str
    decided_at: Timestamp


class DeliveryPart(_Part):
    id: str
    offer_id: str
    on_date: date
    quantity: float | None
    status: DeliveryStatus
    evidence: str
    story: str
    recorded_by: str
    recorded_at: Timestamp


class ExplanationOverridePart(_Part):
    id: str
    application_id: str
    criterion_id: str
    kind: Literal["empty", "restates", "no_gap"]
    reason: str
    overridden_by: str
    overridden_at: Timestamp
class ScreeningPart(_Part):
    """An officer's eligibility screening of one application: answers (question id → yes/no), decision, reason."""

    id: str
    application_id: str
    decision: Literal["eligible", "ineligible"] | None
    reason: str
    answers: dict[str, Literal["yes", "no"]]
    screened_by: str
    screened_at: Timestamp


class RedactionWordPart(_Part):
    id: str
    application_id: str | None  # None: redacted in the whole round
    word: str
    added_by: str
    added_at: Timestamp


class AuditEventPart(_Part):
    seq: int
    id: str
    at: Timestamp
    actor: str
    action: Literal["insert", "update", "delete"]
    entity: str
    entity_id: str
    old: dict | None
    new: dict | None
    prev_hash: str
    hash: str
    format: Literal[1, 2] = 1
    old_digest: str | None = None  # format 2: sha256 of the erasable values' salt and JSON
    new_digest: str | None = None
    old_salt: str | None = None  # format 2: None when the values were erased (or there are none)
    new_salt: str | None = None
    erased: bool = False  # some values were erased: `old` and `new` hold the rest


class RoundFile(_Part):
    format_version: Literal[1, 2]
    generator: str
    exported_at: Timestamp
    exported_by: str
    round: RoundPart
    assessors: list[AssessorPart]
    applications: list[ApplicationPart]
    assessments: list[AssessmentPart]
    annotations: list[AnnotationPart]
    moderation: list[ModerationPart]
    decisions: list[DecisionPart]
    deliveries: list[DeliveryPart]
    explanation_overrides: list[ExplanationOverridePart] = []  # absent in files from before the checker
    screenings: list[ScreeningPart] = []  # absent in files written before eligibility screening
    redaction_words: list[RedactionWordPart] = []  # absent in files from before anonymised rounds
    audit: list[AuditEventPart]
