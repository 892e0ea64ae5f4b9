"""Calling, serving, skipping, finishing, transferring and cancelling a ticket."""

from __future__ import annotations

from typing import Any

from loket.app.desk.closing import close_stale_days
from loket.app.desk.lookup import (
    active_counter,
    active_service,
    clean_text,
    load,
    raise_busy,
    require_at_counter,
    require_free,
    require_open,
    resolve,
)
from loket.app.desk.picking import pick_next
from loket.app.desk.tx import Tx, emit, new_id
from loket.core.days import follow_up_due
from loket.core.errors import IllegalTransition, InvalidInput
from loket.core.tickets import EventKind, Outcome, Ticket, TicketState


def call_next(tx: Tx, counter_id: int, user_id: int | None) -> Ticket | None:
    """Claim and call the next ticket for a counter; None when nobody waits."""
    counter = active_counter(tx.cfg, counter_id)
    require_free(tx, counter)
    require_open(tx, counter)
    if not tx.cfg.settings.overnight_queue:
        # Earlier days closed here, the queue needs no day filter: it walks its index.
        close_stale_days(tx)
    head = pick_next(tx, counter)
    if head is None:
        return None
    return emit(
        tx, head, EventKind.CALLED, ticket_id=head.id, counter_id=counter.id, user_id=user_id
    )


def call(tx: Tx, ticket_ref: str, counter_id: int, user_id: int | None) -> Ticket:
    """Call one ticket by label or id: a citizen who came back, or out of order."""
    counter = active_counter(tx.cfg, counter_id)
    ticket = resolve(tx, ticket_ref, tx.today)
    if ticket.service_id not in counter.service_ids:
        raise IllegalTransition(
            f"{counter.name} tidak melayani layanan antrian {ticket.label}; "
            "alihkan antrian itu ke loket ini lebih dulu.",
            ticket=ticket.label,
        )
    current = tx.sql.current(counter.id)
    if current is not None and current.id != ticket.id:
        raise_busy(counter, current)
    require_open(tx, counter)
    return emit(
        tx, ticket, EventKind.CALLED, ticket_id=ticket.id, counter_id=counter.id, user_id=user_id
    )


def step(
    tx: Tx, ticket_id: str, kind: EventKind, counter_id: int, user_id: int | None, action: str
) -> Ticket:
    """Recall, skip or start: the counter's own ticket moves one step."""
    ticket = load(tx, ticket_id)
    require_at_counter(ticket, counter_id, action)
    return emit(tx, ticket, kind, ticket_id=ticket.id, counter_id=counter_id, user_id=user_id)


def return_to_queue(tx: Tx, ticket_ref: str, user_id: int | None) -> Ticket:
    ticket = resolve(tx, ticket_ref, tx.today)
    return emit(tx, ticket, EventKind.RETURNED, ticket_id=ticket.id, user_id=user_id)


def cancel(tx: Tx, ticket_ref: str, reason: str, user_id: int | None) -> Ticket:
    ticket = resolve(tx, ticket_ref, tx.today)
    data = {"reason": clean_text(reason, "Alasan", 500)}
    return emit(tx, ticket, EventKind.CANCELLED, ticket_id=ticket.id, user_id=user_id, data=data)


def finish(
    tx: Tx,
    ticket_id: str,
    counter_id: int,
    outcome: Outcome,
    reason: str | None,
    notes: str | None,
    user_id: int | None,
) -> Ticket:
    """End a service: completed, needs follow-up (due date), or rejected (reason)."""
    ticket = load(tx, ticket_id)
    require_at_counter(ticket, counter_id, "diselesaikan")
    data: dict[str, Any] = {"outcome": outcome.value}
    if reason and reason.strip():
        data["reason"] = clean_text(reason, "Alasan", 500)
    if notes and notes.strip():
        data["notes"] = clean_text(notes, "Catatan", 2000)
    if outcome is Outcome.FOLLOW_UP:
        service = tx.cfg.services[ticket.service_id]
        holidays = tx.sql.holidays()  # pushed by the city
        data["due_date"] = follow_up_due(tx.today, service.standard_minutes, holidays).isoformat()
    return emit(
        tx,
        ticket,
        EventKind.FINISHED,
        ticket_id=ticket.id,
        counter_id=counter_id,
        user_id=user_id,
        data=data,
    )


def transfer(
    tx: Tx,
    ticket_id: str,
    counter_id: int,
    to_service_id: int | None,
    to_counter_id: int | None,
    notes: str | None,
    user_id: int | None,
) -> Ticket:
    """Send the citizen to another service and/or counter; returns the successor."""
    ticket = load(tx, ticket_id)
    if ticket.state is not TicketState.WAITING:
        require_at_counter(ticket, counter_id, "dialihkan")
    target_service = ticket.service_id if to_service_id is None else to_service_id
    active_service(tx.cfg, target_service)
    if to_counter_id is not None:
        target = active_counter(tx.cfg, to_counter_id)
        if target_service not in target.service_ids:
            raise InvalidInput(
                f"{target.name} tidak melayani layanan tujuan.", counter=target.number
            )
    elif target_service == ticket.service_id:
        raise InvalidInput("Layanan tujuan sama dengan layanan sekarang.")
    successor_id = new_id()
    data: dict[str, Any] = {
        "successor_id": successor_id,
        "to_service_id": target_service,
        "to_counter_id": to_counter_id,
    }
    if notes and notes.strip():
        data["notes"] = clean_text(notes, "Catatan", 2000)
    emit(
        tx,
        ticket,
        EventKind.TRANSFERRED,
        ticket_id=ticket.id,
        counter_id=counter_id,
        user_id=user_id,
        data=data,
    )
    reason = ticket.priority_reason
    return emit(
        tx,
        None,
        EventKind.TRANSFERRED_IN,
        ticket_id=successor_id,
        counter_id=counter_id,
        user_id=user_id,
        data={
            "service_day": ticket.service_day.isoformat(),
            "issued_service_id": ticket.issued_service_id,
            "service_id": target_service,
            "prefix": ticket.prefix,
            "number": ticket.number,
            "priority_reason": reason.value if reason else None,
            "origin_ticket_id": ticket.id,
            "target_counter_id": to_counter_id,
        },
    )
