"""The content of the demo file (`svassessor demo FILE.svdb`), as typed data.

The demo is the first thing a grant officer sees, so its applications are written like a real small
grants round (Birmingham, invented organisations, strong and weak bids, vague offers) and kept in
YAML beside this module, where they can be read and edited as prose. A third round is a small council
contract on a tender rubric, decided, so the demo shows what a bidder's assessment summary says: its
bids answer the rubric's own questions and each assessor's score and comment is written out. This
module only describes and checks that content; the demo builder turns it into a database. The checks
here are the ones the YAML itself can break (a highlighted quote that is not in its answer, a reference
named twice, an agreed score outside the scores given); criterion and measure ids are checked against
the rubric by the tests and the builder.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from svassessor.models import DecisionKind, DeliveryStatus, Role, RoundStatus
from svassessor.standstill import Nation

QUESTIONS: tuple[str, ...] = (
    "What need will your project meet, and how do you know?",
    "Who will benefit, and where?",
    "What will you deliver, and what difference will it make?",
    "Tell us a story from your work",
    "How will you run the project safely and well?",
)
FILES = ("common.yaml", "round_2026.yaml", "round_2025.yaml", "tender_2026.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Funder(_Strict):
    name: str
    org_id: str = Field(description="The funder's org-id (org-id.guide), e.g. GB-CHC-1234567.")
    identifier: str = Field(description="360Giving funder prefix, e.g. 360G-EXAMPLE.")


class DemoAssessor(_Strict):
    name: str
    role: Role = "assessor"


class DemoOrganisation(_Strict):
    name: str
    type: str
    registration: str | None = None
    postcode: str | None = None
    area: str
    sme: bool | None = Field(default=None, description="What a bidder told us; None: not asked (grants).")
    vcse: bool | None = None


class DemoAnswer(_Strict):
    question: str
    text: str


class DemoDelivery(_Strict):
    """Progress against one offer: `quantity` is cumulative, delivered so far."""

    on: date
    quantity: float | None = None
    status: DeliveryStatus
    evidence: str
    story: str


class DemoOffer(_Strict):
    description: str
    measure: str | None = None
    quantity: float | None = None
    unit: str | None = None
    beneficiary_group: str | None = None
    place: str | None = None
    timeframe: str | None = None
    evidence: str | None = None
    deliveries: list[DemoDelivery] = Field(default_factory=list)

    @property
    def vague(self) -> bool:
        """True when the offer lacks a measure, quantity, timeframe or place."""
        return None in (self.measure, self.quantity, self.timeframe, self.place)


class DemoAnnotation(_Strict):
    question: str
    quote: str = Field(description="An exact substring of that answer's text.")
    tag: str
    note: str
    criterion: str
    assessor: str = "Grants officer A"


class DemoDecision(_Strict):
    decision: DecisionKind
    amount_awarded: Decimal | None = None
    feedback: str


class DemoApplication(_Strict):
    reference: str
    organisation: DemoOrganisation
    title: str
    amount_requested: Decimal
    received: date
    summary: str
    narrative: list[DemoAnswer]
    offers: list[DemoOffer]
    profile: dict[str, int] = Field(description="criterion id -> the bid's 'true' quality, 0-4.")
    comments: dict[str, str] = Field(description="criterion id -> an assessor's comment.")
    annotations: list[DemoAnnotation] = Field(default_factory=list)
    decision: DemoDecision | None = None

    def answer(self, question: str) -> DemoAnswer:
        """The narrative answer to `question`."""
        for answer in self.narrative:
            if answer.question == question:
                return answer
        raise KeyError(question)

    @model_validator(mode="after")
    def _consistent(self) -> DemoApplication:
        if [a.question for a in self.narrative] != list(QUESTIONS):
            raise ValueError(f"{self.reference}: narrative must answer the five questions in order")
        texts = {a.question: a.text for a in self.narrative}
        for note in self.annotations:
            if texts.get(note.question, "").count(note.quote) != 1:
                raise ValueError(f"{self.reference}: quote not found once in its answer: {note.quote!r}")
        if self.decision and self.decision.amount_awarded is not None:
            if self.decision.amount_awarded > self.amount_requested:
                raise ValueError(f"{self.reference}: awarded more than requested")
        return self


class DemoConflict(_Strict):
    assessor: str
    application: str
    reason: str


class DemoModeration(_Strict):
    """The panel's agreed score where assessors disagreed; `assessor_scores` is what each gave."""

    application: str
    criterion: str
    score: int
    assessor_scores: dict[str, int]
    rationale: str


