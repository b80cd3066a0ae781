"""Opening .svdb files: the pragmas that keep work safe, migrations, and refusals that change nothing."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat

import pytest

from svassessor.errors import FileProblem
from svassessor.paths import rubrics_dir
from svassessor.storage.audit import verify
from svassessor.storage.database import open_database
from svassessor.storage.integrity import check_file
from svassessor.storage.migrations import MIGRATIONS, SCHEMA_VERSION, migrate
from svassessor.store import Store
from tests.conftest import TINY_RUBRIC


def test_new_file_is_wal_with_foreign_keys_and_full_sync(svdb):
    database = open_database(svdb, create=True)
    conn = database.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 1
    names = [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]
    assert names == [name for name, _ in MIGRATIONS]
    database.close()


OLD_FUNDERS = {  # round name → the single funder identifier the build before kept
    "Old round": None,
    "Prefix only": "360G-REAVALLEYCF",
    "An org-id": "GB-CHC-1000147",
    "A bare code": "ALWF/2",
}


_BEFORE_ORG_ID = [name for name, _ in MIGRATIONS].index("0004_funder_org_id")


def _file_of_previous_version(path) -> dict[str, str]:
    """Build `path` as the build before the funder's org-id made it (migrations up to 0003), rounds whose one
    funder identifier held what the old export made a prefix of, and a round with a document.

    The rows are written through the AuditWriter over the old schema, so the file also carries the
    audit events an older build would have recorded; returns the ids written.
    """
    import sqlite_utils

    from svassessor.storage.audit import AuditWriter
    from svassessor.storage.database import APPLICATION_ID, Database

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA foreign_keys = ON")
    assert migrate(sqlite_utils.Database(conn), target=_BEFORE_ORG_ID) == [n for n, _ in MIGRATIONS[:_BEFORE_ORG_ID]]
    ids = {"snapshot": "snap-1", "round": "round-1", "application": "app-1", "attachment": "att-1"}
    content = b"%PDF-1.4 old budget\n"
    conn.execute("BEGIN IMMEDIATE")
    audit = AuditWriter(Database(path, conn, readonly=False), "older build")
    audit.insert("rubric_snapshots", {"id": ids["snapshot"], "rubric_id": "tiny", "version": "1", "name": "Tiny",
                                      "yaml": TINY_RUBRIC, "sha256": hashlib.sha256(TINY_RUBRIC.encode()).hexdigest()})
    for number, (name, funder) in enumerate(OLD_FUNDERS.items(), start=1):
        audit.insert("rounds", {"id": f"round-{number}", "name": name, "status": "setup", "budget_pence": None,
                                "opens": None, "closes": None, "rubric_snapshot_id": ids["snapshot"],
                                "sv_weight": None, "funder_name": funder and "A funder", "funder_identifier": funder,
                                "created_at": f"2025-01-0{number}T00:00:00.000000Z"})
    audit.insert("applications", {"id": ids["application"], "round_id": ids["round"], "reference": "OLD-1",
                                  "org_name": "Old Org", "org_type": None, "org_registration": None,
                                  "org_postcode": None, "org_area": None, "title": "Old project",
                                  "amount_requested_pence": None, "price_pence": None, "summary": "", "received": None,
                                  "extra": "{}", "created_at": "2025-01-02T00:00:00.000000Z",
                                  "updated_at": "2025-01-02T00:00:00.000000Z"})
    audit.insert("attachments", {"id": ids["attachment"], "application_id": ids["application"],
                                 "filename": "budget.pdf", "media_type": "application/pdf", "size": len(content),
                                 "sha256": hashlib.sha256(content).hexdigest(), "content": content,
                                 "added_at": "2025-01-02T00:00:00.000000Z", "delivery_id": None})
    conn.execute("COMMIT")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == _BEFORE_ORG_ID
    conn.close()
    return ids


def test_file_of_previous_version_is_migrated_with_its_data(svdb):
    ids = _file_of_previous_version(svdb)
    with Store.open(svdb, actor="test") as store:
        conn = store.database.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r[0] for r in conn.execute("SELECT name FROM schema_migrations ORDER BY name")] == \
            [name for name, _ in MIGRATIONS]
        round_ = store.rounds.get("Old round")
        application = store.applications.get(round_, "OLD-1")
        assert [a.filename for a in application.attachments] == ["budget.pdf"]
        assert store.attachments.content(ids["attachment"]) == b"%PDF-1.4 old budget\n"
        # The older build's audit events still match their rows once the new column is there.
        assert verify(store.database) is None


def test_the_old_funder_identifier_is_split_into_an_org_id_and_a_prefix(svdb):
    """0004: what the old 360Giving export used as the prefix stays the prefix, so grant identifiers
    already published stay the same; a value that was an org-id becomes the org-id too."""
    _file_of_previous_version(svdb)
    with Store.open(svdb, actor="test") as store:
        split = {name: (store.rounds.get(name).funder_org_id, store.rounds.get(name).funder_identifier)
                 for name in OLD_FUNDERS}
        upgrades = [(e.entity_id, e.actor) for e in store.history.of("rounds", [f"round-{n}" for n in range(1, 5)])
                    if e.action == "update"]
        assert verify(store.database) is None
    assert split == {
        "Old round": (None, None),
        "Prefix only": (None, "360G-REAVALLEYCF"),
        "An org-id": ("GB-CHC-1000147", "360G-GB-CHC-1000147"),
        "A bare code": (None, "360G-ALWF-2"),  # not an org-id: left for the user to give
    }
    assert upgrades == [("round-3", "svassessor (file upgrade)"), ("round-4", "svassessor (file upgrade)")]


def _refused(path, match, **kwargs):
    before = path.read_bytes()
    with pytest.raises(FileProblem, match=match) as caught:
        open_database(path, **kwargs)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert not os.path.exists(f"{path}-wal")
    return str(caught.value)


def test_a_file_that_is_not_sqlite_is_refused_unchanged(tmp_path):
    path = tmp_path / "notes.svdb"
    path.write_text("These are my notes, not a database.\n" * 10)
    _refused(path, "not an SQLite database")


def test_a_truncated_file_is_refused_unchanged(svdb):
    with Store.open(svdb, actor="t", create=True) as store:
        store.rounds.create(name="R", rubric_yaml=TINY_RUBRIC)
    data = svdb.read_bytes()
    svdb.write_bytes(data[: len(data) // 2 + 100])
    _refused(svdb, "cut short")


def test_a_file_from_a_newer_version_is_refused_unchanged(svdb):
    open_database(svdb, create=True).close()
    conn = sqlite3.connect(svdb)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    message = _refused(svdb, "newer svassessor")
    assert "update svassessor" in message


def test_another_sqlite_database_is_refused_unchanged(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    _refused(path, "not an svassessor file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_a_read_only_file_is_refused_for_writing_but_readable(svdb):
    _read_only_case(svdb)


def test_a_read_only_file_is_refused_for_writing_but_readable_even_as_root(svdb, monkeypatch):
    import svassessor.storage.database as database_module

    monkeypatch.setattr(database_module.os, "access", lambda path, mode: mode != os.W_OK)
    _read_only_case(svdb)


def _read_only_case(svdb):
    with Store.open(svdb, actor="t", create=True) as store:
        store.rounds.create(name="R", rubric_yaml=TINY_RUBRIC)
    os.chmod(svdb, stat.S_IRUSR)
    try:
        before = svdb.read_bytes()
        with pytest.raises(FileProblem, match="read-only"):
            open_database(svdb)
        with Store.open(svdb, actor="t", readonly=True) as store:
            assert [r.name for r in store.rounds.list()] == ["R"]
            with pytest.raises(FileProblem, match="read-only"):
                store.rounds.create(name="S", rubric_yaml=TINY_RUBRIC)
        assert svdb.read_bytes() == before
    finally:
        os.chmod(svdb, stat.S_IRUSR | stat.S_IWUSR)


def test_a_missing_file_is_not_created_unless_asked(tmp_path):
    with pytest.raises(FileProblem, match="does not exist"):
        open_database(tmp_path / "missing.svdb")
    assert not (tmp_path / "missing.svdb").exists()


def test_a_file_whose_migrations_landed_in_another_order_gets_each_one_once(tmp_path):
    """A build in which 0009 landed before 0007 and 0008 made this file: opening it applies just those two."""
    path = tmp_path / "early.svdb"
    with Store.open(path, actor="test", create=True) as store:
        store.rounds.create(name="Spring grants", rubric_yaml=(rubrics_dir() / "small-grants.yaml").read_text())
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE screenings")
    for column in ("sme", "vcse"):
        conn.execute(f"ALTER TABLE applications DROP COLUMN {column}")
    for column in ("nation", "standstill_from"):
        conn.execute(f"ALTER TABLE rounds DROP COLUMN {column}")
    conn.execute("DELETE FROM schema_migrations WHERE name IN ('0007_screenings', '0008_suppliers_and_standstill')")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    with Store.open(path, actor="test") as store:
        names = [n for (n,) in store.database.conn.execute("SELECT name FROM schema_migrations ORDER BY applied_at")]
        assert sorted(names) == sorted(name for name, _ in MIGRATIONS)
        assert store.database.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.rounds.get().nation is None and store.screenings.ineligible_ids(store.rounds.get()) == set()
    assert check_file(path).ok


def test_an_empty_file_is_named_as_such_and_no_write_turns_it_into_a_database(tmp_path):
    path = tmp_path / "empty.svdb"
    path.write_bytes(b"")
    with pytest.raises(FileProblem, match=r"empty \(0 bytes\): it holds no svassessor data"):
        Store.open(path, actor="test")
    assert path.read_bytes() == b""


def test_a_damaged_file_is_one_sentence_that_says_restore_from_a_backup(tmp_path):
    path = tmp_path / "damaged.svdb"
    with Store.open(path, actor="test", create=True) as store:
        round_ = store.rounds.create(name="Spring grants", rubric_yaml=(rubrics_dir() / "small-grants.yaml").read_text())
        for n in range(60):
            store.assessors.add(round_, name=f"Grants officer {n:03d} " + "x" * 200)
    size = path.stat().st_size
    with path.open("r+b") as damaged:  # scribble over the middle of every other page after the first two
        for offset in range(8192 + 200, size - 1024, 8192):
            damaged.seek(offset)
            damaged.write(b"\xa5" * 600)
    report = check_file(path)
    assert not report.ok and len(report.lines) == 1
    assert "damaged" in report.lines[0]
    assert "Restore it from a backup (File > Restore from backup…, or svassessor backups damaged.svdb" in report.lines[0]


def test_a_dropped_or_planted_trigger_is_found_by_check_and_refused_for_writing(tmp_path):
    """The append-only log rests on triggers; one that zeroes a score after it is saved must not go unseen."""
    path = tmp_path / "tampered.svdb"
    with Store.open(path, actor="test", create=True) as store:
        store.rounds.create(name="Spring grants", rubric_yaml=(rubrics_dir() / "small-grants.yaml").read_text())
    assert check_file(path).ok
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("CREATE TRIGGER quietly_zero AFTER UPDATE ON scores BEGIN "
                 "UPDATE scores SET score = 0 WHERE id = NEW.id; END")
    conn.commit()
    conn.close()
    report = check_file(path)
    assert not report.ok and "trigger audit_no_delete is missing; trigger quietly_zero was added" in report.lines[0]
    with pytest.raises(FileProblem, match="were changed outside it .* so nothing is written to it"):
        Store.open(path, actor="test")
    with Store.open(path, actor="test", readonly=True) as store:  # still readable, to look at
        assert store.rounds.get().name == "Spring grants"
