"""Every piece of free text a file holds, with where it is: what a subject access search reads.

Rows as they are now, every value the audit log still holds (earlier values included), and the text of
files stored in the file (plain text files; a PDF's or Word document's text is what its narrative answers
hold). Each place says its round, table, field and the application's reference where there is one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svassessor.storage.audit import read_events

if TYPE_CHECKING:
    from svassessor.store import Store


@dataclass(frozen=True)
class Place:
    round: str | None
    table: str
    field: str
    reference: str | None
    text: str
    source: str  # "now", or which audit event holds it


_APP = "JOIN applications a ON a.id = x.application_id JOIN rounds r ON r.id = a.round_id"
# table → (the query's FROM and joins, the text columns) : each query yields id, round, reference, columns.
_QUERIES = {
    "applications": ("applications x JOIN rounds r ON r.id = x.round_id JOIN applications a ON a.id = x.id",
                     ("org_name", "org_postcode", "title", "summary", "extra")),
    "narratives": (f"narratives x {_APP}", ("question", "text", "source")),
    "offers": (f"offers x {_APP}", ("description", "evidence")),
    "attachments": (f"attachments x {_APP}", ("filename",)),
    "deliveries": ("deliveries x JOIN offers o ON o.id = x.offer_id JOIN applications a ON a.id = o.application_id "
                   "JOIN rounds r ON r.id = a.round_id", ("story", "evidence", "recorded_by")),
    "annotations": (f"annotations x {_APP}", ("quote", "note")),
    "assessments": (f"assessments x {_APP}", ("overall_comment",)),
    "scores": ("scores x JOIN assessments s ON s.id = x.assessment_id JOIN applications a ON a.id = s.application_id "
               "JOIN rounds r ON r.id = a.round_id", ("comment",)),
    "moderations": (f"moderations x {_APP}", ("rationale", "moderated_by")),
    "decisions": (f"decisions x {_APP}", ("feedback", "decided_by")),
    "conflicts": (f"conflicts x {_APP}", ("reason",)),
    "explanation_overrides": (f"explanation_overrides x {_APP}", ("reason", "overridden_by")),
    "assessors": ("assessors x JOIN rounds r ON r.id = x.round_id LEFT JOIN applications a ON 0",
                  ("name", "interests")),
}


def places(store: Store) -> Iterator[Place]:
    """Every text the file holds, now and in its audit log (a value the log holds as it is now is given once)."""
    conn = store.database.conn
    owners: dict[tuple[str, str], tuple[str, str | None]] = {}
    now: set[tuple[str, str, str, str]] = set()
    for table, (joins, columns) in _QUERIES.items():
        listed = ", ".join(f"x.{c}" for c in columns)
        for row_id, round_name, reference, *values in conn.execute(
                f"SELECT x.id, r.name, a.reference, {listed} FROM {joins}"):
            owners[(table, row_id)] = (round_name, reference)
            for column, value in zip(columns, values):
                for field, text in _texts(column, value):
                    now.add((table, row_id, field, text))
                    yield Place(round_name, table, field, reference, text, "now")
    for round_name, reference, filename, content in conn.execute(
            f"SELECT r.name, a.reference, x.filename, x.content FROM attachments x {_APP} "
            "WHERE x.media_type LIKE 'text/%'"):
        yield Place(round_name, "attachments", f"content of {filename}", reference,
                    content.decode("utf-8", errors="replace"), "now")
    for event in read_events(conn):
        round_name, reference = owners.get((event.entity, event.entity_id), (None, None))
        for row in (event.old, event.new):
            for column, value in (row or {}).items():
                for field, text in _texts(column, value):
                    if (event.entity, event.entity_id, field, text) not in now:
                        yield Place(round_name, event.entity, field, reference, text,
                                    f"audit log, event #{event.seq} of {event.at[:10]}")


def _texts(column: str, value: object) -> Iterator[tuple[str, str]]:
    """The texts in one column's value: an application's extra answers one by one, under their headings."""
    if not isinstance(value, str) or not value:
        return
    if column == "extra":
        try:
            extra = json.loads(value)
        except ValueError:
            extra = None
        if isinstance(extra, dict):
            for heading, answer in extra.items():
                if isinstance(answer, str | int | float) and str(answer):
                    yield f"extra: {heading}", str(answer)
            return
    yield column, value
