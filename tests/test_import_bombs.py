"""Issue 20: an XLSX or DOCX built to expand past any real file is refused before it is read.

The findings: an XLSX with one 1.1 GB cell took 3.4 GB of memory; 1.1 GB of empty rows ran past 300 s;
a DOCX of 1.1 million paragraphs took 122 s and 4.3 GB and then a traceback; a DOCX with an internal
entity bomb gave a traceback. Each hostile file is built here (a few MB on disk: it compresses well)
and imported by the command line in a fresh interpreter held to 300 MB of address space: it must say
one sentence naming the file and exit 2, with no traceback. The real workbooks still import.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from svassessor.importing import plan_import
from svassessor.importing.archive import check_archive
from svassessor.importing.problems import ImportRejected
from svassessor.importing.tables import MAX_WORKBOOK, read_table
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC
from tests.shared_data import SHARED_DATA

GIGA = 1100 * 1024 * 1024  # 1.1 GB, as in the findings
CHUNK = 1024 * 1024
MEMORY = 300 * 1024 * 1024


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _cli_under_limit(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "svassessor", *map(str, args)], capture_output=True, text=True,
                          timeout=120, preexec_fn=_limited)


def _rebuilt(original: bytes, path: Path, part: str, pieces: Iterable[bytes]) -> Path:
    """The zip `original` with `part` replaced by the bytes `pieces` yields, streamed (never held whole)."""
    with zipfile.ZipFile(io.BytesIO(original)) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for member in source.infolist():
            if member.filename != part:
                out.writestr(member, source.read(member))
        with out.open(part, "w", force_zip64=True) as target:
            for piece in pieces:
                target.write(piece)
    return path


def _workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["Reference", "Title"])
    book.active.append(["B-1", "Roof"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(body: Iterable[bytes]) -> Iterator[bytes]:
    yield (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Reference</t></is></c>'
           b'</row>')
    yield from body
    yield b"</sheetData></worksheet>"


def _one_huge_cell():
    yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
    for _ in range(GIGA // CHUNK):
        yield b"a" * CHUNK
    yield b"</t></is></c></row>"


def _empty_rows():
    rows = b"<row/>" * (CHUNK // 6)
    for _ in range(GIGA // len(rows)):
        yield rows


def _document() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Our project")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _million_paragraphs():
    yield b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + _W + b"><w:body>"
    paragraph = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    for _ in range(11):
        yield paragraph * 100_000
    yield b"</w:body></w:document>"


def _entity_bomb():
    entities = b"".join(b'<!ENTITY e%d "%s">' % (n, b"&e%d;" % (n - 1) * 10) for n in range(1, 10))
    yield (b'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY e0 "lol">' + entities + b"]>"
           b"<w:document " + _W + b"><w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>")


@pytest.fixture
def panel(tmp_path) -> Path:
    path = tmp_path / "panel.svdb"
    with Store.open(path, actor="Chair", create=True) as store:
        store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
    return path


@pytest.mark.parametrize(("body", "said"), [
    (_one_huge_cell, "would expand to 1.1 GB, more than the 256.0 MB a workbook may hold"),
    (_empty_rows, "would expand to 1.1 GB, more than the 256.0 MB a workbook may hold"),
], ids=["one 1.1 GB cell", "1.1 GB of empty rows"])
def test_a_workbook_bomb_is_refused_in_one_sentence_within_300_mb(panel, tmp_path, body, said):
    bomb = _rebuilt(_workbook(), tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", _sheet(body()))
    assert bomb.stat().st_size < 10 * CHUNK
    result = _cli_under_limit("import", panel, bomb)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"bomb.xlsx: the workbook {said}, so it is not read" in result.stderr
    assert "nothing was imported." in result.stderr


def test_a_part_that_expands_hundreds_of_times_is_refused_though_small(tmp_path):
    rows = (b'<row r="%d"/>' % n for n in range(2, 3))
    small = _rebuilt(_workbook(), tmp_path / "dense.xlsx", "xl/worksheets/sheet1.xml",
                     _sheet([*rows, b"<row/>" * 2_000_000]))
    with pytest.raises(ImportRejected, match="dense.xlsx: the workbook has a part \\(xl/worksheets/sheet1.xml\\) that "
                                        "expands from .* to 11.4 MB, far more than a real workbook does"):
        read_table(small)


@pytest.mark.parametrize(("body", "said"), [
    (_million_paragraphs, "the Word document has a part (word/document.xml) that expands from"),
    (_entity_bomb, "the Word document's part word/document.xml declares a DTD, which Office files never do"),
], ids=["1.1 million paragraphs", "entity bomb"])
def test_a_document_bomb_is_refused_in_one_sentence_within_300_mb(panel, tmp_path, body, said):
    source = tmp_path / "apps.csv"
    source.write_text("Reference,Organisation name,Title\nB-1,Hope Street,Roof\n", encoding="utf-8")
    assert _cli_under_limit("import", panel, source).returncode == 0
    bomb = _rebuilt(_document(), tmp_path / "bomb.docx", "word/document.xml", body())
    result = _cli_under_limit("narrative", panel, "--application", "B-1", bomb)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"bomb.docx: {said}" in result.stderr


def test_the_real_workbooks_pass_the_check_and_still_import():
    workbooks = sorted((SHARED_DATA / "360giving").glob("*.xlsx"))
    if not workbooks:
        pytest.skip("the shared 360Giving data is not on this machine")
    for path in workbooks:
        check_archive(path.read_bytes(), path.name, "workbook", max_total=MAX_WORKBOOK)
    assert len(plan_import(SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.xlsx").table.rows) == 783
