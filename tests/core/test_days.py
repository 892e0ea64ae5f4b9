from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from loket.core.days import add_working_days, follow_up_due, hour_of_day, service_day, zone
from loket.core.errors import InvalidInput


def test_service_day_follows_the_office_zone() -> None:
    at = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)  # 23:30 WIB, 00:30 WITA, 01:30 WIT
    assert service_day(at, zone("Asia/Jakarta")) == date(2026, 11, 23)
    assert service_day(at, zone("Asia/Makassar")) == date(2026, 11, 24)
    assert service_day(at, zone("Asia/Jayapura")) == date(2026, 11, 24)


def test_naive_times_and_unknown_zones_are_refused() -> None:
    with pytest.raises(ValueError):
        service_day(datetime(2026, 1, 1), zone("Asia/Jakarta"))
    with pytest.raises(InvalidInput):
        zone("Mars/Olympus")


def test_hour_of_day_keeps_counting_past_midnight() -> None:
    tz = zone("Asia/Jakarta")
    day = date(2026, 11, 23)
    assert hour_of_day(datetime(2026, 11, 23, 2, 15, tzinfo=UTC), day, tz) == 9
    assert hour_of_day(datetime(2026, 11, 23, 17, 30, tzinfo=UTC), day, tz) == 24


def test_follow_up_due_skips_weekends_and_holidays() -> None:
    friday = date(2026, 11, 27)
    assert follow_up_due(friday, 15) == date(2026, 11, 30)  # Monday
    assert follow_up_due(friday, 15, holidays={date(2026, 11, 30)}) == date(2026, 12, 1)
    assert follow_up_due(date(2026, 11, 23), 3 * 450) == date(2026, 11, 26)  # 3 working days
    assert add_working_days(friday, 0) == friday
