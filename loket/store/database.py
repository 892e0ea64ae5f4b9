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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from loket.paths import database_path
from loket.sql.sqlite import sqlite_engine, sqlite_reader
from loket.store.data_version import DataVersion
from loket.store.errors import (
    CannotOpen,
    CorruptDatabase,
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    StoreError,
    cannot_open,
    known_os_error,
    translate_errors,
)
from loket.store.file_checks import check_header, check_owner, readonly_uri
from loket.store.raw_tx import RawTx, driver_connection

# The errors and the data-version probe used to live here; importers keep their names.
__all__ = [
    "CannotOpen",
    "CorruptDatabase",
    "DataVersion",
    "Database",
    "DatabaseTooNew",
    "MigrationFailed",
    "NotADatabase",
    "StoreError",
    "connect",
    "driver_connection",
    "make_engine",
    "prepare_data_dir",
    "translate_errors",
]

BUSY_TIMEOUT_MS = 15_000
#: Idle hot-path connections kept (one per thread writing or reading at once is enough).
SPARE_CONNECTIONS = 4


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """An engine on ``path``; ``readonly`` opens it with SQLite's ``mode=ro``.

    A read-only connection never checkpoints the WAL into the file, never runs
    ``PRAGMA optimize`` and cannot write by mistake: the way to read a file that may be
    damaged (or that another program is writing) without changing a byte of it.
    Writers use ``synchronous = FULL``: a ticket handed out survives a power cut.
    """
    if readonly:
        return sqlite_reader(readonly_uri(path), busy_ms=BUSY_TIMEOUT_MS, pool_size=4)
    return sqlite_engine(
        f"sqlite:///{path}",
        busy_ms=BUSY_TIMEOUT_MS,
        synchronous="FULL",
        pool_size=4,
        no_wal=lambda: StoreError("Basis data tidak dapat memakai mode WAL di folder ini."),
    )


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
    #: Opened with ``mode=ro``: ``write`` is a bug, ``close`` leaves the file alone.
    readonly: bool = False
    _read: sessionmaker[Session] = field(init=False, repr=False)
    _write: sessionmaker[Session] = field(init=False, repr=False)
    #: Idle driver connections of the hot path (``raw_write``/``raw_read``): taking one
    #: from this list costs ~1 µs against ~20 µs through the pool (issue 14).
    _spare: list[sqlite3.Connection] = field(init=False, repr=False, default_factory=list)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._write = sessionmaker(writer, expire_on_commit=False)
        # A restore disposes the engine before it replaces the file: no connection of
        # ours may stay open on the old one.
        event.listen(self.engine, "engine_disposed", lambda _engine: self._drop_spares())

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
        if self.readonly:
            raise RuntimeError(f"write on the read-only database {self.path}")
        unit = self._unit()
        if unit is not None:
            with translate_errors(self.path):
                session = unit._open()
                with session.begin_nested():
                    yield session
            return
        with translate_errors(self.path), self._write() as session, session.begin():
            yield session

    def raw_write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """``write()`` for the queue's hot path: the same transaction, on the driver.

        Why: a Session costs ~0.2 ms a transaction, more than the fsync it waits for;
        the queue's compiled statements (``loket.store.queue_sql``) need only the
        connection. Inside ``unit()`` it is a savepoint of the unit's session, as
        ``write()`` is, and that session forgets what it had loaded afterwards.
        """
        if self.readonly:
            raise RuntimeError(f"write on the read-only database {self.path}")
        if self._unit() is not None:
            return self._unit_raw_write()
        return RawTx(self, "BEGIN IMMEDIATE", commit=True)

    @contextlib.contextmanager
    def _unit_raw_write(self) -> Iterator[sqlite3.Connection]:
        with self.write() as session:
            yield driver_connection(session)
        session.expire_all()

    def raw_read(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """``read()`` on the driver connection: one snapshot, for the queue's reads."""
        unit = self._unit()
        if unit is not None and unit.session is not None:
            return self._unit_raw_read(unit.session)
        return RawTx(self, "BEGIN", commit=False)

    @contextlib.contextmanager
    def _unit_raw_read(self, session: Session) -> Iterator[sqlite3.Connection]:
        with translate_errors(self.path):
            yield driver_connection(session)

    def _take(self) -> sqlite3.Connection:
        """A driver connection of the hot path (made by the engine, with its pragmas)."""
        try:
            return self._spare.pop()
        except IndexError:
            pooled = self.engine.raw_connection()
            conn = pooled.driver_connection
            assert isinstance(conn, sqlite3.Connection)
            pooled.detach()  # ours now: closed by ``_drop_spares``
            return conn

    def _give(self, conn: sqlite3.Connection) -> None:
        if len(self._spare) < SPARE_CONNECTIONS:
            self._spare.append(conn)
        else:
            conn.close()

    def _drop_spares(self) -> None:
        """Close the hot path's idle connections (on ``close`` and the engine's dispose)."""
        while self._spare:
            with contextlib.suppress(IndexError, sqlite3.Error):
                self._spare.pop().close()

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
        """Consistent online copy through SQLite's backup API (readers and writers go on).

        A failure leaves no partial copy; a fault of the target (full, read-only) names
        the target, not this database.
        """
        tmp = dest.with_suffix(dest.suffix + ".part")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise (known_os_error(exc, dest.parent) or exc) from exc
        try:
            self._backup_to(tmp)
            tmp.replace(dest)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise

    def _backup_to(self, tmp: Path) -> None:
        with translate_errors(tmp):
            target = sqlite3.connect(tmp)
        with contextlib.closing(target):
            raw = self.engine.raw_connection()
            try:
                source = raw.driver_connection
                assert isinstance(source, sqlite3.Connection)
                try:
                    source.backup(target)
                except sqlite3.Error as exc:
                    # The source reads fine unless it is damaged; otherwise the target failed.
                    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
                    where = self.path if code in (sqlite3.SQLITE_CORRUPT,
                                                  sqlite3.SQLITE_NOTADB) else tmp  # fmt: skip
                    with translate_errors(where):
                        raise
            finally:
                raw.close()
            # One self-contained file: no -wal/-shm beside each copy on a USB stick.
            with translate_errors(tmp):
                target.execute("PRAGMA journal_mode = DELETE")

    def close(self) -> None:
        self._drop_spares()
        if self.readonly:
            self.engine.dispose()
            return
        # SQLite's advice for long-lived files: let it gather the planner statistics
        # its queries showed a need for (cheap; without them a day query once chose a
        # full scan of a five-year file).
        with contextlib.suppress(Exception), self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize")
            conn.commit()
        self.engine.dispose()


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data folder, or say clearly why it cannot be one."""
    if data_dir.exists() and not data_dir.is_dir():
        raise CannotOpen(
            f"{data_dir} adalah berkas, bukan folder. --data-dir (atau LOKET_DATA_DIR) harus "
            "menunjuk ke folder; Loket membuatnya bila belum ada.",
            path=str(data_dir),
        )
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise (known_os_error(exc, data_dir) or cannot_open(data_dir)) from exc


def connect(data_dir: Path, *, readonly: bool = False) -> Database:
    """Open (creating if needed) the database file without migrating it.

    ``readonly`` opens an existing file with ``mode=ro`` and creates nothing.
    """
    path = database_path(data_dir)
    if readonly:
        if data_dir.exists() and not data_dir.is_dir():
            prepare_data_dir(data_dir)  # raises the "a file, not a folder" message
        if not path.is_file():
            check_header(path)  # a folder at the path: say so
            raise CannotOpen(f"Belum ada basis data di {data_dir}.", path=str(path))
    else:
        prepare_data_dir(data_dir)
    check_header(path)
    check_owner(path)
    return Database(path, make_engine(path, readonly=readonly), readonly=readonly)
