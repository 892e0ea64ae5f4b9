"""Bookings at the office: the hub's pull, the kiosk's check-in, the figures.

A check-in issues the ticket and marks the booking in **one** transaction (the desk's
batch), so a crash between them cannot give a citizen two numbers or a booking none.
Typed codes are looked up among the pulled bookings; a scanned QR (``LKT1.…``) is
checked against the city's public key and honoured even when no pull has brought it
(the office was offline when the citizen booked). The city's cancellations reach the
office with the pull: a QR checked in offline cannot know of one made meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.app.audit import SYSTEM, Actor, record
from loket.app.desk import Desk, IssueResult
from loket.app.office import load_config
from loket.app.online.settings import PLACE_SESSION, load_online
from loket.core.days import service_day
from loket.core.errors import InvalidInput, NotFound
from loket.core.roles import Role
from loket.core.settings import ONLINE_CITY_KEY, ONLINE_SESSIONS, ONLINE_SESSIONS_SENT
from loket.core.tickets import PriorityReason, ticket_label
from loket.store.database import Database
from loket.store.models import TicketRow
from loket.store.online_models import BookingRow
from loket.store.settings import read_setting, write_setting
from loket.sync.booking_codes import (
    BadCode,
    SignedBooking,
    is_signed_text,
    normalize_code,
    shown,
    verify,
)
from loket.sync.online_schemas import BookingsResponse, CheckIn, SessionRule

# -- the pull ----------------------------------------------------------------------------


def store_pulled(db: Database, pulled: BookingsResponse) -> int:
    """Keep the city's bookings (and its key); what the office did with them stays."""
    with db.write() as s:
        write_setting(s, ONLINE_CITY_KEY, pulled.public_key)
        for b in pulled.bookings:
            row = s.get(BookingRow, b.code)
            if row is None:
                row = BookingRow(code=b.code, source="city")
                s.add(row)
            row.service_prefix, row.service_name, row.day = b.service_prefix, b.service_name, b.day
            row.start, row.end = b.start, b.end
            row.name, row.phone, row.consent = b.name or None, b.phone or None, b.consent
            row.cancelled = b.cancelled and row.ticket_id is None
    return len(pulled.bookings)


def unreported(db: Database) -> list[CheckIn]:
    with db.read() as s:
        rows = s.scalars(
            select(BookingRow).where(
                BookingRow.checked_in_at.is_not(None), BookingRow.reported_at.is_(None)
            )
        ).all()
        return [
            CheckIn(
                code=r.code,
                at=r.checked_in_at,
                label=r.ticket_label or "",
                service_prefix=r.service_prefix,
                day=r.day,
            )
            for r in rows
            if r.checked_in_at is not None
        ]


def mark_reported(db: Database, codes: list[str], now: datetime) -> None:
    with db.write() as s:
        for code in codes:
            row = s.get(BookingRow, code)
            if row is not None:
                row.reported_at = now


# -- the office's sessions ----------------------------------------------------------------


def session_rules(db: Database) -> list[SessionRule]:
    with db.read() as s:
        return load_session_rules(s)


def load_session_rules(s: Session) -> list[SessionRule]:
    return [SessionRule.model_validate(v) for v in read_setting(s, ONLINE_SESSIONS) or []]


def save_session_rules(db: Database, rules: list[SessionRule], actor: Actor = SYSTEM) -> None:
    """The office's bookable sessions (synced to the city by the hub's next round)."""
    with db.write() as s:
        store_session_rules(s, rules, actor)


def store_session_rules(
    s: Session, rules: list[SessionRule], actor: Actor, *, role: Role | str | None = None
) -> None:
    """The sessions and their audit entry, in the caller's transaction."""
    write_setting(s, ONLINE_SESSIONS, [r.model_dump() for r in rules], role=role)
    record(s, actor, "online_sessions_changed", "", sessions=len(rules))


def rules_to_send(db: Database) -> list[SessionRule] | None:
    """The office's sessions when they changed since the last sync (None: nothing to do)."""
    with db.read() as s:
        value, sent = read_setting(s, ONLINE_SESSIONS), read_setting(s, ONLINE_SESSIONS_SENT)
        if value is None or value == sent:
            return None
        return load_session_rules(s)


def mark_rules_sent(db: Database, rules: list[SessionRule]) -> None:
    with db.write() as s:
        write_setting(s, ONLINE_SESSIONS_SENT, [r.model_dump() for r in rules])


# -- check-in ------------------------------------------------------------------------------


def _in_window(row: BookingRow, local_now: datetime, early_minutes: int) -> bool:
    start = datetime.combine(row.day, time.fromisoformat(row.start), local_now.tzinfo)
    end = datetime.combine(row.day, time.fromisoformat(row.end), local_now.tzinfo)
    return start - timedelta(minutes=early_minutes) <= local_now <= end


