"""Run the benchmarks: `python -m bench [NAME ...]`; prints a table and writes bench/results/latest.json."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from bench.report import print_table, write_json

BENCHMARKS = ["startup", "edit", "open_round", "open_comparison", "import_csv", "pack", "merge", "robustness", "assign"]


def main(names: list[str]) -> int:
    rows = []
    for name in names or BENCHMARKS:
        rows += importlib.import_module(f"bench.{name}").run()
    print_table(rows)
    out = Path(__file__).parent / "results" / "latest.json"
    write_json(rows, out)
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
