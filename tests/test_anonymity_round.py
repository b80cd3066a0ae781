"""An anonymised round from nothing, on a funder's published grants: the assessor's file discloses no
applicant, the assessor still reads every answer with placeholders, and their work merges back."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import pytest

from svassessor.models import Annotation
from svassessor.store import Store
from tests.conftest import cli_ok, cli_refused
from tests.shared_data import SHARED_DATA

ABCT = SHARED_DATA / "360giving" / "abct-ab-charitable-trust-grants-2013-2020.csv"
REFERENCE = "360G-ABCT-0065I000005BoDGQA044222"  # Access to Justice Foundation, WC2A 1JF
ANSWER = """Access to Justice Foundation (ATJF) has supported pro bono advice since 2008.
Our project lead can be reached on 0121 496 0000 or 07700 900123, or at projects@atjf.org.uk;
see www.atjf.org.uk/projects. Our office is at WC2A 1JF, beside Harrow Law Centre.
We will train 40 volunteer advisers in the first year.
"""
SECRETS_OF_THE_ANSWER = ["0121 496 0000", "07700 900123", "projects@atjf.org.uk", "www.atjf.org.uk", "ATJF"]


def _grants_with_contacts(folder: Path) -> tuple[Path, list[dict]]:
    """The published file with two columns a form tool adds: a contact (a role, as the test names people)
    and their e-mail address."""
    with ABCT.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for n, row in enumerate(rows):
        row["Contact name"] = f"Trustee Secretary {n:03d}"
        row["Contact email"] = f"secretary{n:03d}@grantee-{n:03d}.org.uk"
    path = folder / "abct-with-contacts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """The chair's file: every ABCT grant imported, one narrative attached, the round anonymised and in
    scoring; and one assessor's file prepared into a folder of its own."""
    folder = tmp_path_factory.mktemp("anonymised")
    grants, rows = _grants_with_contacts(folder)
    panel = folder / "panel.svdb"
    answer = folder / f"{REFERENCE}.txt"
    answer.write_text(ANSWER, encoding="utf-8")
    cli_ok("round", "new", panel, "--name", "ABCT anonymised", "--rubric", "small-grants")
    cli_ok("import", panel, grants)
    cli_ok("narrative", panel, "--application", REFERENCE, answer)
    assert "anonymised (identities appear at moderation)" in cli_ok("round", "set", panel, "--anonymised")
    cli_ok("assessor", "add", panel, "--name", "Grants officer A")
    cli_ok("assessor", "add", panel, "--name", "Chair", "--role", "chair")
    cli_ok("round", "status", panel, "scoring")
    out = folder / "assessor-a"
    out.mkdir()
    said = cli_ok("prepare", panel, "--assessor", "Grants officer A", "-o", out / "officer-a.svdb")
    return panel, out / "officer-a.svdb", rows, said


def _secrets(rows: list[dict]) -> set[str]:
    found = set(SECRETS_OF_THE_ANSWER)
    for row in rows:
        found |= {row["Recipient Org:Name"].strip(), row["Recipient Org:Postal Code"].strip(), row["Contact name"],
                  row["Contact email"], row["Recipient Org:Charity Number"].strip()}
    return {s for s in found if s}


def _disclosed(folders: list[Path], secrets: set[str]) -> set[str]:
    """The secrets found as whole words in the bytes of any file under `folders` (UTF-8, as SQLite stores
    text); "Pathways" does not disclose the organisation "Pathway"."""
    data = b"\n".join(p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file())
    return {s for s in secrets if s.encode() in data  # the quick look first, then as a whole word
            and re.search(rb"(?<![\w])" + re.escape(s.encode()) + rb"(?![\w])", data)}


def test_prepare_says_the_file_is_anonymised_and_the_document_was_left_out(prepared):
    _panel, _theirs, _rows, said = prepared
    assert "Anonymised: applicants appear as labels" in said
    assert "1 attachment left out: a PDF or Word document cannot be redacted safely" in said


