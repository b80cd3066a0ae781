"""The fonts every PDF embeds, and user text turned into safe, printable reportlab markup.

reportlab draws each run of text in one font and has no fallback of its own, so a name in Arabic
or Chinese inside a DejaVu paragraph would print as empty boxes. `markup()` shapes Arabic (see
`arabic.py`), then splits text into runs by
the first bundled font that has each character (DejaVu Sans, then Noto Sans Arabic, then the CJK
subset of Droid Sans Fallback) and wraps the foreign runs in `<font>` tags. Every piece of user text
is XML-escaped before it becomes markup (a `<` in a name must never open a tag), and control
characters are dropped because they print as boxes or break the PDF's text (the stored text is never
changed). A character no font has prints as ◇, so a missing glyph is visible, not a silent blank.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from svassessor.paths import resources_dir
from svassessor.reports.arabic import visual

SANS = "SvSans"
BOLD = "SvSans-Bold"
ARABIC = "SvArabic"
CJK = "SvCJK"
PLACEHOLDER = "◇"

_FILES = {
    SANS: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    CJK: "DroidSansFallback-CJK-subset.ttf",
}
# Control characters (C0 but tab and newline, DEL, C1), zero-width and direction marks print as tofu.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@cache
def register() -> None:
    """Register the bundled fonts with reportlab (once per process)."""
    folder = resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, BOLD)
    addMapping(SANS, 0, 1, SANS)
    addMapping(SANS, 1, 1, BOLD)
    for fallback in (ARABIC, CJK):  # <b> inside a fallback run keeps the glyphs rather than failing
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(fallback, bold, italic, fallback)


@cache
def _coverage() -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
    register()
    return _glyphs(SANS), _glyphs(ARABIC), _glyphs(CJK)


def _glyphs(name: str) -> frozenset[int]:
    """The characters a registered TrueType font has glyphs for."""
    font = pdfmetrics.getFont(name)
    if not isinstance(font, TTFont):
        raise TypeError(f"{name} is not a TrueType font")
    return frozenset(font.face.charToGlyph)


def printable(text: str | None) -> str:
    """Text as it can be printed: control characters removed, tabs as spaces, CRLF as newlines."""
    if not text:
        return ""
    return _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def _arabic_script(code: int) -> bool:
    return 0x0600 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF


def runs(text: str) -> Iterator[tuple[str | None, str]]:
    """(font name or None for the main font, piece) runs of already printable text, in drawing order.

    Arabic script is shaped and ordered for drawing (`arabic.visual`) and set in Noto Sans Arabic,
    whose letter forms join, even where DejaVu Sans has a glyph of its own.
    """
    if text.isascii():
        yield None, text
        return
    text = visual(text)
    sans, arabic, cjk = _coverage()
    current: str | None = None
    piece: list[str] = []
    for char in text:
        code = ord(char)
        if code in arabic and _arabic_script(code):
            font = ARABIC
        elif code in sans or char == "\n":
            font = None
        elif code in arabic:
            font = ARABIC
        elif code in cjk:
            font = CJK
        else:
            font, char = None, PLACEHOLDER
        if font != current and piece:
            yield current, "".join(piece)
            piece = []
        current = font
        piece.append(char)
    if piece:
        yield current, "".join(piece)


def markup(text: str | None) -> str:
    """User text as Paragraph markup: escaped, printable, each script in a font that has it."""
    out = []
    for font, piece in runs(printable(text)):
        safe = escape(piece).replace("\n", "<br/>")
        out.append(safe if font is None else f'<font name="{font}">{safe}</font>')
    return "".join(out)


def cell(text: str | None, style: ParagraphStyle, width: float | None = None) -> str | Paragraph:
    """A table cell for short user text: a plain string when the main font has every character and
    nothing needs shaping (far cheaper to lay out than a paragraph: it matters at 200 applications),
    else a paragraph in `style`. Given a `width`, the plain string is wrapped to it in `style`'s font.
    A plain string is never read as markup, so it needs no escaping."""
    clean = printable(text).replace("\n", " ")
    if not clean.isascii():
        sans = _coverage()[0]
        if not all(ord(c) in sans and not _arabic_script(ord(c)) for c in clean):
            return Paragraph(markup(clean), style)
    if width is None:
        return clean
    return "\n".join(simpleSplit(clean, style.fontName, style.fontSize, width))


@lru_cache(maxsize=256)
def _line(text: str, font: str, size: float) -> tuple[tuple[tuple[str, str, float], ...], float]:
    """(font, piece, width) runs of one line and its width; cached, as running headers repeat on every page."""
    pieces = tuple((f or font, p.replace("\n", " "), pdfmetrics.stringWidth(p, f or font, size))
                   for f, p in runs(printable(text)))
    return pieces, sum(w for _, _, w in pieces)


def draw(canvas: Canvas, x: float, y: float, text: str, *, font: str = SANS, size: float = 8,
         align: str = "left") -> float:
    """Draw one line of user text on a canvas with the same fallback fonts; returns its width."""
    pieces, width = _line(text, font, size)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for f, p, w in pieces:
        canvas.setFont(f, size)
        canvas.drawString(x, y, p)
        x += w
    return width


def fit(text: str, width: float, *, font: str = SANS, size: float = 8) -> str:
    """Shorten plain text with an ellipsis so that it fits `width` points (for one-line headers)."""
    text = printable(text).replace("\n", " ")
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
