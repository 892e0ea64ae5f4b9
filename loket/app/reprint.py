"""Reprinting a ticket: the same number on new paper, and a line in the audit trail.

A citizen whose ticket jammed, got wet or went out of a paper-less printer gets the
same number again, never a new one (a new one would jump the queue or lose the place).
The operator reprints the ticket of the citizen at the counter; an admin reprints the
last N tickets the kiosk issued (after the roll ran out). Each reprint is audited, so
a pile of reprints for one number is visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from loket.app.audit import Actor, record
from loket.app.desk import Desk
from loket.app.office import list_services
from loket.app.users import UserInfo
from loket.core.errors import InvalidInput, LoketError
from loket.core.roles import Permission, can
from loket.core.tickets import EventKind, Ticket
from loket.store.models import EventRow, TicketRow
from loket.store.projection import ticket_from_row

AUDIT_ACTION = "ticket_reprinted"
MAX_REPRINT_BATCH = 50


class NotAllowed(LoketError):
    """The user's role does not allow this."""


@dataclass(frozen=True)
class Reprint:
    """What a reprinted ticket shows; ``ahead``/``wait_seconds`` only while it waits."""

    ticket: Ticket
    service_name: str
    ahead: int | None
    wait_seconds: int | None
    at: datetime


def reprint(desk: Desk, ticket_ref: str, actor: Actor) -> Reprint:
    """Reprint today's ticket ``ticket_ref`` (its id or its label, e.g. A-012)."""
    ref = ticket_ref.strip()
    if not ref:
        raise InvalidInput("Isi nomor antrian yang akan dicetak ulang (mis. A-012).")
    try:
        ticket = desk.ticket(ref)
    except LoketError:
        ticket = desk.find(ref)
    return _reprint(desk, ticket, actor, batch=False)


def kiosk_tickets(desk: Desk, count: int) -> list[Ticket]:
    """The last ``count`` numbers the kiosk gave today, newest first (no transfers)."""
    today = desk.today()
    with desk.db.read() as s:
        issued_by_kiosk = (
            select(EventRow.ticket_id)
            .where(EventRow.kind == EventKind.ISSUED.value, EventRow.user_id.is_(None))
            .scalar_subquery()
        )
        rows = s.scalars(
            select(TicketRow)
            .where(
                TicketRow.service_day == today,
                TicketRow.origin_ticket_id.is_(None),
                TicketRow.id.in_(issued_by_kiosk),
            )
            .order_by(TicketRow.issued_at.desc(), TicketRow.number.desc())
            .limit(count)
        ).all()
        return [ticket_from_row(r) for r in rows]


def reprint_last(desk: Desk, count: int, user: UserInfo) -> list[Reprint]:
    """An admin reprints the kiosk's last ``count`` tickets, oldest first (as issued).

    The batch's audit entries are one transaction: all of them, or none (a batch half
    audited would hide reprints).
    """
    if not can(user.role, Permission.ADMIN_OFFICE):
        raise NotAllowed("Hanya admin yang dapat mencetak ulang tiket kios.")
    if not 1 <= count <= MAX_REPRINT_BATCH:
        raise InvalidInput(f"Jumlah tiket harus 1 sampai {MAX_REPRINT_BATCH}.")
    return _reprint_all(desk, list(reversed(kiosk_tickets(desk, count))),
                        Actor(user.id, user.name), batch=True)  # fmt: skip


def _reprint(desk: Desk, ticket: Ticket, actor: Actor, *, batch: bool) -> Reprint:
    return _reprint_all(desk, [ticket], actor, batch=batch)[0]


def _reprint_all(desk: Desk, tickets: list[Ticket], actor: Actor, *, batch: bool) -> list[Reprint]:
    """Where each ticket stands (the desk's reads), then every audit entry in one write."""
    standing = [_standing(desk, ticket) for ticket in tickets]
    now = desk.clock()
    with desk.db.write() as s:
        for ticket, (live, _) in zip(tickets, standing, strict=True):
            record(s, actor, AUDIT_ACTION, ticket.label, ticket_id=live.id,
                   service_day=ticket.service_day.isoformat(), state=live.state.value,
                   kiosk_batch=batch)  # fmt: skip
        names = {sv.id: sv.name for sv in list_services(s)}
    return [
        Reprint(
            ticket=live,
            service_name=names.get(live.service_id, ""),
            ahead=position[0] if position else None,
            wait_seconds=position[1] if position else None,
            at=now,
        )
        for live, position in standing
    ]


def _standing(desk: Desk, ticket: Ticket) -> tuple[Ticket, tuple[int, int] | None]:
    """The ticket that carries the number now (a transfer's last successor), and its place."""
    live = ticket
    for _ in range(100):  # transferred: the number lives on at the end of the chain
        if live.successor_id is None:
            break
        live = desk.ticket(live.successor_id)
    return live, desk.position(live.id)
