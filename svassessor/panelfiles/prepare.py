"""Prepare one assessor's file from the chair's: what they need to score offline, and nothing else.

The file holds the round and its frozen rubric, the panel's assessor rows, the applications the
assessor may open (in an assigned round, only those assigned to them) with their narrative, offers
and attachments, and whatever of their own work the chair's file already has, all under the same
UUIDs so that the merge can match rows when the file comes back.
Left out: applications the assessor declared a conflict with (they cannot open them), applications
that are not eligible (`store.screenings.ineligible_ids`: they leave scoring), every conflict
row (others' conflicts are none of their business), other assessors' declared interests, and all other
assessors' work (blind scoring).
The file gets its own audit log, which starts with the rows copied into it: the chair's log is not
copied, because its old → new values would show other assessors' scores.
In an anonymised round the rows are copied redacted (`redacted_rows`), so the file and its log hold
no applicant's identity; attachments are left out, and the chair's words to redact stay behind.

The file is built beside its destination and moved into place only when whole.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from svassessor.anonymity.view import sees_identities
from svassessor.errors import FileProblem, NotAllowed
from svassessor.models import utc_now
from svassessor.panelfiles.identity import FileIdentity, write_identity
from svassessor.panelfiles.redacted_rows import RowChange, redactor
from svassessor.references import reference_key
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import new_id, utc_text
from svassessor.storage.database import open_database
from svassessor.store import Store

_BATCH = 500  # rows per insert: attachments carry their content, so never hold a whole table
# In an assigned round (any assignment row), only the applications assigned to this assessor.
_INCLUDED = ("SELECT id FROM applications WHERE round_id = :round AND id NOT IN "
             "(SELECT application_id FROM conflicts WHERE assessor_id = :assessor) "
             "AND id NOT IN (SELECT value FROM json_each(:ineligible)) AND (id IN "
             "(SELECT application_id FROM assignments WHERE assessor_id = :assessor) OR NOT EXISTS "
             "(SELECT 1 FROM assignments g JOIN assessors s ON s.id = g.assessor_id WHERE s.round_id = :round))")
# What goes into an assessor's file, in an order that satisfies its foreign keys.
_COPIED = (
    ("rubric_snapshots", "SELECT * FROM rubric_snapshots WHERE id = :snapshot"),
    ("rounds", "SELECT * FROM rounds WHERE id = :round"),
    # Other panel members' declared interests are theirs, not this assessor's to carry about.
    ("assessors", "SELECT id, round_id, name, role, created_at, CASE WHEN id = :assessor THEN interests END "
                  "AS interests FROM assessors WHERE round_id = :round ORDER BY name"),
    ("applications", f"SELECT * FROM applications WHERE id IN ({_INCLUDED}) ORDER BY reference"),
    ("narratives", f"SELECT * FROM narratives WHERE application_id IN ({_INCLUDED}) ORDER BY application_id, position"),
    ("offers", f"SELECT * FROM offers WHERE application_id IN ({_INCLUDED}) ORDER BY application_id, position"),
    ("attachments", f"SELECT * FROM attachments WHERE application_id IN ({_INCLUDED}) ORDER BY application_id"),
    ("assessments", f"SELECT * FROM assessments WHERE assessor_id = :assessor AND application_id IN ({_INCLUDED})"),
    ("scores", "SELECT s.* FROM scores s JOIN assessments a ON a.id = s.assessment_id "
               f"WHERE a.assessor_id = :assessor AND a.application_id IN ({_INCLUDED})"),
    ("annotations", f"SELECT * FROM annotations WHERE assessor_id = :assessor AND application_id IN ({_INCLUDED})"),
    # The officer's screening travels with what the assessor scores, so the file agrees it may be scored.
    ("screenings", f"SELECT * FROM screenings WHERE application_id IN ({_INCLUDED})"),
)


@dataclass(frozen=True)
class PreparedFile:
    path: Path
    round: str
    assessor: str
    applications: int
    left_out: list[str]  # references of applications the assessor is conflicted with
    carried: int  # criteria this assessor had already scored in the chair's file, carried over
    ineligible: list[str] = field(default_factory=list)  # references of applications that are not eligible
    unassigned: int = 0  # applications of an assigned round left out because they are not assigned to them
    anonymised: bool = False  # the rows were copied redacted
    withheld: int = 0  # attachments not copied because the round is anonymised
    highlights_dropped: int = 0  # the assessor's highlights on text they are no longer shown

    def lines(self) -> list[str]:
        lines = [f"{self.path}: {self.applications} applications of round '{self.round}' for {self.assessor}."]
        if self.left_out:
            lines.append(f"Left out (conflict of interest): {', '.join(self.left_out)}.")
        if self.ineligible:
            lines.append(f"Left out (not eligible): {len(self.ineligible)} "
                         f"application{'' if len(self.ineligible) == 1 else 's'}.")
        if self.unassigned:
            lines.append(f"Left out (assigned to others): {self.unassigned} applications.")
        if self.carried:
            lines.append(f"{self.carried} scores {self.assessor} had already given are in the file.")
        if self.anonymised:
            lines.append("Anonymised: applicants appear as labels, with names, contacts, e-mail addresses, phone "
                         "numbers, postcodes and web addresses replaced in their text.")
        if self.withheld:
            lines.append(f"{_count(self.withheld, 'attachment')} left out: a PDF or Word document cannot be "
                         f"redacted safely, so the assessor reads the narrative taken from it.")
        if self.highlights_dropped:
            lines.append(f"{self.highlights_dropped} of {self.assessor}'s highlights left out: they quote text "
                         f"from before the round was anonymised.")
        return lines


def prepare_assessor_file(store: Store, *, round_name: str | None, assessor_name: str, out: Path) -> PreparedFile:
    """Write `out`, a file for one assessor to score this round offline; refuse to overwrite anything."""
    round_ = store.rounds.get(round_name)
    assessor = store.assessors.get(round_, assessor_name)
    if round_.status != "scoring":
        raise NotAllowed(f"Round '{round_.name}' is in {round_.status}; assessor files are prepared while a "
                         f"round is in scoring.")
    out = Path(out)
    if out.exists():
        raise FileProblem(f"{out} already exists; choose a new name for {assessor.name}'s file.")
    if Path(out).resolve() == Path(store.database.path).resolve():
        raise FileProblem(f"{out} is the panel's own file.")
    ineligible = store.screenings.ineligible_ids(round_)
    params = {"round": round_.id, "assessor": assessor.id, "snapshot": round_.rubric_snapshot_id,
              "ineligible": json.dumps(sorted(ineligible))}
    source = store.database.conn
    anonymised = not sees_identities(round_, assessor)
    change: RowChange | None = None
    if anonymised:
        included = {row[0] for row in source.execute(_INCLUDED, params)}
        change = redactor(store.anonymity.redacted(round_, only=included))
    partial = out.with_name(f".{out.name}.building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        target = open_database(partial, create=True, backups=None)
        try:
            with target.transaction():
                audit = AuditWriter(target, store.actor)
                copied = {table: _copy(source, audit, table, sql, params, change) for table, sql in _COPIED}
                write_identity(target.conn, FileIdentity(
                    id=new_id(), round_id=round_.id, assessor_id=assessor.id,
                    prepared_from=Path(store.database.path).name, prepared_by=store.actor,
                    prepared_at=utc_text(utc_now())))
        finally:
            target.close()
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    references = dict(source.execute("SELECT id, reference FROM applications WHERE round_id = ?", [round_.id]))
    left_out = sorted((references[a] for a in assessor.conflicts if a in references), key=reference_key)
    out_of_scoring = sorted((references[a] for a in ineligible), key=reference_key)
    unassigned = sum(1 for a in references if a not in assessor.conflicts and a not in ineligible) \
        - copied["applications"]
    withheld = highlights = 0
    if anonymised:
        withheld = source.execute(f"SELECT count(*) FROM attachments WHERE application_id IN ({_INCLUDED})",
                                  params).fetchone()[0]
        highlights = source.execute(f"SELECT count(*) FROM annotations WHERE assessor_id = :assessor AND "
                                    f"application_id IN ({_INCLUDED})", params).fetchone()[0] - copied["annotations"]
    return PreparedFile(out, round_.name, assessor.name, copied["applications"], left_out, copied["scores"],
                        ineligible=out_of_scoring, unassigned=unassigned, anonymised=anonymised, withheld=withheld,
                        highlights_dropped=highlights)


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}" + ("" if n == 1 else "s")


def _copy(source: sqlite3.Connection, audit: AuditWriter, table: str, sql: str, params: dict,
          change: RowChange | None) -> int:
    """Copy the rows `sql` selects, each through `change` when given (None from it: not copied)."""
    cursor = source.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    count = 0
    while batch := cursor.fetchmany(_BATCH):
        rows = [dict(zip(columns, values)) for values in batch]
        if change is not None:
            rows = [r for r in (change(table, row) for row in rows) if r is not None]
        audit.insert_many(table, rows)
        count += len(rows)
    return count
