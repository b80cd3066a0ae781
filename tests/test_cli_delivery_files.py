"""`svassessor deliveries files` and `deliveries extract`: a report's files listed, and copied out safely."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from svassessor.cli import cli
from svassessor.monitoring.extract import safe_name
from svassessor.repository.delivery_file_listing import report_files
from svassessor.repository.delivery_files import DeliveryFile
from svassessor.store import Store
from tests.conftest import run_cli

ROUND = "Neighbourhood Fund 2025"
REGISTER = b"date,people\n2026-01-15,9\n"
PHOTO = b"\xff\xd8\xff\xe0 a photograph"
# A name a grant holder's computer could really give a file: Windows folders, a right-to-left
# override that makes 'exe.txt' read as 'txt.exe', a bell and a tab.
HOSTILE = "..\\..\\evil\u202etxt.exe\x07\t.pdf"
HOSTILE_BYTES = b"%PDF-1.4 hostile"
# Names no file on disk can carry, so stored through the core as an import or the window could.
STORED = {"../../etc/passwd": b"root:x:0:0", "CON": b"con", "/": b"slash", "\u200f" + "x" * 300 + ".csv": b"long"}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def demo(demo_copy, tmp_path):
    """The demo with files on two reports: two attached on the command line, the rest through the core."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "register.csv").write_bytes(REGISTER)
    (inbox / HOSTILE).write_bytes(HOSTILE_BYTES)
    (inbox / "site photo.jpg").write_bytes(PHOTO)
    first = run_cli("deliver", demo_copy, "--round", ROUND, "--application", "NF25-004", "--offer", "4",
                    "--on", "2026-01-15", "--quantity", "9", "--status", "on_track",
                    "--attach", inbox / "register.csv", "--attach", inbox / HOSTILE)
    assert first.returncode == 0, first.stderr
    second = run_cli("deliver", demo_copy, "--round", ROUND, "--application", "NF25-001", "--offer", "1",
                     "--on", "2026-01-20", "--status", "delivered", "--attach", inbox / "site photo.jpg")
    assert second.returncode == 0, second.stderr
    with Store.open(demo_copy, actor="test") as store:
        round_ = store.rounds.get(ROUND)
        [report] = {f.delivery_id for f in report_files(store, round_, "NF25-004")}
        store.delivery_files.attach(round_, report, [DeliveryFile(filename=n, content=c) for n, c in STORED.items()])
    return demo_copy


def _everything() -> dict[str, bytes]:
    return {"register.csv": REGISTER, HOSTILE: HOSTILE_BYTES, "site photo.jpg": PHOTO, **STORED}


# --- listing ------------------------------------------------------------------------------------


def test_files_lists_each_report_file_with_its_report(demo):
    result = run_cli("deliveries", "files", demo, "--round", ROUND)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 6 for row in rows)  # tabs in a name are escaped, so the columns hold
    assert rows[0] == ["NF25-001", "offer 1", "2026-01-20", "site photo.jpg", f"{len(PHOTO)} bytes",
                       hashlib.sha256(PHOTO).hexdigest()]
    register = next(row for row in rows if row[3] == "register.csv")
    assert register == ["NF25-004", "offer 4", "2026-01-15", "register.csv", f"{len(REGISTER)} bytes",
                        hashlib.sha256(REGISTER).hexdigest()]
    assert "..\\u005c..\\u005cevil\\u202etxt.exe\\u0007\\u0009.pdf" in [row[3] for row in rows]
    # No control or direction character reaches the terminal.
    assert not any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in result.stdout.replace("\t", "").replace("\n", ""))


def test_files_json_keeps_the_stored_names_and_documents_its_keys(demo):
    result = run_cli("deliveries", "files", demo, "--round", ROUND, "--json")
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    keys = {"reference", "offer", "offer_description", "report_date", "filename", "media_type", "size", "sha256",
            "id", "delivery_id", "added_at"}
    assert all(set(item) == keys for item in listed)
    assert {item["filename"]: item["sha256"] for item in listed} == \
        {name: hashlib.sha256(content).hexdigest() for name, content in _everything().items()}
    assert all(item["size"] == len(_everything()[item["filename"]]) for item in listed)
    photo = next(item for item in listed if item["filename"] == "site photo.jpg")
    assert (photo["reference"], photo["offer"], photo["report_date"], photo["media_type"]) == \
        ("NF25-001", 1, "2026-01-20", "image/jpeg")
    help_text = CliRunner().invoke(cli, ["deliveries", "files", "--help"]).output
    assert all(key in help_text for key in keys)


