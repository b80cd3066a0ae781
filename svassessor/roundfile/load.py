"""Reading a round file into a .svdb: the round made again, row for row, with its history, or nothing.

Everything is checked before the first write: the format, the links between rows, the rubric
against its hash, each attachment against its SHA-256, each audit event against its hash, that no
round of that name exists and that no row id is already in the file. Then one transaction replays
the history and inserts the rows (see `history` for how the history is kept).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from svassessor.errors import NotAllowed, RubricError
from svassessor.importing.batches import BATCH, insert_in_batches
from svassessor.importing.problems import ImportCancelled, ImportRejected, RowProblem, refuse
from svassessor.models import Round
from svassessor.orgids import split_old_setting
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.repository.rows import round_model, stored_yes_no
from svassessor.roundfile import format as f
from svassessor.roundfile.history import forged
from svassessor.rubric.loader import load_rubric_text
from svassessor.storage.audit import AuditWriter, snapshot
from svassessor.storage.codec import date_text, pence

if TYPE_CHECKING:
    from svassessor.store import Store

_SIGNATURE = re.compile(rb'"format_version"\s*:')


def is_round_file(path: Path) -> bool:
    """True for a .json file that declares a round file's `format_version` near its start."""
    if path.suffix.lower() != ".json":
        return False
    try:
        with path.open("rb") as handle:
            return bool(_SIGNATURE.search(handle.read(65536)))
    except OSError:
        return False


def read_round_json(path: Path) -> f.RoundFile:
    """Parse and validate a round file; refuses with every problem found, each naming where it is."""
    name = path.name
    try:
        raw = json.loads(path.read_bytes())
    except OSError as error:
        raise refuse(name, f"the file cannot be read ({error.strerror or error})") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise refuse(name, f"the round file is not valid JSON ({error})") from error
    version = raw.get("format_version") if isinstance(raw, dict) else None
    if isinstance(version, int) and version > f.FORMAT_VERSION:
        raise refuse(name, f"the round file is format {version}, newer than this svassessor reads "
                           f"({f.FORMAT_VERSION}); update svassessor to import it")
    try:
        return f.RoundFile.model_validate(raw)
    except ValidationError as error:
        raise ImportRejected([RowProblem(name, None, ".".join(str(p) for p in e["loc"]) or None, e["msg"].lower(),
                                         "path") for e in error.errors()[:100]]) from error


def _problems(name: str, doc: f.RoundFile) -> list[RowProblem]:
    """Links that lead nowhere, and content that does not match its hash."""
    problems: list[RowProblem] = []

    def bad(where: str, problem: str) -> None:
        problems.append(RowProblem(name, None, where, problem, "path"))

    apps = {a.id for a in doc.applications}
    assessors = {a.id for a in doc.assessors}
    narratives = {n.id for a in doc.applications for n in a.narrative}
    offers = {o.id for a in doc.applications for o in a.offers}
    reports = {x.id for x in doc.deliveries}
    if hashlib.sha256(doc.round.rubric.yaml.encode("utf-8")).hexdigest() != doc.round.rubric.sha256:
        bad("round.rubric.yaml", "the rubric does not match its sha256 (it was edited after export)")
    for i, person in enumerate(doc.assessors):
        for j, c in enumerate(person.conflicts):
            if c.application_id not in apps:
                bad(f"assessors.{i}.conflicts.{j}.application_id", "no application has this id")
        for j, g in enumerate(person.assignments):
            if g.application_id not in apps:
                bad(f"assessors.{i}.assignments.{j}.application_id", "no application has this id")
    for i, app in enumerate(doc.applications):
        for j, t in enumerate(app.attachments):
            try:
                content = base64.b64decode(t.content_base64, validate=True)
            except binascii.Error:
                bad(f"applications.{i}.attachments.{j}.content_base64", "the content is not base64")
                continue
            if hashlib.sha256(content).hexdigest() != t.sha256 or len(content) != t.size:
                bad(f"applications.{i}.attachments.{j}", f"{t.filename} does not match its sha256 and size")
            if t.delivery_id is not None and t.delivery_id not in reports:
                bad(f"applications.{i}.attachments.{j}.delivery_id", "no delivery has this id")
    linked = [("assessments", x.id, x.application_id, x.assessor_id) for x in doc.assessments]
    linked += [("annotations", n.id, n.application_id, n.assessor_id) for n in doc.annotations]
    for table, item_id, app_id, assessor_id in linked:
        if app_id not in apps or assessor_id not in assessors:
            bad(f"{table}.{item_id}", "it refers to an application or assessor that is not in the file")
    for i, n in enumerate(doc.annotations):
        if n.narrative_id not in narratives:
            bad(f"annotations.{i}.narrative_id", "no narrative answer has this id")
    decided = [("moderation", i, m.application_id) for i, m in enumerate(doc.moderation)]
    decided += [("decisions", i, d.application_id) for i, d in enumerate(doc.decisions)]
    decided += [("explanation_overrides", i, o.application_id) for i, o in enumerate(doc.explanation_overrides)]
    decided += [("screenings", i, x.application_id) for i, x in enumerate(doc.screenings)]
    decided += [("redaction_words", i, w.application_id) for i, w in enumerate(doc.redaction_words)
                if w.application_id is not None]
    for table, i, app_id in decided:
        if app_id not in apps:
            bad(f"{table}.{i}.application_id", "no application has this id")
    for i, x in enumerate(doc.deliveries):
        if x.offer_id not in offers:
            bad(f"deliveries.{i}.offer_id", "no offer has this id")
    for i, event in enumerate(doc.audit):
        if forged(event):
            bad(f"audit.{i}", f"audit event #{event.seq} does not match its hash (it was edited after export)")
    return problems


