"""Ticket states, events and the one function that applies an event to a ticket.

The desk's ticket table and the city server's are both projections of the event log:
every use case builds an event and stores ``apply(before, event)``; replaying a ticket's
events from nothing gives the same row. Keeping every rule about *which move is legal*
here means the desk, the server and the tests cannot disagree about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from loket.core.errors import IllegalTransition, InvalidInput


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"


#: States in which the citizen still expects something from the office today.
OPEN_STATES = frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING})
#: A skipped (no-show) ticket is an end state that a returning citizen can reopen.
END_STATES = frozenset(
    {TicketState.DONE, TicketState.NO_SHOW, TicketState.CANCELLED, TicketState.TRANSFERRED}
)


class Outcome(StrEnum):
    COMPLETED = "completed"
    FOLLOW_UP = "follow_up"  # the document is not ready today: it gets a due date
    REJECTED = "rejected"  # with a reason, e.g. a missing requirement


class PriorityReason(StrEnum):
    """Groups owed special treatment by UU 25/2009 art. 29."""

    DISABILITY = "disabilitas"
    ELDERLY = "lansia"
    PREGNANT = "ibu_hamil"
    CHILD = "anak"
    DISASTER_VICTIM = "korban_bencana"
    #: Not a UU 25/2009 group: a booked citizen checking in near their session, placed
    #: first when the office chose so (``loket online enable --placement session``).
    BOOKING = "booking"


#: The groups UU 25/2009 art. 29 names (what the kiosk's priority button offers).
STATUTORY_REASONS = tuple(r for r in PriorityReason if r is not PriorityReason.BOOKING)


class EventKind(StrEnum):
    ISSUED = "issued"
    TRANSFERRED_IN = "transferred_in"  # the successor ticket opened by a transfer
    CALLED = "called"
    RECALLED = "recalled"
    SKIPPED = "skipped"
    RETURNED = "returned"
    STARTED = "started"
    FINISHED = "finished"
    TRANSFERRED = "transferred"
    CANCELLED = "cancelled"


STATE_LABELS_ID = {
    TicketState.WAITING: "menunggu",
    TicketState.CALLED: "dipanggil",
    TicketState.SERVING: "sedang dilayani",
    TicketState.DONE: "selesai",
    TicketState.NO_SHOW: "dilewati (tidak hadir)",
    TicketState.CANCELLED: "dibatalkan",
    TicketState.TRANSFERRED: "dialihkan",
}


@dataclass(frozen=True)
class TicketEvent:
    """One change to one ticket; ``data`` holds only JSON-able values."""

    id: str
    ticket_id: str
    kind: EventKind
    at: datetime  # aware, UTC
    counter_id: int | None = None
    user_id: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Ticket:
    """The projected state of one ticket."""

    id: str
    service_day: date
    issued_service_id: int  # the numbering series the number belongs to
    prefix: str
    number: int
    service_id: int  # the queue it is in now
    state: TicketState
    issued_at: datetime
    queued_at: datetime  # its place in the queue: issue time, or transfer time
    priority_reason: PriorityReason | None = None
    origin_ticket_id: str | None = None
    successor_id: str | None = None
    target_counter_id: int | None = None
    counter_id: int | None = None
    user_id: int | None = None
    called_at: datetime | None = None
    last_called_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    call_count: int = 0
    wait_seconds: int | None = None  # queued -> first call
    walk_seconds: int | None = None  # last call -> start
    service_seconds: int | None = None  # start -> finish (or transfer)
    outcome: Outcome | None = None
    outcome_reason: str | None = None
    notes: str | None = None
    due_date: date | None = None
    cancel_reason: str | None = None

    @property
    def label(self) -> str:
        return ticket_label(self.prefix, self.number)

    @property
    def is_priority(self) -> bool:
        return self.priority_reason is not None


def ticket_label(prefix: str, number: int) -> str:
    """A-012: the form printed on the ticket and shown on the display."""
    return f"{prefix}-{number:03d}"


def _replace(ticket: Ticket, **changes: Any) -> Ticket:
    """``dataclasses.replace`` without its per-field bookkeeping (8× faster here).

    Every event goes through one of these: 50,000 times in a desk's backlog at the city,
    once per action at the desk. ``Ticket`` has no ``__post_init__`` and no slots, so a
    copy of its fields with the changes set is exactly what ``replace`` would build; the
    handlers below name only real fields.
    """
    new = object.__new__(Ticket)
    fields = new.__dict__
    fields.update(ticket.__dict__)
    fields.update(changes)
    return new


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds()))


def _refuse(ticket: Ticket, action: str) -> IllegalTransition:
    return IllegalTransition(
        f"Antrian {ticket.label} tidak dapat {action}: statusnya {STATE_LABELS_ID[ticket.state]}.",
        ticket=ticket.label,
        state=ticket.state.value,
        action=action,
    )


def _opened(event: TicketEvent) -> Ticket:
    d = event.data
    reason = d.get("priority_reason")
    return Ticket(
        id=event.ticket_id,
        service_day=date.fromisoformat(str(d["service_day"])),
        issued_service_id=int(d["issued_service_id"]),
        prefix=str(d["prefix"]),
        number=int(d["number"]),
        service_id=int(d["service_id"]),
        state=TicketState.WAITING,
        issued_at=(datetime.fromisoformat(str(d["issued_at"])) if "issued_at" in d else event.at),
        queued_at=event.at,
        priority_reason=PriorityReason(reason) if reason else None,
        origin_ticket_id=d.get("origin_ticket_id"),
        target_counter_id=d.get("target_counter_id"),
        user_id=event.user_id,
    )


#: The states each move may start from: the one rule ``apply`` enforces and the
#: operator's buttons follow (through ``allowed``).
ALLOWED_FROM: dict[EventKind, frozenset[TicketState]] = {
    EventKind.CALLED: frozenset({TicketState.WAITING, TicketState.NO_SHOW}),
    EventKind.RECALLED: frozenset({TicketState.CALLED}),
    EventKind.SKIPPED: frozenset({TicketState.CALLED}),
    EventKind.RETURNED: frozenset({TicketState.NO_SHOW}),
    EventKind.STARTED: frozenset({TicketState.CALLED}),
    EventKind.FINISHED: frozenset({TicketState.SERVING}),
    EventKind.TRANSFERRED: frozenset(
        {TicketState.WAITING, TicketState.CALLED, TicketState.SERVING}
    ),
    EventKind.CANCELLED: frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.NO_SHOW}),
}

#: How a refusal names the move ("Antrian A-001 tidak dapat <dipanggil>: ...").
ACTION_WORDS: dict[EventKind, str] = {
    EventKind.CALLED: "dipanggil",
    EventKind.RECALLED: "dipanggil ulang",
    EventKind.SKIPPED: "dilewati",
    EventKind.RETURNED: "dikembalikan ke antrian",
    EventKind.STARTED: "mulai dilayani",
    EventKind.FINISHED: "diselesaikan",
    EventKind.TRANSFERRED: "dialihkan",
    EventKind.CANCELLED: "dibatalkan",
}


def allowed(ticket: Ticket) -> frozenset[EventKind]:
    """The moves ``ticket``'s state allows now (a move may still be refused for its data)."""
    return frozenset(kind for kind, states in ALLOWED_FROM.items() if ticket.state in states)


