"""A period's figures: what a day or a range of days of tickets add up to.

The app layer reads a period through SQL aggregates (GROUP BY rows, and each duration
as a histogram: tickets per group and value, bounded by the range of the durations
rather than by the number of tickets) so a year is a few thousand small rows, never a
year of tickets; this module turns those rows into the figures. Over a single day the result
equals ``day_stats`` of that day: same counts, same summaries, same hour rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from loket.core.errors import InvalidInput
from loket.core.skm import RatingSummary, SkmResult
from loket.core.stats import Counts, Summary, percentile_ranks, summary_json, values_at_ranks
from loket.core.tickets import TicketState

MONTHS_ID = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
#: Longest period one report covers: a few years, so a typo (2062) is refused.
MAX_DAYS = 5 * 366
#: Wait-time distribution: ten-minute buckets up to two hours, then "two hours or more".
WAIT_BUCKET_SECONDS = 600
WAIT_BUCKETS = 12


def long_date_id(day: date) -> str:
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Period:
    """Service days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(
                f"Tanggal akhir {self.end.isoformat()} sebelum tanggal awal "
                f"{self.start.isoformat()}."
            )
        if self.days > MAX_DAYS:
            raise InvalidInput(f"Periode terlalu panjang (paling lama {MAX_DAYS} hari).")

    @classmethod
    def day(cls, day: date) -> Period:
        return cls(day, day)

    @classmethod
    def month_of(cls, day: date) -> Period:
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return cls(start, following - timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_day(self) -> bool:
        return self.start == self.end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __iter__(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.start + timedelta(days=offset)

    def label(self) -> str:
        """'23 November 2026', '1–30 November 2026' or '28 November – 2 Desember 2026'."""
        a, b = self.start, self.end
        if a == b:
            return long_date_id(a)
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{long_date_id(b)}"
        if a.year == b.year:
            return f"{a.day} {MONTHS_ID[a.month - 1]} – {long_date_id(b)}"
        return f"{long_date_id(a)} – {long_date_id(b)}"


# -- what the app reads ------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    """Tickets of one (service, counter, operator, state, transfer-in) combination."""

    service_id: int
    counter_id: int | None
    user_id: int | None
    state: TicketState
    is_transfer_in: bool
    tickets: int
    timed: int = 0  # served with a service time
    within: int = 0  # ... of which within the service's standard time


@dataclass(frozen=True)
class RankedRow:
    """SQL aggregates of one duration over one group, with the ranks percentiles need."""

    metric: str  # wait | walk | service
    dim: str  # all | service | counter | user
    key: int
    count: int
    total: int
    maximum: int
    at_rank: Mapping[int, float]

    @classmethod
    def of_counts(cls, metric: str, dim: str, key: int, counts: Mapping[int, int]) -> RankedRow:
        """The row of a group whose values come as a histogram ({value: tickets}).

        Its figures equal those of the group's values listed one by one (see
        ``Summary.from_counts``); the group must hold at least one value.
        """
        held = {value: n for value, n in counts.items() if n}
        if not held:
            raise ValueError(f"no {metric} values for {dim} {key}")
        count = sum(held.values())
        at_rank = values_at_ranks(held, percentile_ranks(count))
        return cls(
            metric,
            dim,
            key,
            count,
            sum(value * n for value, n in held.items()),
            max(held),
            {i: float(v) for i, v in at_rank.items()},
        )


@dataclass(frozen=True)
class ValueRow:
    """Tickets of one (service, counter, operator, state, transfer-in) combination that
    share one value of a duration, in integer seconds: one row of a histogram.

    ``value`` is None for the tickets without that duration. The app reads the "wait"
    rows for every ticket of the period (so they also give the ticket counts), the
    "walk" and "service" rows only for the tickets with a value.
    """

    metric: str  # wait | walk | service
    service_id: int
    counter_id: int | None
    user_id: int | None
    state: TicketState
    is_transfer_in: bool
    value: int | None
    tickets: int


def ranked_from_values(rows: Iterable[ValueRow]) -> list[RankedRow]:
    """Every duration's summary row for the office, its services, counters and operators.

    Waits and walks of every ticket count for the office and its services; a counter's
    or an operator's rows count only what they served, as ``day_stats`` does; service
    time is always of finished services.
    """
    groups: dict[tuple[str, str, int], dict[int, int]] = {}

    def add(metric: str, dim: str, key: int, value: int, n: int) -> None:
        histogram = groups.setdefault((metric, dim, key), {})
        histogram[value] = histogram.get(value, 0) + n

    for row in rows:
        served = row.state is TicketState.DONE
        if row.value is None or (row.metric == "service" and not served):
            continue
        add(row.metric, "all", 0, row.value, row.tickets)
        add(row.metric, "service", row.service_id, row.value, row.tickets)
        if served and row.counter_id is not None:
            add(row.metric, "counter", row.counter_id, row.value, row.tickets)
        if served and row.user_id is not None:
            add(row.metric, "user", row.user_id, row.value, row.tickets)
    return [
        RankedRow.of_counts(metric, dim, key, histogram)
        for (metric, dim, key), histogram in groups.items()
    ]


#: (service, counter, operator, state, transfer-in): what a ``CountRow`` counts.
_Combination = tuple[int, int | None, int | None, TicketState, bool]


def count_rows_from_values(
    rows: Iterable[ValueRow], standard_seconds: Mapping[int, int]
) -> list[CountRow]:
    """Tickets per combination, with how many were served with a service time and how
    many of those within their service's standard time.

    ``rows`` must hold the "wait" histogram (every ticket) and the "service" one;
    ``standard_seconds`` maps service ids to their standard time. Tickets of a service
    it does not list are left out (a ticket's service always exists).
    """
    tickets: dict[_Combination, int] = {}
    timed: dict[_Combination, int] = {}
    within: dict[_Combination, int] = {}
    for row in rows:
        standard = standard_seconds.get(row.service_id)
        if standard is None:
            continue
        key = (row.service_id, row.counter_id, row.user_id, row.state, row.is_transfer_in)
        if row.metric == "wait":
            tickets[key] = tickets.get(key, 0) + row.tickets
        elif row.metric == "service" and row.state is TicketState.DONE and row.value is not None:
            timed[key] = timed.get(key, 0) + row.tickets
            if row.value <= standard:
                within[key] = within.get(key, 0) + row.tickets
    return [CountRow(*key, n, timed.get(key, 0), within.get(key, 0)) for key, n in tickets.items()]


def wait_buckets(rows: Iterable[ValueRow]) -> dict[int, int]:
    """Tickets per wait bucket: ``WAIT_BUCKET_SECONDS`` wide, the last one open-ended."""
    buckets: dict[int, int] = {}
    for row in rows:
        if row.metric == "wait" and row.value is not None:
            bucket = min(max(0, row.value // WAIT_BUCKET_SECONDS), WAIT_BUCKETS)
            buckets[bucket] = buckets.get(bucket, 0) + row.tickets
    return buckets


@dataclass(frozen=True)
class DutyRow:
    """One operator's day: first call, last end, tickets handled, time spent on them."""

    user_id: int
    day: date
    first_call: datetime
    last_end: datetime
    handled: int
    served: int
    busy_seconds: float
    break_seconds: float = 0.0  # their counter on a break or closed within the span


@dataclass(frozen=True)
class DayRow:
    day: date
    counts: Counts
    wait_mean: float | None
    service_mean: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            **asdict(self.counts),
            "wait_mean": self.wait_mean,
            "service_mean": self.service_mean,
        }


def is_overdue(due_date: date, closed_on: date | None, as_of: date) -> bool:
    """The one definition of an overdue follow-up ("Tindak lanjut terlambat").

    Overdue means the document is still not handed over (``closed_on`` is None as of
    ``as_of``) after its due date. A document handed over late is no longer overdue: it
    is "handed over late" (``FollowUp.handed_over_late``), a different figure. The
    dashboard's tile and table, the reports and the CLI all count with this function,
    so they cannot disagree.
    """
    return closed_on is None and due_date < as_of


@dataclass(frozen=True)
class FollowUp:
    """A finished service whose document is due later."""

    ticket_id: str
    label: str
    service_day: date
    service_id: int
    due_date: date
    closed_on: date | None  # office-local date of the hand-over, if by the as-of date

    def is_overdue(self, as_of: date) -> bool:
        """Still open after its due date (see :func:`is_overdue`)."""
        return is_overdue(self.due_date, self.closed_on, as_of)

    @property
    def handed_over_late(self) -> bool:
        return self.closed_on is not None and self.closed_on > self.due_date


@dataclass(frozen=True)
class FollowUpFigures:
    total: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0  # the period's follow-ups open past the due date
    closed_late: int = 0
    backlog_before: int = 0  # open follow-ups from before the period
    backlog_overdue: int = 0  # ... of which past their due date

    @property
    def overdue_total(self) -> int:
        """Every follow-up overdue as of the judging day: the period's and older ones.

        What the dashboard's tile, the report's summary and the CLI show: the number of
        rows marked "Terlambat" in the follow-up table (which lists both).
        """
        return self.overdue + self.backlog_overdue

    @classmethod
    def of(
        cls,
        items: Sequence[FollowUp],
        as_of: date,
        backlog_before: int = 0,
        backlog_overdue: int = 0,
    ) -> FollowUpFigures:
        closed = [f for f in items if f.closed_on is not None]
        return cls(
            total=len(items),
            closed=len(closed),
            open=len(items) - len(closed),
            overdue=sum(1 for f in items if f.is_overdue(as_of)),
            closed_late=sum(1 for f in closed if f.handed_over_late),
            backlog_before=backlog_before,
            backlog_overdue=backlog_overdue,
        )


# -- the figures -----------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """Served within the standard time: ``within`` of ``timed`` served tickets."""

    within: int = 0
    timed: int = 0

    @property
    def ratio(self) -> float | None:
        return round(self.within / self.timed, 4) if self.timed else None

    def to_json(self) -> dict[str, Any]:
        return {"within": self.within, "timed": self.timed, "share": self.ratio}


@dataclass(frozen=True)
class GroupFigures:
    """One row of a breakdown (a service, a counter or an operator)."""

    key: int
    code: str
    name: str
    counts: Counts
    waiting_time: Summary
    walk_time: Summary
    service_time: Summary
    within_standard: Share
    standard_minutes: int | None = None

    def to_json(self, key_name: str) -> dict[str, Any]:
        data = {
            key_name: self.key,
            "code": self.code,
            "name": self.name,
            **asdict(self.counts),
            "waiting_time": summary_json(self.waiting_time),
            "service_time": summary_json(self.service_time),
            "walk_time": summary_json(self.walk_time),
            "within_standard": self.within_standard.to_json(),
        }
        if self.standard_minutes is not None:
            data["standard_minutes"] = self.standard_minutes
        return data


@dataclass(frozen=True)
class Productivity:
    """An operator's pace: served per hour on duty and the idle time between tickets.

    Duty on a day runs from their first call to the end of their last ticket, less the
    time their counter was on a break or closed; busy time is call-to-end of each ticket
    they handled; idle is the rest.
    """

    days: int = 0
    handled: int = 0
    duty_seconds: int = 0
    busy_seconds: int = 0

    @property
    def idle_seconds(self) -> int:
        return max(0, self.duty_seconds - self.busy_seconds)

    def per_hour(self, served: int) -> float | None:
        return round(served / (self.duty_seconds / 3600), 2) if self.duty_seconds > 0 else None

    @property
    def mean_idle_gap(self) -> float | None:
        """Mean idle seconds between two tickets of the same day."""
        gaps = self.handled - self.days
        return round(self.idle_seconds / gaps, 1) if gaps > 0 else None


@dataclass(frozen=True)
class OperatorFigures:
    group: GroupFigures
    productivity: Productivity

    def to_json(self) -> dict[str, Any]:
        p = self.productivity
        return {
            **self.group.to_json("user_id"),
            "days_on_duty": p.days,
            "duty_seconds": p.duty_seconds,
            "busy_seconds": p.busy_seconds,
            "idle_seconds": p.idle_seconds,
            "served_per_hour": p.per_hour(self.group.counts.served),
            "mean_idle_gap": p.mean_idle_gap,
        }


@dataclass(frozen=True)
class PeriodStats:
    """A period's figures; over one day they equal ``day_stats`` of that day."""

    period: Period
    counts: Counts
    taken: int
    transfers_in: int
    waiting_time: Summary
    walk_time: Summary
    service_time: Summary
    within_standard: Share
    by_service: list[GroupFigures] = field(default_factory=list)
    by_counter: list[GroupFigures] = field(default_factory=list)
    by_operator: list[OperatorFigures] = field(default_factory=list)
    by_hour: list[dict[str, int]] = field(default_factory=list)
    by_day: list[DayRow] = field(default_factory=list)
    wait_histogram: list[int] = field(default_factory=list)  # WAIT_BUCKETS + 1 counts
    follow_ups: FollowUpFigures = field(default_factory=FollowUpFigures)
    ratings: RatingSummary = field(default_factory=lambda: RatingSummary((0, 0, 0, 0)))
    skm: SkmResult | None = None
    as_of: date | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
        }
        if self.period.is_day:
            data["date"] = self.period.start.isoformat()
        data.update(
            {
                **asdict(self.counts),
                "taken": self.taken,
                "transfers_in": self.transfers_in,
                "waiting_time": summary_json(self.waiting_time),
                "service_time": summary_json(self.service_time),
                "walk_time": summary_json(self.walk_time),
                "within_standard": self.within_standard.to_json(),
                "by_service": [g.to_json("service_id") for g in self.by_service],
                "by_counter": [g.to_json("counter_id") for g in self.by_counter],
                "by_operator": [o.to_json() for o in self.by_operator],
                "by_hour": self.by_hour,
                "by_day": [d.to_json() for d in self.by_day],
                "wait_histogram": [
                    {
                        "from_minutes": i * WAIT_BUCKET_SECONDS // 60,
                        "to_minutes": (i + 1) * WAIT_BUCKET_SECONDS // 60
                        if i < WAIT_BUCKETS
                        else None,
                        "tickets": n,
                    }
                    for i, n in enumerate(self.wait_histogram)
                ],
                "follow_ups": {
                    **asdict(self.follow_ups),
                    "overdue_total": self.follow_ups.overdue_total,
                    "as_of": self.as_of.isoformat() if self.as_of else None,
                },
                "ratings": self.ratings.to_json(),
                "skm": self.skm.to_json() if self.skm is not None else None,
            }
        )
        return data


def _summaries(ranked: Iterable[RankedRow]) -> dict[tuple[str, str, int], Summary]:
    return {
        (r.metric, r.dim, r.key): Summary.from_ranks(r.count, r.total, r.maximum, r.at_rank)
        for r in ranked
    }


def _group(
    key: int,
    code: str,
    name: str,
    dim: str,
    rows: Sequence[CountRow],
    summaries: Mapping[tuple[str, str, int], Summary],
    standard_minutes: int | None = None,
) -> GroupFigures:
    counts = Counts()
    for row in rows:
        counts.add(row.state, row.tickets)
    empty = Summary()
    return GroupFigures(
        key=key,
        code=code,
        name=name,
        counts=counts,
        waiting_time=summaries.get(("wait", dim, key), empty),
        walk_time=summaries.get(("walk", dim, key), empty),
        service_time=summaries.get(("service", dim, key), empty),
        within_standard=Share(sum(r.within for r in rows), sum(r.timed for r in rows)),
        standard_minutes=standard_minutes,
    )


def _productivity(rows: Sequence[DutyRow]) -> Productivity:
    duty = busy = 0.0
    for row in rows:
        whole = max(0.0, (row.last_end - row.first_call).total_seconds())
        # A break is neither duty nor idle: idle time counts only while the counter is open.
        span = whole - min(whole, max(0.0, row.break_seconds))
        duty += span
        busy += min(span, row.busy_seconds)
    return Productivity(
        days=len(rows),
        handled=sum(r.handled for r in rows),
        duty_seconds=round(duty),
        busy_seconds=round(busy),
    )


def period_stats(
    period: Period,
    count_rows: Sequence[CountRow],
    ranked: Iterable[RankedRow],
    services: Mapping[int, tuple[str, str, int]],
    counters: Mapping[int, tuple[str, str]],
    users: Mapping[int, str],
    *,
    hours: Mapping[int, tuple[int, int]] | None = None,
    days: Sequence[DayRow] = (),
    duty: Sequence[DutyRow] = (),
    wait_histogram: Mapping[int, int] | None = None,
    follow_ups: FollowUpFigures | None = None,
    ratings: RatingSummary | None = None,
    skm: SkmResult | None = None,
    as_of: date | None = None,
) -> PeriodStats:
    """Figures of a period from its aggregate rows.

    ``services`` maps ids to (code, name, standard minutes), ``counters`` to (code, name),
    ``users`` to names; every service and counter is listed (idle ones with zeros), and
    every operator who handled a ticket. ``hours`` maps the office-local hour (from the
    service day's midnight, so 24 and on past midnight) to (issued, served).
    """
    summaries = _summaries(ranked)
    counts = Counts()
    for row in count_rows:
        counts.add(row.state, row.tickets)
    by_service = [
        _group(
            sid,
            code,
            name,
            "service",
            [r for r in count_rows if r.service_id == sid],
            summaries,
            standard,
        )
        for sid, (code, name, standard) in services.items()
    ]
    by_counter = [
        _group(
            cid, code, name, "counter", [r for r in count_rows if r.counter_id == cid], summaries
        )
        for cid, (code, name) in counters.items()
    ]
    handled_by = sorted(
        {r.user_id for r in count_rows if r.user_id is not None} | {d.user_id for d in duty}
    )
    by_operator = [
        OperatorFigures(
            _group(
                uid,
                str(uid),
                users.get(uid, f"Petugas #{uid}"),
                "user",
                [r for r in count_rows if r.user_id == uid],
                summaries,
            ),
            _productivity([d for d in duty if d.user_id == uid]),
        )
        for uid in handled_by
    ]
    by_operator.sort(key=lambda o: o.group.name.lower())
    by_hour: list[dict[str, int]] = []
    if hours:
        for hour in range(min(hours), max(hours) + 1):
            issued, served = hours.get(hour, (0, 0))
            by_hour.append({"hour": hour, "issued": issued, "served": served})
    histogram = [0] * (WAIT_BUCKETS + 1)
    for bucket, n in (wait_histogram or {}).items():
        histogram[min(max(0, bucket), WAIT_BUCKETS)] += n
    empty = Summary()
    return PeriodStats(
        period=period,
        counts=counts,
        taken=sum(r.tickets for r in count_rows if not r.is_transfer_in),
        transfers_in=sum(r.tickets for r in count_rows if r.is_transfer_in),
        waiting_time=summaries.get(("wait", "all", 0), empty),
        walk_time=summaries.get(("walk", "all", 0), empty),
        service_time=summaries.get(("service", "all", 0), empty),
        within_standard=Share(sum(r.within for r in count_rows), sum(r.timed for r in count_rows)),
        by_service=by_service,
        by_counter=by_counter,
        by_operator=by_operator,
        by_hour=by_hour,
        by_day=list(days),
        wait_histogram=histogram,
        follow_ups=follow_ups or FollowUpFigures(),
        ratings=ratings or RatingSummary((0, 0, 0, 0)),
        skm=skm,
        as_of=as_of,
    )