def _unproven(doc: f.RoundFile, tables: list[tuple[str, list[dict]]]) -> str | None:
    """The first row the file's own history does not vouch for (no event, or not what its last event
    recorded), as words; None when every row is what its history says. A round file proves itself: a score
    edited by hand, or a history cut short, is refused rather than imported as if it had been so."""
    last = {(e.entity, e.entity_id): e for e in doc.audit}
    for table, rows in tables:
        for row in rows:
            event = last.get((table, row["id"]))
            if event is None or event.new is None:
                return f"{table} row {row['id']} has no event in the file's history (the history was cut short)"
            recorded, held = event.new, snapshot(table, row)
            if table == "rounds":  # named anew on import, perhaps; a file from before the org-id has it split
                made = {"name": None} if "funder_org_id" in doc.round.model_fields_set else \
                    {"name": None, "funder_org_id": None, "funder_identifier": None}
                held, recorded = {**held, **made}, {**recorded, **made}
            for column in held.keys() | recorded.keys():
                if column in recorded and not _same(held.get(column), recorded[column]):
                    return (f"{table} row {row['id']} is not what its last event (#{event.seq}) recorded: "
                            f"{column} was edited after export")
                if column not in recorded and held.get(column) is not None and not event.erased:
                    return f"{table} row {row['id']} has {column}, which its last event (#{event.seq}) never held"
    return None


def _same(a: object, b: object) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    return a == b


def _funder_ids(r: f.RoundPart) -> tuple[str | None, str | None]:
    """(org-id, prefix): a file written before the org-id was its own setting holds both in
    `funder_identifier`, split as the migration of a .svdb of that time splits it."""
    if "funder_org_id" in r.model_fields_set:
        return r.funder_org_id, r.funder_identifier
    return split_old_setting(r.funder_identifier)


