"""A period's figures as the reports, the dashboard and ``loket stats --json`` read them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from loket.core.periods.follow_ups import FollowUpFigures
from loket.core.periods.period import Period
from loket.core.periods.rows import WAIT_BUCKET_SECONDS, WAIT_BUCKETS, DayRow
from loket.core.skm import RatingSummary, SkmResult
from loket.core.stats import Counts, Summary, summary_json


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
