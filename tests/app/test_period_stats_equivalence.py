"""A period's figures from SQL histograms equal a straightforward reading of every ticket.

A simulated February (operators on three of four counters, transfers, no-shows, people
who leave, follow-ups handed over on time, late or not at all) with, by hand, tickets
that span midnight and tickets still open at the end. The reference below reads every
ticket of the database as an ORM row and works each figure out in plain Python (sorted
lists for the percentiles, local wall-clock hours, one ticket at a time), then lets the
core assemble them; ``stats_for_period`` must give the same JSON, field for field.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import loket.app.period_stats as period_reads
from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.app.feedback import close_follow_up, rating_summary_in, skm_in
from loket.app.office import list_counters, list_services, load_office
from loket.app.period_sql import MAX_PACKED, PACKED, Packing
from loket.app.period_stats import stats_for_period
from loket.app.simulate import simulate_day
from loket.app.users import add_user
from loket.core.days import day_bounds_utc, service_day
from loket.core.periods import (
    WAIT_BUCKET_SECONDS,
    WAIT_BUCKETS,
    CountRow,
    DayRow,
    DutyRow,
    FollowUp,
    FollowUpFigures,
    Period,
    RankedRow,
    period_stats,
)
from loket.core.stats import Counts, percentile_ranks
from loket.core.tickets import Outcome, TicketState
from loket.store.database import Database
from loket.store.feedback_models import FollowUpClosureRow
from loket.store.migrate import open_database
from loket.store.models import TicketRow, User
from tests.conftest import Clock

FEBRUARY = Period(date(2026, 2, 1), date(2026, 2, 28))
LATE_DAYS = (date(2026, 2, 4), date(2026, 2, 17))  # a ticket each finished after midnight
LAST_DAY = date(2026, 2, 27)  # tickets still waiting, called and being served

# -- the simulated month ------------------------------------------------------------------


def _wib(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC) - timedelta(hours=7)


def _ids(db: Database) -> tuple[dict[str, int], dict[int, int]]:
    """Service ids by prefix, counter ids by number."""
    with db.read() as s:
        services = {sv.prefix: sv.id for sv in list_services(s)}
        return services, {c.number: c.id for c in list_counters(s)}


def _late_tickets(db: Database, day: date, user_id: int) -> None:
    """A number taken at 21:20 and called after two and a half hours, its service of
    exactly the standard 20 minutes ending after midnight, at a desk nobody signed in
    to; one taken at 23:30, transferred, its successor finished after midnight as a
    follow-up."""
    clock = Clock(_wib(day, 21, 20))
    desk = Desk(db, clock=clock)
    services, counters = _ids(db)
    evening = desk.issue(services["D"]).ticket  # counter 1 does not serve D
    clock.now = _wib(day, 23, 30)
    first = desk.issue(services["A"]).ticket
    clock.now = _wib(day, 23, 41)
    called = desk.call_next(counters[1], user_id=user_id)
    assert called is not None and called.id == first.id
    clock.now = _wib(day, 23, 42)
    desk.start(first.id, counters[1], user_id=user_id)
    clock.now = _wib(day, 23, 50)
    successor = desk.transfer(first.id, counters[1], to_service_id=services["C"], user_id=user_id)
    clock.now = _wib(day, 23, 52)
    called = desk.call_next(counters[1], user_id=user_id)
    assert called is not None and called.id == successor.id
    clock.now += timedelta(seconds=50)
    desk.start(successor.id, counters[1], user_id=user_id)
    clock.now = _wib(day, 23, 55)
    called = desk.call_next(counters[2])
    assert called is not None and called.id == evening.id
    clock.now += timedelta(seconds=30)
    started = desk.start(evening.id, counters[2]).started_at
    assert started is not None
    clock.now = _wib(day, 23, 59) + timedelta(minutes=13, seconds=17)  # 00:12:17
    desk.finish(successor.id, counters[1], Outcome.FOLLOW_UP, user_id=user_id)
    clock.now = started + timedelta(minutes=20)  # 00:15:30, exactly D's standard time
    desk.finish(evening.id, counters[2])


def _open_tickets(db: Database, user_id: int) -> None:
    """The last day ends with a ticket waiting, one called and one being served (and
    one cancelled: the citizen went home)."""
    clock = Clock(_wib(LAST_DAY, 17, 0))
    desk = Desk(db, clock=clock)
    services, counters = _ids(db)
    for prefix in "DEA":
        desk.issue(services[prefix])
    gone = desk.issue(services["B"]).ticket
    clock.now += timedelta(minutes=2)
    desk.cancel(gone.id, "warga pulang")
    clock.now += timedelta(minutes=4)
    serving = desk.call_next(counters[3], user_id=user_id)
    assert serving is not None
    clock.now += timedelta(minutes=1)
    desk.start(serving.id, counters[3], user_id=user_id)
    clock.now += timedelta(minutes=2)
    assert desk.call_next(counters[2]) is not None


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(Path(tmp_path_factory.mktemp("month")) / "data")
    ensure_demo_office(db, counters=4)
    operators = [add_user(db, name, "operator", "kunci-1234").id for name in ("ani", "budi")]
    add_user(db, "citra", "operator", "kunci-1234")  # works counter 3
    days = [date(2026, 1, 29), date(2026, 1, 30)] + [
        day for day in FEBRUARY if day.weekday() < 5 and day <= LAST_DAY
    ]
    for index, day in enumerate(days):
        simulate_day(db, day, 24, counters=4, seed=index)
        if day in LATE_DAYS:
            _late_tickets(db, day, operators[0])
    _open_tickets(db, operators[1])
    # A follow-up of the late ticket handed over a week later (late, or after the as-of).
    with db.read() as s:
        late = s.scalars(
            select(TicketRow.id).where(
                TicketRow.service_day == LATE_DAYS[0], TicketRow.outcome == "follow_up"
            )
        ).all()
    for ticket_id in late:
        if not _closed(db, ticket_id):
            close_follow_up(db, ticket_id, clock=lambda: _wib(LATE_DAYS[0], 10, 0) + timedelta(7))
    yield db
    db.close()


def _closed(db: Database, ticket_id: str) -> bool:
    with db.read() as s:
        return s.get(FollowUpClosureRow, ticket_id) is not None


# -- the reference: every ticket, one at a time ----------------------------------------------


def _ranked(metric: str, dim: str, key: int, values: list[int]) -> RankedRow:
    data = sorted(values)
    at_rank = {i: float(data[i]) for i in percentile_ranks(len(data))}
    return RankedRow(metric, dim, key, len(data), sum(data), data[-1], at_rank)


def reference(db: Database, period: Period, as_of: date) -> dict[str, Any]:
    """Every figure of ``period`` worked out ticket by ticket from the raw rows."""
    with db.read() as s:
        tz = load_office(s).tz
        services = {sv.id: (sv.prefix, sv.name, sv.standard_minutes) for sv in list_services(s)}
        counters = {c.id: (str(c.number), c.name) for c in list_counters(s)}
        users = {u.id: u.name for u in s.scalars(select(User))}
        every = list(s.scalars(select(TicketRow)))
        closures = {c.ticket_id: c.closed_at for c in s.scalars(select(FollowUpClosureRow))}
        tickets = [t for t in every if t.service_day in period]
        served = sum(1 for t in tickets if t.state == TicketState.DONE.value)
        ratings = rating_summary_in(s, period, served)
        skm = skm_in(s, period)

    counts: dict[tuple[int, int | None, int | None, TicketState, bool], list[int]] = {}
    values: dict[tuple[str, str, int], list[int]] = {}
    hours: dict[int, tuple[int, int]] = {}
    by_day: dict[date, list[TicketRow]] = {}
    duty: dict[tuple[int, date], list[TicketRow]] = {}
    histogram: dict[int, int] = {}
    for t in tickets:
        state = TicketState(t.state)
        done = state is TicketState.DONE
        key = (t.service_id, t.counter_id, t.user_id, state, t.origin_ticket_id is not None)
        tally = counts.setdefault(key, [0, 0, 0])
        tally[0] += 1
        if done and t.service_seconds is not None:
            tally[1] += 1
            tally[2] += t.service_seconds <= services[t.service_id][2] * 60
        for metric, value in (
            ("wait", t.wait_seconds),
            ("walk", t.walk_seconds),
            ("service", t.service_seconds if done else None),
        ):
            if value is None:
                continue
            groups = [("all", 0), ("service", t.service_id)]
            if done and t.counter_id is not None:
                groups.append(("counter", t.counter_id))
            if done and t.user_id is not None:
                groups.append(("user", t.user_id))
            for dim, group in groups:
                values.setdefault((metric, dim, group), []).append(value)
        midnight = datetime.combine(t.service_day, time(0), tzinfo=tz)
        hour = (t.queued_at - midnight) // timedelta(hours=1)
        issued, finished = hours.get(hour, (0, 0))
        hours[hour] = (issued + 1, finished)
        if done and t.ended_at is not None:
            hour = (t.ended_at - midnight) // timedelta(hours=1)
            issued, finished = hours.get(hour, (0, 0))
            hours[hour] = (issued, finished + 1)
        by_day.setdefault(t.service_day, []).append(t)
        if t.user_id is not None and t.called_at is not None and t.ended_at is not None:
            duty.setdefault((t.user_id, t.service_day), []).append(t)
        if t.wait_seconds is not None:
            bucket = min(t.wait_seconds // WAIT_BUCKET_SECONDS, WAIT_BUCKETS)
            histogram[bucket] = histogram.get(bucket, 0) + 1

    days = []
    for day, rows in sorted(by_day.items()):
        day_counts = Counts()
        for t in rows:
            day_counts.add(TicketState(t.state))
        waits = [t.wait_seconds for t in rows if t.wait_seconds is not None]
        times = [
            t.service_seconds
            for t in rows
            if t.state == TicketState.DONE.value and t.service_seconds is not None
        ]
        days.append(
            DayRow(
                day,
                day_counts,
                round(sum(waits) / len(waits), 1) if waits else None,
                round(sum(times) / len(times), 1) if times else None,
            )
        )

    as_of_end = day_bounds_utc(as_of, tz)[1]

    def closed_at(t: TicketRow) -> datetime | None:
        at = closures.get(t.id)
        return at if at is not None and at < as_of_end else None

    def follow_up(t: TicketRow) -> FollowUp:
        at = closed_at(t)
        closed_on = service_day(at, tz) if at is not None else None
        return FollowUp(t.id, "", t.service_day, t.service_id, t.due_date, closed_on)  # type: ignore[arg-type]

    follow_ups = [
        follow_up(t)
        for t in tickets
        if t.outcome == Outcome.FOLLOW_UP.value and t.due_date is not None
    ]
    older_open = [
        t
        for t in every
        if t.service_day < period.start
        and t.outcome == Outcome.FOLLOW_UP.value
        and t.due_date is not None
        and closed_at(t) is None
    ]
    backlog = len(older_open)
    backlog_overdue = sum(1 for t in older_open if t.due_date < as_of)  # type: ignore[operator]
    return period_stats(
        period,
        [CountRow(*key, n, timed, within) for key, (n, timed, within) in counts.items()],
        [_ranked(*key, data) for key, data in values.items()],
        services,
        counters,
        users,
        hours=hours,
        days=days,
        duty=[
            DutyRow(
                uid,
                day,
                min(t.called_at for t in rows if t.called_at is not None),
                max(t.ended_at for t in rows if t.ended_at is not None),
                len(rows),
                sum(1 for t in rows if t.state == TicketState.DONE.value),
                sum((t.ended_at - t.called_at).total_seconds() for t in rows),
            )
            for (uid, day), rows in duty.items()
        ],
        wait_histogram=histogram,
        follow_ups=FollowUpFigures.of(follow_ups, as_of, backlog, backlog_overdue),
        ratings=ratings,
        skm=skm,
        as_of=as_of,
    ).to_json()


def assert_same_figures(got: dict[str, Any], want: dict[str, Any]) -> None:
    """Equal JSON, field for field.

    An operator's busy time alone is compared to the second: SQLite sums it in floating
    point over julianday() values, which hold milliseconds, while the reference sums
    exact Python timedeltas; rounding a sum that ends in .5 either way is not a change.
    """
    got, want = json.loads(json.dumps(got)), json.loads(json.dumps(want))
    for ours, theirs in zip(got["by_operator"], want["by_operator"], strict=True):
        assert abs(ours["busy_seconds"] - theirs["busy_seconds"]) <= 1
        for key in ("busy_seconds", "idle_seconds", "mean_idle_gap"):
            ours[key] = theirs[key] = None
    for key in want:
        assert got[key] == want[key], key
    assert got == want


# -- the checks ---------------------------------------------------------------------------

PERIODS = {
    "a day with a ticket past midnight": (Period.day(LATE_DAYS[1]), date(2026, 2, 20)),
    "the last day, tickets open": (Period.day(LAST_DAY), LAST_DAY),
    "a week": (Period(date(2026, 2, 2), date(2026, 2, 8)), date(2026, 2, 12)),
    "the month, judged mid-month": (FEBRUARY, date(2026, 2, 14)),
    "the month, judged after it": (FEBRUARY, date(2026, 3, 31)),
    "a year": (Period(date(2026, 1, 1), date(2026, 12, 31)), date(2026, 12, 31)),
    "a month without tickets": (Period.month_of(date(2026, 4, 1)), date(2026, 4, 30)),
}


def test_the_month_has_what_the_checks_need(month: Database) -> None:
    with month.read() as s:
        tz = load_office(s).tz
        rows = list(s.scalars(select(TicketRow).where(TicketRow.service_day.between(
            FEBRUARY.start, FEBRUARY.end))))  # fmt: skip
    states = {t.state for t in rows}
    assert {"done", "no_show", "transferred", "cancelled", "waiting", "called", "serving"} <= states
    assert any(t.origin_ticket_id for t in rows)
    assert any(t.outcome == "follow_up" for t in rows)
    assert any(t.user_id is None and t.counter_id is not None for t in rows)
    assert len({t.user_id for t in rows if t.user_id is not None}) == 3
    assert any(t.ended_at and service_day(t.ended_at, tz) > t.service_day for t in rows)
    assert any(t.service_seconds == 20 * 60 and t.state == "done" for t in rows)  # D's standard
    assert any((t.wait_seconds or 0) > WAIT_BUCKET_SECONDS * WAIT_BUCKETS for t in rows)


@pytest.mark.parametrize("name", list(PERIODS))
def test_period_figures_equal_the_reference(month: Database, name: str) -> None:
    period, as_of = PERIODS[name]
    got = stats_for_period(month, period, as_of=as_of).to_json()
    assert_same_figures(got, reference(month, period, as_of))


def test_midnight_tickets_count_in_hour_24_of_their_day(month: Database) -> None:
    st = stats_for_period(month, Period.day(LATE_DAYS[0]), as_of=LATE_DAYS[0])
    hours = {h["hour"]: (h["issued"], h["served"]) for h in st.by_hour}
    # A number taken at 21:20, one at 23:30 and the transfer's successor queued at 23:50;
    # the successor and the 21:20 number finished after midnight: hour 24 of their day.
    assert (hours[21], hours[23], hours[24]) == ((1, 0), (2, 0), (0, 2))
    assert st.wait_histogram[WAIT_BUCKETS] == 1  # the 21:20 number waited 2 h 35 min


def test_tickets_that_do_not_pack_are_grouped_by_their_columns(
    month: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ticket outside the packed id ranges (here: operators past the first) makes the
    histograms come from plain multi-column GROUP BYs: the same figures."""
    fallbacks: list[Period] = []
    unpacked_values = period_reads.unpacked_values

    def spy(s: Any, period: Period) -> Any:
        fallbacks.append(period)
        return unpacked_values(s, period)

    packing_of = Packing.of

    def narrow(services: Any, counters: Any, users: Any) -> Packing:
        packing = packing_of(services, counters, users)
        return Packing(packing.services, packing.counters, (packing.users[0],) * 2)

    monkeypatch.setattr(period_reads, "unpacked_values", spy)
    monkeypatch.setattr(Packing, "of", narrow)
    period, as_of = PERIODS["the month, judged mid-month"]
    got = stats_for_period(month, period, as_of=as_of).to_json()
    assert fallbacks == [period]
    assert_same_figures(got, reference(month, period, as_of))