def test_files_of_one_application(demo):
    result = run_cli("deliveries", "files", demo, "--round", ROUND, "--application", "NF25-001", "--json")
    assert [item["filename"] for item in json.loads(result.stdout)] == ["site photo.jpg"]
    none = run_cli("deliveries", "files", demo, "--round", ROUND, "--application", "NF25-002")
    assert none.returncode == 0 and none.stdout == "NF25-002's delivery reports have no files.\n"
    other = run_cli("deliveries", "files", demo, "--round", "Neighbourhood Fund 2026", "--json")
    assert other.returncode == 0 and json.loads(other.stdout) == []


# --- extracting ---------------------------------------------------------------------------------


def test_extract_writes_every_file_safely_inside_the_folder(demo, tmp_path):
    before = _snapshot(tmp_path)
    out = tmp_path / "deep" / "down" / "out"  # a name that escaped its folder would land in deep/ or above
    result = run_cli("deliveries", "extract", demo, "--round", ROUND, "--out", out)
    assert result.returncode == 0, result.stderr
    written = _snapshot(out)
    long_name = "_" + "x" * 145 + ".csv"
    assert written == {
        "NF25-001/site photo.jpg": PHOTO,
        "NF25-004/register.csv": REGISTER,
        "NF25-004/evil_txt.exe__.pdf": HOSTILE_BYTES,
        "NF25-004/passwd": STORED["../../etc/passwd"],
        "NF25-004/_CON": STORED["CON"],
        "NF25-004/attachment": STORED["/"],
        f"NF25-004/{long_name}": STORED["\u200f" + "x" * 300 + ".csv"],
    }
    assert len(long_name) == 150
    # Nothing appeared anywhere else under the test's folder (the demo file itself aside).
    after = {k: v for k, v in _snapshot(tmp_path).items() if not k.startswith("deep/down/out/")}
    assert {k for k in after if k not in before} <= {p for p in after if p.startswith(demo.name)}
    assert all(after[k] == v for k, v in before.items() if not k.startswith(demo.name))
    lines = result.stdout.splitlines()
    assert lines[-1] == f"7 files from the delivery reports of '{ROUND}' written to {out}."
    assert f"{out.resolve()}/NF25-004/register.csv: NF25-004 offer 4, 2026-01-15, {len(REGISTER)} bytes; " \
           "SHA-256 matched." in lines
    assert f"{out.resolve()}/NF25-004/passwd: NF25-004 offer 4, 2026-01-15, 10 bytes, stored as " \
           "'../../etc/passwd'; SHA-256 matched." in lines
    assert not any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in result.stdout.replace("\n", ""))


def test_a_second_extract_never_overwrites(demo, tmp_path):
    out = tmp_path / "out"
    (out / "NF25-004").mkdir(parents=True)
    (out / "NF25-004" / "register.csv").write_bytes(b"the auditor's own notes")
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not to be touched")
    (out / "NF25-004" / "passwd").symlink_to(outside)  # a link is not followed, nor replaced
    first = run_cli("deliveries", "extract", demo, "--round", ROUND, "--out", out, "--application", "NF25-004")
    assert first.returncode == 0, first.stderr
    assert (out / "NF25-004" / "register.csv").read_bytes() == b"the auditor's own notes"
    assert (out / "NF25-004" / "register (2).csv").read_bytes() == REGISTER
    assert (out / "NF25-004" / "passwd").is_symlink() and outside.read_bytes() == b"not to be touched"
    assert (out / "NF25-004" / "passwd (2)").read_bytes() == STORED["../../etc/passwd"]
    assert not (out / "NF25-001").exists()  # only the application asked for
    once = _snapshot(out)
    second = run_cli("deliveries", "extract", demo, "--round", ROUND, "--out", out, "--application", "NF25-004")
    assert second.returncode == 0, second.stderr
    twice = _snapshot(out)
    assert all(twice[name] == content for name, content in once.items())  # every earlier file as it was
    assert len(twice) == len(once) + 6
    assert twice["NF25-004/register (3).csv"] == REGISTER
    assert twice["NF25-004/evil_txt.exe__ (2).pdf"] == HOSTILE_BYTES
    assert second.stdout.splitlines()[-1] == f"6 files from NF25-004's delivery reports written to {out}."


