"""User text on its way into a PDF: escaped, printable, in a font that has its characters."""

from __future__ import annotations

import unicodedata

from svassessor.reports.arabic import visual
from svassessor.reports.fonts import ARABIC, CJK, PLACEHOLDER, cell, markup, printable, runs
from svassessor.reports.style import CELL


def test_markup_characters_are_escaped_never_read_as_tags():
    assert markup("<b>Bold</b> & <font name='x'>") == "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;font name='x'&gt;"


def test_control_characters_are_dropped_and_newlines_become_line_breaks():
    assert printable("A\x00B\x07C\u200bD\x9f") == "ABCD"
    assert printable("one\r\ntwo\rthree\tfour") == "one\ntwo\nthree four"
    assert markup("one\ntwo") == "one<br/>two"
    assert printable(None) == ""


def test_each_script_is_set_in_a_font_that_has_it():
    pieces = list(runs("Zoë 华人 ☺ 🌈"))
    assert (None, "Zoë ") in pieces and (CJK, "华人") in pieces
    assert any(font is None and "☺" in piece for font, piece in pieces)  # DejaVu Sans draws this one
    assert any(PLACEHOLDER in piece for _, piece in pieces)  # no bundled font has the rainbow: a visible ◇
    assert f'<font name="{ARABIC}">' in markup("جمعية")


def test_arabic_is_joined_and_ordered_for_drawing_and_reads_back_the_same():
    name = "جمعية الأمل الخيرية"
    drawn = visual(name)
    assert drawn != name and all(0xFB50 <= ord(c) <= 0xFEFF or c == " " for c in drawn)
    # Read right to left and folded to base letters, it is the name as typed (lam-alef included).
    assert unicodedata.normalize("NFKC", drawn[::-1]) == name
    assert visual("مركز 12").startswith("12 ")  # numbers keep their own left-to-right order
    assert visual("Plain text") == "Plain text"


def test_a_table_cell_is_a_plain_string_only_when_no_fallback_font_is_needed():
    assert cell("NF25-001\t<x>", None) == "NF25-001 <x>"  # plain strings are never parsed as markup
    assert cell("£4,000 – Zoë", None) == "£4,000 – Zoë"  # the main font has these: no paragraph needed
    assert not isinstance(cell("华人", CELL), str)
    assert not isinstance(cell("جمعية", CELL), str)  # Arabic needs shaping, so it goes through markup
