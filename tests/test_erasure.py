"""Retention and erasure (DESIGN §3, §9): personal data gone from the rows, the audit log, the file's free
pages and log, and its backups; scores, decisions and amounts kept; the audit chain still verifies."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from svassessor.clock import Clock
from svassessor.models import Application, NarrativeAnswer, Offer, Organisation
from svassessor.privacy.erase import erase_personal_data
from svassessor.privacy.retention import overdue, overdue_line
from svassessor.storage.audit import verify
from svassessor.storage.backup import list_backups
from svassessor.storage.integrity import check_file
from svassessor.storage.migrations import MIGRATIONS
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC, cli_ok, cli_refused
from tests.erasure_world import ROUND, TODAY, build
from tests.old_files import back_to_version


def _kept(path):
    """What the funder keeps: every score, decision and amount, by reference."""
    conn = sqlite3.connect(path)
    try:
        return {
            "scores": sorted(conn.execute(
                "SELECT a.reference, s.criterion_id, x.assessor_id, s.score, s.comment FROM scores s "
                "JOIN assessments x ON x.id = s.assessment_id JOIN applications a ON a.id = x.application_id")),
            "decisions": sorted(conn.execute("SELECT a.reference, d.decision, d.amount_awarded_pence, d.feedback "
                                             "FROM decisions d JOIN applications a ON a.id = d.application_id")),
            "amounts": sorted(conn.execute("SELECT reference, amount_requested_pence FROM applications")),
            "moderations": sorted(conn.execute("SELECT application_id, score, rationale FROM moderations")),
        }
    finally:
        conn.close()


def _left(data: bytes, strings) -> list[str]:
    return [s for s in strings if s.encode("utf-8") in data]


def _backed_up(path):
    """Open the file for writing once more, so a backup of it (holding every value) is taken."""
    with Store.open(path, actor="Panel chair") as store:
        assert store.database.wait_for_backup() is not None
    backups = list_backups(path)
    assert backups and _left(backups[0].path.read_bytes(), ["Project coordinator 01"])
    return backups


def test_erasing_a_round_leaves_no_erased_value_in_the_file_its_log_or_its_backups(tmp_path):
    world = build(tmp_path)
    backups = _backed_up(world.path)
    before = _kept(world.path)
    everything = [s for strings in world.personal.values() for s in strings]
    assert set(_left(world.path.read_bytes(), everything)) == set(everything)

    out = cli_ok("erase", world.path, "--round", ROUND)
    assert "6 applicants erased" in out and "Backups: 1 rewritten" in out

    for item in (world.path, *(b.path for b in backups)):
        assert _left(item.read_bytes(), everything) == [], item
    wal = world.path.with_name(world.path.name + "-wal")
    assert not wal.exists() or _left(wal.read_bytes(), everything) == []
    assert "audit chain of" in cli_ok("check", world.path)
    assert _kept(world.path) == before
    with Store.open(world.path, actor="Panel chair", readonly=True) as store:
        round_ = store.rounds.get(ROUND)
        records = store.erasures.records(round_)
        assert sorted(r.reference for r in records) == sorted(world.references)
        assert {r.erased_by for r in records} == {cli_who()}
        names = sorted(a.organisation.name for a in store.applications.for_round(round_))
        assert names == [f"Erased applicant {n:03d}" for n in range(1, 7)]
        app = store.applications.for_round(round_)[0]
        assert app.title.startswith("A grant to [erased]") and app.extra == {} and app.attachments == []
        assert all(o.description == "Advice sessions run by [erased] for people seeking asylum" for o in app.offers)
        events = store.database.conn.execute("SELECT count(*) FROM audit WHERE entity = 'erasures'").fetchone()[0]
        assert events == 6
    for backup in backups:  # a rewritten backup still verifies, so it can still be restored
        assert check_file(backup.path).ok


def cli_who() -> str:
    from svassessor.cli.common import who

    return who()


def test_the_write_ahead_log_holds_no_erased_value_while_the_file_is_still_open(tmp_path):
    world = build(tmp_path, monitoring=False)
    reference = world.references[2]
    with Store.open(world.path, actor="Panel chair", clock=Clock(TODAY)) as store:
        report = erase_personal_data(store, store.rounds.get(ROUND), reference)
        assert report.log_emptied
        wal = world.path.with_name(world.path.name + "-wal")
        assert _left(wal.read_bytes(), world.personal[reference]) == []
        assert _left(world.path.read_bytes(), world.personal[reference]) == []
        others = world.personal[world.references[0]]
        assert _left(world.path.read_bytes() + wal.read_bytes(), others[:3]) != []  # only the one applicant
        assert verify(store.database) is None


def test_a_dry_run_says_what_would_go_and_changes_nothing(tmp_path):
    world = build(tmp_path, monitoring=False)
    data = world.path.read_bytes()
    out = cli_ok("erase", world.path, "--round", ROUND, "--application", world.references[0], "--dry-run")
    assert f"{world.references[0]} (" in out and "would erase organisation name" in out
    assert "Nothing was erased (--dry-run); 1 applicant of round" in out
    assert world.path.read_bytes() == data
    assert "no application" in cli_refused("erase", world.path, "--round", ROUND, "--application", "NOPE-1").lower()


def test_an_applicant_erased_once_is_not_erased_again_and_the_refusal_says_when(tmp_path):
    world = build(tmp_path, monitoring=False)
    cli_ok("erase", world.path, "--round", ROUND, "--application", world.references[1])
    refused = cli_refused("erase", world.path, "--round", ROUND, "--application", world.references[1])
    assert f"{world.references[1]}'s personal data was erased on" in refused
    out = cli_ok("erase", world.path, "--round", ROUND)
    assert "5 applicants erased" in out and "Erased applicant 006" in out
    assert "has been erased already" in cli_refused("erase", world.path, "--round", ROUND)


def test_retention_is_set_shown_and_names_the_round_once_past_by_the_stores_clock(tmp_path):
    world = build(tmp_path, monitoring=False)
    out = cli_ok("round", "set", world.path, "--round", ROUND, "--retain-until", "2026-09-30")
    assert "personal data kept until 2026-09-30." in out
    assert json.loads(cli_ok("rounds", world.path, "--json"))[0]["retain_until"] == "2026-09-30"
    assert "it closes on 27 February 2026" in cli_refused("round", "set", world.path, "--round", ROUND,
                                                          "--retain-until", "2026-01-01")
    with Store.open(world.path, actor="Panel chair", readonly=True) as store:
        infos, held = store.rounds.list(), store.erasures.still_held()
    assert overdue(infos, date(2026, 9, 30), held) == []
    late = overdue(infos, date(2026, 10, 1), held)
    assert [r.name for r in late] == [ROUND]
    assert overdue_line(late).startswith(f"Personal data is held past its retention date in round '{ROUND}' "
                                         "(kept until 30 September 2026)")
    cli_ok("erase", world.path, "--round", ROUND)
    with Store.open(world.path, actor="Panel chair", readonly=True) as store:
        assert overdue(store.rounds.list(), date(2026, 10, 1), store.erasures.still_held()) == []
    assert json.loads(cli_ok("rounds", world.path, "--json"))[0]["retain_until"] == "2026-09-30"
    cli_ok("round", "set", world.path, "--round", ROUND, "--retain-until", "none")
    assert json.loads(cli_ok("rounds", world.path, "--json"))[0]["retain_until"] is None


def test_personal_data_finds_a_name_in_narratives_extra_columns_and_delivery_stories(tmp_path):
    world = build(tmp_path)
    reference = world.delivered
    name = world.personal[reference][0]
    out_file = tmp_path / "request.txt"
    out = cli_ok("personal-data", world.path, "--name", name.upper(), "-o", out_file)
    phone = world.personal[reference][2]
    assert f"Searched for: {name.upper()}, {world.personal[reference][1]}, {phone}." in out
    for field in ("applications.extra: Contact name", "narratives.text", "deliveries.story", "deliveries.evidence",
                  "offers.description", "annotations.quote", "attachments.content of register.txt"):
        assert f"{reference} / {field} (now)" in out, field
    written = out_file.read_text(encoding="utf-8")
    assert f"Personal data held about: {name.upper()}" in written and "Where: deliveries, story (now)" in written
    assert f"can call {phone}" in written
    csv_file = tmp_path / "request.csv"
    cli_ok("personal-data", world.path, "--name", name, "-o", csv_file)
    assert csv_file.read_text(encoding="utf-8").startswith("Round,Reference,Table,Field,Where,Found,Text around it")
    # Earlier values are held in the audit log until erased; afterwards nothing is found.
    cli_ok("erase", world.path, "--round", ROUND, "--application", reference)
    assert "0 places found." in cli_ok("personal-data", world.path, "--name", name)


def _at_version_before_erasable_audit(path):
    conn = sqlite3.connect(path, isolation_level=None)
    back_to_version(conn, [n for n, _ in MIGRATIONS].index("0011_erasable_audit"))
    conn.close()


def test_a_file_made_before_the_migration_opens_verifies_and_can_then_be_erased(tmp_path):
    world = build(tmp_path)
    _at_version_before_erasable_audit(world.path)
    before = _kept(world.path)
    conn = sqlite3.connect(world.path)
    assert "format" not in {r[1] for r in conn.execute("PRAGMA table_info(audit)")}
    conn.close()
    first, rest = world.references[0], world.references[1:]
    with Store.open(world.path, actor="Panel chair") as store:  # migrated on this first writable open
        assert verify(store.database) is None
        printed = store.database.conn.execute("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()[0]
    cli_ok("erase", world.path, "--round", ROUND, "--application", first)
    assert _left(world.path.read_bytes(), world.personal[first]) == []
    cli_ok("erase", world.path, "--round", ROUND)
    assert _left(world.path.read_bytes(), [s for r in rest for s in world.personal[r]]) == []
    out = cli_ok("check", world.path, "--head", printed[:16])
    assert "the chain passes through the printed head" in out
    assert _kept(world.path) == before
    conn = sqlite3.connect(world.path)
    cut = conn.execute("SELECT count(*) FROM audit WHERE format = 1 AND erased_by IS NOT NULL").fetchone()[0]
    assert cut > 0 and conn.execute("SELECT sum(old_events) FROM erasures").fetchone()[0] == cut
    conn.close()


def test_an_old_event_edited_after_an_erasure_cut_it_down_is_found(tmp_path):
    world = build(tmp_path, monitoring=False)
    _at_version_before_erasable_audit(world.path)
    cli_ok("erase", world.path, "--round", ROUND, "--application", world.references[0])
    conn = sqlite3.connect(world.path, isolation_level=None)
    seq, new = conn.execute("SELECT seq, new FROM audit WHERE erased_by IS NOT NULL AND entity = 'applications' "
                            "AND new IS NOT NULL").fetchone()
    conn.execute("DROP TRIGGER audit_old_events_cut_once")
    conn.execute("UPDATE audit SET new = ? WHERE seq = ?", [new.replace('"amount_requested_pence":', '"amount_'
                                                                        'requested_pence":1'), seq])
    conn.close()
    report = check_file(world.path)
    assert not report.ok and "trigger audit_old_events_cut_once is missing" in report.lines[0]
    assert "no longer read as it recorded them" in report.lines[1]


def test_values_removed_by_hand_are_not_taken_for_an_erasure(tmp_path):
    world = build(tmp_path, monitoring=False)
    conn = sqlite3.connect(world.path, isolation_level=None)
    seq = conn.execute("SELECT min(seq) FROM audit WHERE entity = 'narratives' AND new_private IS NOT NULL "
                       "AND seq < (SELECT max(seq) FROM audit WHERE entity = 'narratives')").fetchone()[0]
    conn.execute("UPDATE audit SET new_private = NULL WHERE seq = ?", [seq])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET new_private = 'x' WHERE seq = ?", [seq])
    conn.close()
    report = check_file(world.path)
    assert not report.ok and f"audit event #{seq}" in report.lines[0] and "no erasure took out" in report.lines[0]


def _application(round_id: str, n: int) -> Application:
    return Application(
        round_id=round_id, reference=f"HYP-{n:03d}", organisation=Organisation(name=f"Applicant body {n}",
                                                                              postcode="B19 1AA"),
        title=f"Project {n}", amount_requested=Decimal(1000 + n), summary=f"Summary by contact {n}",
        narrative=[NarrativeAnswer(question="Who runs it?", text=f"Run by Contact person {n:03d}, 0121 496 0{n:03d}")],
        offers=[Offer(description=f"Sessions led by Contact person {n:03d}", quantity=n, unit="sessions")],
        extra={"Contact name": f"Contact person {n:03d}"})


_STEPS = st.lists(st.one_of(st.tuples(st.just("erase"), st.integers(0, 5)),
                            st.tuples(st.just("score"), st.integers(0, 5)),
                            st.tuples(st.just("add"), st.integers(0, 5))), min_size=1, max_size=8)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_STEPS)
def test_random_erasures_with_edits_between_keep_the_chain_verifiable(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("random") / "random.svdb"
    with Store.open(path, actor="Panel chair", create=True) as store:
        round_ = store.rounds.create(name="Random", rubric_yaml=TINY_RUBRIC, status="scoring")
        store.applications.add([_application(round_.id, n) for n in range(3)])
        person = store.assessors.add(round_, name="Grants officer A")
        criterion = store.rounds.rubric(round_).criteria[0]
        added, erased = 3, set()
        for kind, pick in steps:
            references = sorted(a.reference for a in store.applications.for_round(round_))
            reference = references[pick % len(references)]
            if kind == "erase" and reference not in erased:
                store.erasures.erase(round_, [reference])
                erased.add(reference)
            elif kind == "score":
                app = store.applications.get(round_, reference)
                store.assessments.set_score(round_, person, app.id, criterion.id, score=pick % 3,
                                            comment=f"Edit {pick}")
            elif kind == "add":
                store.applications.add([_application(round_.id, added)])
                added += 1
            assert verify(store.database) is None, steps
        dump = "\n".join(store.database.conn.iterdump())
        for reference in erased:
            n = int(reference[-3:])
            assert f"Contact person {n:03d}" not in dump and f"Applicant body {n}\"" not in dump
    assert check_file(path).ok
