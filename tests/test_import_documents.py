"""Narrative answers from .docx, .pdf, .txt and .md, matched by reference, stored with their SHA-256."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from svassessor.errors import ImportProblem
from svassessor.importing.documents import read_document
from svassessor.importing.narratives import attach_documents, match_reference
from svassessor.repository.attachments import Attachments
from svassessor.storage.integrity import check_file
from tests.conftest import TINY_RUBRIC, make_application
from tests.shared_data import SHARED_DATA


@pytest.fixture
def round_(store):
    round_ = store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
    store.applications.add([make_application(round_.id, "NF26-001"), make_application(round_.id, "NF26-0012")])
    return round_


def _docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Written by the trustees.")
    document.add_heading("What need will you meet?", level=1)
    document.add_paragraph("Older people in Lozells live alone.")
    document.add_paragraph("A survey of 120 residents shows it.")
    document.add_heading("Who benefits?", level=2)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Age 70+", "40 people"
    document.save(str(path))
    return path


def _pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path))
    page.drawString(72, 720, "Our project meets a real need.")
    page.showPage()
    page.drawString(72, 720, "Page two of the answers.")
    page.save()
    return path


def test_a_docx_gives_one_answer_per_heading(tmp_path):
    document = read_document(_docx(tmp_path / "NF26-001 answers.docx"))
    assert document.sections == [
        ("NF26-001 answers.docx", "Written by the trustees."),
        ("What need will you meet?", "Older people in Lozells live alone.\nA survey of 120 residents shows it."),
        ("Who benefits?", "Age 70+\t40 people"),
    ]


def test_markdown_headings_and_a_pdf_text_layer(tmp_path):
    md = tmp_path / "a.md"
    md.write_text("# Need\nLonely.\n```\n# not a heading\n```\n## Offer\n40 lunches\n", encoding="utf-8")
    assert read_document(md).sections == [("Need", "Lonely.\n```\n# not a heading\n```"), ("Offer", "40 lunches")]
    text = read_document(_pdf(tmp_path / "b.pdf")).sections
    assert len(text) == 1 and "real need" in text[0][1] and "Page two" in text[0][1]


def test_matching_by_reference_takes_the_whole_code():
    refs = ["NF26-001", "NF26-0012"]
    assert match_reference("NF26-0012_narrative.docx", refs) == "NF26-0012"
    assert match_reference("nf26-001 answers.pdf", refs) == "NF26-001"
    with pytest.raises(ImportProblem, match="no application's reference"):
        match_reference("answers.pdf", refs)
    with pytest.raises(ImportProblem, match="several references"):
        match_reference("NF26-001 and NF26-0012.txt", refs)


def test_documents_are_stored_with_their_sha256_and_answers(store, round_, tmp_path, svdb):
    docx_path = _docx(tmp_path / "NF26-001 answers.docx")
    txt = tmp_path / "extra.txt"
    txt.write_bytes("Budget notes — £40 a week.".encode("cp1252"))
    results = attach_documents(store, round_, [(docx_path, None), (txt, "NF26-0012")])
    assert [(r.reference, r.attached, len(r.added)) for r in results] == [("NF26-001", True, 3), ("NF26-0012", True, 1)]
    app = store.applications.get(round_, "NF26-001")
    [attachment] = app.attachments
    assert attachment.sha256 == hashlib.sha256(docx_path.read_bytes()).hexdigest()
    assert Attachments(store).content(attachment.id) == docx_path.read_bytes()
    assert [n.source for n in app.narrative][-3:] == ["NF26-001 answers.docx"] * 3
    assert store.applications.get(round_, "NF26-0012").narrative[-1].text == "Budget notes — £40 a week."
    again = attach_documents(store, round_, [(docx_path, None)])
    assert not again[0].attached and not again[0].added and "already attached" in again[0].summary()
    store.close()
    assert check_file(svdb).ok


def test_a_new_version_of_a_document_updates_its_answers(store, round_, tmp_path):
    path = tmp_path / "NF26-001.md"
    path.write_text("# Need\nFirst draft.\n", encoding="utf-8")
    attach_documents(store, round_, [(path, None)])
    path.write_text("# Need\nSecond draft.\n", encoding="utf-8")
    [result] = attach_documents(store, round_, [(path, None)])
    assert result.updated == ["Need"] and result.attached
    app = store.applications.get(round_, "NF26-001")
    assert [n.text for n in app.narrative if n.question == "Need"] == ["Second draft."]
    assert len(app.attachments) == 2  # both versions kept, each with its own hash


REAL_PDF = SHARED_DATA / "narratives/360giving-governance-and-review-process.pdf"
LIGATURED = "Our ﬁrst ofﬁce ﬂoor: an eﬀect on staﬀ, ﬃ ﬄ, ﬅ and ﬆ."


def _ligature_pdf(path: Path) -> Path:
    """A PDF whose text layer holds ligature characters, as typesetting leaves them (DejaVu has the glyphs)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from svassessor.paths import resources_dir

    fonts = [p for p in resources_dir().rglob("DejaVuSans.ttf")]
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(fonts[0])))
    page = canvas.Canvas(str(path))
    page.setFont("DejaVuSans", 12)
    page.drawString(72, 720, LIGATURED)
    page.save()
    return path


