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

from svassessor.errors import NotFound
from svassessor.panelfiles.report import MERGED_TABLES, MergeReport
from svassessor.panelfiles.returned import ReturnedFile, read_returned_files
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.rubric.model import Rubric
from svassessor.storage.audit import Parts, canonical, snapshot
from svassessor.storage.codec import dicts
from svassessor.store import Store

_LINKS = ("id", "assessment_id")  # how a row is tied in, not what it says
# A file's rows and their audit events touch index pages all over the file; SQLite's default 2 MB
# page cache spills them to the log over and over within one file's transaction.
_MERGE_CACHE_KIB = 64 * 1024


class _Refused(Exception):
    """The whole file is refused; the message says why, in the words the report prints."""


def merge_files(store: Store, sources: Iterable[Path], progress: Progress = no_progress,
                cancelled: Cancelled = never) -> list[MergeReport]:
    """Merge each file in turn (each all or nothing) and report on each.

    A cancel stops between files: the files merged so far stay merged, each its own step.
    """
    sources = [Path(source) for source in sources]
    own = Path(store.database.path).resolve()
    conn = store.database.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = -{_MERGE_CACHE_KIB}")
    reports = []
    returned = read_returned_files([s for s in sources if s.resolve() != own])
    try:
        for n, source in enumerate(sources):
            if cancelled():
                break
            progress(n, len(sources), source.name)
            reports.append(_merge_returned(store, None if source.resolve() == own else next(returned), source))
    finally:
        returned.close()
        conn.execute(f"PRAGMA cache_size = {cache}")
    progress(len(reports), len(sources), "")
    return reports


def merge_file(store: Store, source: Path) -> MergeReport:
    """Take one assessor's work from `source` into the file open in `store`; never raises for a bad source."""
    return merge_files(store, [source])[0]


def _merge_returned(store: Store, returned: ReturnedFile | None, source: Path) -> MergeReport:
    """The merge of one file as read (None: the panel's own file, which is never read as a source)."""
    report = MergeReport(source)
    if returned is None:
        report.refuse_file("it is the panel's own file.")
        return report
    if returned.problem is not None:
        report.refuse_file(returned.problem)
        return report
    try:  # a FileProblem of the panel's own file (a full disk, say) is not the source's fault: it propagates
        _Merge(store, returned, report).run()
    except _Refused as error:
        report.refuse_file(str(error))
    except sqlite3.IntegrityError as error:
        report.refuse_file(f"its rows clash with this file's ({error}), so nothing of it was taken.")
    return report


