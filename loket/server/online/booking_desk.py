"""The desks' side of booking ahead: their session rules, the hub's pull, check-ins.

A hub pulls its office's bookings (with the key that verifies their QR codes) and reports
check-ins back; the office's admin's session rules replace what it synced before.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loket.server.admin import AuthedDesk
from loket.server.online.booking import city_key, office_by_code
from loket.server.online.models import OnlineBooking, OnlineSessionRule
from loket.sync.online_schemas import BookingOut, BookingsResponse, CheckIns, SessionRule

#: A booking's name and phone number are cleared this many days after its day.
KEEP_PERSONAL_DAYS = 30


def replace_desk_rules(
    s: Session, desk: AuthedDesk, rules: list[SessionRule], now: datetime
) -> int:
    """The office's own sessions replace what it synced before (bookings keep theirs).

    One row per session: the same session twice in a set updates one row, and rows that
    are already doubled (made so before) are folded into one. Two identical rules used to
    make two rows, and the next set deactivated only one of them: a session the office
    had removed stayed bookable.
    """
    old = s.scalars(
        select(OnlineSessionRule)
        .where(OnlineSessionRule.office_id == desk.office_id, OnlineSessionRule.source == "desk")
        .order_by(OnlineSessionRule.id)
    ).all()
    by_key: dict[tuple[str, str, str, str], list[OnlineSessionRule]] = {}
    for r in old:
        by_key.setdefault((r.service_prefix, r.weekdays, r.start, r.end), []).append(r)
    kept: dict[tuple[str, str, str, str], OnlineSessionRule] = {}
    for rule in rules:
        key = (rule.service_prefix, rule.weekdays, rule.start, rule.end)
        row = kept.get(key) or next(iter(by_key.get(key, [])), None)
        if row is None:
            row = OnlineSessionRule(office_id=desk.office_id, source="desk", **key_dict(key))
            s.add(row)
        row.service_name, row.quota, row.active, row.updated_at = (
            rule.service_name,
            rule.quota,
            True,
            now,
        )
        kept[key] = row
    for key, rows in by_key.items():
        for row in rows:
            if kept.get(key) is not row and row.active:
                row.active = False  # bookings already made still point at it
                row.updated_at = now
    return len(rules)


def key_dict(key: tuple[str, str, str, str]) -> dict[str, str]:
    prefix, weekdays, start, end = key
    return {"service_prefix": prefix, "weekdays": weekdays, "start": start, "end": end}


def add_server_rule(s: Session, office_code: str, rule: SessionRule, now: datetime) -> int:
    office = office_by_code(s, office_code)
    row = OnlineSessionRule(
        office_id=office.id,
        source="server",
        service_name=rule.service_name,
        quota=rule.quota,
        active=True,
        updated_at=now,
        **key_dict((rule.service_prefix, rule.weekdays, rule.start, rule.end)),
    )
    s.add(row)
    s.flush()
    return row.id


def desk_bookings(
    s: Session, desk: AuthedDesk, first: date, last: date, now: datetime
) -> BookingsResponse:
    _private, public = city_key(s, now)
    # Names and numbers are needed until the day is over; a month on, they go. A month by
    # the server's clock, not the desk's ``first``: a hub whose clock ran years ahead
    # wiped the names and numbers of every booking still to come.
    s.execute(
        update(OnlineBooking)
        .where(OnlineBooking.office_id == desk.office_id,
               OnlineBooking.day < now.date() - timedelta(days=KEEP_PERSONAL_DAYS),
               OnlineBooking.phone != "")
        .values(name="", phone="")
    )  # fmt: skip
    rows = s.scalars(
        select(OnlineBooking)
        .where(
            OnlineBooking.office_id == desk.office_id,
            OnlineBooking.day >= first,
            OnlineBooking.day <= last,
        )
        .order_by(OnlineBooking.day, OnlineBooking.start, OnlineBooking.id)
    ).all()
    return BookingsResponse(
        public_key=public,
        bookings=[
            BookingOut(
                code=b.code,
                service_prefix=b.service_prefix,
                service_name=b.service_name,
                day=b.day,
                start=b.start,
                end=b.end,
                name=b.name,
                phone=b.phone,
                consent=b.consent,
                cancelled=b.cancelled_at is not None,
                checked_in=b.checked_in_at is not None,
            )
            for b in rows
        ],
    )


def record_checkins(s: Session, desk: AuthedDesk, body: CheckIns) -> int:
    """Mark bookings checked in (a retry changes nothing: the first time is kept)."""
    done = 0
    for item in body.items:
        booking = s.scalars(
            select(OnlineBooking).where(
                OnlineBooking.code == item.code, OnlineBooking.office_id == desk.office_id
            )
        ).first()
        if booking is None:
            continue
        if booking.checked_in_at is None:
            booking.checked_in_at = item.at
            booking.ticket_label = item.label
        done += 1
    return done
