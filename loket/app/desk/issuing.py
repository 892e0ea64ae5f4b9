"""Giving numbers: at the kiosk or desk, and to a walk-in served at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from loket.app.desk.estimate import estimate
from loket.app.desk.lookup import active_counter, active_service, require_free, require_open
from loket.app.desk.tx import Tx, emit, new_id
from loket.app.office import ServiceInfo
from loket.core.errors import InvalidInput, QuotaExceeded
from loket.core.tickets import EventKind, PriorityReason, Ticket


@dataclass(frozen=True)
class IssueResult:
    ticket: Ticket
    service_name: str
    ahead: int
    estimated_wait_seconds: int


def issue(
    tx: Tx, service_id: int, reason: PriorityReason | None, user_id: int | None
) -> IssueResult:
    """The next number of a service, with the people ahead and the wait, in one go."""
    service = active_service(tx.cfg, service_id)
    ticket = new_ticket(tx, service, reason, user_id)
    ahead, wait = estimate(tx, service, ticket)
    return IssueResult(ticket, service.name, ahead, wait)


def new_ticket(
    tx: Tx,
    service: ServiceInfo,
    reason: PriorityReason | None,
    user_id: int | None,
    *,
    ticket_id: str | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Ticket:
    """``ticket_id``/``extra``: a re-entered set-aside ticket's (``reentry``)."""
    day = tx.today
    top = tx.sql.highest_number(tx.office.id, day, service.id)
    # Numbers of a series run 1..n without gaps, so the highest is also the count.
    if service.daily_quota is not None and top >= service.daily_quota:
        raise QuotaExceeded(
            f"Kuota harian layanan {service.name} ({service.daily_quota}) sudah habis.",
            service=service.prefix,
            quota=service.daily_quota,
        )
    return emit(
        tx,
        None,
        EventKind.ISSUED,
        ticket_id=ticket_id or new_id(),
        user_id=user_id,
        data={
            "service_day": day.isoformat(),
            "issued_service_id": service.id,
            "service_id": service.id,
            "prefix": service.prefix,
            "number": top + 1,
            "priority_reason": reason.value if reason else None,
            **(extra or {}),
        },
    )


def quick_serve(
    tx: Tx, service_id: int, counter_id: int, reason: PriorityReason | None, user_id: int | None
) -> Ticket:
    """A walk-in served at once: issued, called and started, in the register."""
    counter = active_counter(tx.cfg, counter_id)
    service = active_service(tx.cfg, service_id)
    if service.id not in counter.service_ids:
        raise InvalidInput(f"{counter.name} tidak melayani layanan {service.name}.")
    require_free(tx, counter)
    require_open(tx, counter)
    ticket = new_ticket(tx, service, reason, user_id)
    for kind in (EventKind.CALLED, EventKind.STARTED):
        ticket = emit(tx, ticket, kind, ticket_id=ticket.id, counter_id=counter.id, user_id=user_id)
    return ticket
