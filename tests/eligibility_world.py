"""Eligibility in tests: the AB Charitable Trust's published grants in a round whose rubric has rules.

The rubric is the shipped small-grants one with an `eligibility:` section added, so every test starts
from an empty file and real applications, and what the rules should find is worked out here from the
CSV itself, not from the code under test.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from svassessor.importing import import_applications, plan_import
from svassessor.models import Round, RoundStatus
from svassessor.paths import rubrics_dir
from svassessor.store import Store
from tests.shared_data import SHARED_DATA

ABCT = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.csv"
ROUND = "ABCT 2020"
MAXIMUM = 20000


def rubric_with(eligibility: str) -> str:
    """The shipped small-grants rubric with an `eligibility:` section (YAML, indented under it)."""
    return (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8") + f"\neligibility:\n{eligibility}"


AMOUNT_ONLY = rubric_with(f"  amount: {{max: {MAXIMUM}}}\n")


def csv_rows() -> list[dict[str, str]]:
    with ABCT.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def over_the_maximum(maximum: int = MAXIMUM) -> set[str]:
    """The grants that asked for more than `maximum` pounds, read straight from the published CSV."""
    return {row["Identifier"] for row in csv_rows() if Decimal(row["Amount Awarded"]) > maximum}


def abct_round(store: Store, *, rubric: str = AMOUNT_ONLY, name: str = ROUND, status: RoundStatus = "setup",
               budget: Decimal | None = Decimal(300000)) -> Round:
    """Every published grant imported, through the importer, into a new round of `store`."""
    round_ = store.rounds.create(name=name, rubric_yaml=rubric, status=status, budget=budget)
    import_applications(store, round_, plan_import(Path(ABCT)))
    return round_
