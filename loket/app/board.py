"""What the public display and the operator's lists show, read in one snapshot.

No Qt here: the display window renders a ``Board``; a test or another front end can
read the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from loket.app.counters import CounterState, CounterStatus, counter_states
from loket.app.office import list_counters, list_services, load_office, running_text
from loket.core.days import service_day
from loket.core.tickets import EventKind, Ticket, TicketState, ticket_label
from loket.store.database import Database
from loket.store.models import EventRow, TicketRow
from loket.store.projection import ticket_from_row
from loket.store.queue_statements import is_held, state_is

if TYPE_CHECKING:  # annotations only
    from loket.app.office import CounterInfo, ServiceInfo

#: How many recent calls the display lists.
RECENT_CALLS = 6


@dataclass(frozen=True)
class CounterNow:
    counter_id: int
    number: int
    name: str
    label: str | None  # the ticket it called or serves, if any
    state: TicketState | None
    status: CounterStatus = CounterStatus.OPEN  # open, on a break, closed
    status_reason: str | None = None  # why it is on a break (istirahat, sholat Jumat...)

    @property
    def status_text(self) -> str:
        """ "istirahat", "sholat Jumat", "tutup"; empty while open."""
        if self.status is CounterStatus.OPEN:
            return ""
        return CounterState(self.counter_id, self.status, self.status_reason).text()


@dataclass(frozen=True)
class CallRecord:
    seq: int  # event sequence: a display announces each call once
    label: str
    counter_number: int
    service_name: str
    at: datetime
    is_recall: bool


@dataclass(frozen=True)
class ServiceWaiting:
    service_id: int
    prefix: str
    name: str
    waiting: int


@dataclass(frozen=True)
class Board:
    office_name: str
    timezone: str
    day: date
    counters: list[CounterNow]
    recent_calls: list[CallRecord]
    waiting: list[ServiceWaiting]
    running_text: str


@dataclass(frozen=True)
class QueueStatus:
    """``loket queue status``: waiting per service and what each counter holds."""

    office_name: str
    day: date
    waiting: list[ServiceWaiting]
    counters: list[CounterNow]


def queue_status(db: Database, now: datetime) -> QueueStatus:
    board = read_board(db, now)
    return QueueStatus(board.office_name, board.day, board.waiting, board.counters)


def read_board(db: Database, now: datetime, *, after_seq: int = 0) -> Board:
    """The display's whole state; ``recent_calls`` also lists every call after ``after_seq``."""
    with db.read() as s:
        office = load_office(s)
        day = service_day(now, office.tz)
        counters = list_counters(s, active_only=True)
        services = {sv.id: sv for sv in list_services(s)}
        counter_now = _counters_now(s, counters)
        calls = _recent_calls(s, day, {c.id: c.number for c in counters}, services, after_seq)
        waiting = _waiting(s, day, services)
        text = running_text(s)
    return Board(office.name, office.timezone, day, counter_now, calls, waiting, text)


def _counters_now(s: Session, counters: list[CounterInfo]) -> list[CounterNow]:
    """Each active counter with the ticket it holds (called or serving) and its status."""
    held = {
        r.counter_id: r
        for r in s.scalars(select(TicketRow).where(is_held()).order_by(TicketRow.last_called_at))
    }
    states = counter_states(s)
    return [
        CounterNow(
            c.id,
            c.number,
            c.name,
            ticket_label(held[c.id].prefix, held[c.id].number) if c.id in held else None,
            TicketState(held[c.id].state) if c.id in held else None,
            states[c.id].status if c.id in states else CounterStatus.OPEN,
            states[c.id].reason if c.id in states else None,
        )
        for c in counters
    ]


def _recent_calls(
    s: Session,
    day: date,
    numbers: dict[int, int],
    services: dict[int, ServiceInfo],
    after_seq: int,
) -> list[CallRecord]:
    """The day's latest calls and recalls, newest first (and every one after ``after_seq``)."""
    calls_query = (
        select(EventRow, TicketRow)
        .join(TicketRow, TicketRow.id == EventRow.ticket_id)
        .where(
            EventRow.kind.in_([EventKind.CALLED.value, EventKind.RECALLED.value]),
            TicketRow.service_day == day,
        )
        .order_by(EventRow.seq.desc())
    )
    recent = list(s.execute(calls_query.limit(RECENT_CALLS)).all())
    if after_seq:
        recent += s.execute(calls_query.where(EventRow.seq > after_seq)).all()
    seen: set[int] = set()
    calls = []
    for event, ticket in sorted(recent, key=lambda pair: pair[0].seq, reverse=True):
        if event.seq in seen or event.counter_id not in numbers:
            continue
        seen.add(event.seq)
        service = services.get(ticket.service_id)
        calls.append(
            CallRecord(
                event.seq,
                ticket_label(ticket.prefix, ticket.number),
                numbers[event.counter_id],
                service.name if service else "",
                event.at,
                event.kind == EventKind.RECALLED.value,
            )
        )
    return calls


def _waiting(s: Session, day: date, services: dict[int, ServiceInfo]) -> list[ServiceWaiting]:
    counts = dict(
        s.execute(
            select(TicketRow.service_id, func.count())
            .where(state_is(TicketState.WAITING.value), TicketRow.service_day == day)
            .group_by(TicketRow.service_id)
        ).all()
    )
    return [
        ServiceWaiting(sv.id, sv.prefix, sv.name, int(counts.get(sv.id, 0)))
        for sv in services.values()
        if sv.active
    ]


def served_today(db: Database, now: datetime, counter_id: int | None = None) -> list[Ticket]:
    """Tickets that reached an end today (newest first), for the operator's list."""
    with db.read() as s:
        office = load_office(s)
        day = service_day(now, office.tz)
        query = (
            select(TicketRow.__table__)
            .where(
                TicketRow.service_day == day,
                state_is(
                    TicketState.DONE.value,
                    TicketState.NO_SHOW.value,
                    TicketState.TRANSFERRED.value,
                    TicketState.CANCELLED.value,
                ),
            )
            .order_by(TicketRow.ended_at.desc())
            .limit(500)
        )
        if counter_id is not None:
            query = query.where(TicketRow.counter_id == counter_id)
        return [ticket_from_row(r) for r in s.execute(query)]
