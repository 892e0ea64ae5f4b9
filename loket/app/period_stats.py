"""Reading a day's or a period's figures out of the desk database with SQL aggregates.

A year of a busy office is ~80,000 tickets. One statement reads the period once (its
tickets through the ``service_day`` index, into a materialized table) and hands Python
a few thousand grouped rows: each duration as a histogram (tickets per combination of
service, counter, operator, state and transfer-in, and per value: bounded by the range
of the durations, not by the number of tickets), tickets per hour, the day totals and
the period's follow-ups. The percentiles come exactly out of the histograms, so a year
costs about what a day costs in Python and the rest is SQLite's scan and sorts. The
statements and the packing of a combination into one integer are ``period_sql``; the
arithmetic is the core's (``loket.core.periods``), and over one day the result equals
``stats_for_day``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from loket.app.feedback import rating_summary_in, skm_in
from loket.app.office import list_counters, list_services, load_office
from loket.app.period_sql import (
    BACKLOG_WHERE,
    DUTY_SQL,
    FOLLOW_UPS_SQL,
    PERIOD_SQL,
    UNPACKED,
    UNPACKED_SQL,
    Packing,
)
from loket.core.days import day_bounds_utc, service_day, utc_now
from loket.core.periods import (
    DayRow,
    DutyRow,
    FollowUp,
    FollowUpFigures,
    Period,
    PeriodStats,
    ValueRow,
    count_rows_from_values,
    period_stats,
    ranked_from_values,
    wait_buckets,
)
from loket.core.stats import Counts
from loket.core.tickets import TicketState, ticket_label
from loket.store.database import Database
from loket.store.models import CounterStatusRow


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


@dataclass
class PeriodRows:
    """What the period statement reads, ready for the core's arithmetic."""

    values: list[ValueRow] = field(default_factory=list)
    hours: dict[int, tuple[int, int]] = field(default_factory=dict)
    days: list[DayRow] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)


def read_period(s: Session, period: Period, as_of: date, tz: Any, packing: Packing) -> PeriodRows:
    """The period's histograms, hours, days and follow-ups, reading its tickets once."""
    params = {
        **_params(period),
        **packing.params(),
        "offset": utc_offset_seconds(tz, period.start),
        "as_of_end": _as_of_end(as_of, tz),
    }
    rows = PeriodRows()
    days: dict[date, tuple[Counts, list[int]]] = {}
    unpacked = 0
    for kind, a, b, c, d, e, f, g in s.execute(text(PERIOD_SQL), params):
        if kind in UNPACKED:  # a row of the wait, walk or service histogram
            if a is not None:
                sid, cid, uid, state, transfer_in = packing.unpack(int(a))
                value = None if b is None else int(b)
                rows.values.append(ValueRow(kind, sid, cid, uid, state, transfer_in, value, int(c)))
        elif kind in ("issued", "served"):
            issued, served = rows.hours.get(int(a), (0, 0))
            if kind == "issued":
                issued += int(b)
            else:
                served += int(b)
            rows.hours[int(a)] = (issued, served)
        elif kind == "day":
            counts, sums = days.setdefault(parse_day(a), (Counts(), [0, 0, 0, 0]))
            counts.add(TicketState(b), int(c))
            sums[0] += int(d or 0)
            sums[1] += int(e or 0)
            sums[2] += int(f or 0)
            sums[3] += int(g or 0)
        elif kind == "follow_up":
            rows.follow_ups.append(_follow_up((a, b, c, d, e, f, g), tz))
        elif kind == "unpacked":
            unpacked = int(a)
    if unpacked:
        rows.values = unpacked_values(s, period)
    rows.days = [
        DayRow(
            day,
            counts,
            round(sums[0] / sums[1], 1) if sums[1] else None,
            round(sums[2] / sums[3], 1) if sums[3] else None,
        )
        for day, (counts, sums) in sorted(days.items())
    ]
    return rows


def unpacked_values(s: Session, period: Period) -> list[ValueRow]:
    """The histograms grouped by the columns themselves (slower; any ids, any states)."""
    values = []
    for metric, (column, extra) in UNPACKED.items():
        sql = UNPACKED_SQL.format(column=column, extra=extra)
        for sid, cid, uid, state, transfer_in, value, n in s.execute(text(sql), _params(period)):
            values.append(
                ValueRow(
                    metric,
                    int(sid),
                    None if cid is None else int(cid),
                    None if uid is None else int(uid),
                    TicketState(state),
                    bool(transfer_in),
                    None if value is None else int(value),
                    int(n),
                )
            )
    return values


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


