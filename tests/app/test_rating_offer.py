"""The rating pad's offer: the counter's last finished ticket, read without walking years.

The pad asks after every service (and polls), on a desk that keeps every ticket of its
years: with ANALYZE's figures for five years, the old read walked every finished ticket
of the file (~300,000, ~210 ms) through the state's index. It is now bounded to the
office-local service days the rating window can touch.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event

from loket.app.feedback import offer_for_counter, rate_ticket
from loket.core.tickets import Outcome
from tests.app.test_desk_transactions import BUSY_DAY_STATS, plant_statistics
from tests.conftest import Office

#: What ANALYZE wrote on the benchmarks' five-year file (413,739 tickets, 298,715 done).
FIVE_YEAR_STATS = {
    "sqlite_autoindex_tickets_1": "413739 1",
    "ix_tickets_queue": "413739 103435 20687 13347 1 1",
    "ix_tickets_day_service": "413739 227 46 14 2",
    "uq_tickets_number": "401720 401720 220 44 1",
    "ix_tickets_day_calls": "324431 178 89 1",
    "ix_tickets_day_last_call": "324431 178 1 1",
    "ix_tickets_follow_up_due": "30893 26",
}


@pytest.fixture
def traced(office: Office) -> Iterator[list[str]]:
    """Every statement SQLite is asked on the office's connections (values filled in)."""
    statements: list[str] = []
    office.db.engine.dispose()

    def trace(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.set_trace_callback(statements.append)

    event.listen(office.db.engine, "connect", trace)
    yield statements
    event.remove(office.db.engine, "connect", trace)


def serve(office: Office, counter: int, prefix: str = "A", minutes: float = 1) -> str:
    """Issue, call, start and finish one ticket at ``counter``, ``minutes`` of service."""
    desk = office.desk
    ticket = desk.issue(office.services[prefix]).ticket
    desk.call(ticket.id, office.counters[counter])
    desk.start(ticket.id, office.counters[counter])
    office.clock.advance(minutes=minutes)
    desk.finish(ticket.id, office.counters[counter], Outcome.COMPLETED)
    return ticket.id


def offered(office: Office, counter: int) -> str | None:
    offer = offer_for_counter(office.db, office.counters[counter], clock=office.clock)
    return None if offer is None else offer.ticket_id


@pytest.mark.parametrize("stats", [FIVE_YEAR_STATS, BUSY_DAY_STATS], ids=["5-years", "busy-day"])
def test_the_offer_is_one_seek_over_the_recent_days_once_sqlite_has_statistics(
    office: Office, traced: list[str], stats: dict[str, str]
) -> None:
    """``PRAGMA optimize`` writes such figures whenever a database is closed."""
    for _ in range(3):
        serve(office, 1)
    with office.db.raw_write() as conn:
        plant_statistics(conn, stats)
    traced.clear()
    assert offered(office, 1) is not None
    reads = [s for s in traced if "FROM tickets" in s and "ended_at DESC" in s]
    assert len(reads) == 1, traced
    with office.db.raw_read() as conn:
        conn.execute("ANALYZE sqlite_schema")
        plan = conn.execute("EXPLAIN QUERY PLAN " + reads[0]).fetchall()
    details = " | ".join(str(row[-1]) for row in plan)
    assert "SCAN tickets" not in details, details
    # A seek on the service day, not on the state (which picks ~300,000 of five years).
    assert "INDEX ix_tickets_day_service (service_day" in details, details


def test_the_counter_offers_its_own_latest_finished_ticket(office: Office) -> None:
    serve(office, 1)  # an earlier one, still inside the window below
    other = serve(office, 2)
    latest = serve(office, 1)
    assert offered(office, 1) == latest  # not the earlier one, not counter 2's
    assert offered(office, 2) == other
    skipped = office.desk.issue(office.services["C"]).ticket
    office.desk.call(skipped.id, office.counters[3])
    office.desk.skip(skipped.id, office.counters[3])
    assert offered(office, 3) is None  # a no-show is not asked for a rating
    rate_ticket(office.db, latest, 4, clock=office.clock)
    assert offered(office, 1) is None  # rated; the earlier one is not offered instead
    office.clock.advance(minutes=4)  # counter 2's citizen has gone
    assert offered(office, 2) is None


def test_an_offer_crosses_midnight_in_the_offices_time_zone(office: Office) -> None:
    desk, counters = office.desk, office.counters
    office.clock.now = datetime(2026, 11, 23, 16, 50, tzinfo=UTC)  # 23:50 WIB
    before = desk.issue(office.services["A"]).ticket
    across = desk.issue(office.services["A"]).ticket
    for ticket, counter in ((before, 1), (across, 2)):
        desk.call(ticket.id, counters[counter])
        desk.start(ticket.id, counters[counter])
    office.clock.now = datetime(2026, 11, 23, 16, 59, 30, tzinfo=UTC)  # 23:59:30 WIB
    desk.finish(before.id, counters[1], Outcome.COMPLETED)
    office.clock.advance(minutes=1)  # 00:00:30 WIB: the window began yesterday
    assert desk.today() == date(2026, 11, 24)  # while UTC still says the 23rd
    assert offered(office, 1) == before.id
    office.clock.advance(minutes=2)  # served across midnight: still yesterday's ticket
    desk.finish(across.id, counters[2], Outcome.COMPLETED)
    assert across.service_day == date(2026, 11, 23)
    assert offered(office, 2) == across.id
    office.clock.advance(minutes=10)  # the new day's first ticket (the 23rd in UTC)
    first = serve(office, 1)
    assert desk.ticket(first).service_day == date(2026, 11, 24)
    assert offered(office, 1) == first
