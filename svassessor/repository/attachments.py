"""Attachments: an applicant's original documents, stored whole in the .svdb with their SHA-256.

A delivery report's files share the table (see `delivery_files`); they carry a `delivery_id`, and
everything here about an application's own documents leaves them out.

The content travels with the file (an assessor's copy works offline), and the hash lets `check`
show that a stored document is the one that was imported.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import TYPE_CHECKING

from svassessor.errors import FileProblem, NotFound
from svassessor.models import Attachment, Round, utc_now
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import dicts, new_id, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store

_META = "id, application_id, filename, media_type, size, sha256, added_at"


def attachment_model(row: dict) -> Attachment:
    return Attachment(id=row["id"], filename=row["filename"], media_type=row["media_type"], size=row["size"],
                      sha256=row["sha256"])


class Attachments:
    def __init__(self, store: Store):
        self.store = store

    def insert(self, audit: AuditWriter, application_id: str, *, filename: str, media_type: str,
               content: bytes) -> Attachment:
        """Store a document inside the caller's transaction (an import keeps it with the answers read from it)."""
        row = {"id": new_id(), "application_id": application_id, "filename": filename, "media_type": media_type,
               "size": len(content), "sha256": hashlib.sha256(content).hexdigest(), "content": content,
               "added_at": utc_text(utc_now())}
        audit.insert("attachments", row)
        return attachment_model(row)

    def find(self, application_id: str, sha256: str) -> Attachment | None:
        """The attachment of this application with exactly this content, if it is already stored."""
        rows = dicts(self.store.database.conn.execute(
            f"SELECT {_META} FROM attachments WHERE application_id = ? AND sha256 = ? AND delivery_id IS NULL",
            [application_id, sha256]))
        return attachment_model(rows[0]) if rows else None

    def for_application(self, application_id: str) -> list[Attachment]:
        return [attachment_model(r) for r in dicts(self.store.database.conn.execute(
            f"SELECT {_META} FROM attachments WHERE application_id = ? AND delivery_id IS NULL "
            "ORDER BY added_at, filename",
            [application_id]))]

    def for_round(self, round_: Round) -> dict[str, list[Attachment]]:
        """Application id → its attachments (without content: a round's documents can be large)."""
        found: dict[str, list[Attachment]] = defaultdict(list)
        for row in dicts(self.store.database.conn.execute(
                "SELECT t.id, t.application_id, t.filename, t.media_type, t.size, t.sha256, t.added_at "
                "FROM attachments t JOIN applications a ON a.id = t.application_id "
                "WHERE a.round_id = ? AND t.delivery_id IS NULL ORDER BY t.added_at, t.filename", [round_.id])):
            found[row["application_id"]].append(attachment_model(row))
        return found

    def content(self, attachment_id: str) -> bytes:
        """The stored document, checked against its SHA-256 before it is handed out."""
        found = self.store.database.conn.execute(
            "SELECT filename, sha256, content FROM attachments WHERE id = ?", [attachment_id]).fetchone()
        if found is None:
            raise NotFound(f"There is no attachment with id {attachment_id}.")
        filename, sha256, content = found
        if hashlib.sha256(content).hexdigest() != sha256:
            raise FileProblem(f"The stored copy of {filename} does not match its SHA-256: the file was damaged.")
        return content
