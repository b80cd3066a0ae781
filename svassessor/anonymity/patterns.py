"""What identifies someone by its shape alone: e-mail addresses, UK phone numbers, full UK postcodes,
web addresses and bare domains.

Only full postcodes ("B19 3AA", "BD150EU"): an outward code alone ("B19") is also a district, a bus
route and a tower block's name, so it is redacted only when the chair adds it as a word. A phone
number is a UK one: +44 or 0, then 9 or 10 digits, spaced, dotted or hyphenated as people write them,
a first digit of 1, 2, 3, 5, 7, 8 or 9 after the 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int, str]  # start, end, kind

EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])")
POSTCODE = re.compile(
    r"(?<![\w])(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? ?[0-9][ABD-HJLNP-UW-Z]{2})(?![\w])", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+ ?44 ?(?:\(0\) ?)?|\(?0)(?:[ .\-()]{0,2}[0-9]){9,10}(?![0-9])")
_TLD = r"(?:(?:org|co|ac|gov|nhs|ltd|plc|sch|net|police|me)\.uk|uk|com|org|net|info|io|scot|wales|cymru|london|eu|biz)"
URL = re.compile(
    r"(?:(?<![\w@.-])(?:https?://|www\.)[^\s<>\"'\[\]]+"
    rf"|(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+{_TLD}(?![\w@-])(?:/[^\s<>\"'\[\]]*)?)",
    re.IGNORECASE)
_TRAILING = ".,;:!?)'\""


def phone_spans(text: str) -> Iterator[Span]:
    for match in _PHONE.finditer(text):
        found = match.group()
        digits = re.sub(r"[^0-9]", "", found)
        national = digits[2:].removeprefix("0") if found.lstrip("(").startswith("+") else digits[1:]
        if len(national) in (9, 10) and national[0] in "1235789":
            start, end = match.span()
            if found.startswith("(") and ")" not in found:
                start += 1
            yield start, end, "phone"


def pattern_spans(text: str) -> Iterator[Span]:
    """Every e-mail address, phone number, full postcode and web address in `text`, as (start, end, kind)."""
    for match in EMAIL.finditer(text):
        yield match.start(), match.end(), "email"
    yield from phone_spans(text)
    for match in POSTCODE.finditer(text):
        yield match.start(), match.end(), "postcode"
    for match in URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _TRAILING:
            end -= 1
        if end > match.start():
            yield match.start(), end, "web"
