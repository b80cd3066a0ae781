"""The rubric: the common framework an assessor scores against (DESIGN §3, §11).

A rubric is data: themes of criteria, a scale with a descriptor for every level, weights, pass marks,
measures, annotation tags, priorities, the moderation rule and, for tenders, the price / quality /
social value weighting. Weights are relative: they are normalised where they are used, so only their
proportions matter. Validation is strict (unknown fields are errors) so that a typo in a rubric is
caught when it is written, not when a panel's ranking quietly comes out wrong.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

Identifier = str
ID_PATTERN = r"^[a-z][a-z0-9_]*$"

Loc = tuple[str | int, ...]


def _raise_problems(problems: list[tuple[Loc, str]]) -> None:
    """Raise all problems as one validation error that still says where each one is.

    The message reads as before ("a; b"); `ctx["problems"]` keeps each problem's location relative to
    the validated object, so the rubric loader can point the author at the line to edit.
    """
    if problems:
        summary = "; ".join(message for _, message in problems)
        raise PydanticCustomError("rubric_inconsistent", "{summary}", {"summary": summary, "problems": problems})


class _Strict(BaseModel):
    # NaN or infinity in a weight or pass mark would make every total NaN without any error.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ScaleLevel(_Strict):
    """One point of the scale, with the words an assessor matches the evidence against."""

    value: int
    label: str = Field(min_length=1)
    descriptor: str = Field(min_length=1)


class Scale(_Strict):
    """The scoring scale; every level from `min` to `max` that can be given has a descriptor."""

    levels: list[ScaleLevel] = Field(min_length=2)

    @field_validator("levels")
    @classmethod
    def _levels_ascend(cls, levels: list[ScaleLevel]) -> list[ScaleLevel]:
        problems: list[tuple[Loc, str]] = []
        for i in range(1, len(levels)):
            if levels[i].value == levels[i - 1].value:
                problems.append(((i, "value"), f"two levels have the same value {levels[i].value}"))
            elif levels[i].value < levels[i - 1].value:
                problems.append(((i, "value"), "levels must be listed from lowest to highest"))
        _raise_problems(problems)
        return levels

    @property
    def min(self) -> int:
        return self.levels[0].value

    @property
    def max(self) -> int:
        return self.levels[-1].value

    @property
    def values(self) -> list[int]:
        return [level.value for level in self.levels]

    def level(self, value: float) -> ScaleLevel | None:
        """The level with exactly this value, if the scale has one."""
        return next((level for level in self.levels if level.value == value), None)


class Measure(_Strict):
    """A quantified offer (jobs, hours, local spend), recorded beside the score, never folded in."""

    id: Identifier = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    code: str | None = None
    proxy_gbp_per_unit: float | None = Field(default=None, ge=0)
    proxy_source: str | None = None
    guidance: str | None = None


class Criterion(_Strict):
    id: Identifier = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    question: str = Field(min_length=1, description="What the applicant is asked to show.")
    guidance: str | None = Field(default=None, description="What an assessor looks for.")
    weight: float = Field(default=1.0, ge=0)
    pass_mark: float | None = Field(
        default=None, description="A score below this makes the application 'does not meet threshold'."
    )
    measures: list[Identifier] = Field(default_factory=list)
    scale: Scale | None = Field(default=None, description="Overrides the rubric's scale for this criterion.")


class Theme(_Strict):
    id: Identifier = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    description: str | None = None
    weight: float = Field(ge=0)
    part: Literal["quality", "social_value"] = Field(
        default="social_value",
        description="Which part of the overall weighting this theme counts towards.",
    )
    criteria: list[Criterion] = Field(min_length=1)


class Tag(_Strict):
    """An annotation tag for a highlighted passage of narrative."""

    id: Identifier = Field(pattern=ID_PATTERN)
    label: str = Field(min_length=1)
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    key: str | None = Field(default=None, pattern=r"^[A-Za-z]$", description="Keyboard shortcut letter.")
    description: str | None = None


class Priority(_Strict):
    """A beneficiary group or place the funder wants to reach first (DESIGN §2.7).

    An application with an offer whose beneficiary group (or place) matches one of `match` earns
    `points` on the 0–100 scale, shown beside its total and added for ranking, never hidden in it.
    Only the largest matching priority counts, so listing many groups cannot stack uplifts.
    """

    id: Identifier = Field(pattern=ID_PATTERN)
    kind: Literal["group", "place"]
    label: str = Field(min_length=1)
    match: list[str] = Field(min_length=1, description="Names matched case-insensitively.")
    points: float = Field(gt=0, le=20)


class ModerationRule(_Strict):
    aggregate: Literal["mean", "median"] = "mean"
    spread_threshold: float = Field(
        gt=0, description="A spread (max − min, in scale points) at or over this flags a criterion."
    )
    normalise_after: int = Field(
        default=5, ge=2, description="Scored applications an assessor needs before normalisation is shown."
    )


class AmountRule(_Strict):
    """The amounts a round funds, in pounds: an application asking for less or more is not eligible."""

    min: Decimal | None = Field(default=None, ge=0, decimal_places=2, description="The least a round funds (£).")
    max: Decimal | None = Field(default=None, gt=0, decimal_places=2, description="The most a round funds (£).")

    @model_validator(mode="after")
    def _ordered(self) -> AmountRule:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min £{self.min:,} is more than max £{self.max:,}")
        return self


class Places(_Strict):
    """Where an applicant must be based: postcode districts (B6, SW1A), local authority names, or both
    (an application in either list is in)."""

    postcode_districts: list[str] = Field(
        default_factory=list, description="Outward codes, such as B6 or SW1A (a district, not a whole postcode).")
    local_authorities: list[str] = Field(
        default_factory=list, description="Names matched case-insensitively against the application's area.")

    @field_validator("postcode_districts")
    @classmethod
    def _districts(cls, districts: list[str]) -> list[str]:
        problems: list[tuple[Loc, str]] = []
        for i, district in enumerate(districts):
            if not re.fullmatch(r"[A-Za-z]{1,2}[0-9][0-9A-Za-z]?", district.strip()):
                problems.append(((i,), f"'{district}' is not a postcode district (such as B6 or SW1A)"))
        _raise_problems(problems)
        return [d.strip().upper() for d in districts]

    @model_validator(mode="after")
    def _some(self) -> Places:
        if not self.postcode_districts and not self.local_authorities:
            raise ValueError("name postcode_districts, local_authorities or both")
        return self


class ScreeningQuestion(_Strict):
    """A yes/no question the officer who screens answers; a "no" makes the application not eligible."""

    id: Identifier = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1, description="The question, as the officer reads it.")
    guidance: str | None = Field(default=None, description="What the officer looks at to answer it.")
    reason: str | None = Field(
        default=None, description="What the applicant is told when the answer is no, in words they understand.")


class Eligibility(_Strict):
    """Who may apply (DESIGN §3): rules checked from the application's own fields, and questions an
    officer answers. A rule the application's fields cannot decide leaves it for the officer."""

    amount: AmountRule | None = None
    organisation_types: list[str] = Field(
        default_factory=list, description="The types of organisation that may apply (matched case-insensitively).")
    places: Places | None = None
    registration_required_for: list[str] = Field(
        default_factory=list, description="Organisation types that must give a registration number.")
    questions: list[ScreeningQuestion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Eligibility:
        problems: list[tuple[Loc, str]] = []
        ids = [q.id for q in self.questions]
        for i, question_id in enumerate(ids):
            if question_id in ids[:i]:
                problems.append((("questions", i, "id"), f"two questions have the same id '{question_id}'"))
        allowed = {" ".join(t.split()).casefold() for t in self.organisation_types}
        for i, kind in enumerate(self.registration_required_for):
            if allowed and " ".join(kind.split()).casefold() not in allowed:
                problems.append((("registration_required_for", i),
                                 f"'{kind}' is not one of the organisation_types that may apply"))
        _raise_problems(problems)
        return self


TieBreak = Literal["social_value", "quality", "lowest_amount", "lowest_price", "earliest_received", "reference"]
_TIE_BREAK: tuple[TieBreak, ...] = ("social_value", "reference")


class TenderWeighting(_Strict):
    """Price / quality / social value shares of a tender's overall score (percentages, sum 100)."""

    price: float = Field(ge=0, le=100)
    quality: float = Field(ge=0, le=100)
    social_value: float = Field(ge=10, le=100, description="At least 10% (PPN 002).")
    price_rule: Literal["lowest_over_bid"] = "lowest_over_bid"

    @model_validator(mode="after")
    def _sums_to_100(self) -> TenderWeighting:
        total = self.price + self.quality + self.social_value
        if abs(total - 100) > 1e-9:
            raise ValueError(f"price, quality and social_value must add up to 100, not {total:g}")
        return self


class Rubric(_Strict):
    schema_version: Literal[1] = 1
    id: Identifier = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    kind: Literal["grant", "tender"] = "grant"
    description: str = Field(min_length=1)
    source: str = Field(min_length=1, description="Where the rubric's content comes from.")
    scale: Scale
    themes: list[Theme] = Field(min_length=1)
    measures: list[Measure] = Field(default_factory=list)
    tags: list[Tag] = Field(min_length=1)
    priorities: list[Priority] = Field(default_factory=list)
    moderation: ModerationRule
    tie_break: list[TieBreak] = Field(default_factory=lambda: list(_TIE_BREAK))
    tender: TenderWeighting | None = None
    eligibility: Eligibility | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        problems: list[tuple[Loc, str]] = []
        seen: set[str] = set()
        for t, theme in enumerate(self.themes):
            if theme.id in seen:
                problems.append((("themes", t, "id"), f"duplicate id '{theme.id}'"))
            seen.add(theme.id)
            for c, criterion in enumerate(theme.criteria):
                if criterion.id in seen:
                    problems.append((("themes", t, "criteria", c, "id"), f"duplicate id '{criterion.id}'"))
                seen.add(criterion.id)
        if sum(t.weight for t in self.themes) <= 0:
            problems.append((("themes",), "theme weights add up to 0, so no total can be computed"))
        for t, theme in enumerate(self.themes):
            if sum(c.weight for c in theme.criteria) <= 0:
                problems.append((("themes", t, "criteria"), f"criterion weights of theme '{theme.id}' add up to 0"))
        measure_ids = [m.id for m in self.measures]
        for m, measure_id in enumerate(measure_ids):
            if measure_id in measure_ids[:m]:
                problems.append((("measures", m, "id"), f"two measures have the same id '{measure_id}'"))
        for t, theme in enumerate(self.themes):
            for c, criterion in enumerate(theme.criteria):
                at: Loc = ("themes", t, "criteria", c)
                for k, measure in enumerate(criterion.measures):
                    if measure not in measure_ids:
                        problems.append(
                            ((*at, "measures", k), f"criterion '{criterion.id}' names unknown measure '{measure}'")
                        )
                scale = criterion.scale or self.scale
                if criterion.pass_mark is not None and not scale.min <= criterion.pass_mark <= scale.max:
                    problems.append(
                        ((*at, "pass_mark"),
                         f"pass mark of '{criterion.id}' is outside the scale {scale.min}–{scale.max}")
                    )
        tag_ids = [t.id for t in self.tags]
        keys = [t.key.lower() if t.key else None for t in self.tags]
        for i, tag in enumerate(self.tags):
            if tag.id in tag_ids[:i]:
                problems.append((("tags", i, "id"), f"two tags have the same id '{tag.id}'"))
            if keys[i] is not None and keys[i] in keys[:i]:
                problems.append((("tags", i, "key"), f"two tags have the same key '{tag.key}'"))
        if self.kind == "tender" and self.tender is None:
            problems.append((("kind",), "a tender rubric needs a 'tender' weighting"))
        if self.kind == "grant" and self.tender is not None:
            problems.append((("tender",), "a 'tender' weighting is only for kind: tender"))
        if not any(t.part == "social_value" for t in self.themes):
            problems.append((("themes",), "at least one theme must count towards social_value"))
        if self.tender is not None and self.tender.quality > 0 and not any(t.part == "quality" for t in self.themes):
            problems.append((("tender", "quality"), "quality has a weight but no theme has part: quality"))
        if self.moderation.spread_threshold > self.scale.max - self.scale.min:
            problems.append(
                (
                    ("moderation", "spread_threshold"),
                    f"spread threshold {self.moderation.spread_threshold:g} is wider than the scale "
                    f"{self.scale.min}–{self.scale.max}, so no disagreement would ever be flagged",
                )
            )
        _raise_problems(problems)
        return self

    @property
    def criteria(self) -> list[Criterion]:
        return [c for theme in self.themes for c in theme.criteria]

    def criterion(self, criterion_id: str) -> Criterion:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def theme_of(self, criterion_id: str) -> Theme:
        for theme in self.themes:
            if any(c.id == criterion_id for c in theme.criteria):
                return theme
        raise KeyError(criterion_id)

    def scale_for(self, criterion_id: str) -> Scale:
        criterion = next((c for c in self.criteria if c.id == criterion_id), None)
        return (criterion.scale if criterion and criterion.scale else None) or self.scale

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    @property
    def social_value_share(self) -> float:
        """The social value share of the total, in percent, as the rubric sets it."""
        if self.tender is not None:
            return self.tender.social_value
        total = sum(t.weight for t in self.themes)
        return 100 * sum(t.weight for t in self.themes if t.part == "social_value") / total
