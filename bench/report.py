"""One row per budget: the figure, its floor from the same run, the ratio, and both budgets."""

from __future__ import annotations

import json
import platform
import statistics
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass
class Row:
    work: str
    figure: float
    unit: str
    budget: float | None
    floor: float | None = None
    floor_what: str = ""
    ratio_budget: float | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.floor else self.figure / self.floor

    @property
    def within(self) -> bool:
        absolute = self.budget is None or self.figure <= self.budget
        relative = self.ratio_budget is None or (self.ratio is not None and self.ratio <= self.ratio_budget)
        return absolute and relative


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def print_table(rows: list[Row]) -> None:
    print(f"{'work':<44} {'figure':>12} {'budget':>10} {'floor':>12} {'ratio':>7} {'≤ ratio':>8}  ok")
    for r in rows:
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
        limit = "" if r.ratio_budget is None else f"{r.ratio_budget:g}"
        budget = "" if r.budget is None else f"{r.budget:g} {r.unit}"
        floor = "" if r.floor is None else f"{r.floor:.3f} {r.unit}"
        print(f"{r.work:<44} {r.figure:>9.3f} {r.unit:<2} {budget:>10} {floor:>12} {ratio:>7} {limit:>8}  "
              f"{'yes' if r.within else 'NO'}")
        if r.floor_what:
            print(f"{'':<4}floor: {r.floor_what}")


def write_json(rows: list[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "at": datetime.now(timezone.utc).isoformat(),
        "machine": {"python": platform.python_version(), "system": platform.platform()},
        "rows": [{**asdict(r), "ratio": r.ratio, "within": r.within} for r in rows],
    }
    path.write_text(json.dumps(payload, indent=2))
