"""Bookings made ahead on the city server: sessions with quotas, the codes, the citizen's side.

The desks' side (their session rules, the hub's pull, check-ins) is ``booking_desk``;
the figures per day and service are ``booking_figures``.

A quota, and one booking per phone number per office per day, hold under any number of
simultaneous bookings: the booking transaction locks its office and its session rule first
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write transactions are serialized by
``BEGIN IMMEDIATE``), then looks up the phone, counts, then inserts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.core.errors import InvalidInput, LoketError, NotFound
from loket.core.nik import parse_nik
from loket.server.models import OfficeRow
from loket.server.online.models import OnlineBooking, OnlineKey, OnlineSessionRule
from loket.sync.booking_codes import (
    SignedBooking,
    new_code,
    new_private_key,
    public_key_of,
    sign,
)
from loket.sync.schemas import MAX_ID

#: How far ahead citizens may book.
BOOK_DAYS = 14


class QuotaFull(LoketError):
    """The session has no seat left."""


class AlreadyBooked(LoketError):
    """This phone number already holds a booking at this office on that day."""


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


def clean_name(raw: str) -> str:
    """The name as kept: spaces folded, at most 100 characters, no control character
    (a NUL was a 500 on PostgreSQL, whose text cannot hold one)."""
    name = " ".join(raw.split())[:100]
    if not name:
        raise InvalidInput("Nama wajib diisi.")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise InvalidInput("Nama berisi karakter yang tidak sah.")
    return name


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
    name = clean_name(name)
    clean = clean_phone(phone)
    last4 = parse_nik(nik).nik[-4:] if nik.strip() else None
    if not 0 < rule_id <= MAX_ID:  # a number no BIGINT holds: the driver would raise
        raise NotFound("Sesi ini tidak ada atau sudah ditutup.")
    office = office_by_code(s, office_code)
    rule = _locked_open_rule(s, office, rule_id, day, now)
    _one_per_phone(s, office.id, day, clean)
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


def _locked_open_rule(
    s: Session, office: OfficeRow, rule_id: int, day: date, now: datetime
) -> OnlineSessionRule:
    """The session booked, locked with its office, or a refusal when it is not open then."""
    # The office row: one phone's bookings of two sessions queue here too (the rule lock
    # only orders bookings of the same session), then the phone is looked up.
    s.scalars(select(OfficeRow.id).where(OfficeRow.id == office.id).with_for_update()).one()
    # The rule row: concurrent bookings of this session queue here, then count.
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
    return rule


def _one_per_phone(s: Session, office_id: int, day: date, phone: str) -> None:
    """One active booking per phone number per office per day: without it one number could
    take every seat of every session, and the office's citizens find none left."""
    held = s.scalar(
        select(OnlineBooking.code).where(
            OnlineBooking.office_id == office_id,
            OnlineBooking.day == day,
            OnlineBooking.phone == phone,
            OnlineBooking.cancelled_at.is_(None),
        )
    )
    if held is not None:
        raise AlreadyBooked(
            f"Nomor HP ini sudah punya booking {held} di kantor ini pada tanggal itu. Satu "
            "nomor HP satu booking per hari; batalkan booking itu dulu untuk memilih sesi lain."
        )


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
