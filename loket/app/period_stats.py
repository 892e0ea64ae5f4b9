"""Reading a day's or a period's figures out of the desk database with SQL aggregates.

A year of a busy office is ~80,000 tickets: every figure here is a GROUP BY or a window
query that hands Python a few rows per group (counts, sums, maxima and only the ranked
values the median and p90 need), so a year costs about what a day costs in Python and
the rest is SQLite's sorting. The arithmetic is the core's (``loket.core.periods``), and
over one day the result equals ``stats_for_day``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from loket.app.feedback import rating_summary_in, skm_in
from loket.app.office import list_counters, list_services, load_office
from loket.core.days import day_bounds_utc, service_day, utc_now
from loket.core.periods import (
    WAIT_BUCKET_SECONDS,
    WAIT_BUCKETS,
    CountRow,
    DayRow,
    DutyRow,
    FollowUp,
    FollowUpFigures,
    Period,
    PeriodStats,
    RankedRow,
    period_stats,
)
from loket.core.stats import SUMMARY_PERCENTILES, Counts
from loket.core.tickets import TicketState, ticket_label
from loket.store.database import Database

#: Which tickets each duration summarises. Waits and walks of every ticket count for the
#: office and its services; a counter's or operator's rows count only what they served,
#: as ``day_stats`` does; service time is always of finished services.
METRICS = {
    "wait": ("wait_seconds", ""),
    "walk": ("walk_seconds", ""),
    "service": ("service_seconds", "AND +state = 'done'"),
}
# A unary ``+`` keeps SQLite from reading a period through the state (or outcome) index:
# without statistics it would rather walk every finished ticket of five years than the
# period's days. Every query below reads a period through ``service_day`` first.


def _rank_filter() -> str:
    """The ranks the summary percentiles need, in SQL integer arithmetic (exact floors)."""
    parts = []
    for pct in SUMMARY_PERCENTILES:
        low = f"((n - 1) * {int(pct)}) / 100"
        parts += [low, f"MIN({low} + 1, n - 1)"]
    return ", ".join(parts)


RANKED_SQL = """
WITH base AS MATERIALIZED (
    SELECT service_id, counter_id, user_id, state, {column} AS x
    FROM tickets
    WHERE service_day BETWEEN :start AND :end AND {column} IS NOT NULL {extra}
),
src AS (
    SELECT 'all' AS dim, 0 AS k, x FROM base
    UNION ALL SELECT 'service', service_id, x FROM base
    UNION ALL SELECT 'counter', counter_id, x FROM base
        WHERE state = 'done' AND counter_id IS NOT NULL
    UNION ALL SELECT 'user', user_id, x FROM base
        WHERE state = 'done' AND user_id IS NOT NULL
),
ranked AS (
    SELECT dim, k, x,
        ROW_NUMBER() OVER w - 1 AS i,
        COUNT(*) OVER whole AS n,
        SUM(x) OVER whole AS total,
        MAX(x) OVER whole AS top
    FROM src
    WINDOW w AS (PARTITION BY dim, k ORDER BY x),
           whole AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
)
SELECT dim, k, n, total, top, i, x FROM ranked WHERE i IN ({ranks})
"""

COUNTS_SQL = """
SELECT t.service_id, t.counter_id, t.user_id, t.state,
       t.origin_ticket_id IS NOT NULL AS transfer_in,
       COUNT(*) AS n,
       SUM(t.state = 'done' AND t.service_seconds IS NOT NULL) AS timed,
       SUM(t.state = 'done' AND t.service_seconds <= s.standard_minutes * 60) AS within
FROM tickets t JOIN services s ON s.id = t.service_id
WHERE t.service_day BETWEEN :start AND :end
GROUP BY 1, 2, 3, 4, 5
"""

#: Whole hours since the office-local midnight of the ticket's service day.
HOUR = (
    "(CAST(strftime('%s', {column}) AS INTEGER)"
    " - CAST(strftime('%s', service_day) AS INTEGER) + :offset) / 3600"
)
HOURS_SQL = f"""
SELECT 'issued', {HOUR.format(column="queued_at")} AS h, COUNT(*)
FROM tickets WHERE service_day BETWEEN :start AND :end GROUP BY h
UNION ALL
SELECT 'served', {HOUR.format(column="ended_at")} AS h, COUNT(*)
FROM tickets
WHERE service_day BETWEEN :start AND :end AND +state = 'done' AND ended_at IS NOT NULL
GROUP BY h
"""

DAYS_SQL = """
SELECT service_day, state, COUNT(*),
       SUM(wait_seconds), COUNT(wait_seconds),
       SUM(CASE WHEN state = 'done' THEN service_seconds END),
       COUNT(CASE WHEN state = 'done' THEN service_seconds END)
