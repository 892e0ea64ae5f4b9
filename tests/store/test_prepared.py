"""The queue's own value conversions give exactly what SQLAlchemy's would.

``loket.store.prepared`` converts the commonest parameters (UTC datetimes, dates) and
results (UTC datetimes) itself, for speed (issue 14); a row written or read by the
queue must stay byte for byte what the ORM writes and reads.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Date

from loket.app.desk.tx import new_id
from loket.sql.types import UTCDateTime
from loket.store.prepared import DIALECT, bind_processor, result_processor

WIB = timezone(timedelta(hours=7))
MOMENTS = [
    datetime(2025, 6, 11, 3, 30, tzinfo=UTC),  # no microseconds: still six digits
    datetime(2025, 6, 11, 3, 30, 0, 322000, tzinfo=UTC),
    datetime(2025, 6, 11, 23, 59, 59, 999999, tzinfo=WIB),  # another zone: to UTC
    datetime(2024, 2, 29, 0, 0, 0, 1, tzinfo=WIB),  # the day before in UTC
    datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=UTC),  # a short year, zero-padded
    datetime(2025, 6, 11, 3, 30, 0, 5, tzinfo=timezone(timedelta(0))),  # UTC, not ``UTC``
]


def _sqlalchemy_bind(type_: object, value: object) -> object:
    """SQLAlchemy's own conversion (a decorator's included), as the ORM applies it."""
    processor = type_.dialect_impl(DIALECT).bind_processor(DIALECT)  # type: ignore[attr-defined]
    return processor(value) if processor else value


@pytest.mark.parametrize("moment", MOMENTS)
def test_utc_datetimes_are_written_and_read_as_sqlalchemy_does(moment: datetime) -> None:
    column = UTCDateTime()
    text = bind_processor(column)(moment)  # type: ignore[misc]
    assert text == _sqlalchemy_bind(column, moment)
    general = column.dialect_impl(DIALECT).result_processor(DIALECT, None)
    assert general is not None
    expected = general(text)
    assert result_processor(column)(text) == expected  # type: ignore[misc]
    assert expected == moment


def test_an_empty_value_stays_empty() -> None:
    for type_ in (UTCDateTime(), Date()):
        assert bind_processor(type_)(None) is None  # type: ignore[misc]
        assert result_processor(type_) is None or result_processor(type_)(None) is None  # type: ignore[misc]


def test_a_naive_datetime_is_still_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        bind_processor(UTCDateTime())(datetime(2025, 6, 11, 3, 30))  # type: ignore[misc]


@pytest.mark.parametrize("day", [date(2025, 6, 11), date(999, 1, 2), date(2024, 12, 31)])
def test_dates_are_written_as_sqlalchemy_does(day: date) -> None:
    assert bind_processor(Date())(day) == _sqlalchemy_bind(Date(), day)  # type: ignore[misc]


def test_new_ids_are_version_4_uuids_in_their_usual_text() -> None:
    ids = {new_id() for _ in range(1000)}
    assert len(ids) == 1000
    for text in list(ids)[:50]:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and str(parsed) == text
