"""One rule for the text people type into every field: the ends are trimmed of spaces and invisible marks,
and a name must hold something visible.

Spaces and invisible format characters (a zero-width space U+200B, a word joiner U+2060, a byte-order
mark U+FEFF, direction marks) at either end of a name or a comment carry nothing a reader can see, but
make two names that look the same differ, and a name made only of them look empty in every list. Inside
the text they are kept: a right-to-left name needs its marks.
"""

from __future__ import annotations

import unicodedata

from svassessor.errors import NotAllowed


def _blank(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) == "Cf"


def clean_text(value: str) -> str:
    """The text without spaces or invisible marks at either end."""
    start, end = 0, len(value)
    while start < end and _blank(value[start]):
        start += 1
    while end > start and _blank(value[end - 1]):
        end -= 1
    return value[start:end]


def required_name(value: str, sentence: str) -> str:
    """A name cleaned as `clean_text`; `sentence` (NotAllowed) when nothing visible is left."""
    cleaned = clean_text(value)
    if not cleaned:
        raise NotAllowed(sentence)
    return cleaned