FROM tickets WHERE service_day BETWEEN :start AND :end
GROUP BY service_day, state
"""

DUTY_SQL = """
SELECT user_id, service_day, MIN(called_at), MAX(ended_at), COUNT(*),
       SUM(state = 'done'),
       SUM(julianday(ended_at) - julianday(called_at)) * 86400.0
FROM tickets
WHERE service_day BETWEEN :start AND :end AND user_id IS NOT NULL
  AND called_at IS NOT NULL AND ended_at IS NOT NULL
GROUP BY user_id, service_day
"""

HISTOGRAM_SQL = f"""
SELECT MIN(wait_seconds / {WAIT_BUCKET_SECONDS}, {WAIT_BUCKETS}) AS b, COUNT(*)
FROM tickets WHERE service_day BETWEEN :start AND :end AND wait_seconds IS NOT NULL
GROUP BY b
"""

FOLLOW_UPS_SQL = """
SELECT t.id, t.prefix, t.number, t.service_day, t.service_id, t.due_date, c.closed_at
FROM tickets t
LEFT JOIN follow_up_closures c ON c.ticket_id = t.id AND c.closed_at < :as_of_end
WHERE t.service_day BETWEEN :start AND :end AND +t.outcome = 'follow_up'
  AND t.due_date IS NOT NULL
ORDER BY t.due_date, t.service_day, t.prefix, t.number
"""

#: Open follow-ups from before the period, through the partial index on due dates.
BACKLOG_WHERE = """
FROM tickets t INDEXED BY ix_tickets_follow_up_due
WHERE t.outcome = 'follow_up' AND t.due_date IS NOT NULL AND t.service_day < :start
  AND NOT EXISTS (SELECT 1 FROM follow_up_closures c
                  WHERE c.ticket_id = t.id AND c.closed_at < :as_of_end)
"""


def parse_utc(value: Any) -> datetime:
    """A timestamp as SQLite hands back raw text ('YYYY-MM-DD HH:MM:SS[.ffffff]')."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def parse_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _params(period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def _as_of_end(as_of: date, tz: Any) -> str:
    _, end = day_bounds_utc(as_of, tz)
    return end.replace(tzinfo=None).isoformat(" ")


def count_rows(s: Session, period: Period) -> list[CountRow]:
    return [
        CountRow(
            r[0],
            r[1],
            r[2],
            TicketState(r[3]),
            bool(r[4]),
            int(r[5]),
            int(r[6] or 0),
            int(r[7] or 0),
        )
        for r in s.execute(text(COUNTS_SQL), _params(period))
    ]


def ranked_rows(s: Session, period: Period) -> Iterator[RankedRow]:
    for metric, (column, extra) in METRICS.items():
        sql = RANKED_SQL.format(column=column, extra=extra, ranks=_rank_filter())
        groups: dict[tuple[str, int], tuple[int, int, int, dict[int, float]]] = {}
        for dim, key, n, total, top, i, x in s.execute(text(sql), _params(period)):
            entry = groups.setdefault((dim, int(key)), (int(n), int(total), int(top), {}))
            entry[3][int(i)] = float(x)
        for (dim, key), (n, total, top, at_rank) in groups.items():
            yield RankedRow(metric, dim, key, n, total, top, at_rank)


def hour_rows(s: Session, period: Period, offset_seconds: int) -> dict[int, tuple[int, int]]:
    hours: dict[int, tuple[int, int]] = {}
    params = {**_params(period), "offset": offset_seconds}
    for kind, hour, n in s.execute(text(HOURS_SQL), params):
        issued, served = hours.get(int(hour), (0, 0))
        if kind == "issued":
            issued += int(n)
        else:
            served += int(n)
        hours[int(hour)] = (issued, served)
    return hours


def day_rows(s: Session, period: Period) -> list[DayRow]:
    acc: dict[date, tuple[Counts, list[int]]] = {}
    for day, state, n, w_sum, w_n, s_sum, s_n in s.execute(text(DAYS_SQL), _params(period)):
        counts, sums = acc.setdefault(parse_day(day), (Counts(), [0, 0, 0, 0]))
        counts.add(TicketState(state), int(n))
        sums[0] += int(w_sum or 0)
        sums[1] += int(w_n or 0)
        sums[2] += int(s_sum or 0)
        sums[3] += int(s_n or 0)
    return [
        DayRow(
            day,
            counts,
            round(sums[0] / sums[1], 1) if sums[1] else None,
            round(sums[2] / sums[3], 1) if sums[3] else None,
        )
        for day, (counts, sums) in sorted(acc.items())
    ]


