"""Opening .svdb files: the pragmas that keep work safe, migrations, and refusals that change nothing."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from svassessor.errors import FileProblem
from svassessor.storage.database import open_database
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


def test_file_of_previous_version_is_migrated_with_its_data(svdb):
    database = open_database(svdb, create=True)
    database.close()
    # Rebuild the file as the previous version made it, with a round in it.
    svdb.unlink()
    conn = sqlite3.connect(svdb, isolation_level=None)
    conn.execute("PRAGMA application_id = 1398161747")
    import sqlite_utils

    migrate(sqlite_utils.Database(conn), target=SCHEMA_VERSION - 1)
    conn.close()
    with Store.open(svdb, actor="test") as store:
        store.rounds.create(name="Old round", rubric_yaml=TINY_RUBRIC)
    # Step the version back and drop what the last migration made, as an older build would have left it.
    conn = sqlite3.connect(svdb, isolation_level=None)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'").fetchall():
        conn.execute(f"DROP INDEX {name}")
    conn.execute("DELETE FROM schema_migrations WHERE name = ?", [MIGRATIONS[-1][0]])
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()

    with Store.open(svdb, actor="test") as store:
        assert store.database.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r.name for r in store.rounds.list()] == ["Old round"]
        indexes = {r[0] for r in store.database.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert "idx_applications_round" in indexes


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
