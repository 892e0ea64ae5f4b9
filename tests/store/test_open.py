"""Opening a data dir: new, reopened, not SQLite, corrupted, too new; and the write lock."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.paths import backups_dir, database_path
from loket.store import health
from loket.store.database import (
    BUSY_TIMEOUT_MS,
    CorruptDatabase,
    DatabaseTooNew,
    NotADatabase,
    connect,
)
from loket.store.migrate import (
    UpgradeResult,
    current_revision,
    head_revision,
    open_database,
    upgrade,
)

from .helpers import MakeFilled, OpenDb, RunLoket, sibling_names, ticket_count

PAGE = 4096  # SQLite's default page size, which loket keeps


def _pragmas(dbapi_conn: sqlite3.Connection) -> dict[str, object]:
    return {
        name: dbapi_conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
    }


EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
}


# -- a new data dir ---------------------------------------------------------------------


def test_new_data_dir_gets_a_database_at_head(data_dir: Path, opened: OpenDb) -> None:
    assert not data_dir.exists()
    db = opened(data_dir)
    assert db.path == database_path(data_dir)
    assert db.path.is_file()
    assert current_revision(db) == head_revision()
    assert health.check(db).ok
    # A new database has nothing to lose: no pre-upgrade copy is made.
    assert not backups_dir(data_dir).exists()


def test_every_pooled_connection_is_durable(data_dir: Path, opened: OpenDb) -> None:
    db = opened(data_dir)
    with contextlib.ExitStack() as stack:
        # Hold several connections at once so the pool must hand out distinct ones.
        conns = [stack.enter_context(db.engine.connect()) for _ in range(4)]
        drivers = [c.connection.driver_connection for c in conns]
        assert len({id(d) for d in drivers}) == 4
        for driver in drivers:
            assert isinstance(driver, sqlite3.Connection)
            assert _pragmas(driver) == EXPECTED_PRAGMAS
    # The sessions the desk uses get the same settings.
    for session_factory in (db.read, db.write):
        with session_factory() as s:
            driver = s.connection().connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            assert _pragmas(driver) == EXPECTED_PRAGMAS


def test_wal_mode_is_stored_in_the_file(data_dir: Path, opened: OpenDb) -> None:
    db = opened(data_dir)
    db.close()
    header = db.path.read_bytes()[:100]
    # Bytes 18 and 19 (file format write/read version) are 2 for WAL.
    assert header[18:20] == b"\x02\x02"
    with contextlib.closing(sqlite3.connect(db.path)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_empty_file_is_treated_as_a_new_database(data_dir: Path, opened: OpenDb) -> None:
    # A process that died right after creating the file leaves a zero-byte loket.db.
    data_dir.mkdir()
    database_path(data_dir).touch()
    db = opened(data_dir)
    assert current_revision(db) == head_revision()


def test_reopening_is_a_no_op(data_dir: Path, make_filled: MakeFilled, opened: OpenDb) -> None:
    make_filled(data_dir, tickets=12)
    path = database_path(data_dir)
    before = path.read_bytes()

    db = connect(data_dir)
    try:
        result = upgrade(db)
        assert result == UpgradeResult(head_revision(), head_revision(), None)
        assert ticket_count(db) == 12
    finally:
        db.close()

    db = opened(data_dir)
    assert ticket_count(db) == 12
    db.close()

    assert path.read_bytes() == before
    assert sibling_names(path) == ["loket.db"]  # no backup, no leftover -wal/-shm


# -- files that are not (usable) loket databases ----------------------------------------

NOT_SQLITE = {
    "text": b"Daftar antrian 23-11\nA-001 Budi\nA-002 Siti\n",
    "random_bytes": random.Random(1945).randbytes(3 * PAGE),
    "short_prefix": b"SQLite",
    "png": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "older_sqlite_2": b"** This file contains an SQLite 2.1 database **\x00" + bytes(500),
}


@pytest.mark.parametrize("content", NOT_SQLITE.values(), ids=NOT_SQLITE.keys())
def test_a_non_sqlite_file_is_refused_and_left_alone(data_dir: Path, content: bytes) -> None:
    data_dir.mkdir()
    path = database_path(data_dir)
    path.write_bytes(content)

    with pytest.raises(NotADatabase) as info:
        connect(data_dir)
    with pytest.raises(NotADatabase):
        open_database(data_dir)

    err = info.value
    assert err.code == "not_a_database"
    assert str(path) in err.message
    assert "bukan basis data SQLite" in err.message
    assert err.params["path"] == str(path)
    assert path.read_bytes() == content
    assert sibling_names(path) == ["loket.db"]


def test_a_folder_at_the_database_path_is_refused(data_dir: Path) -> None:
    path = database_path(data_dir)
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("x")
    with pytest.raises(NotADatabase, match="folder"):
        connect(data_dir)
    assert [p.name for p in path.iterdir()] == ["keep.txt"]


def test_an_sqlite_database_of_another_program_is_not_taken_over(
    data_dir: Path, opened: OpenDb
) -> None:
    """A valid SQLite file without Loket's tables is someone else's data, not a new desk.

    ``upgrade`` treats "no alembic_version" as "new database" and creates Loket's tables
    inside it (and switches it to WAL); it should refuse it like a non-SQLite file.
    """
    data_dir.mkdir()
    path = database_path(data_dir)
    with contextlib.closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
        other.execute("INSERT INTO photos (name) VALUES ('kantor.jpg')")
        other.commit()
    content = path.read_bytes()

    with pytest.raises(NotADatabase):
        opened(data_dir)
    assert path.read_bytes() == content


def _corrupt_middle_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    pages = len(data) // PAGE
    assert pages >= 8, "the fixture database should span several pages"
    first = pages // 2
    data[first * PAGE : (first + 2) * PAGE] = random.Random(17).randbytes(2 * PAGE)
    path.write_bytes(bytes(data))


def _corrupt_schema_page(path: Path) -> None:
    # Keep the 100-byte file header (so it still looks like SQLite), wreck the rest of page 1.
    data = bytearray(path.read_bytes())
    data[100:PAGE] = random.Random(18).randbytes(PAGE - 100)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("corrupt", [_corrupt_middle_pages, _corrupt_schema_page])
def test_a_corrupted_database_is_reported_and_never_replaced(
    data_dir: Path, make_filled: MakeFilled, run_loket: RunLoket, corrupt: Callable[[Path], None]
) -> None:
    make_filled(data_dir, tickets=200)
    path = database_path(data_dir)
    corrupt(path)
    damaged = path.read_bytes()

    try:
        db = open_database(data_dir)
    except CorruptDatabase as exc:
        assert exc.code == "corrupt_database"
        assert str(path) in exc.message
    else:
        # The damage is away from the schema: opening works, the check must not pass.
        try:
            try:
                report = health.check(db)
            except CorruptDatabase:
                pass
            else:
                assert not report.ok, "health.check passed a corrupted database"
        finally:
            db.close()

    result = run_loket("db", "check", "--data-dir", data_dir)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "OK:" not in result.stdout
    assert result.stdout.strip() or result.stderr.strip()

    assert path.read_bytes() == damaged
    # No backup and no new database; a read-only look may leave SQLite's empty side files.
    assert set(sibling_names(path)) <= {"loket.db", "loket.db-wal", "loket.db-shm"}
    wal = path.with_name("loket.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_database_from_a_newer_loket_is_refused_and_left_alone(
    data_dir: Path, make_filled: MakeFilled
) -> None:
    make_filled(data_dir, tickets=5)
    path = database_path(data_dir)
    with contextlib.closing(sqlite3.connect(path)) as plain:
        plain.execute("UPDATE alembic_version SET version_num = '9999'")
        plain.commit()
    content = path.read_bytes()

    with pytest.raises(DatabaseTooNew) as info:
        open_database(data_dir)
    assert info.value.code == "database_too_new"
    assert info.value.params["revision"] == "9999"
    assert "9999" in info.value.message

    db = connect(data_dir)
    try:
        with pytest.raises(DatabaseTooNew):
            upgrade(db)
        report = health.check(db)
        assert report.revision == "9999"
        assert not report.ok
    finally:
        db.close()

    assert path.read_bytes() == content
    assert sibling_names(path) == ["loket.db"]  # in particular no backups/ folder


# -- the write lock ---------------------------------------------------------------------


def _try_begin_immediate(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path, timeout=0.05, isolation_level=None)) as other:
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            return str(exc)
        other.execute("ROLLBACK")
        return "ok"


def test_writes_take_the_lock_up_front(data_dir: Path, opened: OpenDb) -> None:
    db = opened(data_dir)
    with db.write() as s:
        # Only a read so far: a DEFERRED transaction would not hold the write lock yet.
        s.execute(text("SELECT count(*) FROM tickets")).scalar_one()
        assert _try_begin_immediate(db.path) == "database is locked"
    assert _try_begin_immediate(db.path) == "ok"


def test_reads_do_not_block_writers(data_dir: Path, opened: OpenDb) -> None:
    db = opened(data_dir)
    ensure_demo_office(db, counters=2)
    desk = Desk(db)
    desk.issue(1)
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM tickets")).scalar_one() == 1
        assert _try_begin_immediate(db.path) == "ok"
        # A writer in the same process goes on while the read snapshot is open.
        desk.issue(1)
        assert s.execute(text("SELECT count(*) FROM tickets")).scalar_one() == 1
    assert ticket_count(db) == 2
