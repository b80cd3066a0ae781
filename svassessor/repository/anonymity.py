"""Anonymised rounds in the file: the chair's words to redact, and applications as each person sees them.

The rule of who sees what is `anonymity.view.sees_identities`; this is where the window, the
command line and `prepare` ask it. An assessor's prepared file of an anonymised round holds only
redacted rows (see `panelfiles.prepare`), so there what is stored is what is shown, labels included:
it is never redacted again with a numbering of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svassessor.anonymity.highlights import placed
from svassessor.anonymity.view import (
    RedactedApplication,
    applicant_labels,
    redact_application,
    round_index,
    sees_identities,
)
from svassessor.errors import NotAllowed, NotFound
from svassessor.models import Annotation, Application, Assessor, Organisation, Round, utc_now
from svassessor.panelfiles.identity import read_identity
from svassessor.storage.codec import new_id, utc_text

if TYPE_CHECKING:
    from svassessor.store import Store


@dataclass(frozen=True)
class RedactionWord:
    """A word the chair redacts in the whole round (`reference` None) or in one application."""

    id: str
    word: str
    application_id: str | None
    reference: str | None


class Anonymity:
    def __init__(self, store: Store):
        self.store = store

    # the chair's words ---------------------------------------------------------------------------
    def words(self, round_: Round) -> list[RedactionWord]:
        rows = self.store.database.conn.execute(
            "SELECT w.id, w.word, w.application_id, a.reference FROM redaction_words w LEFT JOIN applications a "
            "ON a.id = w.application_id WHERE w.round_id = ? ORDER BY a.reference IS NOT NULL, a.reference, "
            "w.word COLLATE NOCASE", [round_.id]).fetchall()
        return [RedactionWord(*row) for row in rows]

    def add_word(self, round_: Round, word: str, application: Application | None = None) -> RedactionWord:
        """Redact `word` (a word or phrase) wherever it appears in the round, or in one application."""
        word = " ".join(word.split())
        if not any(c.isalnum() for c in word):
            raise NotAllowed("A word to redact needs at least one letter or digit.")
        self._require_panel_file()
        if application is not None and application.round_id != round_.id:
            raise NotAllowed(f"{application.reference} is not an application of round '{round_.name}'.")
        where = f"in {application.reference}" if application else f"in round '{round_.name}'"
        if self._find(round_, word, application) is not None:
            raise NotAllowed(f"'{word}' is already redacted {where}.")
        word_id = new_id()
        with self.store.change() as audit:
            audit.insert("redaction_words", {
                "id": word_id, "round_id": round_.id, "application_id": application.id if application else None,
                "word": word, "added_by": self.store.actor, "added_at": utc_text(utc_now())})
        return RedactionWord(word_id, word, application.id if application else None,
                             application.reference if application else None)

    def remove_word(self, round_: Round, word: str, application: Application | None = None) -> None:
        self._require_panel_file()
        found = self._find(round_, " ".join(word.split()), application)
        if found is None:
            where = f"in {application.reference}" if application else f"in round '{round_.name}'"
            raise NotFound(f"'{word}' is not among the words redacted {where}.")
        with self.store.change() as audit:
            audit.delete("redaction_words", found)

    def _find(self, round_: Round, word: str, application: Application | None) -> str | None:
        found = self.store.database.conn.execute(
            "SELECT id FROM redaction_words WHERE round_id = ? AND application_id IS ? AND lower(word) = lower(?)",
            [round_.id, application.id if application else None, word]).fetchone()
        return found[0] if found else None

    def _require_panel_file(self) -> None:
        if read_identity(self.store.database.conn) is not None:
            raise NotAllowed("Redaction is the chair's, in the panel's file: an assessor's file holds only what its "
                             "assessor may read.")

    # what each person sees -----------------------------------------------------------------------
    def is_prepared_file(self) -> bool:
        """An assessor's file: its rows are already as its assessor may see them."""
        return read_identity(self.store.database.conn) is not None

    def redacted(self, round_: Round, applications: Sequence[Application] | None = None,
                 only: set[str] | None = None) -> dict[str, RedactedApplication]:
        """Application id → the application redacted as an assessor of the round would see it.

        `only` limits the work to some application ids (labels and other applicants' names still
        come from the whole round).
        """
        applications = list(applications if applications is not None else self.store.applications.for_round(round_))
        labels = applicant_labels(a.reference for a in applications)
        if self.is_prepared_file():  # labelled when prepared, from the whole round: keep them
            labels = {a.reference: a.organisation.name for a in applications}
        names = round_index(applications)
        words = self.words(round_)
        everywhere = [w.word for w in words if w.application_id is None]
        own: dict[str, list[str]] = {}
        for w in words:
            if w.application_id is not None:
                own.setdefault(w.application_id, []).append(w.word)
        return {a.id: redact_application(a, label=labels[a.reference], round_names=names,
                                         words=[*everywhere, *own.get(a.id, [])])
                for a in applications if only is None or a.id in only}

    def require_may_preview(self, round_: Round, person: Assessor | None) -> None:
        """The preview lists what each placeholder hides: only for someone who sees identities, in the
        panel's file (an assessor's file holds nothing to hide)."""
        self._require_panel_file()
        if not sees_identities(round_, person):
            raise NotAllowed("The redaction preview shows what assessors are not shown: it is the chair's.")

    def preview(self, round_: Round, reference: str) -> RedactedApplication:
        """One application as an anonymised round's assessors see it (whether the round is anonymised or not)."""
        application = self.store.applications.get(round_, reference)
        return self.redacted(round_, only={application.id})[application.id]

    def hides_from(self, round_: Round, person: Assessor | None) -> bool:
        """Whether `person` is shown redacted applications in this file (see `sees_identities`)."""
        return not sees_identities(round_, person) and not self.is_prepared_file()

    def as_seen_by(self, round_: Round, person: Assessor | None) -> list[Application]:
        """The round's applications, redacted for someone who must not see identities yet."""
        applications = self.store.applications.for_round(round_)
        if not self.hides_from(round_, person):
            return applications
        redacted = self.redacted(round_, applications)
        return [redacted[a.id].application for a in applications]

    def one_as_seen_by(self, round_: Round, person: Assessor | None, application_id: str) -> Application:
        application = self.store.applications.by_id(application_id)
        if not self.hides_from(round_, person):
            return application
        return self._one_redacted(round_, application).application

    def _one_redacted(self, round_: Round, application: Application) -> RedactedApplication:
        return self._redact_among(round_, application, self._round_heads(round_))

    def _round_heads(self, round_: Round) -> list[Application]:
        """Every application of the round with its reference and organisation only (for labels and names)."""
        return [Application(id=i, round_id=round_.id, reference=r, organisation=Organisation(name=n, registration=g),
                            title="-")
                for i, r, n, g in self.store.database.conn.execute(
                    "SELECT id, reference, org_name, org_registration FROM applications WHERE round_id = ?",
                    [round_.id])]

    def _redact_among(self, round_: Round, application: Application, heads: list[Application]) -> RedactedApplication:
        labels = applicant_labels(h.reference for h in heads)
        if self.is_prepared_file():
            labels = {h.reference: h.organisation.name for h in heads}
        words = [w.word for w in self.words(round_) if w.application_id in (None, application.id)]
        return redact_application(application, label=labels[application.reference], round_names=round_index(heads),
                                  words=words)

    def answer_text(self, round_: Round, person: Assessor, application_id: str, narrative_id: str) -> str:
        """The text of one narrative answer as `person` is shown it (what their highlights are made on)."""
        if not self.hides_from(round_, person):
            found = self.store.database.conn.execute(
                "SELECT text FROM narratives WHERE id = ? AND application_id = ?", [narrative_id, application_id]
            ).fetchone()
            if found is None:
                raise NotAllowed("That narrative answer is not part of the application.")
            return str(found[0])
        application = self.one_as_seen_by(round_, person, application_id)
        for answer in application.narrative:
            if answer.id == narrative_id:
                return answer.text
        raise NotAllowed("That narrative answer is not part of the application.")

    def placed(self, round_: Round, person: Assessor | None, shown: Application,
               annotations: Sequence[Annotation]) -> list[Annotation]:
        """The highlights placed on the application as `person` is shown it (see `anonymity.highlights`);
        one that fits neither the shown nor the redacted text keeps its offsets (and is not drawn)."""
        if not round_.anonymised or self.hides_from(round_, person) or self.is_prepared_file():
            return list(annotations)
        answers = self._one_redacted(round_, self.store.applications.by_id(shown.id)).answers
        texts = {a.id: a.text for a in shown.narrative}
        return [placed(n, texts.get(n.narrative_id, ""), answers.get(n.narrative_id)) or n for n in annotations]
