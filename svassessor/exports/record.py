"""The decision record (`export --format record`): what a funder keeps to explain a decision (DESIGN §13 step 8).

One `.zip` holding the panel pack, the feedback letters and the assessment summaries (once the panel has
decided; the summaries' checker must have no open question), the score matrix,
the moderation rationales, the decisions, the conflicts register, the round's audit events and a
`manifest.json` with each file's SHA-256 and the audit chain's head hash. Every file is read from one
snapshot of the file, so the head in the manifest is the one printed in each PDF's footer, and
`svassessor check FILE --head HASH` later confirms the live file still extends that chain: a paper copy
catches even a consistent rewrite of the whole log.

    manifest.json  {audit_head, round, made (date, the store's clock), files: [{name, sha256, bytes}]}
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

from svassessor.exports.matrix import Column, Matrix, long_matrix
from svassessor.exports.spreadsheet import write_csv
from svassessor.models import Round
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.references import reference_key
from svassessor.reports.data import load_round
from svassessor.reports.letters import write_letters
from svassessor.reports.output import ExportCancelled, atomic_output
from svassessor.reports.pack import write_pack
from svassessor.reports.summaries import write_summaries
from svassessor.roundfile.history import round_events
from svassessor.storage.audit import chain_head
from svassessor.store import Store

MANIFEST = "manifest.json"


def write_record(store: Store, round_: Round, path: str | os.PathLike[str], *, progress: Progress = no_progress,
                 cancelled: Cancelled = never) -> list[str]:
    """Write the decision record of a round to `path` (.zip), whole or not at all; the names of its files."""
    with store.database.snapshot(), tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        head = chain_head(store.database.conn)
        progress(0, 4, "Writing the panel pack")
        write_pack(store, round_, work / "pack.pdf", cancelled=cancelled)
        progress(1, 4, "Writing the feedback letters and assessment summaries")
        if store.panel.decisions(round_):
            write_letters(store, round_, work / "letters.pdf", cancelled=cancelled)
            write_summaries(store, round_, work / "summaries.pdf", cancelled=cancelled)
        if cancelled():
            raise ExportCancelled()
        progress(2, 4, "Writing the scores, rationales, decisions and conflicts")
        _tables(store, round_, work)
        (work / "audit.jsonl").write_text("".join(
            json.dumps(event.model_dump(mode="json"), ensure_ascii=False, sort_keys=True) + "\n"
            for event in round_events(store.database, round_.id, round_.rubric_snapshot_id)), encoding="utf-8")
        progress(3, 4, "Writing the manifest")
        names = sorted(p.name for p in work.iterdir())
        manifest = {"audit_head": head, "round": round_.name, "made": store.clock.today().isoformat(),
                    "files": [_entry(work / name) for name in names]}
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        with atomic_output(path) as partial, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in [*names, MANIFEST]:
                archive.write(work / name, name)
        progress(4, 4, "")
    return [*names, MANIFEST]


def _entry(path: Path) -> dict:
    content = path.read_bytes()
    return {"name": path.name, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content)}


def _tables(store: Store, round_: Round, folder: Path) -> None:
    """The score matrix and the panel's own records, one CSV each (the matrix as `export --format csv`)."""
    data = load_round(store, round_)
    write_csv(long_matrix(data), folder / "scores.csv")
    reference = {a.id: a.reference for a in data.applications}
    order = {a.id: reference_key(a.reference) for a in data.applications}
    moderations = sorted((m for per in data.moderations.values() for m in per.values()),
                         key=lambda m: (order[m.application_id], m.criterion_id))
    write_csv(Matrix("Moderation", [Column("Reference"), Column("Criterion"), Column("Agreed score", "score"),
                                    Column("Rationale"), Column("Agreed by"), Column("When")],
                     [[reference[m.application_id], m.criterion_id, m.score, m.rationale, m.moderated_by,
                       m.updated_at] for m in moderations]), folder / "moderation.csv")
    decisions = sorted(data.decisions.values(), key=lambda d: order[d.application_id])
    write_csv(Matrix("Decisions", [Column("Reference"), Column("Decision"), Column("Amount awarded", "money"),
                                   Column("Feedback"), Column("Decided by"), Column("When")],
                     [[reference[d.application_id], d.decision, d.amount_awarded, d.feedback, d.decided_by,
                       d.decided_at] for d in decisions]), folder / "decisions.csv")
    write_csv(Matrix("Conflicts", [Column("Assessor"), Column("Reference"), Column("Reason")],
                     [[c.assessor, c.reference, c.reason] for c in store.assessors.conflicts(round_)]),
              folder / "conflicts.csv")
