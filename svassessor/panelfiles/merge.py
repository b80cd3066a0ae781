"""Merge assessors' returned files into the chair's file (DESIGN §6).

The rules, and why:

- A file is taken only if it is an assessor's file (`prepare` made it) for a round in this file,
  scored on the same frozen rubric, for someone on this round's panel, while the round is in
  scoring, and only if its own audit log verifies: a file edited outside svassessor is refused whole.
- Rows are owned by their assessor: only that assessor's assessments, scores and annotations are
  taken. Rows for another assessor, for an application not in the round or one the assessor has a
  conflict with (declared after the file was prepared, say) are refused, each with its reason.
- Rows are matched by their natural key where they have one (an assessor's assessment of an
  application; its score for a criterion), else by UUID, so the same work prepared twice still lands
  on one row. Equal rows are left alone, which is why merging the same file twice changes nothing.
- A differing row is replaced only by a newer edit: by `updated_at` for assessments and scores (at
  the same instant, by a fixed order of the contents, so that the order files are merged in does not
  matter). Annotations have no `updated_at`: the assessor's copy wins when the copy here is one the
  assessor's own audit log shows they have since changed, and otherwise by when each was last changed.
- Nothing is deleted. Every change is written through the `AuditWriter` with the assessor as actor,
  in one transaction per file, so the value it replaced stays in the log and `svassessor check`
  still verifies.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from svassessor.errors import FileProblem, NotFound
from svassessor.panelfiles.identity import read_identity
from svassessor.panelfiles.report import MERGED_TABLES, MergeReport
from svassessor.repository.rows import dicts
from svassessor.rubric.model import Rubric
from svassessor.storage.audit import canonical, snapshot, verify
from svassessor.storage.database import Database, open_database
from svassessor.store import Store

_LINKS = ("id", "assessment_id")  # how a row is tied in, not what it says
# A file's rows and their audit events touch index pages all over the file; SQLite's default 2 MB
# page cache spills them to the log over and over within one file's transaction.
_MERGE_CACHE_KIB = 64 * 1024


class _Refused(Exception):
    """The whole file is refused; the message says why, in the words the report prints."""


def merge_files(store: Store, sources: Iterable[Path]) -> list[MergeReport]:
    """Merge each file in turn (each all or nothing) and report on each."""
    conn = store.database.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{_MERGE_CACHE_KIB}")
    try:
        return [merge_file(store, Path(source)) for source in sources]
    finally:
        conn.execute(f"PRAGMA cache_size = {cache}")


def merge_file(store: Store, source: Path) -> MergeReport:
    """Take one assessor's work from `source` into the file open in `store`; never raises for a bad source."""
    report = MergeReport(Path(source))
    if Path(source).resolve() == Path(store.database.path).resolve():
        report.refuse_file("it is the panel's own file.")
        return report
    try:
        incoming = open_database(source, readonly=True)
    except FileProblem as error:
        report.refuse_file(str(error))
        return report
    try:  # a FileProblem of the panel's own file (a full disk, say) is not the source's fault: it propagates
        _Merge(store, incoming, report).run()
    except _Refused as error:
        report.refuse_file(str(error))
    except sqlite3.IntegrityError as error:
        report.refuse_file(f"its rows clash with this file's ({error}), so nothing of it was taken.")
    except sqlite3.DatabaseError as error:
        report.refuse_file(f"it could not be read ({error}).")
    finally:
        incoming.close()
    return report


