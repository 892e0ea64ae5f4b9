"""A period's figures: what a day or a range of days of tickets add up to.

The app layer reads a period through SQL aggregates (``rows``: GROUP BY rows, and each
duration as a histogram) so a year is a few thousand small rows, never a year of
tickets; ``stats.period_stats`` turns those rows into the figures (``figures``). Over a
single day the result equals ``day_stats`` of that day. ``period`` is the range of days
itself, ``follow_ups`` the documents due later and the one rule of "overdue".
"""

from loket.core.periods.figures import (
    GroupFigures,
    OperatorFigures,
    PeriodStats,
    Productivity,
    Share,
)
from loket.core.periods.follow_ups import FollowUp, FollowUpFigures, is_overdue
from loket.core.periods.period import MAX_DAYS, MONTHS_ID, Period, long_date_id
from loket.core.periods.rows import (
    WAIT_BUCKET_SECONDS,
    WAIT_BUCKETS,
    CountRow,
    DayRow,
    DutyRow,
    RankedRow,
    ValueRow,
    count_rows_from_values,
    ranked_from_values,
    wait_buckets,
)
from loket.core.periods.stats import period_stats

__all__ = [
    "MAX_DAYS",
    "MONTHS_ID",
    "WAIT_BUCKETS",
    "WAIT_BUCKET_SECONDS",
    "CountRow",
    "DayRow",
    "DutyRow",
    "FollowUp",
    "FollowUpFigures",
    "GroupFigures",
    "OperatorFigures",
    "Period",
    "PeriodStats",
    "Productivity",
    "RankedRow",
    "Share",
    "ValueRow",
    "count_rows_from_values",
    "is_overdue",
    "long_date_id",
    "period_stats",
    "ranked_from_values",
    "wait_buckets",
]