def duty_rows(s: Session, period: Period) -> list[DutyRow]:
    return [
        DutyRow(
            int(uid),
            parse_day(day),
            parse_utc(first),
            parse_utc(last),
            int(handled),
            int(served or 0),
            float(busy or 0.0),
        )
        for uid, day, first, last, handled, served, busy in s.execute(
            text(DUTY_SQL), _params(period)
        )
    ]


def histogram_rows(s: Session, period: Period) -> dict[int, int]:
    return {int(b): int(n) for b, n in s.execute(text(HISTOGRAM_SQL), _params(period))}


def follow_ups_in(s: Session, period: Period, as_of: date, tz: Any) -> list[FollowUp]:
    params = {**_params(period), "as_of_end": _as_of_end(as_of, tz)}
    return [
        FollowUp(
            ticket_id=r[0],
            label=ticket_label(r[1], int(r[2])),
            service_day=parse_day(r[3]),
            service_id=int(r[4]),
            due_date=parse_day(r[5]),
            closed_on=service_day(parse_utc(r[6]), tz) if r[6] is not None else None,
        )
        for r in s.execute(text(FOLLOW_UPS_SQL), params)
    ]


def backlog_count(s: Session, period: Period, as_of: date, tz: Any) -> int:
    params = {"start": period.start.isoformat(), "as_of_end": _as_of_end(as_of, tz)}
    return int(s.execute(text("SELECT COUNT(*) " + BACKLOG_WHERE), params).scalar() or 0)


def backlog_items(
    s: Session, period: Period, as_of: date, tz: Any, limit: int = 200
) -> list[FollowUp]:
    """The oldest-due open follow-ups from before the period (for the dashboard's list)."""
    params = {"start": period.start.isoformat(), "as_of_end": _as_of_end(as_of, tz), "limit": limit}
    sql = (
        "SELECT t.id, t.prefix, t.number, t.service_day, t.service_id, t.due_date "
        + BACKLOG_WHERE
        + " ORDER BY t.due_date LIMIT :limit"
    )
    return [
        FollowUp(
            r[0], ticket_label(r[1], int(r[2])), parse_day(r[3]), int(r[4]), parse_day(r[5]), None
        )
        for r in s.execute(text(sql), params)
    ]


def utc_offset_seconds(tz: Any, day: date) -> int:
    """The office's offset from UTC (Indonesia keeps no daylight saving time)."""
    offset = datetime.combine(day, time(12), tzinfo=tz).utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def today(db: Database, now: datetime | None = None) -> date:
    with db.read() as s:
        return service_day(now or utc_now(), load_office(s).tz)


def stats_for_period(
    db: Database,
    period: Period,
    *,
    as_of: date | None = None,
    now: datetime | None = None,
    feedback: bool = True,
) -> PeriodStats:
    """Every figure of a period, in one read snapshot.

    ``as_of`` is the day follow-ups are judged on (overdue = open past their due date);
    it defaults to today in the office's zone.
    """
    with db.read() as s:
        office = load_office(s)
        tz = office.tz
        when = as_of or service_day(now or utc_now(), tz)
        services = {sv.id: (sv.prefix, sv.name, sv.standard_minutes) for sv in list_services(s)}
        counters = {c.id: (str(c.number), c.name) for c in list_counters(s)}
        users = {int(uid): str(name) for uid, name in s.execute(text("SELECT id, name FROM users"))}
        counts = count_rows(s, period)
        ranked = list(ranked_rows(s, period))
        hours = hour_rows(s, period, utc_offset_seconds(tz, period.start))
        days = day_rows(s, period)
        duty = duty_rows(s, period)
        histogram = histogram_rows(s, period)
        follow = FollowUpFigures.of(
            follow_ups_in(s, period, when, tz), when, backlog_count(s, period, when, tz)
        )
        served = sum(r.tickets for r in counts if r.state is TicketState.DONE)
        ratings = rating_summary_in(s, period, served) if feedback else None
        skm = skm_in(s, period) if feedback else None
    return period_stats(
        period,
        counts,
        ranked,
        services,
        counters,
        users,
        hours=hours,
        days=days,
        duty=duty,
        wait_histogram=histogram,
        follow_ups=follow,
        ratings=ratings,
        skm=skm,
        as_of=when,
    )


def follow_up_list(
    db: Database, period: Period, *, as_of: date | None = None, backlog_limit: int = 200
) -> tuple[list[FollowUp], list[FollowUp]]:
    """(the period's follow-ups, open ones left from before it), both by due date."""
    with db.read() as s:
        tz = load_office(s).tz
        when = as_of or service_day(utc_now(), tz)
        return (
            follow_ups_in(s, period, when, tz),
            backlog_items(s, period, when, tz, backlog_limit),
        )


def service_names(db: Database) -> dict[int, str]:
    with db.read() as s:
        return {sv.id: sv.name for sv in list_services(s)}
