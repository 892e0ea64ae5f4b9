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
copies of one batch in flight at once are applied one after the other. Under that lock
the batch's known events and tickets are read in two statements; the new events and new
tickets then go in with one ``COPY`` each (``server/bulk.py``), the tickets a batch
changed with one UPDATE. An event id another office sends at the same instant is caught
by the primary key: that batch fails as a whole (a 500 the desk retries, and the retry
finds the event held), so no event is ever stored twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import orjson
from sqlalchemy import Table, delete, insert, literal, select, union_all
from sqlalchemy.orm import Session

from loket.core.errors import LoketError
from loket.core.tickets import Ticket, apply
from loket.server.admin import AuthedDesk
from loket.server.bulk import copy_rows, copy_stream, json_list, update_rows
from loket.server.errors import ApiError
from loket.server.ingest_checks import (
    FUTURE_TOLERANCE,
    MAX_EVENT_AGE,
    Clocks,
    check_ticket,
    check_time,
    column_time,
)
from loket.server.models import DeskRow, RejectedEvent, ServerEvent, ServerTicket
from loket.sql.tickets import TICKET_COLUMNS, ticket_from_row
from loket.sync.schemas import EventIn, PushRequest, PushResponse

__all__ = ["FUTURE_TOLERANCE", "MAX_EVENT_AGE", "PushAnswer", "push"]

log = logging.getLogger(__name__)

_EVENTS = cast(Table, ServerEvent.__table__)
_TICKETS = cast(Table, ServerTicket.__table__)
_REJECTED = cast(Table, RejectedEvent.__table__)
_EVENT_COLUMNS = ("id", "office_id", "desk_id", "seq", "ticket_id", "kind", "at",
                  "counter_id", "user_id", "data", "received_at")  # fmt: skip
#: A stored ticket row: the core's columns, then the owner and the desk that first sent it.
_TICKET_ROW_COLUMNS = (*TICKET_COLUMNS, "office_id", "desk_id")
_TICKET_DATETIMES = tuple(i for i, name in enumerate(TICKET_COLUMNS)
                          if name.endswith("_at"))  # fmt: skip
_ENUMS = tuple(TICKET_COLUMNS.index(name) for name in ("state", "priority_reason", "outcome"))
#: Exceptions ``apply`` or the row conversion raise on a malformed event. Anything else
#: is a bug of ours and must surface as a 500, not be filed as the desk's fault.
_POISON = (LoketError, ValueError, KeyError, TypeError, AssertionError)


@dataclass(frozen=True)
class PushAnswer:
    """The answer to a push, kept as plain rows: 1,000 items serialize in one C call."""

    highest_seq: int
    results: list[dict[str, Any]]

    def to_json(self) -> bytes:
        """The body of a ``PushResponse`` (the desk parses it with that model)."""
        body = {"highest_seq": self.highest_seq, "results": self.results}
        try:
            return orjson.dumps(body)
        except orjson.JSONEncodeError:  # a reason quoting a lone surrogate
            return json.dumps(body).encode()

    def to_model(self) -> PushResponse:
        return PushResponse.model_validate(
            {"highest_seq": self.highest_seq, "results": self.results}
        )


class _OtherOffice:
    """Marker: a ticket id that exists under another office (never projected over)."""


_OTHER_OFFICE: Any = _OtherOffice()


@dataclass
class _Batch:
    """What a batch comes to, item by item, before anything is written."""

    desk: AuthedDesk
    now: datetime
    held: dict[str, int]  # event id -> the office that holds it
    quarantined: set[str]  # this desk's events in rejected_events
    tickets: dict[str, Any]  # ticket id -> Ticket (or _OTHER_OFFICE)
    existing: set[str]  # the ticket ids the server held before this batch
    write_event: Callable[[tuple[Any, ...]], None]  # into the events' COPY, as accepted
    results: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    dirty: dict[str, None] = field(default_factory=dict)  # changed tickets, in order
    received: datetime = field(init=False)  # ``now`` as the table holds it

    def __post_init__(self) -> None:
        self.received = column_time(self.now)


def push(s: Session, desk: AuthedDesk, request: PushRequest, now: datetime) -> PushAnswer:
    """Store and project one batch; the answer says what became of each item."""
    row = _lock_desk(s, desk, request)
    held, quarantined = _known_events(s, desk, [item.id for item in request.events])
    tickets = _load_tickets(s, desk, request.events)
    clocks = Clocks.of(now, request.desk_clock, desk.office_zone)
    # The events stream into PostgreSQL as they are accepted: it stores them while
    # Python works on the next ones, instead of after the whole batch (issue 14).
    with copy_stream(s, _EVENTS, _EVENT_COLUMNS) as write_event:
        batch = _Batch(desk, now, held, quarantined, tickets, set(tickets), write_event)
        seen: set[str] = set()
        for item in request.events:
            if item.id in seen:  # twice in one batch: the first copy decides
                batch.results.append({"seq": item.seq, "id": item.id, "status": "duplicate"})
                continue
            seen.add(item.id)
            _take(batch, item, clocks)
    _write(s, batch)
    row.high_seq = max(row.high_seq, request.events[-1].seq)
    row.last_seen_at = row.last_push_at = now
    log.info(
        "desk %s pushed %d events: %d new, %d rejected, high_seq %d",
        desk.id, len(request.events), len(batch.events), len(batch.rejected), row.high_seq,
    )  # fmt: skip
    return PushAnswer(highest_seq=row.high_seq, results=batch.results)


