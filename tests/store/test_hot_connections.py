"""The queue's hot-path connections: kept between use cases, never past the database."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from loket.store.database import Database
from loket.store.errors import StoreError

from ..conftest import Office


def _open_on(path: Path) -> int:
    """How many of this process's file descriptors are open on ``path`` (or its WAL)."""
    names = {str(path), str(path) + "-wal"}
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        count += target in names
    return count


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_close_and_dispose_close_the_hot_connections(office: Office) -> None:
    db: Database = office.db
    office.desk.issue(office.services["A"])
    with db.raw_read() as conn:
        assert conn.execute("SELECT count(*) FROM tickets").fetchone() == (1,)
    assert _open_on(db.path) > 0
    # A restore disposes the engine before it replaces the file: nothing stays open on it.
    db.engine.dispose()
    assert _open_on(db.path) == 0
    office.desk.issue(office.services["A"])
    db.close()
    assert _open_on(db.path) == 0


def test_a_failed_write_rolls_back_and_the_connection_serves_again(office: Office) -> None:
    db = office.db
    with pytest.raises(ZeroDivisionError), db.raw_write() as conn:
        conn.execute("DELETE FROM tickets")
        raise ZeroDivisionError
    with db.raw_write() as conn:
        assert not conn.execute("SELECT 1 FROM tickets LIMIT 1").fetchall()
        assert conn.in_transaction
    assert office.desk.issue(office.services["A"]).ticket.number == 1


def test_an_sqlite_error_comes_out_as_the_stores_error(office: Office) -> None:
    db = office.db
    with pytest.raises(StoreError) as raised, db.raw_write() as conn:
        conn.execute("PRAGMA query_only = 1")
        try:
            conn.execute("DELETE FROM tickets")  # SQLite refuses: read-only
        finally:
            conn.execute("PRAGMA query_only = 0")
    assert isinstance(raised.value.__cause__, sqlite3.Error)
    with pytest.raises(sqlite3.OperationalError), db.raw_read() as conn:
        conn.execute("SELECT * FROM no_such_table")  # a bug stays the driver's error
    assert office.desk.issue(office.services["A"]).ticket.number == 1