class DemoRound(_Strict):
    name: str
    status: RoundStatus
    rubric: str = Field(description="The rubric id, e.g. small_grants.")
    budget: Decimal
    opens: date
    closes: date
    panel_date: date | None = None
    applications: list[DemoApplication]
    conflicts: list[DemoConflict] = Field(default_factory=list)
    moderation: list[DemoModeration] = Field(default_factory=list)

    def application(self, reference: str) -> DemoApplication:
        """The application with this reference."""
        for application in self.applications:
            if application.reference == reference:
                return application
        raise KeyError(reference)

    @model_validator(mode="after")
    def _consistent(self) -> DemoRound:
        references = [a.reference for a in self.applications]
        if len(set(references)) != len(references):
            raise ValueError(f"{self.name}: two applications share a reference")
        items: list[DemoConflict | DemoModeration] = [*self.conflicts, *self.moderation]
        for item in items:
            if item.application not in references:
                raise ValueError(f"{self.name}: unknown application {item.application}")
        return self


class DemoScore(_Strict):
    score: int
    comment: str


class DemoHighlight(_Strict):
    """A passage an assessor highlighted against `criterion`, quoted from the answer to `answer`
    (a criterion id; by default the criterion's own question)."""

    criterion: str
    quote: str = Field(description="An exact substring of that answer's text.")
    tag: str
    note: str
    assessor: str
    answer: str | None = None

    @property
    def answered(self) -> str:
        return self.answer or self.criterion


class DemoBid(_Strict):
    """A tender's bid: an answer to each of the rubric's questions (criterion id -> text), a price, and
    each assessor's score and comment on every criterion (assessor -> criterion id -> score)."""

    reference: str
    organisation: DemoOrganisation
    title: str
    price: Decimal
    received: date
    summary: str
    answers: dict[str, str]
    offers: list[DemoOffer]
    assessments: dict[str, dict[str, DemoScore]]
    highlights: list[DemoHighlight] = Field(default_factory=list)
    decision: DemoDecision

    @model_validator(mode="after")
    def _consistent(self) -> DemoBid:
        for note in self.highlights:
            if self.answers.get(note.answered, "").count(note.quote) != 1:
                raise ValueError(f"{self.reference}: quote not found once in its answer: {note.quote!r}")
            if note.assessor not in self.assessments:
                raise ValueError(f"{self.reference}: {note.assessor} highlighted a bid they did not score")
        if self.decision.amount_awarded is not None and self.decision.amount_awarded > self.price:
            raise ValueError(f"{self.reference}: awarded more than the price bid")
        return self


class DemoAgreed(_Strict):
    """The panel's agreed score on one criterion of one bid, between the assessors' own."""

    application: str
    criterion: str
    score: int
    rationale: str


class DemoTender(_Strict):
    """A council contract on a tender rubric, decided and in standstill."""

    name: str
    buyer: str = Field(description="The contracting authority, an invented council.")
    rubric: str
    budget: Decimal = Field(description="The contract's value ceiling.")
    opens: date
    closes: date
    nation: Nation
    standstill_from: date = Field(description="The day the contract award notice was published.")
    panel: list[DemoAssessor]
    bids: list[DemoBid]
    moderation: list[DemoAgreed] = Field(default_factory=list)

    def bid(self, reference: str) -> DemoBid:
        """The bid with this reference."""
        for bid in self.bids:
            if bid.reference == reference:
                return bid
        raise KeyError(reference)

    @model_validator(mode="after")
    def _consistent(self) -> DemoTender:
        references = [b.reference for b in self.bids]
        if len(set(references)) != len(references):
            raise ValueError(f"{self.name}: two bids share a reference")
        names = {p.name for p in self.panel}
        for bid in self.bids:
            if unknown := set(bid.assessments) - names:
                raise ValueError(f"{bid.reference}: unknown assessors {sorted(unknown)}")
        for agreed in self.moderation:
            given = [s[agreed.criterion].score for s in self.bid(agreed.application).assessments.values()]
            if not min(given) <= agreed.score <= max(given):
                raise ValueError(f"{agreed.application}: the agreed {agreed.criterion} is not between the scores given")
        return self


class DemoContent(_Strict):
    funder: Funder
    assessors: list[DemoAssessor]
    this_year: DemoRound
    last_year: DemoRound
    tender: DemoTender

    @property
    def rounds(self) -> list[DemoRound]:
        """The two grant rounds (the tender is `tender`)."""
        return [self.this_year, self.last_year]

    @model_validator(mode="after")
    def _assessors_known(self) -> DemoContent:
        names = {a.name for a in self.assessors}
        for round_ in self.rounds:
            used = [c.assessor for c in round_.conflicts]
            used += [n for m in round_.moderation for n in m.assessor_scores]
            used += [n.assessor for a in round_.applications for n in a.annotations]
            if unknown := set(used) - names:
                raise ValueError(f"{round_.name}: unknown assessors {sorted(unknown)}")
        return self


def load_demo_content() -> DemoContent:
    """Read and validate the demo content bundled with the package."""
    folder = resources.files(__package__)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's where built: several times faster
    common, this_year, last_year, tender = (yaml.load(folder.joinpath(f).read_text("utf-8"), Loader=loader)
                                            for f in FILES)
    return DemoContent.model_validate({**common, "this_year": this_year, "last_year": last_year, "tender": tender})
