"""Broken inputs: one clear sentence each, nothing of the import kept, the .svdb exactly as it was."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from svassessor.errors import ImportProblem
from svassessor.importing import import_applications, plan_import
from svassessor.importing.narratives import attach_documents
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, make_application
from tests.shared_data import SHARED_DATA

GOOD_HEADER = "Reference,Organisation name,Title,Amount requested,Received\n"
ABCT_XLSX = SHARED_DATA / "360giving/abct-ab-charitable-trust-grants-2013-2020.xlsx"


@pytest.fixture
def round_file(tmp_path):
    """A file holding a round with two applications; returns its path."""
    path = tmp_path / "round.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
        store.applications.add([make_application(round_.id, "R-001"), make_application(round_.id, "R-002")])
    return path


def fingerprint(path: Path) -> dict:
    """Every table's row count and the audit chain's head: what must not move when an import is refused."""
    with Store.open(path, actor="test", readonly=True) as store:
        conn = store.database.conn
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
        head = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    return {**counts, "audit head": head}


def _import(svdb: Path, source: Path) -> None:
    with Store.open(svdb, actor="Importer") as store:
        round_ = store.rounds.get("Round")
        import_applications(store, round_, plan_import(source))


def _write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _truncated_xlsx() -> bytes:
    data = ABCT_XLSX.read_bytes() if ABCT_XLSX.exists() else _small_xlsx()
    return data[: len(data) // 2]


def _small_xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Reference", "Organisation name", "Title"])
    for n in range(200):
        sheet.append([f"X-{n}", f"Group {n}", "A project with a long enough title to fill the file " * 3])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BROKEN = {
    "empty file": ("empty.csv", b"", "the file is empty"),
    "header only": ("header.csv", GOOD_HEADER.encode(), "header only, no applications"),
    "ragged row": ("ragged.csv", (GOOD_HEADER + "A-1,Group,Title,100\n").encode(), "row 2: the row has 4 cells"),
    "NUL bytes": ("nul.csv", (GOOD_HEADER + "A-1,Gro\x00up,Title,100,2026-01-01\n").encode(),
                  "row 2, column 'Organisation name': the cell holds NUL bytes"),
    "a 1 MB cell": ("huge.csv", (GOOD_HEADER + "A-1,Group," + "x" * 1_048_576 + ",100,2026-01-01\n").encode(),
                    "row 2: a cell is longer than 100,000 characters"),
    "duplicate headers": ("dupe.csv", b"Reference,Title,title\nA-1,One,Two\n", "two columns have this title"),
    "unknown encoding": ("odd.csv", GOOD_HEADER.encode() + b"A-1,Caf\x81,Title,100,2026-01-01\n",
                         "an encoding svassessor does not know"),
    "missing reference": ("noref.csv", (GOOD_HEADER + "A-1,Group,Title,100,2026-01-01\n,Group,T,1,\n").encode(),
                          "row 3, column 'Reference': the application has no reference"),
    "duplicate reference": ("twice.csv", (GOOD_HEADER + "A-1,G,T,1,\nA-1,G,T,2,\n").encode(),
                            "row 3: the reference 'A-1' is also on row 2"),
    "amount not a number": ("money.csv", (GOOD_HEADER + "A-1,G,T,lots,\n").encode(),
                            "row 2, column 'Amount requested': the value 'lots' is not an amount of money"),
    "date not a date": ("date.csv", (GOOD_HEADER + "A-1,G,T,1,31/02/2026\n").encode(),
                        "row 2, column 'Received': the value '31/02/2026' is not a date in the calendar"),
    "truncated XLSX": ("cut.xlsx", None, "the workbook is damaged"),
    "a text file named .xlsx": ("text.xlsx", b"Reference,Title\nA-1,One\n", "not an Excel workbook"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_refused_and_the_svdb_is_unchanged(round_file, tmp_path, case):
    name, content, sentence = BROKEN[case]
    source = _write(tmp_path, name, _truncated_xlsx() if content is None else content)
    before = fingerprint(round_file)
    with pytest.raises(ImportProblem) as refused:
        _import(round_file, source)
    message = str(refused.value)
    assert message.startswith(name) and sentence in message, message
    assert message.endswith("nothing was imported.") and "\n" not in message
    assert fingerprint(round_file) == before
    assert check_file(round_file).ok


def test_every_bad_row_is_reported_at_once(round_file, tmp_path):
    source = _write(tmp_path, "many.csv", (GOOD_HEADER + "A-1,G,T,lots,\nA-2,G,T,1,soon\n,G,T,1,\n").encode())
    with pytest.raises(ImportProblem) as refused:
        _import(round_file, source)
    assert [p.row for p in refused.value.problems] == [2, 3, 4]
    assert "(and 2 more problems)" in str(refused.value)


def test_a_bad_row_after_good_ones_keeps_none_of_them(round_file, tmp_path):
    rows = "".join(f"N-{n},Group,Title,{n},\n" for n in range(500))
    source = _write(tmp_path, "late.csv", (GOOD_HEADER + rows + "N-bad,Group,Title,£,\n").encode())
    before = fingerprint(round_file)
    with pytest.raises(ImportProblem):
        _import(round_file, source)
    assert fingerprint(round_file) == before


def _encrypted_pdf(path: Path, algorithm: str = "RC4-128") -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(_text_pdf_bytes())
    writer.encrypt(user_password="secret", algorithm=algorithm)
    with path.open("wb") as handle:
        writer.write(handle)


def _docx_bytes() -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_heading("Need", level=1)
    document.add_paragraph("Our answer about need.")
    document.save(out)
    return out.getvalue()


def _docx_with_broken_xml(path: Path) -> None:
    """A .docx whose zip is sound but whose document.xml was cut short: python-docx fails inside lxml."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_docx_bytes()))
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            content = source.read(item.filename)
            out.writestr(item, content[:len(content) // 2] if item.filename == "word/document.xml" else content)


def _text_pdf_bytes() -> io.BytesIO:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "Our answer about need.")
    page.save()
    out.seek(0)
    return out


def _image_only_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.rect(72, 72, 300, 400, fill=1)
    page.save()


DOCUMENTS = {
    "encrypted PDF": ("R-001 answers.pdf", _encrypted_pdf, "protected by a password"),
    "AES-encrypted PDF": ("R-001 word.pdf", lambda p: _encrypted_pdf(p, "AES-256"), "protected by a password; save "
                          "a copy without the password"),
    "a DOCX with damaged XML": ("R-001 answers.docx", _docx_with_broken_xml, "the Word document is damaged"),
    "a DOCX cut short": ("R-001 cut.docx", lambda p: p.write_bytes(_docx_bytes()[:3000]),
                         "the Word document is damaged"),
    "image-only PDF": ("R-001 scan.pdf", _image_only_pdf, "no text to read: its pages are images"),
    "a DOCX that is not one": ("R-001 answers.docx", lambda p: p.write_text("just text"), "not a Word document"),
    "an old .doc named .docx": ("R-001 old.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600),
                                "old Word 97-2003 document"),
    "a damaged PDF": ("R-001 cut.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj garbage"), "PDF is damaged"),
    "an empty text file": ("R-001 empty.txt", lambda p: p.write_bytes(b"  \n"), "the file is empty"),
    "no reference in the name": ("answers.txt", lambda p: p.write_text("Some answer."), "no application's reference"),
}


@pytest.mark.parametrize("case", list(DOCUMENTS))
def test_a_broken_document_is_refused_and_the_svdb_is_unchanged(round_file, tmp_path, case):
    name, make, sentence = DOCUMENTS[case]
    good = tmp_path / "R-002 fine.txt"
    good.write_text("A good answer that must not be kept either.", encoding="utf-8")
    broken = tmp_path / name
    make(broken)
    before = fingerprint(round_file)
    with Store.open(round_file, actor="Importer") as store, pytest.raises(ImportProblem) as refused:
        attach_documents(store, store.rounds.get("Round"), [(good, None), (broken, None)])
    message = str(refused.value)
    assert message.startswith(name) and sentence in message and "\n" not in message, message
    assert fingerprint(round_file) == before
    assert check_file(round_file).ok
