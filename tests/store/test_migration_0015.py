"""Migration 0015: the call-time indexes hold called tickets only; the held tickets' index.

Issue 14: a new ticket wrote an entry in two indexes that only ever answer questions
about calls, and the counter's held-ticket check had no index of its own. A database
saved at 0014 with a day's tickets (some called, one held) comes up with the same
answers.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from alembic import command

from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.paths import database_path
from loket.store.database import connect
from loket.store.migrate import alembic_config, open_database, upgrade

PARTIAL = {
    "ix_tickets_day_calls": "called_at IS NOT NULL",
    "ix_tickets_day_last_call": "last_called_at IS NOT NULL",
    "ix_tickets_held": "state IN ('called', 'serving')",
}


def _index_sql(path: Path) -> dict[str, str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'"
        )
        return {name: sql or "" for name, sql in rows}


def _entries(path: Path, index: str) -> int:
    """How many entries ``index`` holds (ANALYZE's first figure for it)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("ANALYZE")
        stat = conn.execute("SELECT stat FROM sqlite_stat1 WHERE idx = ?", (index,)).fetchone()
        return 0 if stat is None else int(stat[0].split()[0])


def _downgrade_to_0014(data_dir: Path) -> None:
    db = connect(data_dir)
    try:
        cfg = alembic_config()
        with db.engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0014")
            conn.commit()
    finally:
        db.close()


def test_a_0014_database_gets_the_lean_indexes_and_keeps_its_answers(data_dir: Path) -> None:
    db = open_database(data_dir)
    try:
        ensure_demo_office(db, counters=2)
        desk = Desk(db)
        for i in range(12):
            desk.issue(1 + i % 2)
        served = desk.call_next(2)
        assert served is not None
        desk.start(served.id, 2)
        desk.finish(served.id, 2)
        held = desk.call_next(2)
        assert held is not None
        estimates = [desk.estimate(service) for service in (1, 2)]
    finally:
        db.close()
    path = database_path(data_dir)
    _downgrade_to_0014(data_dir)
    before = _index_sql(path)
    assert "ix_tickets_held" not in before
    assert " WHERE " not in before["ix_tickets_day_calls"]
    assert _entries(path, "ix_tickets_day_calls") == 12  # every ticket, called or not

    db = connect(data_dir)
    try:
        assert upgrade(db).after == "0015"
    finally:
        db.close()
    after = _index_sql(path)
    for name, where in PARTIAL.items():
        assert after[name].endswith(f"WHERE {where}"), after[name]
    assert _entries(path, "ix_tickets_day_calls") == 2  # the two called ones only
    assert _entries(path, "ix_tickets_held") == 1

    db = open_database(data_dir)
    try:
        desk = Desk(db)
        current = desk.current(2)
        assert current is not None and current.id == held.id
        assert [desk.estimate(service) for service in (1, 2)] == estimates
    finally:
        db.close()
