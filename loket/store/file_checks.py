"""Checks on the database file before SQLite or Alembic touch it.

Why apart from ``database.py``: they read the file's bytes and its tables through a
read-only connection of their own, so that a file that is not ours, or not SQLite at
all, is refused with a clear message and left exactly as it was.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from loket.store.errors import NotADatabase, read_only_filesystem, translate_errors

SQLITE_HEADER = b"SQLite format 3\x00"


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
