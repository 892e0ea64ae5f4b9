"""The aggregate rows the app reads a period as (SQL GROUP BY rows and histograms).

Each duration comes as a histogram (tickets per group and value), bounded by the range of
the durations rather than by the number of tickets: a year is a few thousand small rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from loket.core.stats import Counts, percentile_ranks, values_at_ranks
from loket.core.tickets import TicketState

#: Wait-time distribution: ten-minute buckets up to two hours, then "two hours or more".
WAIT_BUCKET_SECONDS = 600
WAIT_BUCKETS = 12


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