def test_the_assessor_reads_every_answer_with_placeholders_and_the_file_discloses_no_applicant(
        prepared, tmp_path, monkeypatch):
    panel, theirs, rows, _said = prepared
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "assessor-data"))  # their backups: scanned too
    shown = cli_ok("redaction", "preview", theirs, "--application", REFERENCE)
    assert "[organisation] ([organisation]) has supported pro bono advice since 2008." in shown
    assert "reached on [phone] or [phone], or at [e-mail];\nsee [web address]." in shown
    assert "Our office is at [postcode], beside [organisation]." in shown
    assert "We will train 40 volunteer advisers in the first year." in shown
    with Store.open(theirs, actor="Grants officer A") as store:
        round_ = store.rounds.get()
        me = store.assessors.get(round_, "Grants officer A")
        app = next(a for a in store.anonymity.as_seen_by(round_, me) if a.reference == REFERENCE)
        assert re.fullmatch(r"Applicant \d{3}", app.organisation.name)
        assert (app.organisation.registration, app.organisation.postcode, app.attachments) == (None, None, [])
        assert app.title == "A grant to [organisation]"
        text = app.narrative[0].text
        start = text.index("[organisation] ([organisation])")
        passage = text[start:text.index("since 2008") + len("since 2008")]
        store.annotations.add(round_, me, Annotation(
            application_id=app.id, assessor_id=me.id, narrative_id=app.narrative[0].id, start=start,
            end=start + len(passage), quote=passage, tag=store.rounds.rubric(round_).tags[0].id, note="Track record"))
        criterion = store.rounds.rubric(round_).criteria[0].id
    cli_ok("score", theirs, "--assessor", "Grants officer A", "--application", REFERENCE, "--criterion", criterion,
           "--score", "3", "--comment", "Long experience, clearly evidenced")
    assert _disclosed([theirs.parent, tmp_path / "assessor-data"], _secrets(rows)) == set()
    cli_ok("check", theirs)

    # back in the chair's file: the score, the comment and the highlight, placed on the original text
    said = cli_ok("merge", panel, theirs)
    assert "Grants officer A" in said
    cli_ok("check", panel)
    with Store.open(panel, actor="Chair", readonly=True) as store:
        round_ = store.rounds.get()
        app = store.applications.get(round_, REFERENCE)
        officer = store.assessors.get(round_, "Grants officer A")
        assessment = store.assessments.get(app.id, officer.id)
        assert assessment.scores[criterion].score == 3
        assert assessment.scores[criterion].comment == "Long experience, clearly evidenced"
        [note] = store.annotations.for_application(app.id)
        assert note.quote == "[organisation] ([organisation]) has supported pro bono advice since 2008"
        chair = store.assessors.get(round_, "Chair")
        [shown] = store.anonymity.placed(round_, chair, app, [note])
        original = app.narrative[0].text
        assert original[shown.start:shown.end] == shown.quote == \
            "Access to Justice Foundation (ATJF) has supported pro bono advice since 2008"
        # the officer, in the chair's file before moderation, is shown what their own file showed
        [own] = store.anonymity.placed(round_, officer, store.anonymity.one_as_seen_by(round_, officer, app.id),
                                       [note])
        assert own == note


def test_the_chairs_words_redact_once_added_and_are_audited_and_checked(prepared, tmp_path):
    panel, _theirs, _rows, _said = prepared
    copy = tmp_path / "panel.svdb"
    copy.write_bytes(panel.read_bytes())
    cli_ok("redaction", "add", copy, "--word", "pro bono", "--application", REFERENCE)
    assert "[redacted] advice" in cli_ok("redaction", "preview", copy, "--application", REFERENCE)
    assert "already redacted" in cli_refused("redaction", "add", copy, "--word", "PRO BONO", "--application",
                                             REFERENCE)
    cli_ok("check", copy)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM audit WHERE entity = 'redaction_words'").fetchone() == (1,)
    finally:
        conn.close()


def test_anonymity_is_settled_before_moderation(prepared, tmp_path):
    panel, _theirs, _rows, _said = prepared
    copy = tmp_path / "panel.svdb"
    copy.write_bytes(panel.read_bytes())
    cli_ok("round", "status", copy, "moderation", "--force")
    assert "is in moderation: whether its assessors see who applies is settled before moderation" in \
        cli_refused("round", "set", copy, "--named")
