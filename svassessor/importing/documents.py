"""Narrative answers from an applicant's document: .docx, .pdf, .txt or .md.

A document with headings (Word's Heading styles, Markdown's `#`) gives one answer per heading, the
heading being the question; text before the first heading, and a document with no headings at all,
is answered under the file's name. What cannot be read as text (a password, a scan with no text
layer, a file that only has the right name, a damaged file) is refused with one sentence naming the
file and saying what to do; a reader's own failure never reaches the user as a traceback.

Typeset text (a PDF above all) keeps the typographic ligatures ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ and ﬆ as single
characters, so "ofﬁce" would not match a search for "office" nor a highlight's quote. They are
folded to their letters; nothing else is normalised (NFKC would also change superscripts, fractions
and full-width characters, which an answer may mean as written).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from svassessor.importing.archive import check_archive
from svassessor.importing.encoding import decode_text
from svassessor.importing.problems import refuse

MAX_DOCUMENT = 25 * 1024 * 1024
"""Bytes: the document is stored whole in the .svdb, which is copied to every assessor's laptop."""
MAX_EXPANDED_DOCX = 64 * 1024 * 1024
"""Bytes a Word document may expand to: a long report's text is a few MB (its photos do not expand)."""

MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
_MD_HEADING = re.compile(r"#{1,6}\s+(.*?)\s*#*\s*")
_FENCE = re.compile(r"\s*(```|~~~)")
_LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})
"""The Latin ligatures U+FB00–FB06 (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ) to their letters, and nothing else."""


@dataclass(frozen=True)
class Document:
    """A document read for import: its bytes (kept as an attachment) and its answers."""

    filename: str
    media_type: str
    content: bytes
    sections: list[tuple[str, str]]  # (question, text)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def read_document(path: Path) -> Document:
    """Read a .docx, .pdf, .txt or .md file into its answers; refuses, in one sentence, what has no text."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise refuse(name, f"svassessor reads narrative from {', '.join(MEDIA_TYPES)} files, "
                           f"not '{suffix or 'no'}' files")
    try:
        content = path.read_bytes()
    except OSError as error:
        raise refuse(name, f"the file cannot be read ({error.strerror or error})") from error
    if not content.strip():
        raise refuse(name, "the file is empty")
    if len(content) > MAX_DOCUMENT:
        raise refuse(name, f"the file is {len(content) / 1024 / 1024:.0f} MB, more than the "
                           f"{MAX_DOCUMENT // 1024 // 1024} MB a document may be")
    reader = {".docx": _docx_blocks, ".pdf": _pdf_blocks, ".txt": _text_blocks, ".md": _markdown_blocks}[suffix]
    sections = _sections(name, reader(content, name))
    if not sections:
        raise refuse(name, "the document has no text to import")
    return Document(name, MEDIA_TYPES[suffix], content, sections)


def _sections(name: str, blocks: list[tuple[bool, str]]) -> list[tuple[str, str]]:
    """(is_heading, text) blocks → (question, answer) pairs, dropping headings with nothing under them."""
    sections: list[tuple[str, list[str]]] = [(name, [])]
    for heading, text in blocks:
        text = text.translate(_LIGATURES)
        if heading and text.strip():
            sections.append((text.strip(), []))
        else:
            sections[-1][1].append(text)
    out = []
    for question, lines in sections:
        answer = "\n".join(lines).strip("\n")
        if answer.strip():
            out.append((question, answer))
    return out


def _text_blocks(content: bytes, name: str) -> list[tuple[bool, str]]:
    text = decode_text(content, name)[0]
    if "\x00" in text:
        raise refuse(name, "the file holds NUL bytes: it is binary data, not text")
    return [(False, text.replace("\r\n", "\n"))]


def _markdown_blocks(content: bytes, name: str) -> list[tuple[bool, str]]:
    blocks, fenced = [], False
    for line in _text_blocks(content, name)[0][1].split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        heading = None if fenced else _MD_HEADING.fullmatch(line)
        blocks.append((True, heading[1]) if heading else (False, line))
    return blocks


def _docx_blocks(content: bytes, name: str) -> list[tuple[bool, str]]:
    import docx
    from docx.table import Table

    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(name, "this is an old Word 97-2003 document (.doc) with a .docx name; "
                           "save it as .docx in Word and import that")
    if not content.startswith(b"PK"):
        raise refuse(name, "the file is not a Word document (.docx), though it is named like one; "
                           "open it in Word and save it as .docx")
    check_archive(content, name, "Word document", max_total=MAX_EXPANDED_DOCX)
    try:
        document = docx.Document(io.BytesIO(content))
        blocks = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                for row in item.rows:
                    blocks.append((False, "\t".join(cell.text for cell in row.cells)))
                continue
            style = (item.style.name if item.style is not None else "") or ""
            blocks.append((style.startswith("Heading") or style == "Title", item.text))
    except Exception as error:  # python-docx fails on a damaged file in many ways (zip, XML, parts): all one to a user
        raise refuse(name, "the Word document is damaged, so it cannot be read; open it in Word and save it "
                           "again") from error
    return blocks


def _pdf_blocks(content: bytes, name: str) -> list[tuple[bool, str]]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = PdfReader(io.BytesIO(content))  # opens a PDF encrypted with an empty password by itself
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as error:  # its password is not empty
        raise refuse(name, "the PDF is protected by a password; save a copy without the password (or print it "
                           "to PDF) and import that") from error
    except DependencyError as error:  # an installation without `cryptography` cannot read AES
        raise refuse(name, "the PDF is encrypted, and this installation of svassessor lacks the part that reads "
                           "its encryption (the cryptography package); save a copy without a password, or "
                           "reinstall svassessor") from error
    except Exception as error:  # pypdf fails on a malformed file in many ways: all mean the same to a user
        raise refuse(name, "the PDF is damaged or not a PDF, so it cannot be read; "
                           "save it again from the program that made it") from error
    if not any(p.strip() for p in pages):
        raise refuse(name, "the PDF has no text to read: its pages are images (a scan?); "
                           "export it with text, or paste the answers into a .txt or .docx file")
    return [(False, "\n\n".join(p.strip("\n") for p in pages))]
