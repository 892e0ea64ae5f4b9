"""Ingest of a desk's event batch: one transaction, each event at most once, per-item answers.

The rules that make the desk's retries safe:

- An event is found by its UUID. Sent again (a retry after a lost response, a duplicate
  batch), it is answered ``duplicate`` and nothing changes.
- A batch must continue what the server holds for that desk (``after_seq`` at most the
  desk's ``high_seq``); otherwise an earlier batch is missing and the server answers 409
  ``gap`` with its ``high_seq``, so the desk resends from there. Tickets are therefore
  projected in the desk's own order.
- An item that fails the strict schema or ``apply`` is rejected alone: kept aside in
  ``rejected_events`` with its reason, answered ``rejected``, and the batch goes on.
- So is an item dated far from the clocks: more than a day after the server's clock or
  after the desk's own clock when it sent the batch (a desk set to 2100 must not publish
  figures for 2100), older than five years, or whose ticket's service day is not the
  office-local date of its issue. The desk dead-letters it with the reason.
- ``high_seq`` moves to the batch's last sequence: everything up to it is held, stored
  or rejected. The desk marks events sent only from this answer.

The desk row is locked first (``FOR UPDATE``; SQLite's write lock does the same), so two
copies of one batch in flight at once are applied one after the other.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from loket.core.days import service_day
from loket.core.errors import LoketError
from loket.core.tickets import (
    EventKind,
    Ticket,
    TicketEvent,
    apply,
)
from loket.server.admin import AuthedDesk
from loket.server.errors import ApiError
from loket.server.models import DeskRow, RejectedEvent, ServerEvent, ServerTicket
from loket.sql.tickets import ticket_from_row, ticket_values
from loket.sync.schemas import EventIn, ItemResult, ItemStatus, PushRequest, PushResponse

log = logging.getLogger(__name__)

# Core tables for the bulk writes: one executemany per statement. (ORM bulk inserts leave
# out None values and so split a batch into a statement per distinct set of NULLs.)
_EVENTS = cast(Table, ServerEvent.__table__)
_TICKETS = cast(Table, ServerTicket.__table__)
_REJECTED = cast(Table, RejectedEvent.__table__)
_INT_LIMIT = 2**62  # BIGINT with room; a bigger id is a broken event, not a real desk
_TEXT_LIMITS = {"prefix": 8, "priority_reason": 32, "outcome": 16, "successor_id": 64}
#: Exceptions ``apply`` or the row conversion raise on a malformed event. Anything else
#: is a bug of ours and must surface as a 500, not be filed as the desk's fault.
_POISON = (LoketError, ValueError, KeyError, TypeError, AssertionError)
#: How far after the server's clock (or the desk's, when it sends it) an event may be
#: dated: clocks drift by minutes, a time zone set wrong by hours; a day is "far".
FUTURE_TOLERANCE = timedelta(days=1)
#: Events older than this are not a desk's backlog but a clock set years back.
MAX_EVENT_AGE = timedelta(days=5 * 366)


def push(s: Session, desk: AuthedDesk, request: PushRequest, now: datetime) -> PushResponse:
    if request.office_code != desk.office_code or request.desk_id != desk.id:
        raise ApiError(
            403,
            "wrong_office",
            "Perangkat ini hanya boleh mengirim data kantornya sendiri.",
            office_code=desk.office_code,
        )
    row = s.scalars(select(DeskRow).where(DeskRow.id == desk.id).with_for_update()).one()
    if row.revoked:  # revoked between the token check and this lock
        raise ApiError(
            401,
            "revoked",
            "Token perangkat ini sudah dicabut. Daftarkan ulang perangkat ini ke server kota.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if request.after_seq > row.high_seq:
        raise ApiError(
            409,
            "gap",
            f"Ada kiriman yang terlewat: server memegang kejadian sampai nomor {row.high_seq}.",
            highest_seq=row.high_seq,
        )

    ids = [item.id for item in request.events]
    held: dict[str, int] = {
        event_id: office_id
        for event_id, office_id in s.execute(
            select(ServerEvent.id, ServerEvent.office_id).where(ServerEvent.id.in_(ids))
        )
    }
    tickets = _load_tickets(s, desk, request.events)
    results: list[ItemResult] = []
    new_events: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    dirty: set[str] = set()
    seen: set[str] = set()

    for item in request.events:
        if item.id in seen:  # twice in one batch: the first copy decides
            results.append(ItemResult(seq=item.seq, id=item.id, status=ItemStatus.DUPLICATE))
            continue
        seen.add(item.id)
        if item.id in held:
            if held[item.id] == desk.office_id:
                results.append(ItemResult(seq=item.seq, id=item.id, status=ItemStatus.DUPLICATE))
            else:
                reason = "id kejadian sudah dipakai kantor lain"
                rejected.append(_rejected_row(desk, item, reason, now))
                results.append(_reject(item, reason))
            continue
        try:
            event = item.to_event()
            before = tickets.get(event.ticket_id)
            if before is _OTHER_OFFICE:
                raise ValueError("antrian ini milik kantor lain")
            after = apply(before, event)
            _check_bounds(after, item)
            _check_time(event, after, request.desk_clock, now, desk.office_zone)
        except _POISON as exc:
            reason = _reason(exc)
            rejected.append(_rejected_row(desk, item, reason, now))
            results.append(_reject(item, reason))
            continue
        tickets[after.id] = after
        dirty.add(after.id)
        new_events.append(
            {
                "id": event.id,
                "office_id": desk.office_id,
                "desk_id": desk.id,
                "seq": item.seq,
                "ticket_id": event.ticket_id,
                "kind": event.kind.value,
                "at": event.at,
                "counter_id": event.counter_id,
                "user_id": event.user_id,
                "data": dict(event.data),
                "received_at": now,
            }
        )
        results.append(ItemResult(seq=item.seq, id=item.id, status=ItemStatus.ACCEPTED))

    if new_events:
        s.execute(insert(_EVENTS), new_events)
        # An event rejected once and accepted now (a server fixed meanwhile) leaves quarantine.
        s.execute(
            delete(RejectedEvent).where(
                RejectedEvent.desk_id == desk.id,
                RejectedEvent.event_id.in_([e["id"] for e in new_events]),
            )
        )
    _save_tickets(s, desk, tickets, dirty)
    if rejected:
        s.execute(
            delete(RejectedEvent).where(
                RejectedEvent.desk_id == desk.id,
                RejectedEvent.event_id.in_([r["event_id"] for r in rejected]),
            )
        )
        s.execute(insert(_REJECTED), rejected)
    row.high_seq = max(row.high_seq, request.events[-1].seq)
    row.last_seen_at = now
    row.last_push_at = now
    log.info(
        "desk %s pushed %d events: %d new, %d rejected, high_seq %d",
        desk.id,
        len(request.events),
        len(new_events),
        len(rejected),
        row.high_seq,
    )
    return PushResponse(highest_seq=row.high_seq, results=results)


class _OtherOffice:
    """Marker: a ticket id that exists under another office (never projected over)."""


_OTHER_OFFICE: Any = _OtherOffice()


def _load_tickets(s: Session, desk: AuthedDesk, items: list[EventIn]) -> dict[str, Any]:
    wanted = {item.ticket_id for item in items}
    tickets: dict[str, Any] = {}
    for row in s.scalars(select(ServerTicket).where(ServerTicket.id.in_(wanted))):
        tickets[row.id] = _OTHER_OFFICE if row.office_id != desk.office_id else ticket_from_row(row)
    return tickets


def _save_tickets(s: Session, desk: AuthedDesk, tickets: dict[str, Any], dirty: set[str]) -> None:
    if not dirty:
        return
    existing = set(
        s.scalars(select(ServerTicket.id).where(ServerTicket.id.in_(sorted(dirty)))).all()
    )
    inserts = []
    updates = []
    for ticket_id in sorted(dirty):
        values = ticket_values(tickets[ticket_id])
        if ticket_id in existing:
            values["row_id"] = values.pop("id")
            updates.append(values)
        else:
            inserts.append({**values, "office_id": desk.office_id, "desk_id": desk.id})
    if inserts:
        s.execute(insert(_TICKETS), inserts)
    if updates:
        s.execute(update(_TICKETS).where(_TICKETS.c.id == bindparam("row_id")), updates)


def _check_bounds(ticket: Ticket, item: EventIn) -> None:
    """Refuse values the database would choke on, so one event cannot fail the batch."""
    for name, value in ticket_values(ticket).items():
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int) and abs(value) >= _INT_LIMIT:
            raise ValueError(f"{name} di luar batas")
        if isinstance(value, str) and len(value) > _TEXT_LIMITS.get(name, 100_000):
            raise ValueError(f"{name} terlalu panjang")
        if isinstance(value, datetime) and value.tzinfo is None:
            raise ValueError(f"{name} tanpa zona waktu")
        if isinstance(value, date | datetime) and not 2000 <= value.year <= 2200:
            raise ValueError(f"{name} di luar batas")
    for value in (item.counter_id, item.user_id):
        if value is not None and abs(value) >= _INT_LIMIT:
            raise ValueError("id loket/pengguna di luar batas")
    # PostgreSQL refuses NUL characters in text; find them anywhere in the event.
    if "\\u0000" in item.model_dump_json():
        raise ValueError("teks berisi karakter NUL")


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _check_time(
    event: TicketEvent, ticket: Ticket, desk_clock: datetime | None, now: datetime, zone: str
) -> None:
    """Refuse an event dated far from the server's and the desk's clocks, or a ticket
    whose service day is not the office-local date it was issued on (issue 10 item 10)."""
    stamp = event.at.isoformat(timespec="seconds")
    if event.at > now + FUTURE_TOLERANCE:
        raise ValueError(
            f"waktu kejadian {stamp} jauh di depan jam server kota (lebih dari 1 hari)"
        )
    if desk_clock is not None and event.at > desk_clock + FUTURE_TOLERANCE:
        raise ValueError(
            f"waktu kejadian {stamp} jauh di depan jam perangkat saat mengirim "
            f"({desk_clock.isoformat(timespec='seconds')})"
        )
    if event.at < now - MAX_EVENT_AGE:
        raise ValueError(f"waktu kejadian {stamp} lebih dari 5 tahun yang lalu")
    for name in ("issued_at", "queued_at", "called_at", "last_called_at", "started_at"):
        value = getattr(ticket, name)
        if value is not None and value > now + FUTURE_TOLERANCE:
            raise ValueError(f"{name} jauh di depan jam server kota")
    tz = _zone(zone)
    if event.kind is EventKind.ISSUED:
        local = service_day(ticket.issued_at, tz)
        if ticket.service_day != local:
            raise ValueError(
                f"service_day {ticket.service_day.isoformat()} tidak cocok dengan tanggal "
                f"terbit di zona kantor ({local.isoformat()}, {zone})"
            )
    elif event.kind is EventKind.TRANSFERRED_IN:
        local = service_day(event.at, tz)
        if ticket.service_day > local:  # a transfer keeps its day; it cannot precede it
            raise ValueError(
                f"service_day {ticket.service_day.isoformat()} sesudah tanggal pengalihan "
                f"di zona kantor ({local.isoformat()}, {zone})"
            )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, LoketError):
        return f"{exc.code}: {exc.message}"
    if isinstance(exc, KeyError):
        return f"data kejadian tanpa kolom {exc.args[0]!r}"
    if isinstance(exc, ValueError):
        return str(exc)[:500]
    return f"data kejadian tidak valid ({type(exc).__name__}: {exc})"[:500]


def _reject(item: EventIn, reason: str) -> ItemResult:
    log.warning("rejected event seq %d (%s): %s", item.seq, item.id, reason)
    return ItemResult(seq=item.seq, id=item.id, status=ItemStatus.REJECTED, reason=reason)


def _rejected_row(desk: AuthedDesk, item: EventIn, reason: str, now: datetime) -> dict[str, Any]:
    payload = json.loads(json.dumps(item.model_dump(), ensure_ascii=True).replace("\\u0000", ""))
    return {
        "desk_id": desk.id,
        "event_id": item.id,
        "seq": item.seq,
        "payload": payload,
        "reason": reason,
        "received_at": now,
    }
