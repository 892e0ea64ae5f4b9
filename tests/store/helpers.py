"""Small helpers shared by the store tests."""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from loket.store.database import Database
from loket.store.models import TicketRow

OpenDb = Callable[[Path], Database]
MakeFilled = Callable[..., Path]
RunLoket = Callable[..., subprocess.CompletedProcess[str]]


def ticket_count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(TicketRow)) or 0)


def raw_ticket_count(path: Path) -> int:
    """Count tickets with plain sqlite3, bypassing loket entirely.

    Not ``mode=ro``: a read-only connection to a WAL file leaves -wal/-shm files behind.
    """
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    finally:
        conn.close()


def sibling_names(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())
