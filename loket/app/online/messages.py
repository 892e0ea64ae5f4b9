"""Messages to citizens who gave a number and agreed: "almost your turn", "document ready".

Queued in the office database (``citizen_messages``), each with a key that makes it
once-only ("almost:<ticket>", "ready:<ticket>"), and sent later by a background thread
(``loket.app.online.sender``): a counter never waits for a gateway. The phone number is copied
into the queue only until the message is sent or given up, then cleared; the audit trail
records kind, channel, ticket number and outcome, never the number or the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from loket.app.audit import SYSTEM, Actor, record
from loket.app.desk import Desk
from loket.app.office import load_config
from loket.app.online.settings import load_online
from loket.core.days import service_day
from loket.core.errors import IllegalTransition, NotFound
from loket.core.links import ticket_link
from loket.core.tickets import Outcome, TicketState, ticket_label
from loket.store.database import Database
from loket.store.models import TicketRow
from loket.store.online_models import BookingRow, MessageRow
from loket.store.queue_statements import state_is

ALMOST, READY = "almost", "ready"
PENDING, SENT, FAILED = "pending", "sent", "failed"
#: Waits before each retry of a message the gateway could not take (then: failed).
RETRY_AFTER = (5, 30, 120, 600)
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
#: A claimed message is left to its sender this long (the HTTP call is time-boxed well
#: under it); past it, another sender may take it over.
LEASE = timedelta(seconds=60)


@dataclass(frozen=True)
class Outgoing:
    id: int
    key: str
    kind: str
    channel: str
    phone: str
    text: str
    label: str
    attempts: int


def _queue(s: Session, key: str, kind: str, ticket: TicketRow, channel: str, phone: str,
           text: str, now: datetime) -> bool:  # fmt: skip
    if s.scalar(select(func.count()).where(MessageRow.key == key)):
        return False
    s.add(MessageRow(key=key, kind=kind, ticket_id=ticket.id, service_id=ticket.service_id,
                     day=ticket.service_day, channel=channel, phone=phone, text=text,
                     status=PENDING, attempts=0, next_at=now, created_at=now))  # fmt: skip
    record(s, SYSTEM, "citizen_message_queued", ticket_label(ticket.prefix, ticket.number),
           kind=kind, channel=channel)  # fmt: skip
    return True


def queue_almost(db: Database, desk: Desk, now: datetime) -> int:
    """Queue "almost your turn" for every consenting booked citizen N or fewer places away."""
    with db.read() as s:
        settings = load_online(s)
        if not settings.notify_channel:
            return 0
        cfg = load_config(s)
        today = service_day(now, cfg.office.tz)
        candidates = s.execute(
            select(TicketRow.id, BookingRow.phone)
            .join(BookingRow, BookingRow.ticket_id == TicketRow.id)
            .where(state_is(TicketState.WAITING.value), TicketRow.service_day == today,
                   BookingRow.consent.is_(True), BookingRow.phone.is_not(None))
            .where(~select(MessageRow.id).where(MessageRow.key == ALMOST + ":" + TicketRow.id)
                   .exists())
        ).all()  # fmt: skip
    queued = 0
    for ticket_id, phone in candidates:
        place = desk.position(ticket_id)
        if place is None or place[0] > settings.notify_ahead:
            continue
        ahead, wait = place
        with db.write() as s:
            ticket = s.get(TicketRow, ticket_id)
            if ticket is None:
                continue
            label = ticket_label(ticket.prefix, ticket.number)
            service = cfg.services.get(ticket.service_id)
            text = (
                f"{cfg.office.name}: nomor antrian {label}"
                + (f" ({service.name})" if service else "")
                + f" tinggal {ahead} orang lagi (± {round(wait / 60)} menit). "
                "Mohon kembali ke ruang tunggu."
            )
            if settings.link_base:
                text += " Posisi Anda: " + ticket_link(settings.link_base, ticket.id)
            try:
                queued += _queue(s, f"{ALMOST}:{ticket.id}", ALMOST, ticket,
                                 settings.notify_channel, str(phone), text, now)  # fmt: skip
            except IntegrityError:  # another process queued it first: once is enough
                continue
    return queued


def document_ready(db: Database, ticket_ref: str, actor: Actor, now: datetime) -> bool:
    """A follow-up's document is ready: tell the citizen (when they agreed). True: queued."""
    with db.write() as s:
        ticket = s.get(TicketRow, ticket_ref)
        if ticket is None:
            raise NotFound("Antrian tidak ditemukan.")
        label = ticket_label(ticket.prefix, ticket.number)
        if ticket.outcome != Outcome.FOLLOW_UP.value:
            raise IllegalTransition(f"Antrian {label} bukan layanan tindak lanjut.")
        record(s, actor, "follow_up_ready", label)
        settings = load_online(s)
        booking = s.scalars(select(BookingRow).where(BookingRow.ticket_id == ticket.id)).first()
        if (not settings.notify_channel or booking is None or not booking.consent
                or not booking.phone):  # fmt: skip
            return False
        cfg = load_config(s)
        service = cfg.services.get(ticket.service_id)
        what = service.name if service else "layanan"
        text = (
            f"{cfg.office.name}: dokumen {what} Anda (nomor {label}) sudah siap. "
            "Silakan ambil di kantor pada jam layanan."
        )
        return _queue(s, f"{READY}:{ticket.id}", READY, ticket, settings.notify_channel,
                      booking.phone, text, now)  # fmt: skip


