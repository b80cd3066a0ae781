"""Builders for the scoring tests: rubrics made with the model directly, candidates as plain data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from svassessor.rubric.model import (
    Criterion,
    ModerationRule,
    Priority,
    Rubric,
    Scale,
    ScaleLevel,
    Tag,
    TenderWeighting,
    Theme,
)
from svassessor.scoring import Candidate


def scale(low: int = 0, high: int = 4) -> Scale:
    return Scale(levels=[ScaleLevel(value=v, label=f"L{v}", descriptor=f"Level {v}.") for v in range(low, high + 1)])


def crit(cid: str, weight: float = 1.0, pass_mark: float | None = None, own_scale: Scale | None = None) -> Criterion:
    return Criterion(id=cid, title=cid, question=f"{cid}?", weight=weight, pass_mark=pass_mark, scale=own_scale)


def theme(tid: str, weight: float, part: str, *criteria: Criterion) -> Theme:
    return Theme(id=tid, title=tid, weight=weight, part=part, criteria=list(criteria))


def rubric(
    *themes: Theme,
    kind: str = "grant",
    tender: TenderWeighting | None = None,
    priorities: list[Priority] | None = None,
    aggregate: str = "mean",
    spread: float = 2,
    tie_break: list[str] | None = None,
    normalise_after: int = 5,
    base_scale: Scale | None = None,
) -> Rubric:
    extra = {"tie_break": tie_break} if tie_break is not None else {}
    return Rubric(
        id="test",
        name="Test rubric",
        version="1",
        kind=kind,
        description="For the scoring tests.",
        source="Written for the tests.",
        scale=base_scale or scale(),
        themes=list(themes),
        tags=[Tag(id="evidence", label="Evidence", colour="#336699")],
        priorities=priorities or [],
        moderation=ModerationRule(aggregate=aggregate, spread_threshold=spread, normalise_after=normalise_after),
        tender=tender,
        **extra,
    )


def cand(
    cid: str,
    amount: int | str | None = None,
    price: int | str | None = None,
    received: date | None = None,
    groups: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
    awarded: int | None = None,
) -> Candidate:
    return Candidate(
        id=cid,
        reference=cid.upper(),
        organisation=f"Org {cid}",
        amount=None if amount is None else Decimal(amount),
        price=None if price is None else Decimal(price),
        received=received,
        groups=groups,
        places=places,
        awarded=None if awarded is None else Decimal(awarded),
    )
