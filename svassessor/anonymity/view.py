"""An application as an assessor of an anonymised round sees it, and who sees identities when.

In place of the organisation: a label, "Applicant 017", numbered by the natural order of the round's
references (`svassessor.references`), three digits or more, so the chair and every assessor call an
application by the same label. The registration number and postcode go; the organisation's type and
area stay (they are part of what is judged: a CIC in Sparkbrook). Every text an assessor reads is
redacted: title, summary, the narrative's questions, answers and source file names, the offers'
words, and the values the import kept in `extra`. Attachments are withheld whole: a PDF or Word
document cannot be redacted safely, so the narrative read from it is all an assessor gets.

Besides the application's own terms, every other applicant's organisation name and registration
number in the round are redacted too: an application that names another as its partner must not
tell an assessor who that applicant is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from svassessor.anonymity.redact import Redacted, counts, redact
from svassessor.anonymity.terms import Term, TermIndex, extra_terms, organisation_terms
from svassessor.models import ROUND_STATUSES, Application, Assessor, NarrativeAnswer, Round, RoundStatus
from svassessor.references import reference_key

REVEAL_STATUSES: tuple[RoundStatus, ...] = ("moderation", "decided", "monitoring")
DEFAULT_REVEAL: RoundStatus = "moderation"
_OFFER_TEXT = ("description", "unit", "beneficiary_group", "place", "timeframe", "evidence")


def revealed(round_: Round) -> bool:
    """Whether the round has reached the status at which its applicants' identities appear to the panel."""
    reveal = round_.reveal_at or DEFAULT_REVEAL
    return ROUND_STATUSES.index(round_.status) >= ROUND_STATUSES.index(reveal)


def sees_identities(round_: Round, person: Assessor | None) -> bool:
    """The rule: everyone in a named round; the chair always; an assessor (or no one chosen) only once
    the round has reached its reveal status."""
    if not round_.anonymised or revealed(round_):
        return True
    return person is not None and person.role == "chair"


def anonymity_text(round_: Round) -> str:
    """The round's setting in words: "named", or "anonymised (identities appear at moderation)"."""
    if not round_.anonymised:
        return "named"
    return f"anonymised (identities appear at {round_.reveal_at or DEFAULT_REVEAL})"


def applicant_labels(references: Iterable[str]) -> dict[str, str]:
    """Reference → "Applicant 017", by the round's natural reference order."""
    ordered = sorted(references, key=reference_key)
    width = max(3, len(str(len(ordered))))
    return {reference: f"Applicant {n:0{width}d}" for n, reference in enumerate(ordered, start=1)}


@dataclass(frozen=True)
class RedactedApplication:
    """The application as an assessor sees it, and what was taken out of it."""

    application: Application
    label: str
    texts: tuple[tuple[str, Redacted], ...]  # where (e.g. "narrative: What need…") and its redaction
    withheld: tuple[str, ...]  # the attachments left out, by file name (the original names)
    answers: dict[str, Redacted]  # narrative answer id → its redaction, to place highlights

    @property
    def counts(self) -> Counter[str]:
        return counts(r for _w, r in self.texts)


def round_index(applications: Sequence[Application]) -> TermIndex:
    """Every applicant's organisation name and registration number in the round, for redacting wherever
    they appear (published data gives one charity's number to another, the funder's to a grantee)."""
    terms = [t for a in applications for t in organisation_terms(a.organisation.name)]
    terms += [Term(a.organisation.registration, "registration") for a in applications if a.organisation.registration]
    return TermIndex(terms)


def application_index(application: Application, words: Iterable[str]) -> TermIndex:
    """The application's own terms: its names, registration, postcode, contacts and the chair's words."""
    org = application.organisation
    terms = [*organisation_terms(org.name, own=True), *extra_terms(application.extra)]
    if org.registration:
        terms.append(Term(org.registration, "registration"))
    if org.postcode:
        terms.append(Term(org.postcode, "postcode"))
    terms += [Term(word, "word") for word in words]
    return TermIndex(terms)


def redact_application(application: Application, *, label: str, round_names: TermIndex,
                       words: Iterable[str] = ()) -> RedactedApplication:
    """The application with its identity replaced by `label` and every text redacted."""
    indexes = (application_index(application, words), round_names)
    texts: list[tuple[str, Redacted]] = []

    def clean(where: str, text: str) -> str:
        redacted = redact(text, indexes)
        if redacted.replacements:
            texts.append((where, redacted))
        return redacted.text

    def maybe(where: str, text: str | None) -> str | None:
        return None if text is None else clean(where, text)

    answers = {n.id: redact(n.text, indexes) for n in application.narrative}
    texts += [(f"narrative: {n.question}", answers[n.id]) for n in application.narrative
              if answers[n.id].replacements]
    narrative = [NarrativeAnswer(id=n.id, question=clean("question", n.question), text=answers[n.id].text,
                                 source=maybe("source", n.source)) for n in application.narrative]
    offers = [o.model_copy(update={f: maybe(f"offer {i}: {f}", getattr(o, f)) for f in _OFFER_TEXT})
              for i, o in enumerate(application.offers, start=1)]
    seen = application.model_copy(update={
        "organisation": application.organisation.model_copy(update={"name": label, "registration": None,
                                                                      "postcode": None}),
        "title": clean("title", application.title), "summary": clean("summary", application.summary),
        "narrative": narrative, "offers": offers,
        "attachments": [],
        "extra": {key: clean(f"extra: {key}", value) for key, value in application.extra.items()},
    })
    return RedactedApplication(seen, label, tuple(texts), tuple(a.filename for a in application.attachments), answers)
