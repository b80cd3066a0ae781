"""What a merge took from one assessor's file, and what it refused and why (DESIGN §6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MERGED_TABLES = ("assessments", "scores", "annotations")


@dataclass
class Counts:
    """Rows of one kind: each row of the assessor's file lands in exactly one of these or is refused."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    older: int = 0  # the copy already here was edited later, so it was kept


@dataclass
class MergeReport:
    source: Path
    assessor: str | None = None
    round: str | None = None
    refused_file: str | None = None  # why nothing of the file was taken, when nothing was
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in MERGED_TABLES})
    refused: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, reason) → rows

    def refuse_file(self, reason: str) -> None:
        """Nothing of the file was taken: forget whatever had been counted before the reason came up."""
        self.refused_file = reason
        self.counts = {t: Counts() for t in MERGED_TABLES}
        self.refused.clear()

    def refuse(self, table: str, reason: str) -> None:
        self.refused[(table, reason)] = self.refused.get((table, reason), 0) + 1

    @property
    def changed(self) -> bool:
        """Whether the merge changed the panel's file (merging the same file again changes nothing)."""
        return any(c.new or c.updated for c in self.counts.values())

    def refused_rows(self, table: str) -> int:
        return sum(n for (t, _), n in self.refused.items() if t == table)

    def lines(self) -> list[str]:
        """The report as the command line prints it and the window lists it."""
        name = self.source.name
        if self.refused_file:
            return [f"{name}: not merged: {self.refused_file}"]
        lines = [f"{name}: {self.assessor}, round '{self.round}'"]
        for table, c in self.counts.items():
            lines.append(f"  {table}: {c.new} new, {c.updated} updated, {c.unchanged} unchanged, "
                         f"{c.older} older than the copy here, {self.refused_rows(table)} refused")
        for (table, reason), n in sorted(self.refused.items()):
            lines.append(f"  refused {n} {table if n != 1 else table.rstrip('s')}: {reason}")
        return lines

    def as_json(self) -> dict:
        """The `merge --json` shape: stable, for scripts."""
        return {
            "file": str(self.source), "assessor": self.assessor, "round": self.round, "merged": not self.refused_file,
            "refused_file": self.refused_file,
            "counts": {t: {"new": c.new, "updated": c.updated, "unchanged": c.unchanged, "older": c.older,
                           "refused": self.refused_rows(t)} for t, c in self.counts.items()},
            "refused": [{"rows": t, "count": n, "reason": r} for (t, r), n in sorted(self.refused.items())],
        }
