"""Reading an assessor's returned file for a merge: everything the merge needs from it, checked.

Verifying a returned file's audit log is a third of a merge's work, and each file's check is
independent of the others and of the panel's file. So, when several files come back at once, they
are read and verified in worker processes, a file or two ahead of the one being written, while the
merge writes into the panel's file on this process. A file that fails to open or to read is
reported, not raised, so that the merge can refuse it in the same words whichever process read it.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Generator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from svassessor.errors import FileProblem
from svassessor.panelfiles.identity import FileIdentity, read_identity
from svassessor.panelfiles.report import MERGED_TABLES
from svassessor.storage.audit import Parts, canonical, check_log, read_events
from svassessor.storage.database import Database, open_database


@dataclass
class ReturnedFile:
    """One returned file as read; `problem` says why it cannot be merged at all, in the report's words."""

    path: Path
    problem: str | None = None
    identity: FileIdentity | None = None
    round_name: str = "unknown"  # the name the file gives its round
    rubric_snapshot_id: str | None = None
    assessor_names: dict[str, str] = field(default_factory=dict)
    log_problem: str | None = None  # why the file's own audit log does not verify
    # The rows a merge may take, each as its last audit event holds it, which verifying showed it
    # matches. Scores carry their assessment's application_id.
    rows: dict[str, list[tuple[dict, Parts]]] = field(default_factory=dict)
    # Each annotation's texts through its history, and when it last changed, in the file's own log.
    annotation_history: dict[str, tuple[frozenset[str], str]] = field(default_factory=dict)


def read_returned(path: Path) -> ReturnedFile:
    """Open `path` read-only and take what a merge needs; never raises for a bad file."""
    returned = ReturnedFile(Path(path))
    try:
        database = open_database(path, readonly=True)
    except FileProblem as error:
        returned.problem = str(error)
        return returned
    try:
        _read(database, returned)
    except FileProblem as error:
        returned.problem = str(error)
    except sqlite3.DatabaseError as error:
        returned.problem = f"it could not be read ({error})."
    finally:
        database.close()
    return returned


def _read(database: Database, returned: ReturnedFile) -> None:
    conn = database.conn
    returned.identity = read_identity(conn)
    if returned.identity is None:
        return
    theirs = conn.execute("SELECT name, rubric_snapshot_id FROM rounds WHERE id = ?",
                          [returned.identity.round_id]).fetchone()
    if theirs:
        returned.round_name, returned.rubric_snapshot_id = theirs
    returned.assessor_names = dict(conn.execute("SELECT id, name FROM assessors"))
    log = check_log(database, keep=MERGED_TABLES)
    if log.problem is not None:
        returned.log_problem = log.problem.message
        return
    returned.rows = log.rows
    applications = {row["id"]: row["application_id"] for row, _ in log.rows["assessments"]}
    # A score goes with its assessment's application; one without its assessment (only a file built
    # by hand could hold it) is left out, as a join would leave it.
    scores = []
    for row, text in log.rows["scores"]:
        if row["assessment_id"] in applications:
            row["application_id"] = applications[row["assessment_id"]]
            scores.append((row, text))
    returned.rows["scores"] = scores
    history: dict[str, tuple[set[str], str]] = {}
    for event in read_events(conn, "entity = 'annotations'"):
        texts, last = history.get(event.entity_id, (set(), ""))
        if event.new is not None:
            texts.add(canonical(event.new))
        history[event.entity_id] = (texts, max(last, event.at))
    returned.annotation_history = {k: (frozenset(texts), at) for k, (texts, at) in history.items()}


def read_returned_files(paths: list[Path]) -> Generator[ReturnedFile]:
    """Each file read, in the order given; with several files and a spare core, in worker processes.

    Workers run at most a file ahead each, so a hundred returned files are never all in memory.
    """
    workers = min(len(paths) - 1, (os.cpu_count() or 1) - 1)  # one core stays with the merge's writing
    if workers < 1:
        yield from map(read_returned, paths)
        return
    # spawn, not fork: the window's threads (Qt, the checkpointer) must not be copied into a child.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        waiting = iter(paths[1:])
        ahead = deque((path, _submit(pool, path)) for path in islice(waiting, workers + 1))
        yield read_returned(paths[0])  # read here while the workers start up
        while ahead:
            path, future = ahead.popleft()
            following = next(waiting, None)
            if following is not None:
                ahead.append((following, _submit(pool, following)))
            try:
                returned = future.result()
            except BrokenProcessPool:  # a worker died (out of memory, say): read the file here instead
                returned = read_returned(path)
            yield returned
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, path: Path) -> Future[ReturnedFile]:
    try:
        return pool.submit(read_returned, path)
    except BrokenProcessPool:
        read_here: Future[ReturnedFile] = Future()
        read_here.set_result(read_returned(path))
        return read_here