def due(db: Database, now: datetime, limit: int = 20) -> list[Outgoing]:
    """Claim the messages due now: each is leased for ``LEASE`` so a second sender (the
    hub process and the GUI on the same PC) never sends it too."""
    with db.write() as s:
        rows = s.execute(
            select(MessageRow, TicketRow.prefix, TicketRow.number)
            .join(TicketRow, TicketRow.id == MessageRow.ticket_id)
            .where(MessageRow.status == PENDING, MessageRow.next_at <= now)
            .order_by(MessageRow.next_at, MessageRow.id)
            .limit(limit)
        ).all()
        for m, _prefix, _number in rows:
            m.next_at = now + LEASE
        return [Outgoing(m.id, m.key, m.kind, m.channel, m.phone or "", m.text,
                         ticket_label(prefix, number), m.attempts)
                for m, prefix, number in rows]  # fmt: skip


def sent(db: Database, message: Outgoing, now: datetime) -> None:
    with db.write() as s:
        row = s.get(MessageRow, message.id)
        if row is None or row.status != PENDING:
            return
        row.status, row.sent_at, row.attempts = SENT, now, row.attempts + 1
        row.phone = None  # personal data: no longer needed
        row.last_error = None
        record(s, SYSTEM, "citizen_message_sent", message.label, kind=message.kind,
               channel=message.channel, attempts=row.attempts)  # fmt: skip


def not_sent(db: Database, message: Outgoing, error: str, retryable: bool, now: datetime) -> None:
    with db.write() as s:
        row = s.get(MessageRow, message.id)
        if row is None or row.status != PENDING:
            return
        row.attempts += 1
        row.last_error = error[:200]
        if retryable and row.attempts < MAX_ATTEMPTS:
            row.next_at = now + timedelta(seconds=RETRY_AFTER[row.attempts - 1])
            return
        row.status = FAILED
        row.phone = None
        record(s, SYSTEM, "citizen_message_failed", message.label, kind=message.kind,
               channel=message.channel, attempts=row.attempts, reason=error[:100])  # fmt: skip


@dataclass(frozen=True)
class MessageDay:
    day: date
    service_id: int
    kind: str
    sent: int
    failed: int
    pending: int


def message_figures(db: Database, first: date, last: date) -> list[MessageDay]:
    with db.read() as s:
        return message_figures_in(s, first, last)


def message_figures_in(s: Session, first: date, last: date) -> list[MessageDay]:
    rows = s.execute(
        select(MessageRow.day, MessageRow.service_id, MessageRow.kind, MessageRow.status,
               func.count())
        .where(MessageRow.day >= first, MessageRow.day <= last)
        .group_by(MessageRow.day, MessageRow.service_id, MessageRow.kind, MessageRow.status)
    ).all()  # fmt: skip
    tally: dict[tuple[date, int, str], dict[str, int]] = {}
    for day, service_id, kind, status, count in rows:
        tally.setdefault((day, service_id, kind), {})[status] = count
    return [MessageDay(d, sid, k, v.get(SENT, 0), v.get(FAILED, 0), v.get(PENDING, 0))
            for (d, sid, k), v in sorted(tally.items())]  # fmt: skip