def _rows(doc: f.RoundFile, name: str) -> list[tuple[str, list[dict]]]:
    """The stored rows of every table, in an order that satisfies the foreign keys."""
    r = doc.round
    apps = doc.applications
    org_id, prefix = _funder_ids(r)
    return [
        ("rubric_snapshots", [{"id": r.rubric.snapshot_id, "rubric_id": r.rubric.id, "version": r.rubric.version,
                               "name": r.rubric.name, "yaml": r.rubric.yaml, "sha256": r.rubric.sha256}]),
        ("rounds", [{"id": r.id, "name": name, "status": r.status, "budget_pence": pence(r.budget),
                     "opens": date_text(r.opens), "closes": date_text(r.closes),
                     "rubric_snapshot_id": r.rubric.snapshot_id,
                     "sv_weight": r.sv_weight, "funder_name": r.funder_name, "funder_org_id": org_id,
                     "funder_identifier": prefix, "nation": r.nation, "standstill_from": date_text(r.standstill_from),
                     "created_at": r.created_at,
                     "anonymised": None if r.anonymised is None else int(r.anonymised), "reveal_at": r.reveal_at}]),
        ("assessors", [{"id": a.id, "round_id": r.id, "name": a.name, "role": a.role, "created_at": a.created_at,
                        "interests": a.interests} for a in doc.assessors]),
        ("applications", [{
            "id": a.id, "round_id": r.id, "reference": a.reference, "org_name": a.organisation.name,
            "org_type": a.organisation.type, "org_registration": a.organisation.registration,
            "org_postcode": a.organisation.postcode, "org_area": a.organisation.area,
            "sme": stored_yes_no(a.organisation.sme), "vcse": stored_yes_no(a.organisation.vcse), "title": a.title,
            "amount_requested_pence": pence(a.amount_requested), "price_pence": pence(a.price), "summary": a.summary,
            "received": date_text(a.received), "extra": json.dumps(a.extra, sort_keys=True, ensure_ascii=False),
            "created_at": a.created_at, "updated_at": a.updated_at} for a in apps]),
        ("narratives", [{**n.model_dump(), "application_id": a.id} for a in apps for n in a.narrative]),
        ("offers", [{**o.model_dump(), "application_id": a.id} for a in apps for o in a.offers]),
        ("attachments", _attachments(apps, reports=False)),
        ("conflicts", [{**c.model_dump(), "assessor_id": a.id} for a in doc.assessors for c in a.conflicts]),
        ("assignments", [{**g.model_dump(), "assessor_id": a.id} for a in doc.assessors for g in a.assignments]),
        ("assessments", [x.model_dump(exclude={"scores"}) for x in doc.assessments]),
        ("scores", [{**s.model_dump(), "not_scored": int(s.not_scored), "assessment_id": x.id}
                    for x in doc.assessments for s in x.scores]),
        ("annotations", [x.model_dump() for x in doc.annotations]),
        ("moderations", [x.model_dump() for x in doc.moderation]),
        ("decisions", [{**x.model_dump(exclude={"amount_awarded"}), "amount_awarded_pence": pence(x.amount_awarded)}
                       for x in doc.decisions]),
        ("deliveries", [{**x.model_dump(), "on_date": date_text(x.on_date)} for x in doc.deliveries]),
        ("explanation_overrides", [x.model_dump() for x in doc.explanation_overrides]),
        ("redaction_words", [{**x.model_dump(), "round_id": r.id} for x in doc.redaction_words]),
        ("attachments", _attachments(apps, reports=True)),  # a report's files after the reports
        ("screenings", [{**x.model_dump(), "answers": json.dumps(x.answers)} for x in doc.screenings]),
    ]


def _attachments(apps: list[f.ApplicationPart], *, reports: bool) -> list[dict]:
    """The application's own documents, or (`reports`) its delivery reports' files."""
    return [{**t.model_dump(exclude={"content_base64"}), "application_id": a.id,
             "content": base64.b64decode(t.content_base64)}
            for a in apps for t in a.attachments if (t.delivery_id is not None) == reports]


def _taken(store: Store, tables: list[tuple[str, list[dict]]]) -> str | None:
    """The first table holding an id the file brings, if any (the round is already in this file)."""
    conn = store.database.conn
    for table, rows in tables:
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            if conn.execute(f"SELECT 1 FROM {table} WHERE id IN ({marks}) LIMIT 1", chunk).fetchone():
                return table
    return None


def import_round_json(store: Store, path: Path, *, name: str | None = None, progress: Progress = no_progress,
                      cancelled: Cancelled = never) -> Round:
    """Make the round of a round file in this .svdb (named `name`, else as in the file), or refuse and keep nothing."""
    doc = read_round_json(path)
    name = (name or doc.round.name).strip()
    problems = _problems(path.name, doc)
    if problems:
        raise ImportRejected(problems)
    try:
        load_rubric_text(doc.round.rubric.yaml, filename=f"{path.name} (round.rubric.yaml)")
    except RubricError as error:
        raise refuse(path.name, f"the round's rubric is not valid: {error}") from error
    if store.database.conn.execute("SELECT 1 FROM rounds WHERE name = ?", [name]).fetchone():
        raise NotAllowed(f"A round called '{name}' already exists in {store.database.path}; nothing was imported "
                         f"(import it under another name with --round).")
    tables = _rows(doc, name)
    if (unproven := _unproven(doc, tables)) is not None:
        raise refuse(path.name, unproven)
    if (table := _taken(store, tables)) is not None:
        raise NotAllowed(f"{path.name} holds {table} rows that are already in {store.database.path} (this round "
                         f"was exported from this file or imported into it before); nothing was imported.")
    total = len(doc.audit) + sum(len(rows) for _, rows in tables)
    done = 0
    with store.database.transaction():
        writer = AuditWriter(store.database, store.actor)
        for n, event in enumerate(doc.audit):
            if n % BATCH == 0:
                if cancelled():
                    raise ImportCancelled()
                progress(n, total)
            writer.replay(at=event.at, actor=event.actor, action=event.action, entity=event.entity,
                          entity_id=event.entity_id, old=event.old, new=event.new)
        done = len(doc.audit)
        for table, rows in tables:
            done = insert_in_batches(writer, table, rows, done=done, total=total, progress=progress,
                                     cancelled=cancelled)
    return round_model({**tables[1][1][0]})
