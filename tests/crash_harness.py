"""Crash harness: kill a writer with SIGKILL at random moments and check nothing it confirmed is lost.

A writer process opens the file through the core (lock, backup, migrations, checkpointer and all)
and makes scripted score edits with `Store` + `set_score`, printing `ok RUN N` on stdout only after
each call has returned, that is after its transaction committed. The harness kills it at a random
moment (while opening, mid-edit, mid-checkpoint, mid-backup), then checks the file:

- `PRAGMA integrity_check` is ok and the audit chain verifies (`storage.audit.verify`);
- every edit the writer reported is there: its audit event exists with that comment, and the score
  row holds that edit or a later one of the same run (an edit may commit just before the kill
  without having been reported, never the other way round);
- the next writer gets in although the killed one left its lock file behind.

    python tests/crash_harness.py --runs 100        # or: python -m bench crash
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from svassessor.errors import FileProblem  # noqa: E402
from svassessor.models import Application, NarrativeAnswer, Organisation  # noqa: E402
from svassessor.paths import rubrics_dir  # noqa: E402
from svassessor.storage.audit import verify  # noqa: E402
from svassessor.storage.backup import BackupPolicy  # noqa: E402
from svassessor.storage.backup_rule import BackupRule  # noqa: E402
from svassessor.storage.database import open_database  # noqa: E402
from svassessor.store import Store  # noqa: E402

APPLICATIONS = 20
ASSESSOR = "Crash test assessor"


def build(path: Path) -> None:
    """A round in scoring with a few applications and one assessor."""
    rubric_yaml = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
    with Store(open_database(path, create=True, backups=None), actor="harness") as store:
        round_ = store.rounds.create(name="Crash round", rubric_yaml=rubric_yaml, status="scoring")
        store.applications.add(Application(
            round_id=round_.id, reference=f"C-{i:03}", title="Crash test", organisation=Organisation(name="Group"),
            narrative=[NarrativeAnswer(question="Need?", text="Some text.")]) for i in range(APPLICATIONS))
        store.assessors.add(round_, name=ASSESSOR)


def _script(store: Store) -> tuple[list[str], list[str]]:
    """What the edits choose from: the applications' ids and the rubric's criteria, in a fixed order."""
    round_ = store.rounds.get()
    return sorted(a.id for a in store.applications.for_round(round_)), [c.id for c in store.rounds.rubric(round_).criteria]


def _edit(run: int, n: int, apps: list[str], criteria: list[str]) -> tuple[str, str, int, str]:
    """The n-th scripted edit of a run: (application id, criterion, score, comment); the same every time."""
    rng = random.Random(f"{run}/{n}")
    return rng.choice(apps), rng.choice(criteria), rng.randint(0, 4), f"run {run} edit {n}"


def write(path: Path, run: int, backups: Path) -> None:
    """The writer: edit until killed, reporting each edit once its transaction has committed."""
    every_open = BackupPolicy(rule=BackupRule(quiet=timedelta(0)), root=backups)  # so kills land mid-backup too
    with Store(open_database(path, backups=every_open), actor=ASSESSOR) as store:
        round_ = store.rounds.get()
        assessor = store.assessors.get(round_, ASSESSOR)
        apps, criteria = _script(store)
        print("open", flush=True)
        for n in range(1_000_000):
            app, criterion, score, comment = _edit(run, n, apps, criteria)
            store.assessments.set_score(round_, assessor, app, criterion, score=score, comment=comment)
            print(f"ok {run} {n}", flush=True)


def check(path: Path, run: int, reported: list[int]) -> list[str]:
    """What is wrong with the file after run `run` was killed having reported `reported` edits."""
    with Store.open(path, actor="harness", readonly=True) as store:
        conn = store.database.conn
        problems = [f"integrity_check: {r[0]}" for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        audit_problem = verify(store.database)
        if audit_problem is not None:
            problems.append(f"audit chain: {audit_problem.message}")
        apps, criteria = _script(store)
        logged = {json.loads(new)["comment"] for (new,) in conn.execute(
            "SELECT new FROM audit WHERE entity = 'scores' AND new LIKE ?", [f'%"run {run} edit %'])}
        current = {(a, c): comment for a, c, comment in conn.execute(
            "SELECT a.application_id, s.criterion_id, s.comment FROM scores s "
            "JOIN assessments a ON a.id = s.assessment_id")}
        last_reported: dict[tuple[str, str], int] = {}
        for n in reported:
            app, criterion, _, comment = _edit(run, n, apps, criteria)
            if comment not in logged:
                problems.append(f"reported edit {n} of run {run} is missing from the audit log")
            last_reported[(app, criterion)] = n
        for cell, n in last_reported.items():
            holds = current.get(cell, "")
            if not holds.startswith(f"run {run} edit ") or int(holds.rsplit(" ", 1)[1]) < n:
                problems.append(f"score {cell[1]} holds {holds!r}, older than reported edit {n} of run {run}")
        return problems


def run_harness(runs: int, *, seed: int = 0, folder: Path | None = None, log=print) -> dict:
    """Kill `runs` writers at random moments; return the totals (edits reported, lost, problems)."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(folder or scratch)
        path = folder / "crash.svdb"
        build(path)
        totals = {"runs": runs, "reported": 0, "lost": 0, "problems": [], "killed_before_open": 0}
        for run in range(runs):
            writer = subprocess.Popen(
                [sys.executable, __file__, "--write", str(path), "--run", str(run), "--backups", str(folder / "bk")],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                cwd=Path(__file__).resolve().parent.parent)
            opened = False
            if rng.random() < 0.2:
                time.sleep(rng.uniform(0.05, 1.0))  # somewhere in start-up: lock, backup, migrations, first edits
            else:
                opened = writer.stdout.readline().strip() == "open"
                time.sleep(rng.uniform(0.0, 0.4))  # then up to a few hundred edits
            os.kill(writer.pid, signal.SIGKILL)
            out, err = writer.communicate(timeout=60)
            lines = out.splitlines()
            reported = [int(line.split()[2]) for line in lines if line.startswith("ok ")]
            if not (opened or "open" in lines):
                totals["killed_before_open"] += 1
            if err.strip() and "Traceback" in err:
                totals["problems"].append(f"run {run}: the writer failed on its own: {err.strip().splitlines()[-1]}")
            try:
                problems = check(path, run, reported)
            except FileProblem as error:  # the worst outcome: say so, and stop (later runs would say the same)
                totals["problems"].append(f"run {run}: the file cannot be opened after the kill: {error}")
                log(f"run {run:3}: the file cannot be opened after the kill: {error}")
                break
            totals["reported"] += len(reported)
            totals["lost"] += sum("missing" in p or "older than reported" in p for p in problems)
            totals["problems"] += [f"run {run}: {p}" for p in problems]
            log(f"run {run:3}: killed after {len(reported):4} confirmed edits; "
                f"{'ok' if not problems else '; '.join(problems[:2])}")
        return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--backups", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write(args.write, args.run, args.backups)
        return 0
    totals = run_harness(args.runs, seed=args.seed)
    print(f"{totals['runs']} kills, {totals['reported']} confirmed edits, {totals['lost']} lost, "
          f"{len(totals['problems'])} problems ({totals['killed_before_open']} killed before the file was open)")
    return 1 if totals["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
