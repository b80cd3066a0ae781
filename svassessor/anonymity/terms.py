"""The words that identify one application, and finding them in text as whole words.

An application is identified by
- its organisation's name and the forms people write it in: without a leading "The", without the
  legal form at the end ("Lozells Table CIC" → "Lozells Table"), the parts in brackets
  ("Bail for Immigration Detainees (BID)" → "BID") and its initials ("ATJF");
- the organisation's registration number, and its postcode as the import gave it;
- the people and details the import kept in `Application.extra` (see `extra_terms` for which keys
  count);
- the chair's own words for the round or the application.

A name of several words is found in any case and across any spacing or punctuation of up to three
characters ("lozells  table", "Lozells-Table"). A name of one word is found only as written (and in
capitals; an application's own also capitalised): "Unlock" and "Pathway" are organisations in
published data, and also words a narrative uses ("to unlock", "a pathway"). Text is read as words
(letters and digits; "&" reads as "and"), so a term never matches inside a longer word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from svassessor.anonymity.patterns import Span

_TOKEN = re.compile(r"\w+|&")
_MAX_GAP = 3
# The legal form at the end of an organisation's name, which the narrative often leaves out.
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:C\.?I\.?C\.?|Ltd\.?|Limited|CIO|C\.I\.O\.|plc|LLP|Inc\.?|Incorporated|Community Interest Company|"
    r"Charitable Incorporated Organisation|Co-operative Ltd)$", re.IGNORECASE)
_BRACKETS = re.compile(r"\s*\(([^()]*)\)")
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "cllr", "sir", "dame", "lord", "lady"}
# A key of `extra` names a contact person when it has "name" with one of these roles, or is one alone.
_ROLES = ("contact", "applicant", "person", "lead", "signatory", "chair", "chairperson", "director", "manager",
          "officer", "coordinator", "co-ordinator", "trustee", "secretary", "treasurer", "referee")
_ALONE = {"contact", "main contact", "lead contact", "contact person", "signatory", "referee"}
# A key ending in one of these names the applicant's other details ("Recipient Org:Web Address",
# "Contact email"): its value is redacted wherever it appears, as this kind.
_DETAIL_KEYS = (
    (re.compile(r"e-?mail(?: address)?$"), "email"),
    (re.compile(r"(?:tele)?phone(?: number| no)?$|mobile(?: number| no)?$|\btel$"), "phone"),
    (re.compile(r"web ?(?:address|site)$|url$"), "web"),
    (re.compile(r"post ?code$|postal code$"), "postcode"),
    (re.compile(r"(?<!e-mail )(?<!email )(?<!web )\baddress$"), "address"),
    (re.compile(r"(?:charity|company|registration|registered) (?:number|no)$|registration$|identifier$"),
     "registration"),
)


@dataclass(frozen=True)
class Term:
    """Words to redact as `kind`; `exact` when found only as written (and in capitals)."""

    text: str
    kind: str
    exact: bool = False


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of `text` with where each starts and ends ("&" is the word "and")."""
    return [("and" if m.group() == "&" else m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def organisation_variants(name: str) -> list[str]:
    """The forms an organisation's name is written in (the name itself first)."""
    name = " ".join(name.split())
    found = [name]
    for inner in _BRACKETS.findall(name):
        found.append(inner.strip())
    plain = _BRACKETS.sub("", name).strip()
    for candidate in (plain, _LEGAL_FORM.sub("", plain)):
        found.append(candidate)
        if candidate.casefold().startswith("the "):
            found.append(candidate[4:])
    found.append(_LEGAL_FORM.sub("", re.sub(r"^the\s+", "", plain, flags=re.IGNORECASE)))
    found += _initials(found[-1])
    return list(dict.fromkeys(v for v in found if v and any(c.isalnum() for c in v)))


def _initials(name: str) -> list[str]:
    """The initials a name of three words or more is known by: every word's ("ATJF" for Access to Justice
    Foundation) and its capitalised words' ("AJF")."""
    words = [w for w, _s, _e in tokens(name) if w.isalpha()]
    if len(words) < 3:
        return []
    return [i for i in ("".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w[0].isupper()))
            if len(i) >= 3]


def organisation_terms(name: str, *, own: bool = False) -> list[Term]:
    """The name's variants as terms; an application's `own` one-word name is also found capitalised
    ("HACRO" as "Hacro's objective is…"), another applicant's only as written or in capitals."""
    found = []
    for variant in organisation_variants(name):
        one_word = len(tokens(variant)) == 1
        found.append(Term(variant, "organisation", exact=one_word))
        if own and one_word:
            found.append(Term(variant.capitalize(), "organisation", exact=True))
    return found


def person_terms(name: str) -> list[Term]:
    """A contact's whole name in any case, and each part of it that is written as a name (a capital,
    then letters; not a title) as written: "Ms Doe" and "Jane" alone are found too."""
    words = [w for w, _s, _e in tokens(name)]
    found = [Term(name, "name", exact=len(words) == 1)]
    found += [Term(w, "name", exact=True) for w in words
              if len(w) > 1 and w[0].isupper() and w.isalpha() and w.casefold() not in _TITLES]
    return found


def is_contact_key(key: str) -> bool:
    """Whether a column the import kept in `extra` holds a contact person's name ("Contact name",
    "Lead applicant name", "Main contact"); a key about the organisation ("Organisation name") does not."""
    folded = " ".join(re.sub(r"[^\w\s-]", " ", key.casefold()).split())
    if folded in _ALONE:
        return True
    return "name" in folded.split() and any(role in folded.split() for role in _ROLES) \
        and not any(word in folded for word in ("organisation", "organization", "org ", "group", "company"))


def _detail_kind(key: str) -> str | None:
    """What kind of the applicant's details an `extra` key holds, read from its last part after a colon
    ("Recipient Org:Web Address" → web); None for anything else ("Website: Decision Notes")."""
    last = " ".join(key.rsplit(":", 1)[-1].casefold().replace(".", " ").split())
    if "funding org" in key.casefold():
        return None
    return next((kind for pattern, kind in _DETAIL_KEYS if pattern.search(last)), None)


def extra_terms(extra: Mapping[str, str]) -> list[Term]:
    """Contact names and the applicant's other details kept in `extra`, as terms."""
    found: list[Term] = []
    for key, value in extra.items():
        value = (value or "").strip()
        if not value or not any(c.isalnum() for c in value):
            continue
        if is_contact_key(key):
            found += person_terms(value)
        elif (kind := _detail_kind(key)) is not None:
            found.append(Term(value, kind))
    return found


class TermIndex:
    """Terms ready to be found in text, word by word (one look-up per word and term length)."""

    def __init__(self, terms: Iterable[Term]):
        self._folded: dict[tuple[str, ...], str] = {}
        self._exact: dict[tuple[str, ...], str] = {}
        self.longest = 0
        for term in terms:
            words = tuple(w for w, _s, _e in tokens(term.text))
            if not words or (term.exact and len(words[0]) < 3 and not words[0].isdigit()):
                continue
            self.longest = max(self.longest, len(words))
            if term.exact:
                self._exact.setdefault(words, term.kind)
                self._exact.setdefault(tuple(w.upper() for w in words), term.kind)
            else:
                self._folded.setdefault(tuple(w.casefold() for w in words), term.kind)

    def __bool__(self) -> bool:
        return self.longest > 0

    def spans(self, text: str) -> Iterator[Span]:
        """Where a term stands in `text` as whole words, the longest at each word."""
        words = tokens(text)
        exact = [w for w, _s, _e in words]
        folded = [w.casefold() for w in exact]
        # reach[i]: how many words from i on are close enough together to be one name
        reach = [1] * len(words)
        for i in range(len(words) - 2, -1, -1):
            gap = text[words[i][2]:words[i + 1][1]]
            if len(gap) <= _MAX_GAP and "\n" not in gap:
                reach[i] = reach[i + 1] + 1
        for i in range(len(words)):
            for n in range(min(self.longest, reach[i]), 0, -1):
                kind = self._exact.get(tuple(exact[i:i + n])) or self._folded.get(tuple(folded[i:i + n]))
                if kind is not None:
                    yield words[i][1], words[i + n - 1][2], kind
                    break
