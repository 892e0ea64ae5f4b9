"""Booking figures: per day and service, bookings, check-ins, no-shows and messages.

Read by the office (its own) and by the city's ``/pesan/angka`` page (every office).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.server.models import OfficeRow
from loket.server.online.models import OnlineBooking


@dataclass(frozen=True)
class BookingFigures:
    day: date
    service_name: str
    booked: int
    checked_in: int
    no_show: int
    cancelled: int


def booking_figures(
    s: Session, office_id: int | None, first: date, last: date, today: date
) -> list[BookingFigures]:
    """Per day and service: bookings, check-ins, no-shows (a past day's unchecked ones)."""
    query = select(
        OnlineBooking.day,
        OnlineBooking.service_name,
        OnlineBooking.cancelled_at,
        OnlineBooking.checked_in_at,
    ).where(OnlineBooking.day >= first, OnlineBooking.day <= last)
    if office_id is not None:
        query = query.where(OnlineBooking.office_id == office_id)
    tally: dict[tuple[date, str], list[int]] = {}
    for day, service, cancelled, checked in s.execute(query):
        row = tally.setdefault((day, service), [0, 0, 0, 0])
        if cancelled is not None:
            row[3] += 1
            continue
        row[0] += 1
        if checked is not None:
            row[1] += 1
        elif day < today:
            row[2] += 1
    return [
        BookingFigures(day, service, *values) for (day, service), values in sorted(tally.items())
    ]


@dataclass(frozen=True)
class CityOnlineRow:
    office_code: str
    office_name: str
    day: date
    service_name: str
    booked: int = 0
    checked_in: int = 0
    no_show: int = 0
    cancelled: int = 0
    sent: int = 0
    failed: int = 0


def city_online_figures(s: Session, first: date, last: date, today: date) -> list[CityOnlineRow]:
    """Per office, day and service: bookings, check-ins, no-shows, messages sent/failed."""
    from loket.server.online.models import OnlineMessageCount

    offices = {o.id: (o.code, o.name) for o in s.scalars(select(OfficeRow))}
    tally: dict[tuple[int, date, str], dict[str, int]] = {}
    rows = s.execute(
        select(OnlineBooking.office_id, OnlineBooking.day, OnlineBooking.service_name,
               OnlineBooking.cancelled_at.is_not(None), OnlineBooking.checked_in_at.is_not(None),
               func.count())
        .where(OnlineBooking.day >= first, OnlineBooking.day <= last)
        .group_by(OnlineBooking.office_id, OnlineBooking.day, OnlineBooking.service_name,
                  OnlineBooking.cancelled_at.is_not(None),
                  OnlineBooking.checked_in_at.is_not(None))
    ).all()  # fmt: skip
    for office_id, day, service, cancelled, checked, count in rows:
        row = tally.setdefault((office_id, day, service), {})
        if cancelled:
            row["cancelled"] = row.get("cancelled", 0) + count
            continue
        row["booked"] = row.get("booked", 0) + count
        if checked:
            row["checked_in"] = row.get("checked_in", 0) + count
        elif day < today:
            row["no_show"] = row.get("no_show", 0) + count
    for m in s.scalars(
        select(OnlineMessageCount).where(
            OnlineMessageCount.day >= first, OnlineMessageCount.day <= last
        )
    ):
        row = tally.setdefault((m.office_id, m.day, m.service_name), {})
        row["sent"] = row.get("sent", 0) + m.sent
        row["failed"] = row.get("failed", 0) + m.failed
    out = []
    for (office_id, day, service), values in tally.items():
        code, name = offices.get(office_id, ("", ""))
        out.append(CityOnlineRow(code, name, day, service, **values))
    return sorted(out, key=lambda r: (r.day, r.office_name, r.service_name))