def _called(ticket: Ticket, event: TicketEvent) -> Ticket:
    if event.counter_id is None:
        raise InvalidInput("Panggilan harus dari sebuah loket.")
    if ticket.target_counter_id not in (None, event.counter_id):
        raise IllegalTransition(
            f"Antrian {ticket.label} dialihkan ke loket lain.", ticket=ticket.label
        )
    first = ticket.called_at is None
    at = event.at
    return _replace(
        ticket,
        state=TicketState.CALLED,
        counter_id=event.counter_id,
        user_id=event.user_id,
        called_at=at if first else ticket.called_at,
        last_called_at=at,
        call_count=ticket.call_count + 1,
        wait_seconds=_seconds(ticket.queued_at, at) if first else ticket.wait_seconds,
        ended_at=None,
    )


def _recalled(ticket: Ticket, event: TicketEvent) -> Ticket:
    if event.counter_id != ticket.counter_id:
        raise IllegalTransition(
            f"Antrian {ticket.label} sedang dipanggil di loket lain.", ticket=ticket.label
        )
    return _replace(ticket, last_called_at=event.at, call_count=ticket.call_count + 1)


def _skipped(ticket: Ticket, event: TicketEvent) -> Ticket:
    return _replace(ticket, state=TicketState.NO_SHOW, ended_at=event.at)


def _returned(ticket: Ticket, event: TicketEvent) -> Ticket:
    # It keeps its original place (queued_at): the citizen has waited already.
    return _replace(ticket, state=TicketState.WAITING, counter_id=None, ended_at=None)


