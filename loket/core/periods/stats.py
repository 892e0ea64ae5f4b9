"""``period_stats``: a period's figures from its aggregate rows.

Over a single day the result equals ``day_stats`` of that day: same counts, same
summaries, same hour rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from loket.core.periods.figures import (
    GroupFigures,
    OperatorFigures,
    PeriodStats,
    Productivity,
    Share,
)
from loket.core.periods.follow_ups import FollowUpFigures
from loket.core.periods.period import Period
from loket.core.periods.rows import WAIT_BUCKETS, CountRow, DayRow, DutyRow, RankedRow
from loket.core.skm import RatingSummary, SkmResult
from loket.core.stats import Counts, Summary


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
        by_service=[
            _group(sid, code, name, "service", [r for r in count_rows if r.service_id == sid],
                   summaries, standard)
            for sid, (code, name, standard) in services.items()
        ],
        by_counter=[
            _group(cid, code, name, "counter", [r for r in count_rows if r.counter_id == cid],
                   summaries)
            for cid, (code, name) in counters.items()
        ],
        by_operator=_by_operator(count_rows, summaries, users, duty),
        by_hour=_by_hour(hours or {}),
        by_day=list(days),
        wait_histogram=_histogram(wait_histogram or {}),
        follow_ups=follow_ups or FollowUpFigures(),
        ratings=ratings or RatingSummary((0, 0, 0, 0)),
        skm=skm,
        as_of=as_of,
    )  # fmt: skip


def _by_operator(
    count_rows: Sequence[CountRow],
    summaries: Mapping[tuple[str, str, int], Summary],
    users: Mapping[int, str],
    duty: Sequence[DutyRow],
) -> list[OperatorFigures]:
    """Every operator who handled a ticket or was on duty, A–Z by name."""
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
    return by_operator


def _by_hour(hours: Mapping[int, tuple[int, int]]) -> list[dict[str, int]]:
    """Every hour from the first to the last with tickets, the quiet ones too."""
    by_hour: list[dict[str, int]] = []
    if hours:
        for hour in range(min(hours), max(hours) + 1):
            issued, served = hours.get(hour, (0, 0))
            by_hour.append({"hour": hour, "issued": issued, "served": served})
    return by_hour


def _histogram(wait_histogram: Mapping[int, int]) -> list[int]:
    """Tickets per wait bucket; the last bucket holds every longer wait."""
    histogram = [0] * (WAIT_BUCKETS + 1)
    for bucket, n in wait_histogram.items():
        histogram[min(max(0, bucket), WAIT_BUCKETS)] += n
    return histogram
