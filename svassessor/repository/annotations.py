"""Annotations: a highlighted passage of narrative, tagged, with a note (DESIGN §2.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svassessor.errors import NotAllowed
from svassessor.models import Annotation, Assessor, Round
from svassessor.repository.rows import annotation_model
from svassessor.storage.codec import dicts, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store


class Annotations:
    def __init__(self, store: Store):
        self.store = store

    def add(self, round_: Round, assessor: Assessor, annotation: Annotation) -> Annotation:
        """Save a highlight; the quote must be exactly the text between start and end."""
        rubric = self.store.rounds.rubric(round_)
        if annotation.tag not in {t.id for t in rubric.tags}:
            raise NotAllowed(f"The rubric has no annotation tag '{annotation.tag}'.")
        conn = self.store.database.conn
        found = conn.execute("SELECT 1 FROM narratives WHERE id = ? AND application_id = ?",
                             [annotation.narrative_id, annotation.application_id]).fetchone()
        if found is None:
            raise NotAllowed("That narrative answer is not part of the application.")
        # The passage is the text as the assessor is shown it: redacted in an anonymised round (see
        # `anonymity.highlights`).
        text = self.store.anonymity.answer_text(round_, assessor, annotation.application_id, annotation.narrative_id)
        if text[annotation.start:annotation.end] != annotation.quote or annotation.end <= annotation.start:
            raise NotAllowed("The highlighted passage does not match the narrative text.")
        with self.store.change(assessor.name) as audit:
            self._require_open(round_, assessor, annotation.application_id)
            audit.insert("annotations", {
                "id": annotation.id, "application_id": annotation.application_id, "assessor_id": assessor.id,
                "narrative_id": annotation.narrative_id, "start": annotation.start, "end": annotation.end,
                "quote": annotation.quote, "tag": annotation.tag, "note": annotation.note,
                "criterion_id": annotation.criterion_id, "created_at": utc_text(annotation.created_at)})
        return annotation.model_copy(update={"assessor_id": assessor.id})

    def update_note(self, assessor: Assessor, annotation_id: str, note: str) -> str:
        """Change a highlight's note; returns the note it replaced."""
        with self.store.change(assessor.name) as audit:
            self._require_own_open(assessor, annotation_id)
            result = audit.update("annotations", annotation_id, {"note": note})
        return note if result is None else result[0]["note"]

    def remove(self, assessor: Assessor, annotation_id: str) -> Annotation:
        with self.store.change(assessor.name) as audit:
            self._require_own_open(assessor, annotation_id)
            return annotation_model(audit.delete("annotations", annotation_id))

    def _require_own_open(self, assessor: Assessor, annotation_id: str) -> None:
        found = self.store.database.conn.execute(
            "SELECT n.application_id, n.assessor_id, a.round_id FROM annotations n "
            "JOIN applications a ON a.id = n.application_id WHERE n.id = ?", [annotation_id]).fetchone()
        if found is None:
            raise NotAllowed("That highlight no longer exists.")
        if found[1] != assessor.id:
            raise NotAllowed(f"That highlight is another assessor's; {assessor.name} cannot change it.")
        self._require_open(self.store.rounds.by_id(found[2]), assessor, found[0])

    def _require_open(self, round_: Round, assessor: Assessor, application_id: str) -> None:
        """Highlights belong to the assessment: changed only while it is a draft and the round is scoring,
        by someone who may score the application."""
        conn = self.store.database.conn
        status = conn.execute("SELECT status FROM rounds WHERE id = ?", [round_.id]).fetchone()[0]
        if status != "scoring":
            raise NotAllowed(f"Round '{round_.name}' is in {status}, so highlights cannot be changed.")
        self.store.assessors.require_may_score(assessor, application_id)
        submitted = conn.execute("SELECT 1 FROM assessments WHERE application_id = ? AND assessor_id = ? "
                                 "AND status = 'submitted'", [application_id, assessor.id]).fetchone()
        if submitted:
            raise NotAllowed(f"{assessor.name} has submitted this assessment; reopen it to change its highlights.")

    def for_application(self, application_id: str, *, assessor_id: str | None = None) -> list[Annotation]:
        """Highlights on an application; one assessor's only when blind scoring calls for it."""
        sql, params = "SELECT * FROM annotations WHERE application_id = ?", [application_id]
        if assessor_id is not None:
            sql, params = sql + " AND assessor_id = ?", [*params, assessor_id]
        return [annotation_model(r) for r in dicts(self.store.database.conn.execute(sql + " ORDER BY start", params))]


