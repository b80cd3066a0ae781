"""The check an assessment summary passes before it is sent: does each explanation explain?

Practice notes on assessment summaries say: never just restate the criterion; say why a higher score
was not given. So each criterion's explanation is questioned when it is

- `empty`: nothing was written (no rationale, no assessor's comment);
- `restates`: it only repeats a level's descriptor or the criterion's question (nearly word for word:
  `difflib`'s similarity of the words at or over `SAME`, or wholly inside one of them);
- `no_gap`: the score is below the top of the scale and nothing in it says what was missing or weaker
  (none of `GAP_WORDS`: "no", "not", "lacks", "could", "however", "more"...). A plain word list, not a
  judgement of style: the chair reads each question and fixes the text or overrides it with a reason.

Overridden questions (`store.overrides`) are not asked again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from svassessor.summaries.content import AssessmentSummary, CriterionPart

SAME = 0.8
GAP_WORDS = frozenset("""
no not nor without lack lacks lacking lacked missing absent gap gaps weak weaker weakness limited little few
fewer less lower lowest modest basic generic unspecified unclear vague could would should might needs needed need
insufficient partial partly only but however although though yet more further better stronger improve improved
improvement beyond except unless short
""".split())
_NEGATION = re.compile(r"n't\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)

LABELS = {"empty": "Nothing written", "restates": "Only restates a descriptor",
          "no_gap": "Says nothing of what was missing"}  # the short names a list shows
MESSAGES = {
    "empty": "nothing explains the score: there is no agreed rationale and no assessor's comment",
    "restates": "the explanation only restates a level's descriptor or the question; say what in the application "
                "earned the score",
    "no_gap": "scored below the top, but the explanation does not say what was missing or weaker",
}


@dataclass(frozen=True)
class Question:
    reference: str
    application_id: str
    criterion_id: str
    kind: str  # "empty" | "restates" | "no_gap"

    @property
    def sentence(self) -> str:
        return f"{self.reference} {self.criterion_id}: {MESSAGES[self.kind]}."


def questions(found: Iterable[AssessmentSummary], overridden: set[tuple[str, str, str]]) -> list[Question]:
    """Every question the checker asks of these summaries, less those the chair overrode
    ((application id, criterion id, kind))."""
    out = []
    for summary in found:
        app = summary.application
        for part in summary.criteria:
            if part.score is None:
                continue  # nothing was scored, so there is nothing to explain
            kind = ask(part)
            if kind is not None and (app.id, part.criterion.id, kind) not in overridden:
                out.append(Question(app.reference, app.id, part.criterion.id, kind))
    return out


def ask(part: CriterionPart) -> str | None:
    """The first question this criterion's explanation raises, or None when it explains."""
    text = " ".join(part.explanation).strip()
    if not text:
        return "empty"
    stock = [level.descriptor for level in part.levels] + [part.criterion.question]
    if all(_restates(piece, stock) for piece in part.explanation):
        return "restates"
    if not part.top and not _says_what_was_missing(text):
        return "no_gap"
    return None


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def _restates(text: str, stock: list[str]) -> bool:
    said = " ".join(_words(text))
    for source in stock:
        given = " ".join(_words(source))
        if said and (said in given or SequenceMatcher(None, said, given).ratio() >= SAME):
            return True
    return False


def _says_what_was_missing(text: str) -> bool:
    return bool(_NEGATION.search(text)) or any(word in GAP_WORDS for word in _words(text))
