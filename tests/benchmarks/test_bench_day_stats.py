"""A day's figures in a database holding five years of a busy office (~414,000 tickets).

Target (read off the table, never asserted): ``stats_for_day`` under 100 ms. The
baseline is the bare indexed SELECT of the same day's rows through stdlib sqlite3.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from loket.app.stats import stats_for_day

from .support import TICKETS_PER_DAY, FiveYears, Recorder, connect_raw

pytestmark = pytest.mark.benchmark(group="day stats, five-year database")

DAY_SELECT = (
    "SELECT service_id, counter_id, state, origin_ticket_id, queued_at, ended_at, "
    "wait_seconds, service_seconds FROM tickets WHERE service_day = ?"
)


@pytest.fixture
def raw_conn(five_years: FiveYears) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(connect_raw(five_years.path)) as conn:
        yield conn


def test_baseline_day_select(
    benchmark: BenchmarkFixture,
    five_years: FiveYears,
    raw_conn: sqlite3.Connection,
    record: Recorder,
) -> None:
    day = five_years.day.isoformat()

    def fetch_day() -> list[tuple[object, ...]]:
        return raw_conn.execute(DAY_SELECT, (day,)).fetchall()

    rows = benchmark(fetch_day)
    assert len(rows) == five_years.day_tickets
    benchmark.extra_info["rows"] = len(rows)
    record("raw select", "raw `SELECT … WHERE service_day = ?` (baseline)", benchmark)


def test_day_stats_five_years(
    benchmark: BenchmarkFixture, five_years: FiveYears, record: Recorder
) -> None:
    assert five_years.total_tickets > 350_000  # five years were really built
    stats = benchmark(stats_for_day, five_years.db, five_years.day)
    assert stats.day == five_years.day
    assert stats.counts.issued == five_years.day_tickets
    # About one simulated day: the arrivals plus the successors their transfers opened.
    assert 0.9 * TICKETS_PER_DAY <= stats.counts.issued <= 1.2 * TICKETS_PER_DAY
    assert stats.taken + stats.transfers_in == stats.counts.issued
    assert sum(g.counts.issued for g in stats.by_service) == stats.counts.issued
    benchmark.extra_info["day_tickets"] = stats.counts.issued
    benchmark.extra_info["total_tickets"] = five_years.total_tickets
    record(
        "day stats",
        f"`stats_for_day` (one day; {five_years.total_tickets:,} tickets in the file)",
        benchmark,
        vs=("raw select",),
        target="< 100 ms",
    )
