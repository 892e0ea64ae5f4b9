"""The one SQLite engine set-up, for the desk's file and the city server's.

Every connection: WAL (readers never wait for the writer), a busy timeout, foreign keys
on, and BEGIN emitted by SQLAlchemy's "begin" hook (pysqlite's own is too late and too
lax), in the mode the ``sqlite_begin`` execution option names (``IMMEDIATE`` for
writers, so two writers queue at BEGIN instead of failing at their first write). Each
database chooses its durability: the desk ``FULL`` (a ticket survives a power cut), the
server ``NORMAL`` (WAL + NORMAL survive an app crash; the desks resend the rest).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import QueuePool


def with_lock_retry(action: Callable[[], Any], busy_ms: int) -> Any:
    """Retry ``action`` while another process holds the file's lock.

    Switching a brand-new file to WAL is not covered by SQLite's busy handler: two
    processes creating one file at once would see "database is locked".
    """
    deadline = time.monotonic() + busy_ms / 1000
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def sqlite_engine(
    url: str,
    *,
    busy_ms: int,
    synchronous: str,
    pool_size: int,
    no_wal: Callable[[], Exception] | None = None,
) -> Engine:
    """An engine that writes: WAL, ``synchronous``, foreign keys, BEGIN by the hook.

    ``no_wal``: the refusal to raise when the file cannot use WAL (odd file systems);
    None accepts it (an in-memory database has no WAL).
    """

    def on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the "begin" hook emits BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
        mode = with_lock_retry(lambda: cur.execute("PRAGMA journal_mode = WAL").fetchone(), busy_ms)
        if no_wal is not None and (mode is None or str(mode[0]).lower() != "wal"):
            raise no_wal()  # pragma: no cover - odd file systems
        cur.execute(f"PRAGMA synchronous = {synchronous}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    engine = create_engine(
        url,
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={"timeout": busy_ms / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def sqlite_reader(uri: str, *, busy_ms: int, pool_size: int) -> Engine:
    """An engine on ``uri`` (``mode=ro``) that cannot write at all.

    No journal-mode switch (a write), and SQLite itself refuses any write on top of the
    read-only open: a read leaves the file's bytes as they were.
    """

    def on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
        cur.execute("PRAGMA query_only = ON")
        cur.close()

    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=busy_ms / 1000, check_same_thread=False
        ),
        poolclass=QueuePool,
        pool_size=pool_size,
        max_overflow=pool_size,
    )
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
