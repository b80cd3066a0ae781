"""Turning a text file's bytes into text, in the encodings spreadsheets and form tools really write.

The rules are few and predictable rather than statistical, so that the same file always reads the
same way: a byte-order mark decides; text with NULs in every other byte is UTF-16 without a mark;
otherwise UTF-8 if it decodes strictly, else Windows-1252 (what Excel on a UK PC saves as "CSV"),
which leaves five bytes undefined. Anything else is refused with one sentence rather than guessed.
"""

from __future__ import annotations

import codecs

from svassessor.importing.problems import refuse

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


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text and the encoding it was read in; refuses (naming the file) what is none of them."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, name), encoding.replace("-sig", " with BOM")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode(data, utf16, name), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
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
