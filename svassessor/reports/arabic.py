"""Arabic-script text put in the order and letter forms a page shows, since reportlab draws left to right.

reportlab neither joins Arabic letters nor lays text out right to left (it can shape only with the
optional `uharfbuzz`, which is not a dependency). Without help a name such as جمعية الأمل would print
as separate letters in reverse reading order. `visual()` does the two things a short line needs:

1. shaping: each letter becomes its isolated, initial, medial or final presentation form (Unicode
   Arabic Presentation Forms-A/B, which the bundled Noto Sans Arabic has) by whether it joins its
   neighbours, and lam + alef become their ligature;
2. ordering: each right-to-left segment (Arabic words and the spaces and numbers between them) is
   reversed, keeping each letter with its vowel marks and each number's digits left to right.

This is enough for names, titles and single lines. A long Arabic paragraph that wraps onto several
lines keeps its words in order within a line but its lines come out last-first (true bidirectional
line breaking needs a full bidi engine).
"""

from __future__ import annotations

import re

# Letter → presentation forms: (isolated, final) for right-joining letters, (+ initial, medial) for dual-joining.
_FORMS: dict[str, tuple[int, ...]] = {
    "\u0622": (0xFE81, 0xFE82), "\u0623": (0xFE83, 0xFE84), "\u0624": (0xFE85, 0xFE86), "\u0625": (0xFE87, 0xFE88),
    "\u0626": (0xFE89, 0xFE8A, 0xFE8B, 0xFE8C), "\u0627": (0xFE8D, 0xFE8E), "\u0628": (0xFE8F, 0xFE90, 0xFE91, 0xFE92),
    "\u0629": (0xFE93, 0xFE94), "\u062A": (0xFE95, 0xFE96, 0xFE97, 0xFE98), "\u062B": (0xFE99, 0xFE9A, 0xFE9B, 0xFE9C),
    "\u062C": (0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0), "\u062D": (0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4),
    "\u062E": (0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8), "\u062F": (0xFEA9, 0xFEAA), "\u0630": (0xFEAB, 0xFEAC),
    "\u0631": (0xFEAD, 0xFEAE), "\u0632": (0xFEAF, 0xFEB0), "\u0633": (0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4),
    "\u0634": (0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8), "\u0635": (0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC),
    "\u0636": (0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0), "\u0637": (0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4),
    "\u0638": (0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8), "\u0639": (0xFEC9, 0xFECA, 0xFECB, 0xFECC),
    "\u063A": (0xFECD, 0xFECE, 0xFECF, 0xFED0), "\u0641": (0xFED1, 0xFED2, 0xFED3, 0xFED4),
    "\u0642": (0xFED5, 0xFED6, 0xFED7, 0xFED8), "\u0643": (0xFED9, 0xFEDA, 0xFEDB, 0xFEDC),
    "\u0644": (0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0), "\u0645": (0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4),
    "\u0646": (0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8), "\u0647": (0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC),
    "\u0648": (0xFEED, 0xFEEE), "\u0649": (0xFEEF, 0xFEF0), "\u064A": (0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4),
    "\u067E": (0xFB56, 0xFB57, 0xFB58, 0xFB59), "\u0686": (0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D),
    "\u0698": (0xFB8A, 0xFB8B), "\u06A9": (0xFB8E, 0xFB8F, 0xFB90, 0xFB91), "\u06AF": (0xFB92, 0xFB93, 0xFB94, 0xFB95),
    "\u06CC": (0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF),
}
_LAM_ALEF = {"\u0622": (0xFEF5, 0xFEF6), "\u0623": (0xFEF7, 0xFEF8), "\u0625": (0xFEF9, 0xFEFA),
             "\u0627": (0xFEFB, 0xFEFC)}
_TATWEEL = "\u0640"
_MARKS = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]")
_LETTER = "\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF"
# A right-to-left segment: Arabic letters, the spaces, numbers and punctuation between them, and a number
# right after them (the bidi algorithm gives a number that follows Arabic the Arabic's direction).
_SEGMENT = re.compile(f"[{_LETTER}](?:[{_LETTER}0-9\\s.,:%/-]*[{_LETTER}])?(?:\\s*[0-9]+(?:[.,:/][0-9]+)*)?")
_CLUSTER = re.compile(f"[0-9]+(?:[.,:/][0-9]+)*|.{_MARKS.pattern}*", re.S)
ARABIC = re.compile(f"[{_LETTER}]")


def _joins_forward(char: str | None) -> bool:
    """Can this letter connect to the letter after it (dual-joining, or the tatweel)?"""
    return char == _TATWEEL or (char in _FORMS and len(_FORMS[char]) == 4)


def _shape(text: str) -> str:
    """Letters → presentation forms by their neighbours (vowel marks are skipped when looking)."""
    bases = [(i, c) for i, c in enumerate(text) if not _MARKS.match(c)]
    out = list(text)
    skip: set[int] = set()
    for k, (i, char) in enumerate(bases):
        if i in skip or (char not in _FORMS and char != "\u0644"):
            continue
        prev = bases[k - 1][1] if k > 0 else None
        following = bases[k + 1] if k + 1 < len(bases) else (None, None)
        joined_before = _joins_forward(prev)
        if char == "\u0644" and following[1] in _LAM_ALEF:  # lam + alef: one ligature glyph
            out[i] = chr(_LAM_ALEF[following[1]][1 if joined_before else 0])
            out[following[0]] = ""
            skip.add(following[0])
            continue
        forms = _FORMS[char]
        after = following[1]
        if len(forms) == 4 and (after in _FORMS or after == _TATWEEL or after == "\u0644"):
            out[i] = chr(forms[3] if joined_before else forms[2])
        else:
            out[i] = chr(forms[1] if joined_before else forms[0])
    return "".join(out)


def visual(text: str) -> str:
    """Text with each Arabic segment shaped and in left-to-right drawing order; other text unchanged."""
    if not ARABIC.search(text):
        return text
    return _SEGMENT.sub(lambda m: "".join(reversed(_CLUSTER.findall(_shape(m.group())))), text)
