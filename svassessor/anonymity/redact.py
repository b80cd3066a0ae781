"""Replace what identifies an applicant with labelled placeholders, keeping the map between the texts.

Everything found (by shape in `patterns`, as words in `terms`) is gathered first; overlapping finds
become one placeholder, labelled by the longest of them, so no part of an e-mail address or a phone
number is left beside a placeholder. Placeholders already in the text are never touched: redacting
redacted text changes nothing, even when the chair's words include "name" or "organisation".
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from svassessor.anonymity.patterns import Span, pattern_spans
from svassessor.anonymity.terms import TermIndex

PLACEHOLDERS = {
    "organisation": "[organisation]", "name": "[name]", "email": "[e-mail]", "phone": "[phone]",
    "postcode": "[postcode]", "web": "[web address]", "address": "[address]",
    "registration": "[registration number]", "word": "[redacted]",
}
KIND_NAMES = {  # singular, plural
    "organisation": ("organisation name", "organisation names"), "name": ("contact name", "contact names"),
    "email": ("e-mail address", "e-mail addresses"), "phone": ("phone number", "phone numbers"),
    "postcode": ("postcode", "postcodes"), "web": ("web address", "web addresses"),
    "address": ("address", "addresses"), "registration": ("registration number", "registration numbers"),
    "word": ("word of the chair's", "words of the chair's"),
}
_PLACED = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


@dataclass(frozen=True)
class Replacement:
    """`original[start:end]` became the placeholder of `kind`, which starts at `at` in the redacted text."""

    start: int
    end: int
    kind: str
    original: str
    at: int

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS[self.kind]

    @property
    def at_end(self) -> int:
        return self.at + len(self.placeholder)


@dataclass(frozen=True)
class Redacted:
    original: str
    text: str
    replacements: tuple[Replacement, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """A passage of the redacted text as a passage of the original (a placeholder stands for all it hid)."""
        return self._back(start, opening=True), self._back(end, opening=False)

    def _back(self, position: int, *, opening: bool) -> int:
        i = bisect.bisect_right([r.at for r in self.replacements], position) - 1
        if i < 0:
            return position
        r = self.replacements[i]
        if position >= r.at_end:
            return r.end + (position - r.at_end)
        if position == r.at:
            return r.start
        return r.start if opening else r.end  # inside a placeholder: all it stands for


def redact(text: str, indexes: Iterable[TermIndex] = ()) -> Redacted:
    """`text` with every e-mail, phone number, full postcode, web address and term of `indexes` replaced."""
    protected = [(m.start(), m.end()) for m in _PLACED.finditer(text)]
    found: list[Span] = list(pattern_spans(text))
    for index in indexes:
        if index:
            found.extend(index.spans(text))
    found = [s for s in found if not any(s[0] < end and start < s[1] for start, end in protected)]
    pieces: list[str] = []
    replacements: list[Replacement] = []
    done = length = 0
    for start, end, kind in _merged(found):
        pieces.append(text[done:start])
        length += start - done
        replacements.append(Replacement(start, end, kind, text[start:end], length))
        pieces.append(PLACEHOLDERS[kind])
        length += len(PLACEHOLDERS[kind])
        done = end
    pieces.append(text[done:])
    return Redacted(text, "".join(pieces), tuple(replacements))


def _merged(spans: list[Span]) -> list[Span]:
    """Overlapping spans joined into one, labelled by its longest part."""
    merged: list[tuple[int, int, str, int]] = []  # start, end, kind, length of the part that labels it
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            first, last, label, longest = merged[-1]
            if end - start > longest:
                label, longest = kind, end - start
            merged[-1] = (first, max(last, end), label, longest)
        else:
            merged.append((start, end, kind, end - start))
    return [(start, end, kind) for start, end, kind, _n in merged]


def counts(redactions: Iterable[Redacted]) -> Counter[str]:
    """How many of each kind were replaced."""
    return Counter(r.kind for redacted in redactions for r in redacted.replacements)


def replaced_sentence(counted: Counter[str]) -> str:
    """What was replaced, kind by kind, as the preview says it: "Replaced 2 organisation names, 1 e-mail address."."""
    if not counted:
        return "Nothing was replaced."
    parts = [f"{counted[kind]} {KIND_NAMES[kind][counted[kind] != 1]}" for kind in PLACEHOLDERS if counted[kind]]
    return f"Replaced {', '.join(parts)}."