def test_sqlite_packs_what_packing_unpacks() -> None:
    """The SQL expression and ``Packing.unpack`` agree, over the whole id ranges; a ticket
    outside them, or with a state Loket does not know, is not packed."""
    packing = Packing((3, 7), (2, 5), (4, 6))
    combinations = [
        (sid, cid, uid, state, transfer_in)
        for sid in range(3, 8)
        for cid in (None, 2, 3, 5)
        for uid in (None, 4, 6)
        for state in TicketState
        for transfer_in in (False, True)
    ]
    outside = [
        (2, None, None, "done"),
        (8, 2, 4, "done"),
        (3, 1, 4, "done"),
        (3, 6, 4, "done"),
        (3, 2, 3, "done"),
        (3, 2, 7, "done"),
        (3, 2, 4, "lost"),
    ]
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        conn.execute(
            "CREATE TABLE tickets (service_id, counter_id, user_id, state, origin_ticket_id)"
        )
        sql = f"SELECT {PACKED} FROM tickets"
        for sid, cid, uid, state, transfer_in in combinations:
            origin = "x" if transfer_in else None
            conn.execute("DELETE FROM tickets")
            conn.execute("INSERT INTO tickets VALUES (?, ?, ?, ?, ?)",
                         (sid, cid, uid, state.value, origin))  # fmt: skip
            (packed,) = conn.execute(sql, packing.params()).fetchone()
            assert 0 <= packed < MAX_PACKED
            assert packing.unpack(packed) == (sid, cid, uid, state, transfer_in)
        for sid, cid, uid, raw_state in outside:
            conn.execute("DELETE FROM tickets")
            row = (sid, cid, uid, raw_state)
            conn.execute("INSERT INTO tickets VALUES (?, ?, ?, ?, NULL)", row)
            assert conn.execute(sql, packing.params()).fetchone() == (None,)
        # Too wide for 64 bits: nobody is packed (the period falls back to the columns).
        wide = Packing((1, 10**9), (1, 10**6), (1, 10**6))
        assert not wide.fits
        conn.execute("DELETE FROM tickets")
        conn.execute("INSERT INTO tickets VALUES (1, 1, 1, 'done', NULL)")
        assert conn.execute(sql, wide.params()).fetchone() == (None,)
    assert Packing.of([], [], []).params()["s_hi"] < Packing.of([], [], []).params()["s_lo"]