def _lock_desk(s: Session, desk: AuthedDesk, request: PushRequest) -> DeskRow:
    """The desk's row, locked for the batch: its own office, not revoked, no gap."""
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
    return row


def _take(batch: _Batch, item: EventIn, clocks: Clocks) -> None:
    """Apply one item to its ticket, or set it aside with its reason."""
    desk = batch.desk
    owner = batch.held.get(item.id)
    if owner is not None:
        if owner == desk.office_id:
            batch.results.append({"seq": item.seq, "id": item.id, "status": "duplicate"})
        else:
            _reject(batch, item, "id kejadian sudah dipakai kantor lain")
        return
    try:
        event = item.to_event()
        before = batch.tickets.get(event.ticket_id)
        if before is _OTHER_OFFICE:
            raise ValueError("antrian ini milik kantor lain")
        after = apply(before, event)
        check_ticket(after, before)
        check_time(event, after, clocks)
        data = _data_text(event.data)
        if "\\u0000" in data:  # PostgreSQL's text cannot hold NUL
            raise ValueError("teks berisi karakter NUL")
    except _POISON as exc:
        _reject(batch, item, _reason(exc))
        return
    batch.tickets[after.id] = after
    batch.dirty[after.id] = None
    at = column_time(event.at)
    row = (event.id, desk.office_id, desk.id, item.seq, event.ticket_id, event.kind.value,
           at, event.counter_id, event.user_id, data, batch.received)  # fmt: skip
    batch.write_event(row)
    batch.events.append(row)
    batch.results.append({"seq": item.seq, "id": item.id, "status": "accepted"})


def _write(s: Session, batch: _Batch) -> None:
    """The batch's other rows (its events are in): one statement per table."""
    # An event rejected once and accepted now (a server fixed meanwhile) leaves
    # quarantine; one rejected again is replaced. Only those known to be there.
    leaving = [e[0] for e in batch.events if e[0] in batch.quarantined]
    leaving += [r["event_id"] for r in batch.rejected if r["event_id"] in batch.quarantined]
    if leaving:
        s.execute(
            delete(RejectedEvent).where(
                RejectedEvent.desk_id == batch.desk.id, RejectedEvent.event_id.in_(leaving)
            )
        )
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    for ticket_id in batch.dirty:
        row = _ticket_row(batch.tickets[ticket_id], batch.desk)
        (changed if ticket_id in batch.existing else new).append(row)
    copy_rows(s, _TICKETS, _TICKET_ROW_COLUMNS, new)
    update_rows(s, _TICKETS, _TICKET_ROW_COLUMNS, changed, owner="office_id")
    if batch.rejected:
        s.execute(insert(_REJECTED), batch.rejected)


def _ticket_row(ticket: Ticket, desk: AuthedDesk) -> tuple[Any, ...]:
    values = [getattr(ticket, name) for name in TICKET_COLUMNS]
    for i in _TICKET_DATETIMES:
        if values[i] is not None:
            values[i] = column_time(values[i])
    for i in _ENUMS:
        if values[i] is not None:
            values[i] = values[i].value
    return (*values, desk.office_id, desk.id)


def _known_events(s: Session, desk: AuthedDesk, ids: list[str]) -> tuple[dict[str, int], set[str]]:
    """The batch's events the server holds (id -> office) and this desk's quarantined ones.

    One round trip: both lists in one statement.
    """
    held_q = select(ServerEvent.id, ServerEvent.office_id).where(
        ServerEvent.id.in_(json_list(s, ids))
    )
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


def _load_tickets(s: Session, desk: AuthedDesk, items: Sequence[EventIn]) -> dict[str, Any]:
    """The batch's tickets the server holds (plain rows, no ORM objects)."""
    wanted = json_list(s, sorted({item.ticket_id for item in items}))
    tickets: dict[str, Any] = {}
    columns = [_TICKETS.c.office_id, *(_TICKETS.c[name] for name in TICKET_COLUMNS)]
    for row in s.execute(select(*columns).where(_TICKETS.c.id.in_(wanted))):
        tickets[row.id] = _OTHER_OFFICE if row.office_id != desk.office_id else ticket_from_row(row)
    return tickets


def _data_text(data: Mapping[str, Any]) -> str:
    """An event's data as the JSON column's text: orjson, ~8x the stdlib's speed.

    What orjson refuses (an integer beyond 64 bits, a lone surrogate) the stdlib still
    writes, as before: such an event is stored as it always was, not rejected.
    """
    try:
        return orjson.dumps(data).decode()
    except orjson.JSONEncodeError:
        return json.dumps(data)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, LoketError):
        return f"{exc.code}: {exc.message}"
    if isinstance(exc, KeyError):
        return f"data kejadian tanpa kolom {exc.args[0]!r}"
    if isinstance(exc, ValueError):
        return str(exc)[:500]
    return f"data kejadian tidak valid ({type(exc).__name__}: {exc})"[:500]


def _reject(batch: _Batch, item: EventIn, reason: str) -> None:
    log.warning("rejected event seq %d (%s): %s", item.seq, item.id, reason)
    batch.results.append({"seq": item.seq, "id": item.id, "status": "rejected", "reason": reason})
    payload = json.loads(json.dumps(item.model_dump(), ensure_ascii=True).replace("\\u0000", ""))
    batch.rejected.append(
        {
            "desk_id": batch.desk.id,
            "event_id": item.id,
            "seq": item.seq,
            "payload": payload,
            "reason": reason,
            "received_at": batch.now,
        }
    )
