"""The one mapping between the core's ``Ticket`` and a row of a tickets table.

The desk's ``tickets`` and the city's ``server_tickets`` both project the same events
through ``loket.core.tickets.apply``; both store exactly ``TICKET_COLUMNS`` (the
dataclass's fields, enums as their values), each table adding its own keys around them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from loket.core.tickets import Outcome, PriorityReason, Ticket, TicketState

#: The ticket's columns, shared by every table that holds a ticket's state.
TICKET_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Ticket))


def ticket_from_row(row: Any) -> Ticket:
    """From an ORM row or a plain result row that has every one of ``TICKET_COLUMNS``."""
    return ticket_from_values({name: getattr(row, name) for name in TICKET_COLUMNS})


def ticket_from_values(row: Mapping[str, Any]) -> Ticket:
    """From a mapping of column values (the desk queue's compiled statements read these)."""
    values: dict[str, Any] = {name: row[name] for name in TICKET_COLUMNS}
    reason, outcome = values["priority_reason"], values["outcome"]
    values["state"] = TicketState(values["state"])
    values["priority_reason"] = PriorityReason(reason) if reason else None
    values["outcome"] = Outcome(outcome) if outcome else None
    return Ticket(**values)


def ticket_values(ticket: Ticket) -> dict[str, Any]:
    """``TICKET_COLUMNS`` of ``ticket`` as a row holds them (enums as their values)."""
    values: dict[str, Any] = {name: getattr(ticket, name) for name in TICKET_COLUMNS}
    values["state"] = ticket.state.value
    values["priority_reason"] = ticket.priority_reason.value if ticket.priority_reason else None
    values["outcome"] = ticket.outcome.value if ticket.outcome else None
    return values