def with_breaks(s: Session, duty: list[DutyRow]) -> list[DutyRow]:
    """Each duty day with the time its operator's counter was on a break or closed.

    A break belongs to the operator who set it (the status log's ``user_id``); it runs
    until the counter's next status change and counts only inside the duty day's span.
    """
    if not duty:
        return duty
    first = min(d.first_call for d in duty)
    last = max(d.last_end for d in duty)
    rows = s.execute(
        select(
            CounterStatusRow.counter_id,
            CounterStatusRow.status,
            CounterStatusRow.at,
            CounterStatusRow.user_id,
        )
        .where(CounterStatusRow.at <= last)
        .order_by(CounterStatusRow.counter_id, CounterStatusRow.id)
    ).all()
    pauses: dict[int, list[tuple[datetime, datetime]]] = {}
    for index, (counter_id, status, at, user_id) in enumerate(rows):
        if status == "open" or user_id is None:
            continue
        following = rows[index + 1] if index + 1 < len(rows) else None
        end = following[2] if following is not None and following[0] == counter_id else last
        if end > first:
            pauses.setdefault(int(user_id), []).append((at, end))
    if not pauses:
        return duty
    out = []
    for d in duty:
        overlap = sum(
            max(0.0, (min(end, d.last_end) - max(start, d.first_call)).total_seconds())
            for start, end in pauses.get(d.user_id, [])
        )
        out.append(dataclasses.replace(d, break_seconds=overlap) if overlap else d)
    return out


def _follow_up(row: tuple[Any, ...], tz: Any) -> FollowUp:
    """A FollowUp from (id, prefix, number, service day, service, due date, closed at)."""
    return FollowUp(
        ticket_id=row[0],
        label=ticket_label(row[1], int(row[2])),
        service_day=parse_day(row[3]),
        service_id=int(row[4]),
        due_date=parse_day(row[5]),
        closed_on=service_day(parse_utc(row[6]), tz) if row[6] is not None else None,
    )


def follow_ups_in(s: Session, period: Period, as_of: date, tz: Any) -> list[FollowUp]:
    params = {**_params(period), "as_of_end": _as_of_end(as_of, tz)}
    return [_follow_up(tuple(r), tz) for r in s.execute(text(FOLLOW_UPS_SQL), params)]


def backlog_count(s: Session, period: Period, as_of: date, tz: Any) -> tuple[int, int]:
    """(open follow-ups from before the period, those of them overdue as of ``as_of``).

    Overdue as ``loket.core.periods.is_overdue`` defines it: open and due before
    ``as_of`` (the backlog holds only open ones, so the due date decides).
    """
    params = {
        "start": period.start.isoformat(),
        "as_of_end": _as_of_end(as_of, tz),
        "as_of": as_of.isoformat(),
    }
    sql = "SELECT COUNT(*), COALESCE(SUM(t.due_date < :as_of), 0) " + BACKLOG_WHERE
    row = s.execute(text(sql), params).one()
    return int(row[0] or 0), int(row[1] or 0)


def backlog_items(
    s: Session, period: Period, as_of: date, tz: Any, limit: int | None = 200
) -> list[FollowUp]:
    """The oldest-due open follow-ups from before the period (``limit`` None: all)."""
    params = {
        "start": period.start.isoformat(),
        "as_of_end": _as_of_end(as_of, tz),
        "limit": -1 if limit is None else limit,
    }
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
        return stats_in(s, period, as_of=as_of, now=now, feedback=feedback)


def stats_in(
    s: Session,
    period: Period,
    *,
    as_of: date | None = None,
    now: datetime | None = None,
    feedback: bool = True,
) -> PeriodStats:
    """``stats_for_period`` in the caller's read (a report reads all it shows in one)."""
    office = load_office(s)
    tz = office.tz
    when = as_of or service_day(now or utc_now(), tz)
    services = {sv.id: (sv.prefix, sv.name, sv.standard_minutes) for sv in list_services(s)}
    counters = {c.id: (str(c.number), c.name) for c in list_counters(s)}
    users = {int(uid): str(name) for uid, name in s.execute(text("SELECT id, name FROM users"))}
    rows = read_period(s, period, when, tz, Packing.of(services, counters, users))
    standards = {sid: minutes * 60 for sid, (_, _, minutes) in services.items()}
    counts = count_rows_from_values(rows.values, standards)
    duty = with_breaks(s, duty_rows(s, period))
    follow = FollowUpFigures.of(rows.follow_ups, when, *backlog_count(s, period, when, tz))
    served = sum(r.tickets for r in counts if r.state is TicketState.DONE)
    ratings = rating_summary_in(s, period, served) if feedback else None
    skm = skm_in(s, period) if feedback else None
    return period_stats(
        period,
        counts,
        ranked_from_values(rows.values),
        services,
        counters,
        users,
        hours=rows.hours,
        days=rows.days,
        duty=duty,
        wait_histogram=wait_buckets(rows.values),
        follow_ups=follow,
        ratings=ratings,
        skm=skm,
        as_of=when,
    )


def follow_up_list(
    db: Database, period: Period, *, as_of: date | None = None, backlog_limit: int | None = 200
) -> tuple[list[FollowUp], list[FollowUp]]:
    """(the period's follow-ups, open ones left from before it), both by due date."""
    with db.read() as s:
        return follow_ups_of(s, period, as_of=as_of, backlog_limit=backlog_limit)


def follow_ups_of(
    s: Session, period: Period, *, as_of: date | None = None, backlog_limit: int | None = 200
) -> tuple[list[FollowUp], list[FollowUp]]:
    """``follow_up_list`` in the caller's read."""
    tz = load_office(s).tz
    when = as_of or service_day(utc_now(), tz)
    return follow_ups_in(s, period, when, tz), backlog_items(s, period, when, tz, backlog_limit)


def service_names(db: Database) -> dict[int, str]:
    with db.read() as s:
        return {sv.id: sv.name for sv in list_services(s)}
