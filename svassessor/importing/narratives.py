"""Attaching applicants' documents: the file stored whole, its answers added to the application.

Documents are matched to applications by the reference in the file name ("NF26-003 answers.docx")
unless the user names the application. Several documents go in one transaction: all or none. The
same document again changes nothing; a new version of it updates the answers it gave, unless an
assessor has already highlighted them (a highlight quotes the text, so the text must not move).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed
from svassessor.importing.apply import IMPORTABLE_STATUSES
from svassessor.importing.documents import Document, read_document
from svassessor.importing.problems import ImportCancelled, refuse
from svassessor.models import Round
from svassessor.progress import Cancelled, Progress, never, no_progress
from svassessor.repository.attachments import Attachments
from svassessor.storage.audit import AuditWriter
from svassessor.storage.codec import dicts, new_id

if TYPE_CHECKING:
    from svassessor.store import Store


@dataclass
class DocumentResult:
    """What one document did: which application, which answers were added or changed."""

    filename: str
    reference: str
    attached: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if not self.attached and not self.added and not self.updated:
            return f"{self.filename} → {self.reference}: already attached, nothing changed."
        parts = [f"{len(self.added)} answers added", f"{len(self.updated)} updated"]
        stored = ", document stored." if self.attached else "."
        return f"{self.filename} → {self.reference}: {', '.join(parts)}{stored}"


def match_reference(filename: str, references: list[str]) -> str:
    """The one reference in the file name (not inside a longer code or reference); refuses none or several."""
    stem = Path(filename).stem.casefold()
    spans = {r: [m.span() for m in re.finditer(rf"(?<![0-9a-z]){re.escape(r.casefold())}(?![0-9a-z])", stem)]
             for r in references}
    spans = {r: s for r, s in spans.items() if s}

    def inside_another(r: str, span: tuple[int, int]) -> bool:
        return any(o != r and a <= span[0] and span[1] <= b and (b - a) > (span[1] - span[0])
                   for o, others in spans.items() for a, b in others)

    found = sorted(r for r, s in spans.items() if any(not inside_another(r, span) for span in s))
    if not found:
        raise refuse(filename, "no application's reference appears in the file name; name the application "
                               "(--application REF) or put its reference in the file name")
    if len(found) > 1:
        raise refuse(filename, f"the file name holds several references ({', '.join(found)}); "
                               f"name the application with --application")
    return found[0]


def attach_documents(store: Store, round_: Round, documents: list[tuple[Path, str | None]], *,
                     progress: Progress = no_progress, cancelled: Cancelled = never) -> list[DocumentResult]:
    """Read each (path, reference or None to match by file name) and store them all in one transaction."""
    conn = store.database.conn
    status = conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
    if status not in IMPORTABLE_STATUSES:
        raise NotAllowed(f"Round '{round_.name}' is in {status}; documents are added in setup or scoring.")
    ids = dict(conn.execute("SELECT reference, id FROM applications WHERE round_id = ?", [round_.id]).fetchall())
    read: list[tuple[Document, str]] = []
    for n, (path, reference) in enumerate(documents):
        if cancelled():
            raise ImportCancelled()
        progress(n, 2 * len(documents))
        document = read_document(path)
        reference = match_reference(path.name, list(ids)) if reference is None else reference
        if reference not in ids:
            raise refuse(path.name, f"round '{round_.name}' has no application with reference '{reference}'")
        read.append((document, reference))
    results = []
    with store.change() as audit:
        attachments = Attachments(store)
        for n, (document, reference) in enumerate(read):
            if cancelled():
                raise ImportCancelled()
            progress(len(read) + n, 2 * len(read))
            app_id = ids[reference]
            result = DocumentResult(document.filename, reference, attached=False)
            if attachments.find(app_id, document.sha256) is None:
                attachments.insert(audit, app_id, filename=document.filename, media_type=document.media_type,
                                   content=document.content)
                result.attached = True
            _answers(store, audit, app_id, reference, document, result)
            results.append(result)
    progress(1, 1)
    return results


def _answers(store: Store, audit: AuditWriter, app_id: str, reference: str, document: Document,
             result: DocumentResult) -> None:
    conn = store.database.conn
    existing = dicts(conn.execute("SELECT * FROM narratives WHERE application_id = ? ORDER BY position", [app_id]))
    highlighted = {r[0] for r in conn.execute(
        "SELECT narrative_id FROM annotations WHERE application_id = ?", [app_id])}
    mine = {n["question"]: n for n in existing if n["source"] == document.filename}
    position = max((n["position"] for n in existing), default=-1) + 1
    for question, text in document.sections:
        known = mine.get(question)
        if known is None:
            audit.insert("narratives", {"id": new_id(), "application_id": app_id, "position": position,
                                        "question": question, "text": text, "source": document.filename})
            position += 1
            result.added.append(question)
        elif known["text"] != text:
            if known["id"] in highlighted:
                raise NotAllowed(f"{document.filename}: the answer '{question}' of {reference} has highlights by "
                                 f"assessors, so its text cannot be replaced; nothing was imported.")
            audit.update("narratives", known["id"], {"text": text}, old=known)
            result.updated.append(question)