class _Merge:
    def __init__(self, store: Store, incoming: Database, report: MergeReport):
        self.store = store
        self.here = store.database.conn
        self.incoming = incoming.conn
        self.incoming_database = incoming
        self.report = report
        self.inserts: dict[str, list[dict]] = {t: [] for t in MERGED_TABLES}
        self.updates: dict[str, list[tuple[str, dict, dict]]] = {t: [] for t in MERGED_TABLES}

    def run(self) -> None:
        self._check_file()
        self._assessments()
        self._scores()
        self._annotations()
        if any(self.inserts.values()) or any(self.updates.values()):
            with self.store.change(self.assessor_name) as audit:
                for table in MERGED_TABLES:
                    audit.insert_many(table, self.inserts[table])
                    for row_id, changes, old in self.updates[table]:
                        audit.update(table, row_id, changes, old=old)

    def _check_file(self) -> None:
        try:
            identity = read_identity(self.incoming)
        except FileProblem as error:
            raise _Refused(str(error)) from error
        if identity is None:
            raise _Refused("it is not an assessor's file (those are made by svassessor prepare).")
        theirs = self.incoming.execute("SELECT name, rubric_snapshot_id FROM rounds WHERE id = ?",
                                       [identity.round_id]).fetchone()
        round_name = theirs[0] if theirs else "unknown"
        try:
            round_ = self.store.rounds.by_id(identity.round_id)
        except NotFound:
            raise _Refused(f"it is for round '{round_name}', which is not in {self.store.database.path.name} "
                           f"(wrong round).") from None
        self.report.round = round_.name
        if theirs[1] != round_.rubric_snapshot_id:
            raise _Refused(f"it was scored on a different rubric from round '{round_.name}' here (wrong round).")
        if round_.status != "scoring":
            raise _Refused(f"round '{round_.name}' is in {round_.status} here; assessors' work is merged while a "
                           f"round is in scoring.")
        names = dict(self.here.execute("SELECT id, name FROM assessors WHERE round_id = ?", [round_.id]))
        theirs_names = dict(self.incoming.execute("SELECT id, name FROM assessors"))
        self.assessor_id = identity.assessor_id
        self.assessor_name = names.get(identity.assessor_id) or theirs_names.get(identity.assessor_id, "someone")
        self.report.assessor = self.assessor_name
        if identity.assessor_id not in names:
            raise _Refused(f"it is for {self.assessor_name}, who is not an assessor of round '{round_.name}' here "
                           f"(not this panel's assessor).")
        problem = verify(self.incoming_database)
        if problem is not None:
            raise _Refused(f"its audit log does not verify ({problem.message}), so nothing of it was taken.")
        self.names = {**theirs_names, **names}
        self.round_name = round_.name
        self.rubric: Rubric = self.store.rounds.rubric(round_)
        self.references = dict(self.here.execute("SELECT id, reference FROM applications WHERE round_id = ?",
                                                 [round_.id]))
        self.conflicted = {r[0] for r in self.here.execute(
            "SELECT application_id FROM conflicts WHERE assessor_id = ?", [self.assessor_id])}

    def _row_problem(self, assessor_id: str, application_id: str) -> str | None:
        """Why a row may not be taken from this file, or None."""
        if assessor_id != self.assessor_id:
            return f"they are {self.names.get(assessor_id, 'another assessor')}'s, not {self.assessor_name}'s"
        if application_id not in self.references:
            return f"the application is not in round '{self.round_name}' here (wrong round)"
        if application_id in self.conflicted:
            return (f"{self.assessor_name} has declared a conflict of interest with "
                    f"{self.references[application_id]}")
        return None

    def _assessments(self) -> None:
        here = {r["application_id"]: r for r in dicts(self.here.execute(
            "SELECT * FROM assessments WHERE assessor_id = ?", [self.assessor_id]))}
        self.assessment_ids: dict[str, str] = {}  # theirs → ours, for the rows that were not refused
        self.refused_assessments: dict[str, str] = {}
        for row in dicts(self.incoming.execute("SELECT * FROM assessments")):
            problem = self._row_problem(row["assessor_id"], row["application_id"])
            if problem:
                self.refused_assessments[row["id"]] = problem
                self.report.refuse("assessments", problem)
                continue
            existing = here.get(row["application_id"])
            self.assessment_ids[row["id"]] = row["id"] if existing is None else existing["id"]
            self._take("assessments", row, existing, _newer_by_time)

    def _scores(self) -> None:
        here = {(r.pop("application_id"), r["criterion_id"]): r for r in dicts(self.here.execute(
            "SELECT a.application_id, s.* FROM scores s JOIN assessments a ON a.id = s.assessment_id "
            "WHERE a.assessor_id = ?", [self.assessor_id]))}
        criteria = {c.id for c in self.rubric.criteria}
        for row in dicts(self.incoming.execute(
                "SELECT a.application_id, s.* FROM scores s JOIN assessments a ON a.id = s.assessment_id")):
            application_id = row.pop("application_id")
            problem = self.refused_assessments.get(row["assessment_id"])
            if problem is None and row["criterion_id"] not in criteria:
                problem = f"'{row['criterion_id']}' is not a criterion of the round's rubric"
            elif problem is None and row["score"] is not None and \
                    self.rubric.scale_for(row["criterion_id"]).level(row["score"]) is None:
                problem = f"a score is not on the scale of '{row['criterion_id']}'"
            if problem:
                self.report.refuse("scores", problem)
                continue
            row["assessment_id"] = self.assessment_ids[row["assessment_id"]]
            self._take("scores", row, here.get((application_id, row["criterion_id"])), _newer_by_time)

    def _annotations(self) -> None:
        here = {r["id"]: r for r in dicts(self.here.execute(
            "SELECT * FROM annotations WHERE assessor_id = ?", [self.assessor_id]))}
        narratives = dict(self.here.execute(
            "SELECT n.id, n.application_id FROM narratives n JOIN applications a ON a.id = n.application_id "
            "WHERE a.round_id = (SELECT round_id FROM assessors WHERE id = ?)", [self.assessor_id]))
        for row in dicts(self.incoming.execute("SELECT * FROM annotations")):
            problem = self._row_problem(row["assessor_id"], row["application_id"])
            if problem is None and narratives.get(row["narrative_id"]) != row["application_id"]:
                problem = "the narrative answer it highlights is not in this file"
            if problem:
                self.report.refuse("annotations", problem)
                continue
            self._take("annotations", row, here.get(row["id"]), self._annotation_newer)

    def _take(self, table: str, row: dict, existing: dict | None,
              newer: Callable[[str, dict, dict], bool]) -> None:
        """Plan the row as new, an update, or nothing, and count it."""
        counts = self.report.counts[table]
        if existing is None:
            self.inserts[table].append(row)
            counts.new += 1
            return
        theirs, ours = _content(row), _content(existing)
        if theirs == ours:
            counts.unchanged += 1
        elif newer(table, row, existing):
            self.updates[table].append((existing["id"], theirs, existing))
            counts.updated += 1
        else:
            counts.older += 1

    def _annotation_newer(self, table: str, row: dict, existing: dict) -> bool:
        ours = canonical(snapshot(table, existing))
        history = {new for (new,) in self.incoming.execute(
            "SELECT new FROM audit WHERE entity = ? AND entity_id = ?", [table, row["id"]])}
        if ours in history:
            return True  # the copy here is an earlier state of the assessor's own
        last = "SELECT max(at) FROM audit WHERE entity = ? AND entity_id = ?"
        theirs_at = self.incoming.execute(last, [table, row["id"]]).fetchone()[0] or ""
        ours_at = self.here.execute(last, [table, row["id"]]).fetchone()[0] or ""
        return (theirs_at, canonical(_content(row))) > (ours_at, canonical(_content(existing)))


def _content(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in _LINKS}


def _newer_by_time(_table: str, row: dict, existing: dict) -> bool:
    """The later `updated_at` wins; at the same instant the contents decide, the same way every time."""
    if row["updated_at"] != existing["updated_at"]:
        return row["updated_at"] > existing["updated_at"]
    return canonical(_content(row)) > canonical(_content(existing))
