"""The decision record (issue 16): one .zip a funder keeps, whose manifest vouches for every file, and the
audit head printed on every PDF that `check --head` confirms, from a round made from nothing with real data."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile

import pytest

from svassessor.store import Store
from tests.conftest import cli_ok, run_cli
from tests.rounds_world import build_round, let_explanations_stand


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    """A decided round whose stock comments the chair has let stand (the summaries' checker questions them)."""
    built = build_round(tmp_path_factory.mktemp("record"), "small-grants", status="decided")
    with Store.open(built.path, actor="Panel chair") as store:
        let_explanations_stand(store, store.rounds.get(built.round_name))
    return built


def test_the_record_holds_every_file_and_its_manifest_vouches_for_each(decided, tmp_path):
    out = tmp_path / "record.zip"
    said = cli_ok("export", decided.path, "--round", decided.round_name, "--format", "record", "-o", out)
    assert "Decision record of" in said and str(out) in said
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        for entry in manifest["files"]:
            content = archive.read(entry["name"])
            assert hashlib.sha256(content).hexdigest() == entry["sha256"] and len(content) == entry["bytes"]
        events = [json.loads(line) for line in archive.read("audit.jsonl").decode().splitlines()]
        decisions = archive.read("decisions.csv").decode("utf-8-sig")
    assert names == {"manifest.json", "pack.pdf", "letters.pdf", "summaries.pdf", "scores.csv", "moderation.csv",
                     "decisions.csv", "conflicts.csv", "audit.jsonl"}
    assert {e["name"] for e in manifest["files"]} == names - {"manifest.json"}
    with Store.open(decided.path, actor="test", readonly=True) as store:
        head = store.database.conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0]
        round_ = store.rounds.get(decided.round_name)
        references = [a.reference for a in store.applications.for_round(round_)]
    assert manifest["audit_head"] == head and manifest["round"] == decided.round_name
    # The round's own events, each still proving itself against its hash (the chain's other rounds left out).
    assert events and all(_hash_holds(e) for e in events)
    assert all(ref in decisions for ref in references)  # ABCT ids of 28+ characters, whole


def test_every_pdf_prints_the_head_and_check_confirms_it(decided, tmp_path):
    out = tmp_path / "record.zip"
    cli_ok("export", decided.path, "--round", decided.round_name, "--format", "record", "-o", out)
    with zipfile.ZipFile(out) as archive:
        head = json.loads(archive.read("manifest.json"))["audit_head"]
        for name in ("pack.pdf", "letters.pdf", "summaries.pdf"):
            (tmp_path / name).write_bytes(archive.read(name))
    for name in ("pack.pdf", "letters.pdf", "summaries.pdf"):
        text = subprocess.run(["pdftotext", str(tmp_path / name), "-"], capture_output=True, text=True,
                              check=True).stdout
        pages = text.count("\f")
        assert text.count(f"Made from audit head {head}") == pages, name  # every page, cover and letters too

    confirmed = run_cli("check", decided.path, "--head", head)
    assert confirmed.returncode == 0 and "passes through the printed head" in confirmed.stdout
    assert run_cli("check", decided.path, "--head", head[:12]).returncode == 0

    # Another file's chain (the same steps made again: other ids, other times) does not pass through it.
    (tmp_path / "other").mkdir()
    other = build_round(tmp_path / "other", "small-grants", status="moderation")
    refused = run_cli("check", other.path, "--head", head)
    assert refused.returncode == 1 and "does not extend the chain the document was made from" in refused.stderr


def _hash_holds(event: dict) -> bool:
    """The event matches its own hash, in whichever form it was written (see `storage.audit`)."""
    from svassessor.roundfile.format import AuditEventPart
    from svassessor.roundfile.history import forged

    return not forged(AuditEventPart.model_validate(event))


def test_a_cancelled_record_leaves_nothing(decided, tmp_path):
    from svassessor.exports.record import write_record
    from svassessor.reports.output import ExportCancelled

    with Store.open(decided.path, actor="test", readonly=True) as store, pytest.raises(ExportCancelled):
        write_record(store, store.rounds.get(decided.round_name), tmp_path / "record.zip", cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_a_refused_record_leaves_nothing(decided, tmp_path):
    missing = tmp_path / "no-such-folder" / "record.zip"
    result = run_cli("export", decided.path, "--round", decided.round_name, "--format", "record", "-o", missing)
    assert result.returncode != 0 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_record_waits_for_the_summaries_checker(tmp_path):
    (tmp_path / "r").mkdir()
    built = build_round(tmp_path / "r", "small-grants", status="decided")
    result = run_cli("export", built.path, "--round", built.round_name, "--format", "record", "-o",
                     tmp_path / "record.zip")
    assert result.returncode == 2 and "must be fixed or overridden before the summaries are written" in result.stderr
    assert not (tmp_path / "record.zip").exists()
