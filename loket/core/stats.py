"""Counter figures arithmetic: what a day's tickets add up to.

The app layer fetches one row of facts per ticket (a day is a few hundred rows) and this
module turns them into the figures the supervisor and the city see, so the desk, the
CLI and the server compute them the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from loket.core.tickets import OPEN_STATES, TicketState


@dataclass(frozen=True)
class Summary:
    """Mean, median, 90th percentile and maximum of a set of durations, in seconds."""

    count: int = 0
    mean: float | None = None
    median: float | None = None
    p90: float | None = None
    max: int | None = None

    @classmethod
    def from_ranks(
        cls, count: int, total: int, maximum: int | None, at_rank: Mapping[int, float]
    ) -> Summary:
        """A summary from SQL aggregates and the few ranked values the percentiles need.

        ``at_rank`` maps 0-based ranks of the sorted values to values; it must hold the
        ranks ``percentile_ranks(count)`` names. Same arithmetic as ``of``, so a day read
        through SQL gives exactly the figures of a day summed in Python.
        """
        if count == 0:
            return cls()
        return cls(
            count=count,
            mean=round(total / count, 1),
            median=round(percentile_at(count, 50, at_rank.__getitem__), 1),
            p90=round(percentile_at(count, 90, at_rank.__getitem__), 1),
            max=maximum,
        )

    @classmethod
    def from_counts(cls, counts: Mapping[int, int]) -> Summary:
        """A summary from a histogram: how many times each value occurs.

        The same figures as ``of`` over the values each repeated its count times (the
        percentiles read the two ranks they need off the cumulative counts), so a year
        grouped by value in SQL is a few thousand rows rather than every ticket.
        """
        held = {value: n for value, n in counts.items() if n}
        if any(n < 0 for n in held.values()):
            raise ValueError("a histogram count is negative")
        count = sum(held.values())
        if count == 0:
            return cls()
        total = sum(value * n for value, n in held.items())
        at_rank = values_at_ranks(held, percentile_ranks(count))
        return cls.from_ranks(count, total, max(held), {i: float(v) for i, v in at_rank.items()})

    @classmethod
    def of(cls, values: Iterable[int]) -> Summary:
        data = sorted(values)
        if not data:
            return cls()
        return cls(
            count=len(data),
            mean=round(sum(data) / len(data), 1),
            median=round(percentile(data, 50), 1),
            p90=round(percentile(data, 90), 1),
            max=data[-1],
        )


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Linear interpolation between closest ranks (the spreadsheet PERCENTILE.INC rule)."""
    if not sorted_values:
        raise ValueError("percentile of nothing")
    return percentile_at(len(sorted_values), pct, sorted_values.__getitem__)


#: The percentiles every ``Summary`` shows.
SUMMARY_PERCENTILES = (50, 90)


def _ranks(count: int, pct: float) -> tuple[int, int, float]:
    rank = (count - 1) * pct / 100
    low = math.floor(rank)
    return low, min(low + 1, count - 1), rank - low


def percentile_ranks(count: int, pcts: Iterable[float] = SUMMARY_PERCENTILES) -> set[int]:
    """The 0-based ranks whose values the percentiles of ``count`` sorted values need."""
    ranks: set[int] = set()
    for pct in pcts:
        low, high, _ = _ranks(count, pct)
        ranks.update((low, high))
    return ranks


def values_at_ranks(counts: Mapping[int, int], ranks: Iterable[int]) -> dict[int, int]:
    """The values at the 0-based ``ranks`` of the sorted values a histogram holds.

    ``counts`` maps each value to how many times it occurs (>= 0); rank ``i`` is the i-th
    smallest of the values repeated that many times. A rank outside them is an error.
    """
    wanted = sorted(set(ranks))
    found: dict[int, int] = {}
    if not wanted:
        return found
    if wanted[0] < 0:
        raise IndexError(f"rank {wanted[0]} out of range")
    pending = iter(wanted)
    rank = next(pending)
    below = 0  # how many values are at most the current one
    for value in sorted(counts):
        below += counts[value]
        while rank < below:
            found[rank] = value
            nxt = next(pending, None)
            if nxt is None:
                return found
            rank = nxt
    raise IndexError(f"rank {rank} out of range of {below} values")


def percentile_at(count: int, pct: float, value_at: Callable[[int], float]) -> float:
    """PERCENTILE.INC of ``count`` sorted values, reading only the two ranks it needs.

    ``value_at(i)`` gives the i-th smallest value; SQL hands over just those ranks, so a
    year's percentile needs no year of values in Python.
    """
    if count <= 0:
        raise ValueError("percentile of nothing")
    if count == 1:
        return float(value_at(0))
    low, high, frac = _ranks(count, pct)
    return float(value_at(low) + (value_at(high) - value_at(low)) * frac)


@dataclass(frozen=True)
class TicketFacts:
    """What the figures need of one ticket."""

    service_id: int
    counter_id: int | None
    state: TicketState
    is_transfer_in: bool
    issued_hour: int  # office-local hour the ticket entered the queue
    ended_hour: int | None  # office-local hour it reached its end state
    wait_seconds: int | None
    service_seconds: int | None


