"""Each queue use case is one transaction whose work does not grow with the queue.

What SQLite itself is asked (its trace callback on every pooled connection): one
``BEGIN IMMEDIATE`` ... ``COMMIT`` per use case, the set-up's version read once in it,
no second transaction for the wait estimate, and the same statements whether 3 or 300
citizens wait. The query plans are asked too: none of the statements scans the tickets.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select

from loket.store import queue_statements
from loket.store.models import TicketRow
from loket.store.prepared import Prepared
from loket.store.queue_statements import is_held
from tests.conftest import Office


@pytest.fixture
def traced(office: Office) -> Iterator[list[str]]:
    statements: list[str] = []
    office.db.engine.dispose()  # new connections, each with the trace below

    def trace(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.set_trace_callback(statements.append)

    event.listen(office.db.engine, "connect", trace)
    yield statements
    event.remove(office.db.engine, "connect", trace)


def _one_transaction(statements: list[str]) -> list[str]:
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"], statements
    assert statements[0] == "BEGIN IMMEDIATE" and statements[-1] == "COMMIT", statements
    # A trigger's steps are traced as its statement again: one each.
    body = [s for i, s in enumerate(statements[1:-1]) if s != statements[i]]
    assert sum("config_version" in s for s in body) == 1, body
    return body


def _shapes(statements: list[str]) -> list[str]:
    return [re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", s) for s in statements]


def _fill(office: Office, count: int) -> None:
    for index in range(count):
        office.desk.issue(office.services["AB"[index % 2]])


def test_issue_is_one_transaction_with_its_estimate(office: Office, traced: list[str]) -> None:
    _fill(office, 3)
    office.desk.issue(office.services["A"])  # the set-up is cached from here on
    traced.clear()
    result = office.desk.issue(office.services["A"])
    small = _one_transaction(traced)
    assert result.ahead == 3
    _fill(office, 300)
    traced.clear()
    result = office.desk.issue(office.services["A"])
    assert result.ahead == 154
    # The same statements (values aside) for a longer queue: not one more.
    assert _shapes(_one_transaction(traced)) == _shapes(small)


def test_call_next_and_the_counter_keys_are_one_transaction_each(
    office: Office, traced: list[str]
) -> None:
    _fill(office, 20)
    desk, counter = office.desk, office.counters[1]
    desk.call_next(counter)  # closes earlier days once; caches the statement
    first = desk.current(counter)
    assert first is not None
    desk.skip(first.id, counter)
    for action in ("call_next", "recall", "start", "finish"):
        traced.clear()
        if action == "call_next":
            ticket = desk.call_next(counter)
            assert ticket is not None
        else:
            getattr(desk, action)(ticket.id, counter)
        body = _one_transaction(traced)
        assert len(body) <= 7, (action, body)


def test_no_queue_statement_scans_the_tickets(office: Office) -> None:
    _fill(office, 10)
    with office.db.raw_read() as conn:
        for name in queue_statements.BUILDERS:
            prepared = queue_statements.statement(name)
            if not prepared.sql.lstrip().upper().startswith("SELECT"):
                continue
            args = [None] * prepared.sql.count("?")
            plan = conn.execute("EXPLAIN QUERY PLAN " + prepared.sql, args).fetchall()
            details = " | ".join(str(row[-1]) for row in plan)
            if name.startswith("waiting_") and "counts" not in name:
                continue  # the waiting list itself reads every waiting ticket
            assert "SCAN tickets" not in details, (name, details)


#: What ANALYZE wrote for the benchmark's day (10,050 tickets, 10,000 of them waiting).
BUSY_DAY_STATS = {
    "sqlite_autoindex_tickets_1": "10050 1",
    "ix_tickets_queue": "10050 5025 1005 670 1 1",
    "ix_tickets_day_service": "10050 10050 2010 1005 183",
    "uq_tickets_number": "10050 10050 10050 2010 1",
    "ix_tickets_day_calls": "10050 10050 5025 194",
    "ix_tickets_day_last_call": "10050 10050 198",
}


def plant_statistics(conn: sqlite3.Connection, stats: dict[str, str]) -> None:
    """ANALYZE, then ``stats`` in place of the ``tickets`` indexes' figures, loaded.

    ``PRAGMA optimize`` writes such figures whenever a database is closed, and they can
    change a statement's plan: the plans are checked under a busy day's (or years').
    """
    conn.execute("ANALYZE")
    for index, stat in stats.items():
        conn.execute("DELETE FROM sqlite_stat1 WHERE idx = ?", (index,))
        conn.execute("INSERT INTO sqlite_stat1 VALUES ('tickets', ?, ?)", (index, stat))
    conn.execute("ANALYZE sqlite_schema")  # load the figures


def test_no_queue_statement_scans_the_tickets_once_sqlite_has_statistics(office: Office) -> None:
    """With ANALYZE's figures for a busy day (``PRAGMA optimize`` runs at every close).

    Told that ``state`` has two values, SQLite read the whole table for the counter's
    held-ticket check (called or serving) at each call-next: 752 µs with 10,000 waiting
    (issue 14). It is a seek in ``ix_tickets_held`` now, whatever the figures say.
    """
    _fill(office, 20)
    desk, counter = office.desk, office.counters[1]
    ticket = desk.call_next(counter)
    assert ticket is not None
    with office.db.raw_write() as conn:
        plant_statistics(conn, BUSY_DAY_STATS)
        statements = {
            name: queue_statements.statement(name)
            for name in ("current", "busy_counters", "normals_since_priority", "highest", "ticket")
        }
        # The board's and the live page's "who holds what" (ORM queries, same filter).
        statements["board"] = Prepared(
            select(TicketRow.__table__).where(is_held()).order_by(TicketRow.last_called_at)
        )
        for name, prepared in statements.items():
            args = [None] * prepared.sql.count("?")
            plan = conn.execute("EXPLAIN QUERY PLAN " + prepared.sql, args).fetchall()
            details = " | ".join(str(row[-1]) for row in plan)
            assert "SCAN tickets" not in details, (name, details)
    held = desk.current(counter)
    assert held is not None and held.id == ticket.id


def test_no_queue_statement_binds_the_ticket_state() -> None:
    """SQLite prepares a statement again at every run when a bound value meets ``state``.

    ``state`` is in a partial index's WHERE: such a statement is re-parsed and re-planned
    each time it is bound, ~50 µs of an issue's estimate (``recent_done``). The state
    is written into the SQL instead.
    """
    for name in queue_statements.BUILDERS:
        sql = " ".join(queue_statements.statement(name).sql.split())
        assert not re.search(r"tickets\.state (=|IN|!=) \(?\?", sql), (name, sql)
