"""Merge 10 assessor files of 2,000 applications, each fully scored on small-grants (DESIGN §10: ≤ 5 s).

The figure is `svassessor merge` without the interpreter's start: open the chair's file for writing
(lock, backup started), merge the ten files and close (which waits for the backup). Each file is
read and its audit log verified in a worker process while the file before it is compared row by
row and written through the AuditWriter, in one transaction per file. The floor is the same 200,000
rows inserted by hand into a copy of the same file, one transaction per file, with no checks, no
comparison and no audit events: what the disk and SQLite cost at the least.

Also reported: what verifying the ten files' audit logs one after another costs (work the merge
does beside the writing), the merge's CPU time in this process (steadier than wall time on a busy
machine), and, for the merged file (2,000 applications × 10 assessors × 9 criteria) and the demo
file, what opening for writing costs the user and how long the backup started by that open takes on
its own thread.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.report import Row
from svassessor.models import Application, NarrativeAnswer, Offer, Organisation, utc_now
from svassessor.demo.builder import build_demo
from svassessor.panelfiles.merge import merge_files
from svassessor.panelfiles.prepare import prepare_assessor_file
from svassessor.paths import rubrics_dir
from svassessor.storage.audit import AuditWriter, verify
from svassessor.storage.backup import BackupPolicy
from svassessor.storage.backup_rule import BackupRule
from svassessor.storage.codec import new_id, utc_text
from svassessor.storage.database import open_database
from svassessor.store import Store

APPLICATIONS = 2000
ASSESSORS = 10


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        chair = folder / "panel.svdb"
        files = _generate(chair, folder)
        policy = BackupPolicy(rule=BackupRule(quiet=timedelta(0)), root=folder / "backups")  # each open backs up
        floor = _bare_inserts(chair, files, folder / "floor.svdb")
        verifying = _verify_all(files)
        os.sync()  # the generated files' writes reach the disk now, not during the merge
        started, cpu = time.perf_counter(), time.process_time()
        with Store(open_database(chair, backups=policy), actor="Panel chair") as store:
            reports = merge_files(store, files)
        merged, cpu = time.perf_counter() - started, time.process_time() - cpu
        big = _open_costs(chair, policy)
        build_demo(folder / "demo.svdb")
        demo = _open_costs(folder / "demo.svdb", policy)
    refused = [r for r in reports if r.refused_file or r.refused]
    if refused or sum(r.counts["scores"].new for r in reports) != APPLICATIONS * 9 * ASSESSORS:
        raise RuntimeError(f"the merge did not take every row: {refused[:1]}")
    ms = 1000
    rows = [
        Row(f"merge {ASSESSORS} assessor files of {APPLICATIONS:,} applications", merged, "s", 5.0, floor,
            "the same rows inserted by hand into a copy, one transaction per file, no checks or audit"),
        Row("  verifying the files' audit logs one after another (done beside the writing)", verifying, "s", None),
        Row("  the merge's CPU time in this process", cpu, "s", None),
    ]
    for name, (opened, written, size) in (("merged 2,000-application", big), ("demo", demo)):
        rows += [Row(f"open the {name} file for writing", opened * ms, "ms", None, None,
                     "lock taken, backup started on its own thread"),
                 Row("  its backup, written in the background", written * ms, "ms", None, None,
                     f"{size / 1e6:.1f} MB copied with SQLite's backup API, from the start of the open")]
    return rows


def _verify_all(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        database = open_database(path, readonly=True)
        try:
            if verify(database) is not None:
                raise RuntimeError(f"{path} does not verify")
        finally:
            database.close()
    return time.perf_counter() - started


def _generate(chair: Path, folder: Path) -> list[Path]:
    """The chair's round and ten assessors' files, every application scored on every criterion."""
    rng = random.Random(10)
    with Store(open_database(chair, create=True, backups=None), actor="Panel chair") as store:
        rubric_yaml = (rubrics_dir() / "small-grants.yaml").read_text(encoding="utf-8")
        round_ = store.rounds.create(name="Merge bench", rubric_yaml=rubric_yaml, status="scoring")
        with store.change() as audit:
            store.applications.insert(audit, [Application(
                round_id=round_.id, reference=f"MB-{i:05}", title=f"Community project {i}",
                organisation=Organisation(name=f"Community group {i}", postcode="B19 1AA"),
                amount_requested=rng.randrange(5000, 20000), summary="A generated application.",
                narrative=[NarrativeAnswer(question="What need will your project meet?", text="Generated. " * 60)],
                offers=[Offer(description="Weekly sessions", quantity=40, unit="people")],
            ) for i in range(APPLICATIONS)])
        people = [store.assessors.add(round_, name=f"Assessor {n + 1}") for n in range(ASSESSORS)]
        criteria = [c.id for c in store.rounds.rubric(round_).criteria]
        files = []
        for person in people:
            out = folder / f"assessor-{len(files) + 1}.svdb"
            prepare_assessor_file(store, round_name=None, assessor_name=person.name, out=out)
            _score_everything(out, person.id, person.name, criteria, rng)
            files.append(out)
    return files


def _score_everything(path: Path, assessor_id: str, name: str, criteria: list[str], rng: random.Random) -> None:
    database = open_database(path, backups=None)
    try:
        now = utc_text(utc_now())
        apps = [r[0] for r in database.conn.execute("SELECT id FROM applications")]
        assessments = [{"id": new_id(), "application_id": app, "assessor_id": assessor_id, "status": "submitted",
                        "overall_comment": "", "submitted_at": now, "updated_at": now} for app in apps]
        scores = [{"id": new_id(), "assessment_id": a["id"], "criterion_id": c, "score": rng.randint(0, 4),
                   "not_scored": 0, "comment": "", "confidence": 4, "updated_at": now}
                  for a in assessments for c in criteria]
        with database.transaction():
            audit = AuditWriter(database, name)
            audit.insert_many("assessments", assessments)
            audit.insert_many("scores", scores)
    finally:
        database.close()


def _bare_inserts(chair: Path, files: list[Path], copy: Path) -> float:
    shutil.copy(chair, copy)
    rows = []
    for path in files:
        source = sqlite3.connect(path)
        rows.append((source.execute("SELECT * FROM assessments").fetchall(),
                     source.execute("SELECT * FROM scores").fetchall()))
        source.close()
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    started = time.perf_counter()
    for assessments, scores in rows:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO assessments VALUES ({','.join('?' * len(assessments[0]))})", assessments)
        conn.executemany(f"INSERT INTO scores VALUES ({','.join('?' * len(scores[0]))})", scores)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def _open_costs(chair: Path, policy: BackupPolicy) -> tuple[float, float, int]:
    """(seconds to open for writing, seconds until its backup is written, backup size in bytes)."""
    started = time.perf_counter()
    database = open_database(chair, backups=policy)
    opened = time.perf_counter() - started
    backup = database.wait_for_backup()
    written = time.perf_counter() - started
    database.close()
    return opened, written, backup.size
