"""The round file: export, import into another file, export again: the same round, history kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svassessor.errors import ImportProblem, NotAllowed
from svassessor.importing import ImportCancelled
from svassessor.roundfile import export_round, import_round_json, is_round_file, read_round_json, write_round_json
from svassessor.storage.integrity import check_file
from svassessor.store import Store
from tests.test_import_broken import fingerprint

ROUNDS = ["Neighbourhood Fund 2026", "Neighbourhood Fund 2025", "Community meals contract 2026"]
VOLATILE = {"exported_at", "exported_by", "audit"}


@pytest.fixture(scope="session")
def demo(demo_template) -> Path:
    return demo_template


@pytest.fixture(scope="module")
def exported(demo, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rounds")
    out = {}
    with Store.open(demo, actor="Exporter", readonly=True) as store:
        for name in ROUNDS:
            out[name] = folder / f"{name}.json"
            write_round_json(store, store.rounds.get(name), out[name])
    return out


def _event(e: dict) -> tuple:
    return e["at"], e["actor"], e["action"], e["entity"], e["entity_id"], e["old"], e["new"]


@pytest.mark.parametrize("name", ROUNDS)
def test_a_round_survives_export_and_import_exactly(exported, tmp_path, name):
    first = json.loads(exported[name].read_text(encoding="utf-8"))
    assert {"format_version", "round", "assessors", "applications", "assessments", "annotations", "moderation",
            "decisions", "deliveries", "audit"} <= set(first)
    assert [c["id"] for t in first["round"]["rubric"]["themes"] for c in t["criteria"]]
    target = tmp_path / "other.svdb"
    with Store.open(target, actor="Importer", create=True) as store:
        round_ = import_round_json(store, exported[name])
        again = export_round(store, round_)
        summary_rows = store.assessments.score_table(round_)
    assert {k: v for k, v in again.items() if k not in VOLATILE} == {k: v for k, v in first.items() if k not in VOLATILE}
    assert summary_rows  # scores are there to rank
    history = [_event(e) for e in again["audit"]]
    assert history[:len(first["audit"])] == [_event(e) for e in first["audit"]]  # the past, in order
    imported = again["audit"][len(first["audit"]):]
    assert imported and {e["actor"] for e in imported} == {"Importer"} and {e["action"] for e in imported} == {"insert"}
    assert check_file(target).ok


def test_every_demo_round_imports_into_one_file_and_check_passes(exported, tmp_path):
    target = tmp_path / "all.svdb"
    with Store.open(target, actor="Importer", create=True) as store:
        for name in ROUNDS:
            import_round_json(store, exported[name])
        assert [r.name for r in store.rounds.list()] == ROUNDS
    assert check_file(target).ok


def test_a_round_of_that_name_or_with_those_rows_is_refused(demo, exported, tmp_path):
    copy = tmp_path / "copy.svdb"
    copy.write_bytes(demo.read_bytes())
    before = fingerprint(copy)
    with Store.open(copy, actor="Importer") as store:
        with pytest.raises(NotAllowed, match="A round called 'Neighbourhood Fund 2026' already exists"):
            import_round_json(store, exported["Neighbourhood Fund 2026"])
        with pytest.raises(NotAllowed, match="already in"):
            import_round_json(store, exported["Neighbourhood Fund 2026"], name="A copy")
    assert fingerprint(copy) == before


def test_an_edited_file_is_refused_naming_where(exported, tmp_path):
    doc = json.loads(exported["Neighbourhood Fund 2025"].read_text(encoding="utf-8"))
    doc["audit"][3]["actor"] = "Someone else"
    doc["round"]["rubric"]["yaml"] += "\n# changed"
    doc["decisions"][0]["application_id"] = "nowhere"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(doc), encoding="utf-8")
    with Store.open(tmp_path / "t.svdb", actor="Importer", create=True) as store, \
            pytest.raises(ImportProblem) as refused:
        import_round_json(store, edited)
    columns = {p.column for p in refused.value.problems}
    assert {"round.rubric.yaml", "decisions.0.application_id", "audit.3"} <= columns
    assert "nothing was imported" in str(refused.value)


def test_a_malformed_or_newer_file_is_refused(exported, tmp_path):
    doc = json.loads(exported["Neighbourhood Fund 2025"].read_text(encoding="utf-8"))
    del doc["applications"][0]["reference"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportProblem, match="broken.json, at applications.0.reference: field required"):
        read_round_json(broken)
    doc["format_version"] = 99
    broken.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ImportProblem, match="format 99, newer"):
        read_round_json(broken)


def test_cancel_keeps_nothing(exported, tmp_path):
    target = tmp_path / "t.svdb"
    with Store.open(target, actor="Importer", create=True) as store:
        calls = []
        with pytest.raises(ImportCancelled):
            import_round_json(store, exported["Neighbourhood Fund 2026"],
                              cancelled=lambda: calls.append(1) or len(calls) > 2)
        assert store.rounds.list() == []
        assert store.database.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_round_files_are_told_from_360giving_packages(exported, tmp_path):
    package = tmp_path / "grants.json"
    package.write_text('{"grants": []}', encoding="utf-8")
    assert is_round_file(exported["Neighbourhood Fund 2026"]) and not is_round_file(package)


def test_a_delivery_reports_files_travel_with_the_round(demo, tmp_path):
    from datetime import date

    from svassessor.models import Delivery
    from svassessor.repository.delivery_files import DeliveryFile

    source = tmp_path / "source.svdb"
    source.write_bytes(demo.read_bytes())
    with Store.open(source, actor="Grants officer A") as store:
        round_ = store.rounds.get("Neighbourhood Fund 2025")
        offer = store.applications.get(round_, "NF25-004").offers[0]
        report = store.deliveries.record(round_, Delivery(
            offer_id=offer.id, on=date(2026, 10, 1), status="on_track", recorded_by="Grants officer A"),
            files=[DeliveryFile(filename="register.csv", content=b"people\n9\n")])
        write_round_json(store, round_, tmp_path / "round.json")
    target = tmp_path / "other.svdb"
    with Store.open(target, actor="Importer", create=True) as store:
        round_ = import_round_json(store, tmp_path / "round.json")
        files = store.delivery_files.for_delivery(report.id)
        assert [f.filename for f in files] == ["register.csv"]
        assert store.delivery_files.content(files[0].id) == b"people\n9\n"
        assert all(not a.attachments or "register.csv" not in {t.filename for t in a.attachments}
                   for a in store.applications.for_round(round_))
    assert check_file(target).ok


def test_the_funder_travels_with_the_round(exported):
    first = json.loads(exported["Neighbourhood Fund 2025"].read_text(encoding="utf-8"))["round"]
    assert (first["funder_name"], first["funder_org_id"], first["funder_identifier"]) == (
        "Rea Valley Community Foundation", "GB-CHC-1999999", "360G-REAVALLEYCF")


@pytest.mark.parametrize(("old", "org_id", "prefix"), [
    ("360G-REAVALLEYCF", None, "360G-REAVALLEYCF"),
    ("GB-CHC-1000147", "GB-CHC-1000147", "360G-GB-CHC-1000147"),
])
def test_a_file_from_before_the_org_id_splits_its_one_funder_identifier(exported, tmp_path, old, org_id, prefix):
    """As the .svdb migration does: the prefix the old export used stays, an org-id becomes the org-id."""
    document = json.loads(exported["Neighbourhood Fund 2025"].read_text(encoding="utf-8"))
    del document["round"]["funder_org_id"]
    document["round"]["funder_identifier"] = old
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "other.svdb"
    with Store.open(target, actor="Importer", create=True) as store:
        round_ = import_round_json(store, older)
        assert (round_.funder_org_id, round_.funder_identifier) == (org_id, prefix)
        assert store.rounds.get(round_.name).funder_org_id == org_id
    assert check_file(target).ok


def test_an_anonymised_round_and_the_chairs_words_travel_with_it(demo_copy, tmp_path):
    with Store.open(demo_copy, actor="Chair") as store:
        round_ = store.rounds.update(store.rounds.get(ROUNDS[0]), anonymised=True, reveal_at="decided")
        first_app = store.applications.for_round(round_)[0]
        store.anonymity.add_word(round_, "Lozells")
        store.anonymity.add_word(round_, "the old library", first_app)
        written = tmp_path / "anonymised.json"
        write_round_json(store, round_, written)
    document = json.loads(written.read_text(encoding="utf-8"))
    assert (document["round"]["anonymised"], document["round"]["reveal_at"]) == (True, "decided")
    assert [(w["word"], w["application_id"]) for w in document["redaction_words"]] == [
        ("Lozells", None), ("the old library", first_app.id)]
    target = tmp_path / "other.svdb"
    with Store.open(target, actor="Importer", create=True) as store:
        round_ = import_round_json(store, written)
        assert (round_.anonymised, round_.reveal_at) == (True, "decided")
        assert [(w.word, w.reference) for w in store.anonymity.words(round_)] == [
            ("Lozells", None), ("the old library", first_app.reference)]
        again = export_round(store, round_)
    assert {k: v for k, v in again.items() if k not in VOLATILE} == \
        {k: v for k, v in document.items() if k not in VOLATILE}
    assert check_file(target).ok


def test_a_round_file_from_before_anonymised_rounds_is_a_named_round(exported, tmp_path):
    document = json.loads(exported[ROUNDS[0]].read_text(encoding="utf-8"))
    assert document["round"]["anonymised"] is None and document["redaction_words"] == []
    for key in ("anonymised", "reveal_at"):
        del document["round"][key]
    del document["redaction_words"]
    older = tmp_path / "older.json"
    older.write_text(json.dumps(document), encoding="utf-8")
    with Store.open(tmp_path / "other.svdb", actor="Importer", create=True) as store:
        round_ = import_round_json(store, older)
        assert (round_.anonymised, round_.reveal_at) == (False, None)
    assert check_file(tmp_path / "other.svdb").ok


def test_a_hand_edited_round_file_or_one_whose_history_is_cut_short_is_refused(demo_template, tmp_path):
    """A round file proves itself: a score changed by hand, or a history with its tail cut off, imports nothing."""
    from tests.conftest import cli_ok, cli_refused

    exported = tmp_path / "round.json"
    cli_ok("export", demo_template, "--round", "Neighbourhood Fund 2025", "--format", "json", "-o", exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    edited = json.loads(json.dumps(document))
    score = next(s for a in edited["assessments"] for s in a["scores"] if s["score"] is not None)
    score["score"] = 4.0 if score["score"] != 4.0 else 3.0
    cut = json.loads(json.dumps(document))
    cut["audit"] = cut["audit"][:-25]
    for name, changed, said in (("edited", edited, "was edited after export"),
                                ("cut", cut, "the history was cut short")):
        source = tmp_path / f"{name}.json"
        source.write_text(json.dumps(changed), encoding="utf-8")
        target = tmp_path / f"{name}.svdb"
        cli_ok("round", "new", target, "--name", "Placeholder", "--rubric", "small-grants")
        refused = cli_refused("import", target, source)
        assert said in refused and "nothing was imported" in refused
        assert [r["name"] for r in json.loads(cli_ok("rounds", target, "--json"))] == ["Placeholder"]
