"""Issue 10 item 12: SQLite's errors sorted by result code, from real SQLite failures."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from loket.store.errors import (
    CannotOpen,
    CorruptDatabase,
    DatabaseBusy,
    ReadOnlyLocation,
    StoreError,
    known_error,
    known_os_error,
    known_sqlite_error,
    translate_errors,
)


def raised(action: Callable[[], object]) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        action()
    return info.value


def test_a_lock_held_too_long_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("CREATE TABLE t(x)")
        holder.execute("BEGIN EXCLUSIVE")
        with closing(sqlite3.connect(path, timeout=0)) as other:
            error = raised(lambda: other.execute("INSERT INTO t VALUES (1)"))
    known = known_sqlite_error(error, path)
    assert isinstance(known, DatabaseBusy) and "dikunci program lain" in known.message


def test_writing_a_read_only_connection_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t(x)")
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as ro:
        error = raised(lambda: ro.execute("INSERT INTO t VALUES (1)"))
    assert isinstance(known_sqlite_error(error, path), ReadOnlyLocation)


def test_a_missing_folder_cannot_be_opened(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "a.db"
    error = raised(lambda: sqlite3.connect(path))
    known = known_sqlite_error(error, path)
    assert isinstance(known, CannotOpen) and str(path) in known.message


def test_damage_is_corrupt_and_points_to_restore(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t(x)")
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
        conn.commit()
    raw = bytearray(path.read_bytes())
    raw[4096 * 3 : 4096 * 5] = b"\xff" * 8192
    path.write_bytes(bytes(raw))
    with closing(sqlite3.connect(path)) as conn:
        error = raised(lambda: conn.execute("SELECT count(*), max(x) FROM t").fetchall())
    known = known_sqlite_error(error, path)
    assert isinstance(known, CorruptDatabase)
    assert "loket db restore" in known.message


def test_a_bug_stays_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t(x UNIQUE)")
        conn.execute("INSERT INTO t VALUES (1)")
        syntax = raised(lambda: conn.execute("SELEC 1"))
        constraint = raised(lambda: conn.execute("INSERT INTO t VALUES (1)"))
    assert known_sqlite_error(syntax, path) is None
    assert known_sqlite_error(constraint, path) is None
    with pytest.raises(sqlite3.OperationalError), translate_errors(path):
        raise syntax


def test_sqlalchemy_wrapped_errors_are_sorted_too(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    path = tmp_path / "a.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE t(x)")
    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with pytest.raises(ReadOnlyLocation), translate_errors(path), engine.begin() as c:
            c.execute(text("INSERT INTO t VALUES (1)"))
    finally:
        engine.dispose()


def test_os_errors_from_real_files(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as info:
        folder.open("w")
    assert "adalah folder" in known_os_error(info.value).message  # type: ignore[union-attr]
    a_file = tmp_path / "x.txt"
    a_file.write_text("")
    with pytest.raises(OSError) as info2:
        (a_file / "sub").mkdir()
    assert info2.value.errno in (errno.ENOTDIR, errno.ENOENT)
    assert isinstance(known_os_error(info2.value), StoreError)
    assert known_error(BrokenPipeError(errno.EPIPE, "Broken pipe")) is None
    assert known_error(ValueError("a bug")) is None
