"""The office-local service day, and follow-up due dates.

Timestamps are UTC everywhere; the *service day* is the date on the office's wall clock,
so a desk in Jayapura rolls over at 15:00 UTC and one in Jakarta at 17:00 UTC.
"""

from __future__ import annotations

import math
from collections.abc import Container
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from loket.core.errors import InvalidInput

#: The zones of Indonesia: WIB, WITA, WIT (no daylight saving).
INDONESIAN_ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

#: Minutes in an office working day, used to turn a standard time into working days.
OFFICE_DAY_MINUTES = 7 * 60 + 30


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(f"Zona waktu tidak dikenal: {name!r}.", zone=name) from exc


def utc_now() -> datetime:
    return datetime.now(UTC)


def service_day(at: datetime, tz: ZoneInfo) -> date:
    """The office-local date of an aware instant."""
    if at.tzinfo is None:
        raise ValueError("naive datetime: Loket keeps every instant aware")
    return at.astimezone(tz).date()


def hour_of_day(at: datetime, day: date, tz: ZoneInfo) -> int:
    """Whole hours from the office-local midnight starting ``day``.

    Past midnight this goes on counting (24, 25...) so a ticket finished after midnight
    stays in its own service day's row instead of landing in hour 0.
    """
    start, _ = day_bounds_utc(day, tz)
    return int((at - start).total_seconds() // 3600)


def day_bounds_utc(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where an office-local day starts and ends (end exclusive)."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    return start.astimezone(UTC), (start + timedelta(days=1)).astimezone(UTC)


def add_working_days(start: date, days: int, holidays: Container[date] = ()) -> date:
    """``days`` working days after ``start``: Saturdays, Sundays and holidays skipped."""
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current


def follow_up_due(finished_on: date, standard_minutes: int, holidays: Container[date] = ()) -> date:
    """When a document that could not be finished today is due.

    The standard time counts in office working days (7.5 h each), at least one:
    a 15-minute service not finished today is due the next working day.
    """
    workdays = max(1, math.ceil(max(0, standard_minutes) / OFFICE_DAY_MINUTES))
    return add_working_days(finished_on, workdays, holidays)
