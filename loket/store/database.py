"""Opening the desk database: durable SQLite settings, write locks, errors sorted.

Why these settings: WAL lets the public display read while a counter writes;
``synchronous=FULL`` means a printed number survives a power cut; every write starts
with ``BEGIN IMMEDIATE`` so two counters (or two processes) never both read the same
"next" ticket before one of them writes.
"""

from __future__ import annotations

import contextlib
import contextvars
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from loket.core.errors import LoketError
from loket.paths import database_path

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000
T = TypeVar("T")


class StoreError(LoketError):
    """A problem with the database file a user or IT must act on."""

    code = "store_error"


class NotADatabase(StoreError):
    code = "not_a_database"


class CorruptDatabase(StoreError):
    code = "corrupt_database"


class DatabaseTooNew(StoreError):
    code = "database_too_new"


class MigrationFailed(StoreError):
    code = "migration_failed"


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite or Alembic touch it."""
    if not path.exists():
        return
    if path.is_dir():
        raise NotADatabase(f"{path} adalah folder, bukan berkas basis data.", path=str(path))
    with path.open("rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    # An empty file holds nothing to lose: SQLite treats it as a new database (a
    # process that died right after creating it leaves one).
    if head and head != SQLITE_HEADER:
        raise NotADatabase(
            f"Berkas {path} bukan basis data SQLite Loket. Berkas tidak diubah; "
            "pulihkan dari cadangan atau pindahkan berkas itu lalu buka lagi.",
            path=str(path),
        )


def check_owner(path: Path) -> None:
    """Refuse an SQLite database that belongs to another program.

    Must run before our first connection: setting WAL rewrites the file's header.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    with translate_errors(path), contextlib.closing(sqlite3.connect(path)) as conn:
        tables = {
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    if tables and "alembic_version" not in tables:
        raise NotADatabase(
            f"Berkas {path} adalah basis data SQLite program lain, bukan milik Loket. "
            "Berkas tidak diubah; pilih folder data lain.",
            path=str(path),
        )


def _with_lock_retry(action: Callable[[], T]) -> T:
    """Retry ``action`` while another process holds the file's lock.

    Switching a brand-new file to WAL is not covered by SQLite's busy handler: two
    processes creating one data dir at once would see "database is locked".
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself (pysqlite's own is too late/lax).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = _with_lock_retry(lambda: cur.execute("PRAGMA journal_mode = WAL").fetchone())
    if mode is None or str(mode[0]).lower() != "wal":  # pragma: no cover - odd file systems
        raise StoreError("Basis data tidak dapat memakai mode WAL di folder ini.")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Unit:
    """One write transaction that every ``db.write()`` of a block joins (see ``Database.unit``).

    The transaction opens lazily, at the block's first write, and ``on_open`` runs first
    in it (under the write lock). Nothing is committed until ``commit``: leaving the block
    without it rolls everything back.
    """

    def __init__(self, db: Database, on_open: Callable[[Session], None] | None) -> None:
        self.db = db
        self.session: Session | None = None
        self._on_open = on_open

    def _open(self) -> Session:
        if self.session is None:
            session = self.db._write()
            session.begin()
            self.session = session
            if self._on_open is not None:
                self._on_open(session)
        return self.session

    def commit(self) -> None:
        if self.session is not None:
            with translate_errors(self.db.path):
                self.session.commit()


_UNIT: contextvars.ContextVar[Unit | None] = contextvars.ContextVar("loket_unit", default=None)


@dataclass
class Database:
    """An open desk database. Reads see a consistent snapshot; writes hold the lock."""

    path: Path
    engine: Engine
    _read: sessionmaker[Session] = field(init=False, repr=False)
    _write: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._write = sessionmaker(writer, expire_on_commit=False)

    def _unit(self) -> Unit | None:
        unit = _UNIT.get()
        return unit if unit is not None and unit.db is self else None

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        unit = self._unit()
        if unit is not None and unit.session is not None:
            # Inside a unit that wrote already: read its own uncommitted writes.
            with translate_errors(self.path):
                yield unit.session
            return
        with translate_errors(self.path), self._read() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction under the database write lock; commits on success.

        Inside ``unit()`` it is a savepoint of the unit's transaction instead: a refusal
        rolls back its own part, and nothing is committed before the unit is.
        """
        unit = self._unit()
        if unit is not None:
            with translate_errors(self.path):
                session = unit._open()
                with session.begin_nested():
                    yield session
            return
        with translate_errors(self.path), self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def unit(self, on_open: Callable[[Session], None] | None = None) -> Iterator[Unit]:
        """Make every write of this block (in this thread) one transaction.

        Why: the office hub records a LAN request's id in the same transaction as the
        change it made, whichever use cases the request ran, so a crash between commit
        and answer can never make a retried request act twice.
        """
        unit = Unit(self, on_open)
        token = _UNIT.set(unit)
        try:
            yield unit
        finally:
            _UNIT.reset(token)
            if unit.session is not None:
                unit.session.close()  # rolls back whatever was not committed

    def raw_backup(self, dest: Path) -> None:
        """Consistent online copy through SQLite's backup API (readers and writers go on)."""
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(dest.suffix + ".part")
        with translate_errors(self.path), contextlib.closing(sqlite3.connect(tmp)) as target:
            raw = self.engine.raw_connection()
            try:
                source = raw.driver_connection
                assert isinstance(source, sqlite3.Connection)
                source.backup(target)
            finally:
                raw.close()
            # One self-contained file: no -wal/-shm beside each copy on a USB stick.
            target.execute("PRAGMA journal_mode = DELETE")
        tmp.replace(dest)

    def close(self) -> None:
        # SQLite's advice for long-lived files: let it gather the planner statistics
        # its queries showed a need for (cheap; without them a day query once chose a
        # full scan of a five-year file).
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
            conn.commit()
        self.engine.dispose()


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Sort SQLite's failures into ones a person can act on."""
    try:
        yield
    except (sqlite3.DatabaseError, SADatabaseError) as exc:
        text = str(exc).lower()
        if "malformed" in text or "not a database" in text or "file is encrypted" in text:
            raise CorruptDatabase(
                f"Basis data {path} rusak. Jalankan `loket db check` dan pulihkan dari cadangan.",
                path=str(path),
            ) from exc
        if "disk is full" in text or "database or disk is full" in text:
            raise StoreError(
                "Disk penuh: data terakhir tidak tersimpan. Kosongkan ruang disk lalu ulangi.",
                path=str(path),
            ) from exc
        if "readonly" in text or "unable to open" in text:
            raise StoreError(
                f"Basis data {path} tidak dapat ditulis. Periksa izin folder data.",
                path=str(path),
            ) from exc
        raise


def connect(data_dir: Path) -> Database:
    """Open (creating if needed) the database file without migrating it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = database_path(data_dir)
    check_header(path)
    check_owner(path)
    return Database(path, make_engine(path))


class DataVersion:
    """Tells whether anyone committed to the file since the last look.

    SQLite bumps ``PRAGMA data_version`` on a connection whenever *another* connection
    commits; with a read-only connection of its own, this object sees this process's
    writes and every other process's alike, for one cheap query per look.
    """

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._version = self._read()

    def _read(self) -> int:
        try:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return -1

    def changed(self) -> bool:
        version = self._read()
        if version != self._version:
            self._version = version
            return True
        return False

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()
