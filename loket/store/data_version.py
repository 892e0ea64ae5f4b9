"""Whether anyone committed to the database file since the last look."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


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
