"""The hot path's transactions on bare sqlite3 connections (issue 14).

Why apart from ``database.py``: the Database owns the connections; this module only
runs one transaction on one of them and sorts its errors, as ``translate_errors`` does
for the ORM's units of work.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NoReturn, Protocol

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from loket.store.errors import known_sqlite_error


class Connections(Protocol):
    """What a raw transaction needs of the Database: its file and its spare connections."""

    path: Path

    def _take(self) -> sqlite3.Connection: ...

    def _give(self, conn: sqlite3.Connection) -> None: ...


def driver_connection(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under a session's transaction (flushed first)."""
    session.flush()
    conn = session.connection().connection.driver_connection
    assert isinstance(conn, sqlite3.Connection)
    return conn


class RawTx:
    """One transaction on a hot-path connection: BEGIN, then COMMIT or ROLLBACK.

    A class rather than a generator: the three nested context managers it replaces
    (pool checkout, error translation, begin/commit) cost ~40 µs per use case, a fifth
    of an ``issue`` (issue 14). SQLite errors come out as the store's known errors, as
    ``translate_errors`` gives them.
    """

    __slots__ = ("_begin", "_commit", "_conn", "_db")

    def __init__(self, db: Connections, begin: str, *, commit: bool) -> None:
        self._db = db
        self._begin = begin
        self._commit = commit
        self._conn: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        db = self._db
        try:
            conn = db._take()
        except (sqlite3.Error, DBAPIError) as exc:
            reraise(exc, db.path)
        try:
            conn.execute(self._begin)
        except (sqlite3.Error, DBAPIError) as exc:
            self._end(conn, ok=False)
            reraise(exc, db.path)
        self._conn = conn
        return conn

    def __exit__(self, kind: object, error: BaseException | None, _tb: object) -> None:
        conn, self._conn = self._conn, None
        assert conn is not None
        try:
            if error is None and self._commit:
                conn.execute("COMMIT")
        except (sqlite3.Error, DBAPIError) as exc:
            self._end(conn, ok=False)
            reraise(exc, self._db.path)
        self._end(conn, ok=error is None)
        if isinstance(error, sqlite3.Error | DBAPIError):
            known = known_sqlite_error(error, self._db.path)
            if known is not None:
                raise known from error

    def _end(self, conn: sqlite3.Connection, *, ok: bool) -> None:
        """Roll back whatever is left (an error, or a read), then keep the connection."""
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            conn.close()  # in no state to be used again
            if ok:
                raise
            return
        self._db._give(conn)


def reraise(exc: BaseException, path: Path) -> NoReturn:
    """Raise the store's known error for ``exc``, or ``exc`` itself (a bug stays a bug)."""
    known = known_sqlite_error(exc, path)
    if known is None:
        raise exc
    raise known from exc
