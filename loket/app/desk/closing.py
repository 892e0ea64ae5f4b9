"""Closing a service day: waiting tickets cancelled, called ones marked no-show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from loket.app.desk.tx import Tx, emit
from loket.core.tickets import EventKind, TicketState

DAY_CLOSED_REASON = "hari layanan ditutup"


@dataclass(frozen=True)
class CloseResult:
    day: date
    cancelled: int
    no_show: int
    still_serving: int


def close(tx: Tx, day: date) -> CloseResult:
    """End ``day``; tickets being served are left for their operator to finish."""
    cancelled = no_show = serving = 0
    for ticket in tx.sql.open_of_day(day):
        if ticket.state is TicketState.WAITING:
            emit(
                tx,
                ticket,
                EventKind.CANCELLED,
                ticket_id=ticket.id,
                data={"reason": DAY_CLOSED_REASON},
            )
            cancelled += 1
        elif ticket.state is TicketState.CALLED:
            emit(tx, ticket, EventKind.SKIPPED, ticket_id=ticket.id, counter_id=ticket.counter_id)
            no_show += 1
        else:
            serving += 1
    return CloseResult(day, cancelled, no_show, serving)


def close_stale_days(tx: Tx) -> None:
    """Close every earlier day still holding waiting or called tickets (once per day)."""
    today = tx.today
    if tx.cache.closed_before == today:
        return
    for day in tx.sql.stale_days(today):
        close(tx, day)
    tx.cache.closed_before = today
