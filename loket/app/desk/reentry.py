"""Re-entering a set-aside ticket: once per citizen, whatever PC lists it, on any branch.

A replaced hub's set-aside list (``loket hub aside``) records what it held that the
office's log lacked when it was fenced. Whether an entry is still set aside is asked of
the office's log, in the hub's own transaction, never read from the file: a later
take-over may have brought the ticket back (a PC whose replica still held it was
promoted), and two PCs may list the same ticket (a replica that held it was promoted,
then replaced in turn). So every re-entry of one citizen's ticket gets the same ticket
id, derived from the citizen's first ticket (its *root*): a second re-entry, from any
PC's list, finds it and is refused; an issue event names the root (``reentry_of``), so a
re-entry that is itself set aside later still leads back to the citizen's first ticket.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from loket.app.desk.estimate import estimate
from loket.app.desk.issuing import IssueResult, new_ticket
from loket.app.desk.lookup import active_service
from loket.app.desk.tx import Tx
from loket.core.errors import InvalidInput, LoketError
from loket.core.tickets import PriorityReason

#: Fixed for ever: the re-entry ticket id of a root is the same on every PC and branch.
REENTRY_NAMESPACE = uuid.UUID("6f1d3c52-8a44-4d0b-9a7e-2c1b5e9d7a10")

AWAY = "aside"  # the office's log lacks it: it may be re-entered
BACK = "back"  # the citizen's ticket is in the office's log (again)
REENTERED = "reentered"  # already re-entered (from this list or another PC's)


@dataclass(frozen=True)
class AsideTicket:
    """One entry of a set-aside list, as the hub needs it."""

    ticket_id: str
    root_id: str  # the citizen's first ticket: ticket_id, unless it was a re-entry
    service_id: int | None = None
    priority_reason: PriorityReason | None = None


@dataclass(frozen=True)
class AsideStatus:
    state: str  # AWAY, BACK or REENTERED
    label: str | None = None  # the office's ticket for this citizen (BACK, REENTERED)


def reentry_id(root_id: str) -> str:
    """The ticket id every re-entry of this citizen's ticket gets."""
    return str(uuid.uuid5(REENTRY_NAMESPACE, root_id))


def aside_status(tx: Tx, items: list[AsideTicket]) -> list[AsideStatus]:
    return [_status(tx, item) for item in items]


def _status(tx: Tx, item: AsideTicket) -> AsideStatus:
    for ticket_id in dict.fromkeys((item.root_id, item.ticket_id)):
        held = tx.sql.ticket(ticket_id)
        if held is not None:
            return AsideStatus(BACK, held.label)
    again = tx.sql.ticket(reentry_id(item.root_id))
    if again is not None:
        return AsideStatus(REENTERED, again.label)
    return AsideStatus(AWAY)


def reenter(tx: Tx, item: AsideTicket, user_id: int | None) -> IssueResult:
    """A new number for a set-aside ticket, checked and issued in one transaction."""
    status = _status(tx, item)
    if status.state == BACK:
        raise LoketError(
            f"Nomor ini sudah ada lagi di log kantor sebagai {status.label} (PC utama yang "
            "sekarang memegangnya): tidak dimasukkan ulang, agar warga tidak mendapat dua nomor."
        )
    if status.state == REENTERED:
        raise LoketError(f"Nomor ini sudah dimasukkan ulang sebagai {status.label}.")
    if item.service_id is None:
        raise InvalidInput("Layanan nomor ini tidak diketahui; ambilkan nomor baru di kios.")
    service = active_service(tx.cfg, item.service_id)
    ticket = new_ticket(tx, service, item.priority_reason, user_id,
                        ticket_id=reentry_id(item.root_id),
                        extra={"reentry_of": item.root_id})  # fmt: skip
    ahead, wait = estimate(tx, service, ticket)
    return IssueResult(ticket, service.name, ahead, wait)
