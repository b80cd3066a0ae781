"""Assign 2,000 applications × 12 assessors × 3 reviews (DESIGN §10: ≤ 1 s), beside two floors.

The figure is `store.assignments.assign` as the command line calls it: read the round, match
interests, solve, write the 6,000 rows with their audit events in one transaction. Each run starts
from a fresh copy of the same file, so every run does the same work.

Floors from the same run: the solver alone on the same problem (no store), and a plain round-robin
assignment of the same number of pairs written with one `executemany` in one transaction (no audit,
no balance, no conflicts): what writing the answer costs at the least.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.report import Row, median
from svassessor.assignment import Problem, solve
from svassessor.models import Application, Offer, Organisation, utc_now
from svassessor.paths import rubrics_dir
from svassessor.storage.codec import new_ids, utc_text
from svassessor.store import Store

APPLICATIONS, ASSESSORS, REVIEWS, CONFLICTS = 2000, 12, 3, 40
RUNS = 3
PLACES = ["Lozells", "Sparkbrook", "Handsworth", "Kings Norton", "Small Heath", "Stechford"]
GROUPS = ["Older people", "Disabled people", "Families on low incomes", "Young carers"]


def _build(path: Path) -> None:
    rng = random.Random(11)
    with Store.open(path, actor="bench", create=True) as store:
        rubric = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
        round_ = store.rounds.create(name="Big round", rubric_yaml=rubric)
        store.applications.add(Application(
            round_id=round_.id, reference=f"360G-BENCH-{i:05}", title=f"Community project {i}",
            organisation=Organisation(name=f"Community group {i}", postcode=f"B{rng.randrange(1, 40)} 1AA"),
            offers=[Offer(description="Weekly sessions", quantity=40, unit="people",
                          beneficiary_group=rng.choice(GROUPS), place=rng.choice(PLACES))])
            for i in range(APPLICATIONS))
        people = [store.assessors.add(round_, name=f"Grants officer {n + 1}",
                                      interests=f"{PLACES[n % len(PLACES)]}, {GROUPS[n % len(GROUPS)]}")
                  for n in range(ASSESSORS)]
        apps = store.applications.for_round(round_)
        store.assessors.declare_conflicts((rng.choice(people), rng.choice(apps), "Trustee")
                                          for _ in range(CONFLICTS))


def _assign(path: Path) -> float:
    with Store.open(path, actor="bench") as store:
        round_ = store.rounds.get("Big round")
        started = time.perf_counter()
        store.assignments.assign(round_, per_application=REVIEWS, seed=1)
        return time.perf_counter() - started


def _solver_alone(path: Path) -> float:
    with sqlite3.connect(path) as conn:
        apps = [r[0] for r in conn.execute("SELECT id FROM applications ORDER BY reference")]
        people = [r[0] for r in conn.execute("SELECT id FROM assessors ORDER BY name")]
        conflicted = frozenset(conn.execute("SELECT assessor_id, application_id FROM conflicts").fetchall())
    started = time.perf_counter()
    solve(Problem(apps, people, REVIEWS, conflicted=conflicted, seed=1))
    return time.perf_counter() - started


def _round_robin(path: Path) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    apps = [r[0] for r in conn.execute("SELECT id FROM applications ORDER BY reference")]
    people = [r[0] for r in conn.execute("SELECT id FROM assessors ORDER BY name")]
    started = time.perf_counter()
    now = utc_text(utc_now())
    pairs = [(people[(i * REVIEWS + r) % len(people)], app) for i, app in enumerate(apps) for r in range(REVIEWS)]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO assignments (id, assessor_id, application_id, assigned_at) VALUES (?, ?, ?, ?)",
                     [(row_id, k, app, now) for row_id, (k, app) in zip(new_ids(len(pairs)), pairs)])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template.svdb"
        _build(template)
        solve(Problem(["warm"], ["up"], 1))  # load OR-Tools' library once, as a second run in a session would
        figures, floors, alone = [], [], []
        for n in range(RUNS):
            for times, work in ((figures, _assign), (floors, _round_robin)):
                copy = Path(folder) / f"run-{n}-{work.__name__}.svdb"
                shutil.copy(template, copy)
                times.append(work(copy))
            alone.append(_solver_alone(template))
    ms = 1000
    what = f"{APPLICATIONS:,} applications × {ASSESSORS} assessors × {REVIEWS} reviews"
    return [
        Row(f"assign {what} (solve + audited write)", median(figures) * ms, "ms", 1000.0, median(floors) * ms,
            "round-robin pairs written with executemany, one transaction, no audit"),
        Row(f"assign {what}: the solver alone", median(alone) * ms, "ms", 1000.0),
    ]
