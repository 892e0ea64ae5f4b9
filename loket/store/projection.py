"""Moving tickets and events between core dataclasses and rows."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from loket.core.tickets import (
    EventKind,
    Outcome,
    PriorityReason,
    Ticket,
    TicketEvent,
    TicketState,
)
from loket.store.models import EventRow, TicketRow

_FIELDS = [f.name for f in dataclasses.fields(Ticket)]


def ticket_from_row(row: TicketRow | Row[Any]) -> Ticket:
    """From an ORM row or a plain result row of the tickets table."""
    return ticket_from_values({name: getattr(row, name) for name in _FIELDS})


def ticket_from_values(row: dict[str, Any]) -> Ticket:
    """From a row's column values (the queue's compiled statements read these)."""
    values: dict[str, Any] = {name: row[name] for name in _FIELDS}
    state, reason, outcome = values["state"], values["priority_reason"], values["outcome"]
    values["state"] = TicketState(state)
    values["priority_reason"] = PriorityReason(reason) if reason else None
    values["outcome"] = Outcome(outcome) if outcome else None
    return Ticket(**values)


def ticket_values(ticket: Ticket) -> dict[str, Any]:
    """The row's column values of ``ticket`` (all but ``office_id``)."""
    return _row_values(ticket)


def _row_values(ticket: Ticket) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(ticket, name) for name in _FIELDS}
    values["state"] = ticket.state.value
    values["priority_reason"] = ticket.priority_reason.value if ticket.priority_reason else None
    values["outcome"] = ticket.outcome.value if ticket.outcome else None
    values["is_priority"] = ticket.is_priority
    return values


def save_ticket(session: Session, ticket: Ticket, office_id: int, *, new: bool = False) -> None:
    """Insert (``new``) or update the row of ``ticket``."""
    row = None if new else session.get(TicketRow, ticket.id)
    values = _row_values(ticket)
    if row is None:
        session.add(TicketRow(office_id=office_id, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)


def event_to_row(event: TicketEvent) -> EventRow:
    return EventRow(
        id=event.id,
        ticket_id=event.ticket_id,
        kind=event.kind.value,
        at=event.at,
        counter_id=event.counter_id,
        user_id=event.user_id,
        data=dict(event.data),
    )


def event_from_row(row: EventRow) -> TicketEvent:
    return TicketEvent(
        id=row.id,
        ticket_id=row.ticket_id,
        kind=EventKind(row.kind),
        at=row.at,
        counter_id=row.counter_id,
        user_id=row.user_id,
        data=dict(row.data),
    )


def ticket_events(session: Session, ticket_id: str) -> list[TicketEvent]:
    rows = session.scalars(
        select(EventRow).where(EventRow.ticket_id == ticket_id).order_by(EventRow.seq)
    )
    return [event_from_row(r) for r in rows]