def _started(ticket: Ticket, event: TicketEvent) -> Ticket:
    if event.counter_id is not None and event.counter_id != ticket.counter_id:
        raise IllegalTransition(
            f"Antrian {ticket.label} dipanggil di loket lain.", ticket=ticket.label
        )
    assert ticket.last_called_at is not None
    return _replace(
        ticket,
        state=TicketState.SERVING,
        started_at=event.at,
        user_id=event.user_id if event.user_id is not None else ticket.user_id,
        walk_seconds=_seconds(ticket.last_called_at, event.at),
    )


def _finished(ticket: Ticket, event: TicketEvent) -> Ticket:
    outcome = Outcome(str(event.data.get("outcome", Outcome.COMPLETED)))
    reason = event.data.get("reason") or None
    due = event.data.get("due_date")
    if outcome is Outcome.REJECTED and not reason:
        raise InvalidInput("Alasan penolakan wajib diisi.", ticket=ticket.label)
    if outcome is Outcome.FOLLOW_UP and not due:
        raise InvalidInput("Tanggal jadi wajib untuk layanan yang ditindaklanjuti.")
    assert ticket.started_at is not None
    return _replace(
        ticket,
        state=TicketState.DONE,
        ended_at=event.at,
        user_id=event.user_id if event.user_id is not None else ticket.user_id,
        service_seconds=_seconds(ticket.started_at, event.at),
        outcome=outcome,
        outcome_reason=reason,
        notes=event.data.get("notes") or None,
        due_date=date.fromisoformat(str(due)) if due else None,
    )


def _transferred(ticket: Ticket, event: TicketEvent) -> Ticket:
    at = event.at
    return _replace(
        ticket,
        state=TicketState.TRANSFERRED,
        ended_at=at,
        successor_id=str(event.data["successor_id"]),
        service_seconds=(
            _seconds(ticket.started_at, at) if ticket.started_at else ticket.service_seconds
        ),
        notes=event.data.get("notes") or ticket.notes,
    )


def _cancelled(ticket: Ticket, event: TicketEvent) -> Ticket:
    return _replace(
        ticket,
        state=TicketState.CANCELLED,
        ended_at=event.at,
        cancel_reason=event.data.get("reason") or None,
    )


#: What each move does to a ticket whose state allows it (``ALLOWED_FROM``).
HANDLERS: dict[EventKind, Callable[[Ticket, TicketEvent], Ticket]] = {
    EventKind.CALLED: _called,
    EventKind.RECALLED: _recalled,
    EventKind.SKIPPED: _skipped,
    EventKind.RETURNED: _returned,
    EventKind.STARTED: _started,
    EventKind.FINISHED: _finished,
    EventKind.TRANSFERRED: _transferred,
    EventKind.CANCELLED: _cancelled,
}


def apply(ticket: Ticket | None, event: TicketEvent) -> Ticket:
    """Return the ticket after ``event``, or raise ``IllegalTransition``.

    Pure: the same events in the same order always give the same ticket. A ticket is
    opened by ``ISSUED`` or ``TRANSFERRED_IN``; every other move is a row of ``HANDLERS``,
    refused unless the ticket's state is in its ``ALLOWED_FROM``.
    """
    kind = event.kind
    if kind in (EventKind.ISSUED, EventKind.TRANSFERRED_IN):
        if ticket is not None:
            raise IllegalTransition(
                f"Antrian {ticket.label} sudah ada.", ticket=ticket.label, action="issue"
            )
        return _opened(event)
    if ticket is None:
        raise IllegalTransition("Antrian tidak ditemukan.", action=kind.value)
    if event.ticket_id != ticket.id:
        raise IllegalTransition("Kejadian ini milik antrian lain.", ticket=ticket.label)
    handler = HANDLERS.get(kind)
    if handler is None:  # pragma: no cover - every kind has a row
        raise IllegalTransition(f"Jenis kejadian tidak dikenal: {kind}.")
    if ticket.state not in ALLOWED_FROM[kind]:
        raise _refuse(ticket, ACTION_WORDS[kind])
    return handler(ticket, event)


def replay(events: Iterable[TicketEvent]) -> Ticket | None:
    """The ticket its events describe, in the order given."""
    ticket: Ticket | None = None
    for event in events:
        ticket = apply(ticket, event)
    return ticket