class _Merge:
    def __init__(self, store: Store, returned: ReturnedFile, report: MergeReport):
        self.store = store
        self.here = store.database.conn
        self.returned = returned
        self.report = report
        self.inserts: dict[str, list[dict]] = {t: [] for t in MERGED_TABLES}
        self.recorded: dict[str, list[Parts | None]] = {t: [] for t in MERGED_TABLES}
        self.updates: dict[str, list[tuple[str, dict, dict]]] = {t: [] for t in MERGED_TABLES}

    def run(self) -> None:
        self._check_file()
        self._assessments()
        self._scores()
        self._annotations()
        if any(self.inserts.values()) or any(self.updates.values()):
            with self.store.change(self.assessor_name) as audit:
                for table in MERGED_TABLES:
                    audit.insert_many(table, self.inserts[table], recorded=self.recorded[table])
                    for row_id, changes, old in self.updates[table]:
                        audit.update(table, row_id, changes, old=old)

    def _check_file(self) -> None:
        returned = self.returned
        identity = returned.identity
        if identity is None:
            raise _Refused("it is not an assessor's file (those are made by svassessor prepare).")
        try:
            round_ = self.store.rounds.by_id(identity.round_id)
        except NotFound:
            raise _Refused(f"it is for round '{returned.round_name}', which is not in "
                           f"{self.store.database.path.name} (wrong round).") from None
        self.report.round = round_.name
        if returned.rubric_snapshot_id != round_.rubric_snapshot_id:
            raise _Refused(f"it was scored on a different rubric from round '{round_.name}' here (wrong round).")
        if round_.status != "scoring":
            raise _Refused(f"round '{round_.name}' is in {round_.status} here; assessors' work is merged while a "
                           f"round is in scoring.")
        names = dict(self.here.execute("SELECT id, name FROM assessors WHERE round_id = ?", [round_.id]))
        self.assessor_id = identity.assessor_id
        self.assessor_name = names.get(identity.assessor_id) or returned.assessor_names.get(identity.assessor_id,
                                                                                            "someone")
        self.report.assessor = self.assessor_name
        if identity.assessor_id not in names:
            raise _Refused(f"it is for {self.assessor_name}, who is not an assessor of round '{round_.name}' here "
                           f"(not this panel's assessor).")
        if returned.log_problem is not None:
            raise _Refused(f"its audit log does not verify ({returned.log_problem}), so nothing of it was taken.")
        self.names = {**returned.assessor_names, **names}
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
        for row, recorded in self.returned.rows["assessments"]:
            problem = self._row_problem(row["assessor_id"], row["application_id"])
            if problem:
                self.refused_assessments[row["id"]] = problem
                self.report.refuse("assessments", problem)
                continue
            existing = here.get(row["application_id"])
            self.assessment_ids[row["id"]] = row["id"] if existing is None else existing["id"]
            self._take("assessments", row, existing, _newer_by_time, recorded)

    def _scores(self) -> None:
        here = {(r.pop("application_id"), r["criterion_id"]): r for r in dicts(self.here.execute(
            "SELECT a.application_id, s.* FROM scores s JOIN assessments a ON a.id = s.assessment_id "
            "WHERE a.assessor_id = ?", [self.assessor_id]))}
        criteria = {c.id for c in self.rubric.criteria}
        on_scale: dict[tuple[str, float], bool] = {}
        for row, recorded in self.returned.rows["scores"]:
            application_id = row.pop("application_id")
            criterion, score = row["criterion_id"], row["score"]
            problem = self.refused_assessments.get(row["assessment_id"])
            if problem is None and criterion not in criteria:
                problem = f"'{criterion}' is not a criterion of the round's rubric"
            elif problem is None and score is not None:
                if (criterion, score) not in on_scale:
                    on_scale[(criterion, score)] = self.rubric.scale_for(criterion).level(score) is not None
                if not on_scale[(criterion, score)]:
                    problem = f"a score is not on the scale of '{criterion}'"
            if problem:
                self.report.refuse("scores", problem)
                continue
            theirs = row["assessment_id"]
            row["assessment_id"] = self.assessment_ids[theirs]
            # Re-linked to the assessment here, the row no longer reads as its own file's event recorded it.
            self._take("scores", row, here.get((application_id, criterion)), _newer_by_time,
                       recorded if row["assessment_id"] == theirs else None)

    def _annotations(self) -> None:
        here = {r["id"]: r for r in dicts(self.here.execute(
            "SELECT * FROM annotations WHERE assessor_id = ?", [self.assessor_id]))}
        narratives = dict(self.here.execute(
            "SELECT n.id, n.application_id FROM narratives n JOIN applications a ON a.id = n.application_id "
            "WHERE a.round_id = (SELECT round_id FROM assessors WHERE id = ?)", [self.assessor_id]))
        for row, recorded in self.returned.rows["annotations"]:
            problem = self._row_problem(row["assessor_id"], row["application_id"])
            if problem is None and narratives.get(row["narrative_id"]) != row["application_id"]:
                problem = "the narrative answer it highlights is not in this file"
            if problem:
                self.report.refuse("annotations", problem)
                continue
            self._take("annotations", row, here.get(row["id"]), self._annotation_newer, recorded)

    def _take(self, table: str, row: dict, existing: dict | None, newer: Callable[[str, dict, dict], bool],
              recorded: Parts | None) -> None:
        """Plan the row as new, an update, or nothing, and count it; `recorded`: as its event holds it, if known."""
        counts = self.report.counts[table]
        if existing is None:
            self.inserts[table].append(row)
            self.recorded[table].append(recorded)
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
        history, theirs_at = self.returned.annotation_history.get(row["id"], (frozenset(), ""))
        if canonical(snapshot(table, existing)) in history:
            return True  # the copy here is an earlier state of the assessor's own
        ours_at = self.here.execute("SELECT max(at) FROM audit WHERE entity = ? AND entity_id = ?",
                                    [table, row["id"]]).fetchone()[0] or ""
        return (theirs_at, canonical(_content(row))) > (ours_at, canonical(_content(existing)))


def _content(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in _LINKS}


def _newer_by_time(_table: str, row: dict, existing: dict) -> bool:
    """The later `updated_at` wins; at the same instant the contents decide, the same way every time."""
    if row["updated_at"] != existing["updated_at"]:
        return row["updated_at"] > existing["updated_at"]
    return canonical(_content(row)) > canonical(_content(existing))
