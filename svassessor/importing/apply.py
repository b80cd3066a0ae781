"""Bringing incoming applications into a round: new ones added, known references updated, in one go.

The whole import is one transaction through the audit writer, so it is kept entirely or not at all
(a problem, a cancel, a crash). Re-importing updates by reference and says what changed; a field
the mapping fills is the file's to set (an emptied cell empties it), a field it does not fill is
left alone, and narrative answers and offers are matched by question and by position, never deleted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svassessor.errors import NotAllowed
from svassessor.importing.batches import BATCH, insert_in_batches
from svassessor.importing.mapping import FieldRef
from svassessor.importing.problems import ImportCancelled, ImportRejected, RowProblem
from svassessor.importing.rows import Incoming
from svassessor.importing.uses import ColumnUse
from svassessor.models import Round, utc_now
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.repository.rows import stored_yes_no
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import date_text, dicts, new_id, pence, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store

IMPORTABLE_STATUSES = ("setup", "scoring")
_COLUMNS = {
    "title": "title", "summary": "summary", "amount_requested": "amount_requested_pence", "price": "price_pence",
    "received": "received", "organisation.name": "org_name", "organisation.type": "org_type",
    "organisation.registration": "org_registration", "organisation.postcode": "org_postcode",
    "organisation.area": "org_area", "organisation.sme": "sme", "organisation.vcse": "vcse",
}
# The readers made these values a Decimal, a date or a yes or no (importing.values); stored as pence, ISO
# text and 1 or 0.
_ENCODE: dict[str, Callable[[Any], int | str | None]] = {
    "amount_requested": pence, "price": pence, "received": date_text, "organisation.sme": stored_yes_no,
    "organisation.vcse": stored_yes_no}


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    source: str
    new: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)  # reference → the fields that changed
    unchanged: list[str] = field(default_factory=list)
    not_in_file: int = 0
    saved: bool = False
    columns: list[ColumnUse] = field(default_factory=list)  # what each column of the file did (or would do)

    def summary(self) -> str:
        verb = "imported" if self.saved else "would import (dry run, nothing saved)"
        text = (f"{self.source}: {verb} {len(self.new)} new, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged")
        if self.not_in_file:
            text += f"; {self.not_in_file} applications of the round are not in this file and were left as they were"
        return text + "."


@dataclass
class _Writes:
    applications: list[dict] = field(default_factory=list)
    narratives: list[dict] = field(default_factory=list)
    offers: list[dict] = field(default_factory=list)
    updates: list[tuple[str, str, dict, dict]] = field(default_factory=list)  # table, id, changes, old row


def apply_incoming(store: Store, round_: Round, source: str, items: list[Incoming], mapped: list[FieldRef], *,
                   dry_run: bool = False, progress: Progress = no_progress,
                   cancelled: Cancelled = never) -> ImportResult:
    """Add or update every item in one transaction (none in a dry run); returns what changed."""
    status = store.database.conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
    if status not in IMPORTABLE_STATUSES:
        raise NotAllowed(f"Round '{round_.name}' is in {status}; applications are imported in setup or scoring.")
    if dry_run:
        result, _ = _plan_writes(store, round_, source, items, mapped)
        return result
    with store.change() as audit:
        result, writes = _plan_writes(store, round_, source, items, mapped)
        _write(audit, writes, progress, cancelled)
    result.saved = True
    return result


def _plan_writes(store: Store, round_: Round, source: str, items: list[Incoming],
                 mapped: list[FieldRef]) -> tuple[ImportResult, _Writes]:
    conn = store.database.conn
    existing = {r["reference"]: r for r in dicts(conn.execute("SELECT * FROM applications WHERE round_id = ?",
                                                               [round_.id]))}
    narratives, offers = _children(store, round_)
    highlighted = {r[0] for r in conn.execute(
        "SELECT DISTINCT n.narrative_id FROM annotations n JOIN applications a ON a.id = n.application_id "
        "WHERE a.round_id = ?", [round_.id])}
    problems: list[RowProblem] = []
    plain = [k for k in dict.fromkeys(r.kind for r in mapped) if k in _COLUMNS]
    offer_attributes: dict[int, set[str]] = defaultdict(set)
    for ref in mapped:
        if ref.kind == "offer":
            offer_attributes[ref.offer].add(ref.attribute)
    now = utc_text(utc_now())
    result, writes = ImportResult(source), _Writes()
    for item in items:
        row = existing.get(item.reference)
        if row is None:
            _add(round_, source, item, now, writes)
            result.new.append(item.reference)
            continue
        blocked: list[str] = []
        changed = _update(row, item, plain, source, now, narratives[row["id"]], offers[row["id"]],
                          offer_attributes, writes, highlighted, blocked)
        problems += [RowProblem(source, item.row, q, "an assessor has highlighted this answer, so its text cannot "
                                                     "be replaced (a highlight quotes it)") for q in blocked]
        if changed:
            result.updated[item.reference] = changed
        else:
            result.unchanged.append(item.reference)
    if problems:
        raise ImportRejected(problems)
    seen = {i.reference for i in items}
    result.not_in_file = sum(1 for r in existing if r not in seen)
    return result, writes


def _children(store: Store, round_: Round) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    conn = store.database.conn
    found: list[dict[str, list[dict]]] = []
    for table in ("narratives", "offers"):
        by_app: dict[str, list[dict]] = defaultdict(list)
        for row in dicts(conn.execute(f"SELECT t.* FROM {table} t JOIN applications a ON a.id = t.application_id "
                                      f"WHERE a.round_id = ? ORDER BY t.application_id, t.position", [round_.id])):
            by_app[row["application_id"]].append(row)
        found.append(by_app)
    return found[0], found[1]


def _value(item: Incoming, kind: str) -> object:
    value = item.values.get(kind)
    if value is None:
        return "" if kind == "summary" else None
    encode = _ENCODE.get(kind)
    return encode(value) if encode else value


def _extra_text(extra: dict[str, str]) -> str:
    return json.dumps(extra, sort_keys=True, ensure_ascii=False) if extra else "{}"


def _add(round_: Round, source: str, item: Incoming, now: str, writes: _Writes) -> None:
    app_id = new_id()
    row: dict[str, object] = {"id": app_id, "round_id": round_.id, "reference": item.reference}
    values = item.values
    for kind, column in _COLUMNS.items():  # _value, inlined: this runs for every field of every row
        value = values.get(kind)
        encode = _ENCODE.get(kind)
        row[column] = ("" if kind == "summary" else None) if value is None else encode(value) if encode else value
    row.update(extra=_extra_text(item.extra), created_at=now, updated_at=now)
    writes.applications.append(row)
    for position, (question, text) in enumerate(item.narrative):
        writes.narratives.append({"id": new_id(), "application_id": app_id, "position": position,
                                  "question": question, "text": text, "source": source})
    for position, offer in enumerate(item.offers):
        writes.offers.append(_offer_row(app_id, position, offer))


def _offer_row(app_id: str, position: int, offer: dict) -> dict:
    return {"id": new_id(), "application_id": app_id, "position": position,
            **{a: offer.get(a) for a in ("description", "measure", "quantity", "unit", "beneficiary_group", "place",
                                         "timeframe", "evidence")}}


def _update(row: dict, item: Incoming, plain: list[str], source: str, now: str, narratives: list[dict],
            offers: list[dict], offer_attributes: dict[int, set[str]], writes: _Writes, highlighted: set[str],
            blocked: list[str]) -> list[str]:
    """Queue the changes one known application needs; the names of the fields that change.

    An answer with highlights is not changed: its question goes into `blocked` instead.
    """
    changes = {_COLUMNS[k]: _value(item, k) for k in plain if row[_COLUMNS[k]] != _value(item, k)}
    changed = [k for k in plain if _COLUMNS[k] in changes]
    old_extra = json.loads(row["extra"])
    merged = {**old_extra, **item.extra}
    if merged != old_extra:
        changes["extra"] = _extra_text(merged)
        changed += [f"extra:{k}" for k in item.extra if old_extra.get(k) != item.extra[k]]
    if changes:
        writes.updates.append(("applications", row["id"], {**changes, "updated_at": now}, row))
    by_question = {n["question"]: n for n in reversed(narratives)}
    next_position = len(narratives)
    for question, text in item.narrative:
        known = by_question.get(question)
        if known is None:
            writes.narratives.append({"id": new_id(), "application_id": row["id"], "position": next_position,
                                      "question": question, "text": text, "source": source})
            next_position += 1
            changed.append(f"narrative:{question}")
        elif known["text"] != text and known["id"] in highlighted:
            blocked.append(question)
        elif known["text"] != text:
            writes.updates.append(("narratives", known["id"], {"text": text, "source": source}, known))
            changed.append(f"narrative:{question}")
    for position, offer in enumerate(item.offers):
        if position >= len(offers):
            writes.offers.append(_offer_row(row["id"], position, offer))
            changed.append(f"offer{position + 1}")
            continue
        old = offers[position]
        offer_changes = {a: offer.get(a) for a in offer_attributes[position] if old[a] != offer.get(a)}
        if offer_changes:
            writes.updates.append(("offers", old["id"], offer_changes, old))
            changed += [f"offer{position + 1}.{a}" for a in offer_changes]
    return changed


def _write(audit: AuditWriter, writes: _Writes, progress: Progress, cancelled: Cancelled) -> None:
    """Insert in batches (one executemany each, events batched with them), checking for cancel between."""
    steps = [("applications", writes.applications), ("narratives", writes.narratives), ("offers", writes.offers)]
    total = sum(len(rows) for _, rows in steps) + len(writes.updates)
    done = 0
    for table, rows in steps:
        done = insert_in_batches(audit, table, rows, done=done, total=total, progress=progress, cancelled=cancelled)
    for n, (table, row_id, changes, old) in enumerate(writes.updates):
        if n % BATCH == 0 and cancelled():
            raise ImportCancelled()
        audit.update(table, row_id, changes, old=old)
    progress(total, total)
