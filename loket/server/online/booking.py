"""Bookings made ahead on the city server: sessions with quotas, the codes, the hub's pull.

A quota holds under any number of simultaneous bookings: the booking transaction locks
its session rule first (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write
transactions are serialized by ``BEGIN IMMEDIATE``), then counts, then inserts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from loket.core.errors import InvalidInput, LoketError, NotFound
from loket.core.nik import parse_nik
from loket.server.admin import AuthedDesk
from loket.server.models import OfficeRow
from loket.server.online.models import OnlineBooking, OnlineKey, OnlineSessionRule
from loket.sync.booking_codes import (
    SignedBooking,
    new_code,
    new_private_key,
    public_key_of,
    sign,
)
from loket.sync.online_schemas import (
    BookingOut,
    BookingsResponse,
    CheckIns,
    SessionRule,
)

#: How far ahead citizens may book.
BOOK_DAYS = 14
#: A booking's name and phone number are cleared this many days after its day.
KEEP_PERSONAL_DAYS = 30


class QuotaFull(LoketError):
    """The session has no seat left."""


@dataclass(frozen=True)
class SessionSlot:
    rule_id: int
    service_prefix: str
    service_name: str
    day: date
    start: str
    end: str
    quota: int
    booked: int

    @property
    def left(self) -> int:
        return max(0, self.quota - self.booked)


def city_key(s: Session, now: datetime) -> tuple[bytes, str]:
    """(private raw bytes, public base64url): made once, then always the same."""
    row = s.scalars(select(OnlineKey).order_by(OnlineKey.id).limit(1)).first()
    if row is None:
        private = new_private_key()
        row = OnlineKey(
            private_raw=private.hex(), public_key=public_key_of(private), created_at=now
        )
        s.add(row)
        s.flush()
    return bytes.fromhex(row.private_raw), row.public_key


def office_by_code(s: Session, code: str) -> OfficeRow:
    office = s.scalars(select(OfficeRow).where(OfficeRow.code == code[:20])).first()
    if office is None:
        raise NotFound("Kode kantor ini tidak terdaftar di server kota.")
    return office


def local_now(office: OfficeRow, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(office.zone))


def slots(s: Session, office: OfficeRow, now: datetime, days: int = BOOK_DAYS) -> list[SessionSlot]:
    """Every bookable session from today on (ended ones left out), with seats taken."""
    rules = s.scalars(
        select(OnlineSessionRule)
        .where(OnlineSessionRule.office_id == office.id, OnlineSessionRule.active.is_(True))
        .order_by(OnlineSessionRule.service_prefix, OnlineSessionRule.start)
    ).all()
    if not rules:
        return []
    today_local = local_now(office, now)
    first = today_local.date()
    last = first + timedelta(days=days - 1)
    counts = dict(
        ((rule_id, day), n)
        for rule_id, day, n in s.execute(
            select(OnlineBooking.rule_id, OnlineBooking.day, func.count())
            .where(
                OnlineBooking.office_id == office.id,
                OnlineBooking.day >= first,
                OnlineBooking.day <= last,
                OnlineBooking.cancelled_at.is_(None),
            )
            .group_by(OnlineBooking.rule_id, OnlineBooking.day)
        ).all()
    )
    out = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        for rule in rules:
            if str(day.isoweekday()) not in rule.weekdays:
                continue
            if offset == 0 and today_local.time() >= time.fromisoformat(rule.end):
                continue
            out.append(
                SessionSlot(
                    rule.id,
                    rule.service_prefix,
                    rule.service_name,
                    day,
                    rule.start,
                    rule.end,
                    rule.quota,
                    int(counts.get((rule.id, day), 0)),
                )
            )
    return out


def clean_phone(raw: str) -> str:
    digits = re.sub(r"[\s().-]", "", unicodedata.normalize("NFKC", raw))
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not (
        digits.isascii() and digits.isdigit() and digits.startswith("0") and 9 <= len(digits) <= 14
    ):
        raise InvalidInput("Nomor HP tidak valid (contoh: 0812-3456-7890).")
    return digits


@dataclass(frozen=True)
class Booked:
    code: str
    office_name: str
    office_code: str
    service_name: str
    day: date
    start: str
    end: str
    qr_text: str
    cancelled: bool
    checked_in: bool
    ticket_label: str | None


def book(
    s: Session,
    office_code: str,
    rule_id: int,
    day: date,
    *,
    name: str,
    phone: str,
    nik: str,
    consent: bool,
    now: datetime,
) -> Booked:
    """One booking, or a refusal in Indonesian (full, closed, past, bad input)."""
    name = " ".join(name.split())[:100]
    if not name:
        raise InvalidInput("Nama wajib diisi.")
    clean = clean_phone(phone)
    last4 = parse_nik(nik).nik[-4:] if nik.strip() else None
    office = office_by_code(s, office_code)
    # Lock the rule row: concurrent bookings of this session queue here, then count.
    rule = s.scalars(
        select(OnlineSessionRule)
        .where(OnlineSessionRule.id == rule_id, OnlineSessionRule.office_id == office.id)
        .with_for_update()
    ).first()
    if rule is None or not rule.active:
        raise NotFound("Sesi ini tidak ada atau sudah ditutup.")
    open_slots = {(x.rule_id, x.day) for x in slots(s, office, now)}
    if (rule.id, day) not in open_slots:
        raise InvalidInput("Sesi ini tidak dapat dipesan pada tanggal itu.")
    taken = s.scalar(
        select(func.count()).where(
            OnlineBooking.rule_id == rule.id,
            OnlineBooking.day == day,
            OnlineBooking.cancelled_at.is_(None),
        )
    )
    if int(taken or 0) >= rule.quota:
        raise QuotaFull("Kuota sesi ini sudah penuh. Pilih sesi atau hari lain.")
    code = new_code()
    while s.scalar(select(func.count()).where(OnlineBooking.code == code)):
        code = new_code()
    booking = OnlineBooking(
        office_id=office.id,
        rule_id=rule.id,
        code=code,
        day=day,
        service_prefix=rule.service_prefix,
        service_name=rule.service_name,
        start=rule.start,
        end=rule.end,
        name=name,
        phone=clean,
        nik_last4=last4,
        consent=consent,
        created_at=now,
    )
    s.add(booking)
    s.flush()
    return view(s, booking, now)


def view(s: Session, booking: OnlineBooking, now: datetime) -> Booked:
    office = s.get(OfficeRow, booking.office_id)
    assert office is not None
    private, _public = city_key(s, now)
    signed = SignedBooking(
        office.code, booking.code, booking.service_prefix, booking.day, booking.start, booking.end
    )
    return Booked(
        booking.code,
        office.name,
        office.code,
        booking.service_name,
        booking.day,
        booking.start,
        booking.end,
        sign(signed, private),
        booking.cancelled_at is not None,
        booking.checked_in_at is not None,
        booking.ticket_label,
    )


def find(s: Session, code: str) -> OnlineBooking | None:
    return s.scalars(select(OnlineBooking).where(OnlineBooking.code == code)).first()


def cancel(s: Session, code: str, now: datetime) -> OnlineBooking:
    booking = s.scalars(
        select(OnlineBooking).where(OnlineBooking.code == code).with_for_update()
    ).first()
    if booking is None:
        raise NotFound("Kode booking tidak ditemukan.")
    if booking.checked_in_at is not None:
        raise InvalidInput("Booking ini sudah check-in di kantor; tidak dapat dibatalkan.")
    if booking.cancelled_at is None:
        booking.cancelled_at = now
    return booking


def replace_desk_rules(
    s: Session, desk: AuthedDesk, rules: list[SessionRule], now: datetime
) -> int:
    """The office's own sessions replace what it synced before (bookings keep theirs)."""
    old = s.scalars(
        select(OnlineSessionRule).where(
            OnlineSessionRule.office_id == desk.office_id, OnlineSessionRule.source == "desk"
        )
    ).all()
    by_key = {(r.service_prefix, r.weekdays, r.start, r.end): r for r in old}
    kept = set()
    for rule in rules:
        key = (rule.service_prefix, rule.weekdays, rule.start, rule.end)
        row = by_key.get(key)
        if row is None:
            row = OnlineSessionRule(office_id=desk.office_id, source="desk", **key_dict(key))
            s.add(row)
        row.service_name, row.quota, row.active, row.updated_at = (
            rule.service_name,
            rule.quota,
            True,
            now,
        )
        kept.add(key)
    for key, row in by_key.items():
        if key not in kept:
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
    # Names and numbers are needed until the day is over; a month on, they go.
    s.execute(
        update(OnlineBooking)
        .where(OnlineBooking.office_id == desk.office_id,
               OnlineBooking.day < first - timedelta(days=KEEP_PERSONAL_DAYS),
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