def check_in(desk: Desk, text: str) -> IssueResult:
    """The ticket of a booked citizen (typed code or scanned QR), placed as the office set."""
    text = text.strip()
    if not text:
        raise InvalidInput("Ketik kode booking atau pindai kode QR-nya.")
    with desk.batch():
        s = desk._batch  # the batch's session: the ticket and the booking commit together
        assert s is not None
        cfg = load_config(s)
        settings = load_online(s)
        now = desk.clock()
        local_now = now.astimezone(cfg.office.tz)
        today = service_day(now, cfg.office.tz)
        row = _find(s, text, cfg.office.code)
        if row.cancelled:
            raise InvalidInput(f"Booking {shown(row.code)} sudah dibatalkan.")
        if row.ticket_id is not None:
            raise InvalidInput(
                f"Booking {shown(row.code)} sudah check-in: nomor antrian {row.ticket_label}."
            )
        if row.day != today:
            raise InvalidInput(
                f"Booking {shown(row.code)} untuk tanggal {row.day:%d-%m-%Y}, bukan hari ini."
            )
        service = next(
            (sv for sv in cfg.services.values() if sv.prefix == row.service_prefix and sv.active),
            None,
        )
        if service is None:
            raise NotFound(f"Layanan {row.service_prefix} tidak dibuka di kantor ini hari ini.")
        reason = None
        if settings.placement == PLACE_SESSION and _in_window(
            row, local_now, settings.early_minutes
        ):
            reason = PriorityReason.BOOKING
        result = desk.issue(service.id, reason)
        row.ticket_id = result.ticket.id
        row.ticket_label = result.ticket.label
        row.checked_in_at = now
        record(s, SYSTEM, "booking_checked_in", shown(row.code),
               ticket=result.ticket.label, source=row.source)  # fmt: skip
    return result


def _find(s: Session, text: str, office_code: str) -> BookingRow:
    try:
        if is_signed_text(text):
            key = read_setting(s, ONLINE_CITY_KEY)
            if not key:
                raise InvalidInput(
                    "Kunci server kota belum ada di PC ini (belum pernah menarik booking): "
                    "ketik kode booking-nya."
                )
            signed = verify(text, key)
            if signed.office_code != office_code:
                raise InvalidInput("Booking ini untuk kantor lain.")
            return _from_signature(s, signed)
        code = normalize_code(text)
    except BadCode as exc:
        raise InvalidInput(str(exc)) from exc
    row = s.get(BookingRow, code)
    if row is None:
        raise NotFound(
            f"Kode booking {shown(code)} tidak ditemukan di kantor ini. Bila booking dibuat "
            "baru saja, pindai kode QR-nya."
        )
    return row


def _from_signature(s: Session, signed: SignedBooking) -> BookingRow:
    row = s.get(BookingRow, signed.code)
    if row is None:
        row = BookingRow(code=signed.code, service_prefix=signed.service_prefix,
                         service_name=signed.service_prefix, day=signed.day, start=signed.start,
                         end=signed.end, consent=False, cancelled=False,
                         source="signature")  # fmt: skip
        s.add(row)
        s.flush()
    return row


# -- figures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingDay:
    day: date
    service_prefix: str
    service_name: str
    booked: int
    checked_in: int
    no_show: int  # "tidak datang": a past day's booking nobody checked in
    cancelled: int


def booking_figures(db: Database, first: date, last: date, today: date) -> list[BookingDay]:
    with db.read() as s:
        return booking_figures_in(s, first, last, today)


def booking_figures_in(s: Session, first: date, last: date, today: date) -> list[BookingDay]:
    rows = s.execute(
        select(BookingRow.day, BookingRow.service_prefix, BookingRow.service_name,
               BookingRow.cancelled, BookingRow.checked_in_at.is_not(None), func.count())
        .where(BookingRow.day >= first, BookingRow.day <= last)
        .group_by(BookingRow.day, BookingRow.service_prefix, BookingRow.service_name,
                  BookingRow.cancelled, BookingRow.checked_in_at.is_not(None))
    ).all()  # fmt: skip
    tally: dict[tuple[date, str, str], list[int]] = {}
    for day, prefix, name, cancelled, checked, count in rows:
        row = tally.setdefault((day, prefix, name), [0, 0, 0, 0])
        if cancelled:
            row[3] += count
            continue
        row[0] += count
        if checked:
            row[1] += count
        elif day < today:
            row[2] += count
    return [BookingDay(d, p, n, *v) for (d, p, n), v in sorted(tally.items())]


def checked_in_ticket(s: Session, ticket_id: str) -> BookingRow | None:
    return s.scalars(select(BookingRow).where(BookingRow.ticket_id == ticket_id)).first()


def _label(row: TicketRow) -> str:
    return ticket_label(row.prefix, row.number)