@dataclass
class Counts:
    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    transferred: int = 0
    open: int = 0

    def add(self, state: TicketState, n: int = 1) -> None:
        """Count ``n`` tickets in ``state`` (``n`` > 1 for rows a GROUP BY summed)."""
        self.issued += n
        if state is TicketState.DONE:
            self.served += n
        elif state is TicketState.NO_SHOW:
            self.no_show += n
        elif state is TicketState.CANCELLED:
            self.cancelled += n
        elif state is TicketState.TRANSFERRED:
            self.transferred += n
        elif state in OPEN_STATES:
            self.open += n


@dataclass(frozen=True)
class GroupStats:
    key: int
    code: str
    name: str
    counts: Counts
    waiting_time: Summary
    service_time: Summary

    def to_json(self, key_name: str) -> dict[str, Any]:
        return {
            key_name: self.key,
            "code": self.code,
            "name": self.name,
            **asdict(self.counts),
            "waiting_time": _summary_json(self.waiting_time),
            "service_time": _summary_json(self.service_time),
        }


@dataclass(frozen=True)
class DayStats:
    """One office-local day's figures.

    ``issued`` counts every ticket in the day's queues, including the successor a
    transfer opens in its target queue (``transfers_in`` of them); ``taken`` counts the
    numbers citizens took. Each ticket is in exactly one of served, no_show, cancelled,
    transferred or open, so those five add up to ``issued``.
    """

    day: date
    counts: Counts
    taken: int
    transfers_in: int
    waiting_time: Summary
    service_time: Summary
    by_service: list[GroupStats] = field(default_factory=list)
    by_counter: list[GroupStats] = field(default_factory=list)
    by_hour: list[dict[str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            **asdict(self.counts),
            "taken": self.taken,
            "transfers_in": self.transfers_in,
            "waiting_time": _summary_json(self.waiting_time),
            "service_time": _summary_json(self.service_time),
            "by_service": [g.to_json("service_id") for g in self.by_service],
            "by_counter": [g.to_json("counter_id") for g in self.by_counter],
            "by_hour": self.by_hour,
        }


def _summary_json(s: Summary) -> dict[str, Any]:
    return {"count": s.count, "mean": s.mean, "median": s.median, "p90": s.p90, "max": s.max}


def summary_json(s: Summary) -> dict[str, Any]:
    """The JSON form of a summary, as ``loket stats --json`` prints it."""
    return _summary_json(s)


def _group(
    facts: Sequence[TicketFacts], key: int, code: str, name: str, served_only: bool
) -> GroupStats:
    counts = Counts()
    for f in facts:
        counts.add(f.state)
    pool = [f for f in facts if f.state is TicketState.DONE] if served_only else facts
    return GroupStats(
        key=key,
        code=code,
        name=name,
        counts=counts,
        waiting_time=Summary.of(f.wait_seconds for f in pool if f.wait_seconds is not None),
        service_time=Summary.of(
            f.service_seconds
            for f in facts
            if f.state is TicketState.DONE and f.service_seconds is not None
        ),
    )


def day_stats(
    day: date,
    facts: Sequence[TicketFacts],
    services: Mapping[int, tuple[str, str]],
    counters: Mapping[int, tuple[str, str]],
) -> DayStats:
    """Figures of one day from its tickets' facts.

    ``services`` and ``counters`` map ids to (code, name) for the breakdown rows; every
    service and counter is listed, idle ones with zeros, so a report shows who had none.
    """
    counts = Counts()
    for f in facts:
        counts.add(f.state)
    by_service = [
        _group([f for f in facts if f.service_id == sid], sid, code, name, served_only=False)
        for sid, (code, name) in services.items()
    ]
    # A counter is credited with the tickets it served (and transferred / skipped);
    # tickets nobody called are in no counter's row.
    by_counter = [
        _group([f for f in facts if f.counter_id == cid], cid, code, name, served_only=True)
        for cid, (code, name) in counters.items()
    ]
    hours = sorted(
        {f.issued_hour for f in facts} | {f.ended_hour for f in facts if f.ended_hour is not None}
    )
    by_hour = []
    if hours:
        for hour in range(hours[0], hours[-1] + 1):
            by_hour.append(
                {
                    "hour": hour,
                    "issued": sum(1 for f in facts if f.issued_hour == hour),
                    "served": sum(
                        1 for f in facts if f.state is TicketState.DONE and f.ended_hour == hour
                    ),
                }
            )
    return DayStats(
        day=day,
        counts=counts,
        taken=sum(1 for f in facts if not f.is_transfer_in),
        transfers_in=sum(1 for f in facts if f.is_transfer_in),
        waiting_time=Summary.of(f.wait_seconds for f in facts if f.wait_seconds is not None),
        service_time=Summary.of(
            f.service_seconds
            for f in facts
            if f.state is TicketState.DONE and f.service_seconds is not None
        ),
        by_service=by_service,
        by_counter=by_counter,
        by_hour=by_hour,
    )
