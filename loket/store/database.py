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

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from loket.paths import database_path
from loket.sql.sqlite import sqlite_engine, sqlite_reader
from loket.store.errors import (
    CannotOpen,
    CorruptDatabase,
    DatabaseTooNew,
    MigrationFailed,
    NotADatabase,
    StoreError,
    cannot_open,
    known_os_error,
    read_only_filesystem,
    translate_errors,
)

# The errors used to live here; importers keep their names.
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
    "make_engine",
    "prepare_data_dir",
    "translate_errors",
]

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000


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
    # Read-only: a read-write connection's close would checkpoint a left-over WAL into
    # a file that may be damaged or not ours.
    probe = contextlib.closing(sqlite3.connect(readonly_uri(path), uri=True))
    with translate_errors(path), probe as conn:
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


def readonly_uri(path: Path) -> str:
    """The SQLite URI that reads ``path`` without writing anything.

    ``mode=ro`` still needs the -shm file beside a WAL database, which a read-only file
    system (a write-protected USB disk, a read-only mount) cannot hold. There nobody can
    write, so when no WAL content waits to be read, ``immutable=1`` reads the file alone.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    wal = Path(str(path) + "-wal")
    if read_only_filesystem(path.parent) and (not wal.exists() or wal.stat().st_size == 0):
        uri += "&immutable=1"
    return uri


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

    @contextlib.contextmanager
    def raw_write(self) -> Iterator[sqlite3.Connection]:
        """``write()`` for the queue's hot path: the same transaction, on the driver.

        Why: a Session costs ~0.2 ms a transaction, more than the fsync it waits for;
        the queue's compiled statements (``loket.store.queue_sql``) need only the
        connection. Inside ``unit()`` it is a savepoint of the unit's session, as
        ``write()`` is, and that session forgets what it had loaded afterwards.
        """
        if self.readonly:
            raise RuntimeError(f"write on the read-only database {self.path}")
        if self._unit() is not None:
            with self.write() as session:
                yield driver_connection(session)
            session.expire_all()
            return
        with self._raw("BEGIN IMMEDIATE", commit=True) as conn:
            yield conn

    @contextlib.contextmanager
    def raw_read(self) -> Iterator[sqlite3.Connection]:
        """``read()`` on the driver connection: one snapshot, for the queue's reads."""
        unit = self._unit()
        if unit is not None and unit.session is not None:
            with translate_errors(self.path):
                yield driver_connection(unit.session)
            return
        with self._raw("BEGIN", commit=False) as conn:
            yield conn

    @contextlib.contextmanager
    def _raw(self, begin: str, *, commit: bool) -> Iterator[sqlite3.Connection]:
        with translate_errors(self.path):
            pooled = self.engine.raw_connection()
            conn = pooled.driver_connection
            assert isinstance(conn, sqlite3.Connection)
            try:
                conn.execute(begin)
                yield conn
                if commit:
                    conn.execute("COMMIT")
            finally:
                if conn.in_transaction:  # an error, or a read: nothing to keep
                    conn.execute("ROLLBACK")
                pooled.close()

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


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session's transaction (flushed first)."""
    session.flush()
    conn = session.connection().connection.driver_connection
    assert isinstance(conn, sqlite3.Connection)
    return conn
