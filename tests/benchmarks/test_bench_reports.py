"""The supervisor's figures on five years of a busy office (~414,000 tickets).

Targets (read off the table, never asserted): every figure of one day under 100 ms, of
one year (~80,000 tickets) under 1.5 s. The baseline is the bare indexed SELECT of the
year's duration columns through stdlib sqlite3: what any Python-side computation would
have to fetch before starting.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from loket.app.period_stats import stats_for_period
from loket.core.periods import Period

from .support import FiveYears, Recorder, connect_raw

pytestmark = pytest.mark.benchmark(group="reports, five-year database")

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))
YEAR_SELECT = (
    "SELECT service_id, counter_id, user_id, state, wait_seconds, walk_seconds, "
    "service_seconds FROM tickets WHERE service_day BETWEEN ? AND ?"
)


@pytest.fixture
def raw_conn(five_years: FiveYears) -> Iterator[sqlite3.Connection]:
    with contextlib.closing(connect_raw(five_years.path)) as conn:
        yield conn


def test_baseline_year_select(
    benchmark: BenchmarkFixture,
    five_years: FiveYears,
    raw_conn: sqlite3.Connection,
    record: Recorder,
) -> None:
    def fetch_year() -> list[tuple[object, ...]]:
        return raw_conn.execute(
            YEAR_SELECT, (YEAR.start.isoformat(), YEAR.end.isoformat())
        ).fetchall()

    rows = benchmark.pedantic(fetch_year, rounds=5, iterations=1, warmup_rounds=1)
    assert len(rows) > 60_000
    benchmark.extra_info["rows"] = len(rows)
    record("raw year select", "raw `SELECT` of a year's duration columns (baseline)", benchmark)


def test_day_view(benchmark: BenchmarkFixture, five_years: FiveYears, record: Recorder) -> None:
    day = five_years.day
    stats = benchmark(stats_for_period, five_years.db, Period.day(day), as_of=day)
    assert stats.counts.issued == five_years.day_tickets
    assert stats.taken + stats.transfers_in == stats.counts.issued
    record(
        "period day",
        "`stats_for_period`, one day: every dashboard figure",
        benchmark,
        vs=("raw select",),
        target="< 100 ms",
    )


def test_one_year_report(
    benchmark: BenchmarkFixture, five_years: FiveYears, record: Recorder
) -> None:
    stats = benchmark.pedantic(
        stats_for_period, (five_years.db, YEAR), {"as_of": YEAR.end}, rounds=5, iterations=1,
        warmup_rounds=1,
    )  # fmt: skip
    assert stats.counts.issued > 60_000
    assert sum(d.counts.issued for d in stats.by_day) == stats.counts.issued
    assert stats.service_time.median is not None and len(stats.by_day) == 365
    benchmark.extra_info["year_tickets"] = stats.counts.issued
    record(
        "period year",
        f"`stats_for_period`, one year ({stats.counts.issued:,} tickets): every figure",
        benchmark,
        vs=("raw year select",),
        target="< 1.5 s",
    )
