"""Import 10,000 applications from CSV (DESIGN §10): our whole import beside a bare sqlite-utils insert.

Ours reads and checks the file, maps the columns, validates every cell, writes every application
(and, in the first case, its narrative answer: a second row) and an audit event for each row (its
whole new state as JSON, hash-chained), in one transaction. The floor is the least that gets the
same CSV rows into SQLite: `csv.DictReader` and sqlite-utils' `insert_all` into a plain table of a
fresh file with the same settings (WAL, synchronous=FULL), no checks, no audit. The two alternate,
three times each, and the best of each is reported; the second case leaves the narrative column
out of the CSV, to show the cost of one audited row per CSV row.
"""

from __future__ import annotations

import csv
import sqlite3
import tempfile
import time
from pathlib import Path

import sqlite_utils

from bench.report import Row
from svassessor.importing import import_applications, plan_import
from svassessor.paths import rubrics_dir
from svassessor.store import Store

APPLICATIONS = 10_000
REPEATS = 5
HEADERS = ["Reference", "Organisation name", "Postcode", "Title", "Amount requested", "Received", "Summary",
           "What need will your project meet?"]


def write_csv(path: Path, count: int = APPLICATIONS, *, narrative: bool = True) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADERS if narrative else HEADERS[:-1])
        for n in range(count):
            row = [f"BENCH-{n:05}", f"Community group {n}", "B19 1AA", f"Lunch club, year {n % 7}",
                   f"{5000 + n % 900}.50", f"2026-0{1 + n % 9}-1{n % 9}", "A weekly lunch club for older people.",
                   "Older people living alone in the ward say they go days without speaking to anyone."]
            out.writerow(row if narrative else row[:-1])


def _ours(folder: Path, source: Path, n: int, *, narrative: bool) -> float:
    store = Store.open(folder / f"ours-{source.stem}-{n}.svdb", actor="bench", create=True)
    round_ = store.rounds.create(name="Bench", rubric_yaml=(rubrics_dir() / "small-grants.yaml").read_text("utf-8"))
    started = time.perf_counter()
    plan = plan_import(source, mapping={HEADERS[-1]: "narrative"} if narrative else None)
    result = import_applications(store, round_, plan)
    elapsed = time.perf_counter() - started
    assert len(result.new) == APPLICATIONS
    store.close()
    return elapsed


def _floor(folder: Path, source: Path, n: int) -> float:
    conn = sqlite3.connect(folder / f"floor-{source.stem}-{n}.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    db = sqlite_utils.Database(conn)
    started = time.perf_counter()
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with db.conn:
        db["applications"].insert_all(rows, batch_size=1000)
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _case(folder: Path, narrative: bool) -> tuple[float, float]:
    source = folder / ("with-answers.csv" if narrative else "fields-only.csv")
    write_csv(source, narrative=narrative)
    ours, floor = [], []
    for n in range(REPEATS):
        floor.append(_floor(folder, source, n))
        ours.append(_ours(folder, source, n, narrative=narrative))
    return min(ours), min(floor)


def run() -> list[Row]:
    floor_what = "csv.DictReader + sqlite-utils insert_all into a plain table, same CSV, WAL, synchronous=FULL"
    with tempfile.TemporaryDirectory() as name:
        with_answers = _case(Path(name), narrative=True)
        fields_only = _case(Path(name), narrative=False)
    return [
        Row(f"import {APPLICATIONS:,} applications + answers, CSV", *with_answers[:1], "s", 3.0, with_answers[1],
            floor_what + " (8 columns)", 2.0),
        Row(f"import {APPLICATIONS:,} applications, CSV, no answers", *fields_only[:1], "s", 3.0, fields_only[1],
            floor_what + " (7 columns)", 2.0),
    ]
