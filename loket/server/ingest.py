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

from sqlalchemy import Table, delete, insert, literal, select, union_all
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
from loket.server.bulk import insert_rows, json_list, upsert_rows
from loket.server.errors import ApiError
from loket.server.models import DeskRow, RejectedEvent, ServerEvent, ServerTicket
from loket.sql.tickets import TICKET_COLUMNS, ticket_from_row, ticket_values
from loket.sync.schemas import EventIn, ItemResult, ItemStatus, PushRequest, PushResponse

log = logging.getLogger(__name__)

# Core tables for the bulk writes: one executemany per statement. (ORM bulk inserts leave
# out None values and so split a batch into a statement per distinct set of NULLs.)
_EVENTS = cast(Table, ServerEvent.__table__)
_TICKETS = cast(Table, ServerTicket.__table__)
_REJECTED = cast(Table, RejectedEvent.__table__)
#: Columns an update never changes: the office (owner) and the desk that first sent it.
_KEEP_ON_UPDATE = frozenset({"office_id", "desk_id"})
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

    held, quarantined = _known_events(s, desk, [item.id for item in request.events])
    tickets, existing = _load_tickets(s, desk, request.events)
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

    insert_rows(s, _EVENTS, new_events)
    # An event rejected once and accepted now (a server fixed meanwhile) leaves
    # quarantine; one rejected again is replaced. Only those known to be there.
    leaving = [e["id"] for e in new_events if e["id"] in quarantined]
    leaving += [r["event_id"] for r in rejected if r["event_id"] in quarantined]
    if leaving:
        s.execute(
            delete(RejectedEvent).where(
                RejectedEvent.desk_id == desk.id, RejectedEvent.event_id.in_(leaving)
            )
        )
    _save_tickets(s, desk, tickets, dirty, existing)
    if rejected:
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


def _known_events(s: Session, desk: AuthedDesk, ids: list[str]) -> tuple[dict[str, int], set[str]]:
    """The batch's events the server holds (id -> office) and this desk's quarantined ones.

    One round trip: both lists in one statement.
    """
    wanted = json_list(s, ids)
    held_q = select(ServerEvent.id, ServerEvent.office_id).where(ServerEvent.id.in_(wanted))
    quarantine_q = select(RejectedEvent.event_id, literal(-1)).where(
        RejectedEvent.desk_id == desk.id, RejectedEvent.event_id.in_(json_list(s, ids))
    )
    held: dict[str, int] = {}
    quarantined: set[str] = set()
    for event_id, office_id in s.execute(union_all(held_q, quarantine_q)):
        if office_id == -1:
            quarantined.add(event_id)
        else:
            held[event_id] = office_id
    return held, quarantined


def _load_tickets(
    s: Session, desk: AuthedDesk, items: list[EventIn]
) -> tuple[dict[str, Any], set[str]]:
    """The batch's tickets the server holds (plain rows, no ORM objects), and their ids."""
    wanted = json_list(s, sorted({item.ticket_id for item in items}))
    tickets: dict[str, Any] = {}
    columns = [_TICKETS.c.office_id, *(_TICKETS.c[name] for name in TICKET_COLUMNS)]
    for row in s.execute(select(*columns).where(_TICKETS.c.id.in_(wanted))):
        tickets[row.id] = _OTHER_OFFICE if row.office_id != desk.office_id else ticket_from_row(row)
    return tickets, set(tickets)


def _save_tickets(
    s: Session, desk: AuthedDesk, tickets: dict[str, Any], dirty: set[str], existing: set[str]
) -> None:
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for ticket_id in sorted(dirty):
        values = {**ticket_values(tickets[ticket_id]), "office_id": desk.office_id,
                  "desk_id": desk.id}  # fmt: skip
        (changed if ticket_id in existing else new).append(values)
    upsert_rows(s, _TICKETS, new, changed, owner="office_id", keep=_KEEP_ON_UPDATE)


def _check_bounds(ticket: Ticket, item: EventIn) -> None:
    """Refuse values the database would choke on, so one event cannot fail the batch."""
    # Straight off the dataclass: enum members are str, so the same checks hold.
    for name in TICKET_COLUMNS:
        value = getattr(ticket, name)
        if value is None or isinstance(value, bool):
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
    if _has_nul(item.id) or _has_nul(item.ticket_id) or _has_nul(item.kind) or _has_nul(item.data):
        raise ValueError("teks berisi karakter NUL")


def _has_nul(value: Any) -> bool:
    """A NUL character in a string anywhere in ``value`` (keys of mappings too)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


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
