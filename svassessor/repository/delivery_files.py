"""A delivery report's files: a register, photographs, an invoice, kept whole in the .svdb.

They live in the attachments table with the report's `delivery_id`, so they travel with the file,
are checked against their SHA-256 when read and by `check`, and each is audited (its content left
out of the audit event and covered by the SHA-256 instead). Attaching several files is one
transaction: all of them or none. `remove` hands the files back with their content, so an undo can
attach them again with the same ids.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import FileProblem, NotAllowed, NotFound
from svassessor.models import Attachment, Round, utc_now
from svassessor.repository.attachments import attachment_model
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import dicts, new_id, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store

MAX_BYTES = 50 << 20  # one report's file; the whole .svdb is copied for backups and assessors
_META = "t.id, t.application_id, t.delivery_id, t.filename, t.media_type, t.size, t.sha256, t.added_at"
_OF_ROUND = ("FROM attachments t JOIN applications a ON a.id = t.application_id "
             "WHERE a.round_id = ? AND t.delivery_id IS NOT NULL")


@dataclass(frozen=True)
class DeliveryFile:
    """A file to attach to a report, or one taken off it (with its id and time, to put it back as it was)."""

    filename: str
    content: bytes
    media_type: str = ""
    id: str = field(default_factory=new_id)
    added_at: str | None = None

    @classmethod
    def read(cls, path: Path) -> DeliveryFile:
        """The file at `path`, named as it is on disk; its type guessed from its name."""
        path = Path(path)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise FileProblem(f"{path} cannot be read ({error.strerror or error}).") from error
        return cls(filename=path.name, content=content, media_type=guess_type(path.name))


def guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


class DeliveryFiles:
    def __init__(self, store: Store):
        self.store = store

    def attach(self, round_: Round, delivery_id: str, files: Sequence[DeliveryFile]) -> list[Attachment]:
        """Attach files to a recorded report, in one audited transaction."""
        delivery = self.store.deliveries.get(round_, delivery_id)
        self.store.deliveries.require_monitoring(round_)
        with self.store.change() as audit:
            return self.insert(audit, delivery.offer_id, delivery_id, files)

    def insert(self, audit: AuditWriter, offer_id: str, delivery_id: str,
               files: Iterable[DeliveryFile]) -> list[Attachment]:
        """Store files inside the caller's transaction (recording a report keeps its files with it)."""
        files = list(files)
        for file in files:
            check_file(file)
        if not files:
            return []
        application_id = self.store.database.conn.execute(
            "SELECT application_id FROM offers WHERE id = ?", [offer_id]).fetchone()[0]
        now = utc_text(utc_now())
        rows = [{"id": f.id, "application_id": application_id, "delivery_id": delivery_id, "filename": f.filename,
                 "media_type": f.media_type or guess_type(f.filename), "size": len(f.content),
                 "sha256": hashlib.sha256(f.content).hexdigest(), "content": f.content,
                 "added_at": f.added_at or now} for f in files]
        return [attachment_model(r) for r in audit.insert_many("attachments", rows)]

    def for_delivery(self, delivery_id: str) -> list[Attachment]:
        """A report's files (without content), in the order they were attached."""
        return [attachment_model(r) for r in dicts(self.store.database.conn.execute(
            f"SELECT {_META} FROM attachments t WHERE t.delivery_id = ? ORDER BY t.added_at, t.filename",
            [delivery_id]))]

    def for_round(self, round_: Round) -> dict[str, list[Attachment]]:
        """Delivery id → its files (without content), for every report of a round that has any."""
        found: dict[str, list[Attachment]] = defaultdict(list)
        for row in dicts(self.store.database.conn.execute(
                f"SELECT {_META} {_OF_ROUND} ORDER BY t.added_at, t.filename", [round_.id])):
            found[row["delivery_id"]].append(attachment_model(row))
        return dict(found)

    def content(self, attachment_id: str) -> bytes:
        """A file's content, checked against its SHA-256 before it is handed out."""
        return self.store.attachments.content(attachment_id)

    def stored(self, delivery_id: str) -> list[DeliveryFile]:
        """A report's files with their content, ids and times: what undoing its removal puts back."""
        rows = dicts(self.store.database.conn.execute(
            "SELECT id, filename, media_type, added_at FROM attachments WHERE delivery_id = ? "
            "ORDER BY added_at, filename", [delivery_id]))
        return [DeliveryFile(filename=r["filename"], content=self.content(r["id"]), media_type=r["media_type"],
                             id=r["id"], added_at=r["added_at"]) for r in rows]

    def remove(self, round_: Round, attachment_ids: Iterable[str]) -> list[DeliveryFile]:
        """Take files off their reports (attached by mistake, or an undo); returns them to put back."""
        self.store.deliveries.require_monitoring(round_)
        ids = list(attachment_ids)
        in_round = {r[0] for r in self.store.database.conn.execute(f"SELECT t.id {_OF_ROUND}", [round_.id])}
        for attachment_id in ids:
            if attachment_id not in in_round:
                raise NotFound(f"Round '{round_.name}' has no report file with id {attachment_id}.")
        with self.store.change() as audit:
            return self.take_off(audit, ids)

    def take_off(self, audit: AuditWriter, attachment_ids: Iterable[str]) -> list[DeliveryFile]:
        """Delete files inside the caller's transaction (amending a report takes some off); returns them."""
        removed = []
        for attachment_id in attachment_ids:
            old = audit.delete("attachments", attachment_id)
            removed.append(DeliveryFile(filename=old["filename"], content=old["content"],
                                        media_type=old["media_type"], id=old["id"], added_at=old["added_at"]))
        return removed


def check_file(file: DeliveryFile) -> None:
    """Refuse what cannot be a report's file, naming it."""
    if not file.filename.strip():
        raise NotAllowed("A report's file needs a name.")
    if len(file.content) > MAX_BYTES:
        raise NotAllowed(f"{file.filename} is {len(file.content) >> 20} MB; a report's file can be up to "
                         f"{MAX_BYTES >> 20} MB. Attach a smaller copy, or a note of where the original is kept.")
