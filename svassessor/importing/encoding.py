"""Turning a text file's bytes into text, in the encodings spreadsheets and form tools really write.

The rules are few and predictable rather than statistical, so that the same file always reads the
same way: a byte-order mark decides; text with NULs in every other byte is UTF-16 without a mark;
otherwise UTF-8 if it decodes strictly, else Windows-1252 (what Excel on a UK PC saves as "CSV"),
which leaves five bytes undefined. Anything else is refused with one sentence rather than guessed.

Windows-1252 is right only for a file that is Windows-1252 throughout. A file that holds even one
well-formed UTF-8 sequence (é as C3 A9) is UTF-8, so its bad bytes are damage or a second encoding
pasted in: read as Windows-1252 it would import "Byte Ã(Back ÿþ Ltd" without a word, so it is refused,
naming where the first bad bytes are (the caller's `locate` finds the row and column).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from svassessor.importing.problems import ImportRejected, refuse

# Where the first bad bytes are in the text read with `surrogateescape` (each bad byte one lone surrogate):
# (row, column title or None, the value holding them), or None when the caller cannot say.
Locate = Callable[[str], "tuple[int, str | None, str] | None"]
BAD_BYTE = re.compile("[\udc80-\udcff]+")
# A well-formed UTF-8 sequence of two to four bytes: what a Windows-1252 file all but never holds.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
                            rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or '-be' when one byte of each pair is almost always NUL (ASCII text in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str, locate: Locate | None = None) -> tuple[str, str]:
    """The text and the encoding it was read in; refuses (naming the file) what is none of them, and UTF-8
    with bad bytes in it (naming where, by `locate` or else by line)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, name), encoding.replace("-sig", " with BOM")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode(data, utf16, name), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        if _UTF8_SEQUENCE.search(data):
            raise _damaged_utf8(data, name, locate) from error
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise refuse(name, f"the text is in an encoding svassessor does not know (byte 0x{data[error.start]:02x} at "
                           f"offset {error.start} is neither UTF-8, UTF-16 nor Windows-1252); save it as UTF-8 "
                           f"CSV and import it again") from error


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise refuse(name, f"the text starts as {encoding} but is not valid {encoding} at offset {error.start} "
                           f"(the file may be cut short or damaged)") from error


def _damaged_utf8(data: bytes, name: str, locate: Locate | None) -> ImportRejected:
    """The refusal of a UTF-8 file with bad bytes: where the first are, shown with U+FFFD in their value."""
    text = data.decode("utf-8", "surrogateescape")
    places = BAD_BYTE.findall(text)
    bad = " ".join(f"0x{b:02x}" for b in places[0].encode("utf-8", "surrogateescape"))
    start = text.index(places[0])
    found = locate(text) if locate else None
    if found is None:  # no row and column to name: the line, and the line as the value
        row, column, value = None, None, text[text.rfind("\n", 0, start) + 1:].split("\n", 1)[0]
    else:
        row, column, value = found
    shown = BAD_BYTE.sub("\ufffd", value.strip())
    shown = repr(shown if len(shown) <= 40 else shown[:37] + "...")
    subject = f"the value {shown}" if found else f"line {text.count(chr(10), 0, start) + 1} ({shown})"
    others = len(places) - 1
    more = "" if not others else ", and 1 more place does too" if others == 1 else f", and {others} more places do too"
    return refuse(name, f"{subject} holds bytes that are not UTF-8 ({bad}, shown as \ufffd) though the rest of the "
                        f"file is UTF-8{more}; the file is damaged or mixes two encodings: save it as UTF-8 and "
                        f"import it again", row=row, column=column)