def test_ligatures_in_a_pdf_are_folded_so_search_and_highlights_find_the_words(store, round_, tmp_path):
    from pypdf import PdfReader

    from svassessor.models import Annotation

    path = _ligature_pdf(tmp_path / "NF26-001 statement.pdf")
    assert "ofﬁce" in PdfReader(path).pages[0].extract_text()  # what the PDF's text layer holds
    [(_, text)] = read_document(path).sections
    assert text == "Our first office floor: an effect on staff, ffi ffl, st and st."
    attach_documents(store, round_, [(path, None)])
    app = store.applications.get(round_, "NF26-001")
    answer = next(n for n in app.narrative if n.source == path.name)
    start = answer.text.find("first office")  # what a search for the words finds
    assessor = store.assessors.add(round_, name="Grants officer A")
    round_ = store.rounds.set_status(round_, "scoring")
    store.annotations.add(round_, assessor, Annotation(
        application_id=app.id, assessor_id=assessor.id, narrative_id=answer.id, start=start,
        end=start + len("first office"), quote="first office", tag="evidence"))


def test_only_the_ligatures_are_folded_not_other_compatibility_characters(tmp_path):
    path = tmp_path / "NF26-001.txt"
    path.write_text("ﬁve ½ m² ＡＢＣ ﬂats\n", encoding="utf-8")
    assert read_document(path).sections == [("NF26-001.txt", "five ½ m² ＡＢＣ flats")]


def _encrypted(source: bytes, path: Path, user_password: str) -> Path:
    """The PDF encrypted with AES-256, as Word writes it when saving a PDF with a password."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(source))
    writer.encrypt(user_password=user_password, owner_password="owner secret", algorithm="AES-256")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def test_an_aes_encrypted_pdf_with_no_password_to_open_is_read(tmp_path):
    if not REAL_PDF.exists():
        pytest.skip("the shared narrative PDF is not on this machine")
    plain = read_document(REAL_PDF).sections
    opened = read_document(_encrypted(REAL_PDF.read_bytes(), tmp_path / "NF26-001 governance.pdf", ""))
    assert opened.sections == [("NF26-001 governance.pdf", plain[0][1])]
    assert "Revision Control" in plain[0][1]


def test_an_aes_encrypted_pdf_with_a_password_is_one_sentence_naming_it(tmp_path):
    if not REAL_PDF.exists():
        pytest.skip("the shared narrative PDF is not on this machine")
    path = _encrypted(REAL_PDF.read_bytes(), tmp_path / "NF26-001 governance.pdf", "applicant's secret")
    with pytest.raises(ImportProblem) as refused:
        read_document(path)
    assert str(refused.value) == ("NF26-001 governance.pdf: the PDF is protected by a password; save a copy without "
                                  "the password (or print it to PDF) and import that; nothing was imported.")


def test_without_the_aes_library_an_encrypted_pdf_is_a_sentence_not_a_traceback(tmp_path, monkeypatch):
    """The finding's traceback ('cryptography>=3.1 is required for AES algorithm'), reproduced by taking away
    pypdf's AES: the user gets one sentence naming the file."""
    import pypdf._encryption as encryption
    from pypdf._crypt_providers import _fallback

    if not REAL_PDF.exists():
        pytest.skip("the shared narrative PDF is not on this machine")
    path = _encrypted(REAL_PDF.read_bytes(), tmp_path / "NF26-001 governance.pdf", "")
    for name in ("aes_cbc_encrypt", "aes_cbc_decrypt", "aes_ecb_encrypt", "aes_ecb_decrypt"):
        monkeypatch.setattr(encryption, name, getattr(_fallback, name))
    with pytest.raises(ImportProblem) as refused:
        read_document(path)
    message = str(refused.value)
    assert message.startswith("NF26-001 governance.pdf: the PDF is encrypted") and "\n" not in message
    assert "cryptography" in message