def test_a_reference_folder_that_leads_outside_is_refused(demo, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "NF25-001").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("deliveries", "extract", demo, "--round", ROUND, "--out", out, "--application", "NF25-001")
    assert result.returncode == 2
    assert result.stderr.strip() == f"svassessor: {out.resolve()}/NF25-001 leads outside {out.resolve()}; " \
                                    "choose another --out folder."
    assert list(elsewhere.iterdir()) == []


def test_a_damaged_stored_file_stops_the_extract_before_anything_is_written(demo, tmp_path):
    with sqlite3.connect(demo) as conn:
        conn.execute("UPDATE attachments SET content = ? WHERE filename = 'register.csv'", [b"tampered"])
    conn.close()
    out = tmp_path / "out"
    result = run_cli("deliveries", "extract", demo, "--round", ROUND, "--out", out)
    assert result.returncode == 2
    assert result.stderr.strip() == ("svassessor: The stored copy of register.csv does not match its SHA-256: "
                                     "the file was damaged.")
    assert _snapshot(out) == {}


# --- mistakes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["files", "--round", "Nope"], "There is no round called 'Nope' in {demo}."),
    (["files", "--round", ROUND, "--application", "NF25-999"],
     f"Round '{ROUND}' has no application with reference 'NF25-999'."),
    (["extract", "--round", "Nope", "--out", "{tmp}/out"], "There is no round called 'Nope' in {demo}."),
    (["extract", "--round", ROUND, "--application", "NF25-999", "--out", "{tmp}/out"],
     f"Round '{ROUND}' has no application with reference 'NF25-999'."),
    (["extract", "--round", ROUND, "--out", "{demo}"],
     "{demo} is a file, not a folder; give --out a folder to write the files into."),
    (["extract", "--round", ROUND, "--out", "{demo}/out"],
     "The folder {demo}/out cannot be created (Not a directory)."),
])
def test_mistakes_are_one_sentence_and_exit_2(demo, tmp_path, args, message):
    args = [a.format(demo=demo, tmp=tmp_path) for a in args]
    result = run_cli("deliveries", args[0], demo, *args[1:])
    assert result.returncode == 2, result.stdout
    assert result.stderr.strip() == f"svassessor: {message.format(demo=demo)}"
    assert not (tmp_path / "out").exists()


def test_an_unwritable_folder_is_refused(demo, tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    out = tmp_path / "locked"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = run_cli("deliveries", "extract", demo, "--round", ROUND, "--out", out)
    finally:
        out.chmod(0o700)
    assert result.returncode == 2
    assert result.stderr.strip() == f"svassessor: The folder {out} is not writable; choose a folder you can write to."


def test_both_commands_answer_help_ending_with_an_example():
    from svassessor.cli.monitoring import deliveries

    for name in ("files", "extract"):
        result = CliRunner().invoke(cli, ["deliveries", name, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
        assert deliveries.commands[name].help.strip().split("\n\n")[-1].strip().startswith(
            f"Example: svassessor deliveries {name} panel.svdb")
    assert "never overwritten" in CliRunner().invoke(cli, ["deliveries", "extract", "--help"]).output


# --- the rule for a name someone else chose -----------------------------------------------------


@pytest.mark.parametrize("hostile", [
    "../../etc/passwd", "..\\..\\Windows\\system.ini", "..", ".", "", " ", "CON", "con.txt", "Nul", "LPT1.log",
    "COM¹", "a\u202egpj.exe", "\u200f\u200e\u2066x", "x\x00y\x1b[31m", "line\nbreak\u2028.txt", "x" * 300,
    "é" * 300 + ".pdf", "🙂" * 100, "name. . .", ".bashrc", "a:b|c?d*e\"f<g>h.txt",
])
def test_safe_names_are_plain_short_names(hostile):
    name = safe_name(hostile)
    assert name and "/" not in name and "\\" not in name and name not in {".", ".."}
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name)
    assert len(name) <= 150 and len(name.encode()) <= 200
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1", "COM¹"}
    assert name[0] not in " ." and name[-1] not in " ."


def test_safe_names_keep_what_is_fine():
    assert safe_name("sign-in register (May).csv") == "sign-in register (May).csv"
    assert safe_name("Café accounts.xlsx") == "Café accounts.xlsx"
    assert safe_name("x" * 300 + ".pdf") == "x" * 146 + ".pdf"
    assert safe_name("CON") == "_CON" and safe_name("con.txt") == "_con.txt"
    assert safe_name("../../etc/passwd") == "passwd" and safe_name("...") == "attachment"
