"""Moving tickets and events between core dataclasses and rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from loket.core.tickets import EventKind, Ticket, TicketEvent
from loket.sql.tickets import ticket_from_row as _ticket_from_row
from loket.sql.tickets import ticket_values
from loket.store.models import EventRow, TicketRow


def ticket_from_row(row: TicketRow | Row[Any]) -> Ticket:
    """From an ORM row or a plain result row of the tickets table."""
    return _ticket_from_row(row)


def _row_values(ticket: Ticket) -> dict[str, Any]:
    """The shared ticket columns, plus the desk's ``is_priority`` (an index's key)."""
    return {**ticket_values(ticket), "is_priority": ticket.is_priority}


def row_values(ticket: Ticket) -> dict[str, Any]:
    """The desk row's values of ``ticket``, all but ``office_id`` (the queue's writes)."""
    return _row_values(ticket)


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
