"""The server's database: URL handling, engines for SQLite and PostgreSQL, transactions.

SQLite (the default, for a small city or a trial) gets the desk's treatment: WAL, a busy
timeout and ``BEGIN IMMEDIATE`` for writes, because uvicorn runs requests on a thread
pool and two pushes must queue for the lock instead of failing on an upgrade deadlock.
PostgreSQL gets a pool with pre-ping; per-desk ordering comes from ``SELECT ... FOR
UPDATE`` on the desk row in the ingest transaction.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from loket.sql.sqlite import sqlite_engine

ENV_SERVER_DB = "LOKET_SERVER_DB"
SERVER_APP_NAME = "loket-server"
SQLITE_BUSY_MS = 30_000


def default_db_url() -> str:
    """``LOKET_SERVER_DB``, else ``server.db`` in the server's per-user data folder."""
    env = os.environ.get(ENV_SERVER_DB)
    if env:
        return env
    folder = Path(platformdirs.user_data_dir(SERVER_APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'server.db'}"


def normalize_url(url: str) -> str:
    """Plain ``postgresql://`` URLs use psycopg 3 (the only PostgreSQL driver we ship)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (``None`` for PostgreSQL or an in-memory database)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        path = make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # WAL + NORMAL: durable across app crashes (the desks resend what was not acked)
        return sqlite_engine(url, busy_ms=SQLITE_BUSY_MS, synchronous="NORMAL", pool_size=8)
    return create_engine(url, pool_size=10, max_overflow=30, pool_pre_ping=True)


@dataclass
class ServerDatabase:
    """Sessions over the server's engine: ``read()`` for lookups, ``write()`` for changes."""

    engine: Engine
    _read: sessionmaker[Session] = field(init=False, repr=False)
    _write: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        writer = (
            self.engine.execution_options(sqlite_begin="IMMEDIATE")
            if is_sqlite(self.engine)
            else self.engine
        )
        self._write = sessionmaker(writer, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> ServerDatabase:
        engine = make_engine(url)
        if migrate:
            from loket.server.migrate import upgrade

            upgrade(engine)
        return cls(engine)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction; commits on success, rolls back on any exception."""
        with self._write() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
