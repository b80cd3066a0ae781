"""Issue 20: a UTF-8 file with bad bytes in it is refused where they are, never imported as mojibake.

Windows-1252 is the right reading only of a file that is Windows-1252 throughout (what Excel on a UK PC
saves as CSV). A file holding well-formed UTF-8 (é as C3 A9) and also bytes that are not UTF-8 is
damaged or mixes two encodings: read as Windows-1252 it imported "Byte Ã(Back ÿþ Ltd" without a word.
Each test starts from an empty file with a small file written here.
"""

from __future__ import annotations

import pytest

from svassessor.importing import import_applications, plan_import
from svassessor.importing.documents import read_document
from svassessor.importing.problems import ImportRejected
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, cli_refused

HEADER = "Reference,Organisation name,Title\r\n"
# Row 2 is good UTF-8; row 3 has a stray 0xC3 and a UTF-16 byte-order mark pasted into a name.
DAMAGED = (HEADER + "A-1,Café Ørsted,Garden\r\nA-2,Byte \x00(Back \x01 Ltd,Roof\r\n").encode("utf-8") \
    .replace(b"\x00", b"\xc3").replace(b"\x01", b"\xff\xfe")


@pytest.fixture
def round_(store):
    return store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)


def test_a_utf8_file_with_bad_bytes_is_refused_naming_row_and_column(store, round_, tmp_path):
    source = tmp_path / "mixed.csv"
    source.write_bytes(DAMAGED)
    with pytest.raises(ImportRejected) as caught:
        import_applications(store, round_, plan_import(source))
    assert str(caught.value) == (
        "mixed.csv, row 3, column 'Organisation name': the value 'Byte \ufffd(Back \ufffd Ltd' holds bytes that are "
        "not UTF-8 (0xc3, shown as \ufffd) though the rest of the file is UTF-8, and 1 more place does too; the file "
        "is damaged or mixes two encodings: save it as UTF-8 and import it again; nothing was imported.")
    assert store.applications.for_round(round_) == []


def test_a_file_in_windows_1252_throughout_still_imports(store, round_, tmp_path):
    source = tmp_path / "excel.csv"
    source.write_bytes((HEADER + "A-1,Café Ørsted – £40 a week,Garden\r\n").encode("cp1252"))
    import_applications(store, round_, plan_import(source))
    assert [a.organisation.name for a in store.applications.for_round(round_)] == ["Café Ørsted – £40 a week"]


def test_a_text_document_with_bad_bytes_is_refused_naming_the_line(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes("Our budget — £40 a week.\nSecond line \x00 here\n".encode().replace(b"\x00", b"\xe9"))
    with pytest.raises(ImportRejected, match="notes.txt: line 2 \\('Second line \ufffd here'\\) holds bytes that "
                                             "are not UTF-8 \\(0xe9"):
        read_document(notes)


def test_the_command_line_says_the_same_sentence(tmp_path):
    source = tmp_path / "mixed.csv"
    source.write_bytes(DAMAGED)
    panel = tmp_path / "panel.svdb"
    with Store.open(panel, actor="Chair", create=True) as store:
        store.rounds.create(name="Round", rubric_yaml=TINY_RUBRIC)
    said = cli_refused("import", str(panel), str(source))
    assert "mixed.csv, row 3, column 'Organisation name': the value 'Byte \ufffd(Back \ufffd Ltd' holds" in said
