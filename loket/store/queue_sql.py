"""The queue's reads and writes: what the desk's use cases ask of one transaction.

``QueueSql`` wraps the sqlite3 connection of one transaction (see
``Database.raw_write``): a handful of indexed statements per use case, none of them
growing with the length of the queue. Tickets come back as the core's ``Ticket``; a
changed ticket is written as an UPDATE of the columns that changed (one compiled
statement per set of columns, cached), so triggers and indexes do only the work a
change needs.
"""

from __future__ import annotations

import json
import operator
import sqlite3
from datetime import date, datetime
from typing import Any

from loket.core.tickets import Ticket, TicketEvent
from loket.sql.tickets import TICKET_COLUMNS, ticket_from_values
from loket.store.prepared import Prepared
from loket.store.projection import row_values
from loket.store.queue_statements import (
    TICKETS,
    Head,
    heads_statement,
    statement,
    update_statement,
)

__all__ = ["Head", "QueueSql", "heads_statement"]


def _config_version(value: Any) -> int:
    if value is None:
        return 0
    # The JSON column has numeric affinity: SQLite hands the number back as one.
    return int(value if isinstance(value, int | float) else json.loads(value))


_FIELDS = operator.attrgetter(*TICKET_COLUMNS)
_ENUMS = frozenset({"state", "priority_reason", "outcome"})


def _changed(before: Ticket, after: Ticket) -> dict[str, Any]:
    """The row's columns that differ between two versions of a ticket, as stored.

    What ``row_values`` of both and a comparison give, without building two rows of
    thirty-one values (a transition changes a few; issue 14).
    """
    pairs = zip(TICKET_COLUMNS, _FIELDS(before), _FIELDS(after), strict=True)
    changed = {name: new for name, old, new in pairs if old != new}
    for name in _ENUMS & changed.keys():
        changed[name] = None if changed[name] is None else changed[name].value
    if before.is_priority != after.is_priority:
        changed["is_priority"] = after.is_priority
    return changed


class QueueSql:
    """The queue's reads and writes on one transaction's sqlite3 connection."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _one(self, name: str, **params: Any) -> Any:
        row = statement(name).run(self.conn, **params).fetchone()
        return None if row is None else row[0]

    def _tickets(self, prepared: Prepared, **params: Any) -> list[Ticket]:
        rows = prepared.run(self.conn, **params).fetchall()
        return [ticket_from_values(TICKETS.values(r)) for r in rows]

    def _ticket(self, name: str, **params: Any) -> Ticket | None:
        found = self._tickets(statement(name), **params)
        return found[0] if found else None

    # -- reads ---------------------------------------------------------------------

    def config_version(self) -> int:
        return _config_version(self._one("config_version"))

    def versions(self) -> tuple[int, int]:
        """(the set-up's version, the newest counter-status row's id), read together."""
        config, status = statement("versions").run(self.conn).fetchone()
        return _config_version(config), int(status or 0)

    def ticket(self, ticket_id: str) -> Ticket | None:
        return self._ticket("ticket", id=ticket_id)

    def by_label(self, day: date, prefix: str, number: int) -> Ticket | None:
        """The live ticket of a printed number (a transfer's successor over its origin)."""
        return self._ticket("by_label", day=day, prefix=prefix, number=number)

    def current(self, counter_id: int) -> Ticket | None:
        return self._ticket("current", counter_id=counter_id)

    def highest_number(self, office_id: int, day: date, service_id: int) -> int:
        top = self._one("highest", office_id=office_id, day=day, service_id=service_id)
        return int(top or 0)

    def heads(self, prepared: Prepared, counter_id: int) -> list[Head]:
        rows = prepared.run(self.conn, counter_id=counter_id).fetchall()
        return [Head.of_row(r) for r in rows]

    def waiting(self, service_id: int | None, day: date | None) -> list[Ticket]:
        name = "waiting_service" if service_id is not None else "waiting"
        name += "_day" if day is not None else ("" if service_id is not None else "_any")
        return self._tickets(statement(name), service_id=service_id, day=day)

    def open_of_day(self, day: date) -> list[Ticket]:
        return self._tickets(statement("open_of_day"), day=day)

    def stale_days(self, today: date) -> list[date]:
        rows = statement("stale_days").run(self.conn, day=today).fetchall()
        return sorted(date.fromisoformat(r[0]) for r in rows)

    def holidays(self) -> set[date]:
        return {date.fromisoformat(r[0]) for r in statement("holidays").run(self.conn).fetchall()}

    def status_top(self) -> int:
        """The newest counter-status row's id: unchanged means no counter changed status."""
        return int(self._one("status_top") or 0)

    def counter_status(self, counter_id: int) -> tuple[str, str | None] | None:
        row = statement("status_one").run(self.conn, counter_id=counter_id).fetchone()
        return None if row is None else (row[0], row[1])

    def waiting_counts(self, service_id: int, day: date | None) -> list[tuple[bool, bool, int]]:
        """(transferred, priority, how many) waiting in a service (on ``day``, or any day)."""
        name = "waiting_counts_day" if day is not None else "waiting_counts_all"
        rows = statement(name).run(self.conn, service_id=service_id, day=day).fetchall()
        return [(bool(t), bool(p), int(n)) for t, p, n in rows]

    def estimate_reads(
        self, service_id: int, counts_day: date | None, day: date, since: datetime, limit: int
    ) -> tuple[list[tuple[bool, bool, int]], list[tuple[int, int]], set[int]]:
        """``waiting_counts``, ``recent_done`` and ``busy_counters`` in one statement."""
        name = "estimate_day" if counts_day is not None else "estimate_all"
        rows = statement(name).run(self.conn, service_id=service_id, counts_day=counts_day,
                               day=day, since=since, limit=limit).fetchall()  # fmt: skip
        counts = [(bool(a), bool(b), int(c)) for part, a, b, c in rows if part == 0]
        recent = [(a or 0, b or 0) for part, a, b, _ in rows if part == 1]
        busy = {a for part, a, _, _ in rows if part == 2 and a is not None}
        return counts, recent, busy

    def recent_done(self, day: date, service_id: int, limit: int) -> list[tuple[int, int]]:
        rows = statement("recent_done").run(self.conn, day=day, service_id=service_id, limit=limit)
        return [(w or 0, s or 0) for w, s in rows.fetchall()]

    def busy_counters(self, day: date, since: datetime) -> set[int]:
        rows = statement("busy_counters").run(self.conn, day=day, since=since).fetchall()
        return {r[0] for r in rows if r[0] is not None}

    def normals_since_priority(self, day: date) -> int:
        """Normal tickets first called on ``day`` since the last priority one was."""
        return int(self._one("normals_since_priority", day=day) or 0)

    # -- writes --------------------------------------------------------------------

    def insert_ticket(self, ticket: Ticket, office_id: int) -> None:
        values = row_values(ticket)
        values["office_id"] = office_id
        statement("insert_ticket").run(self.conn, **values)

    def update_ticket(self, before: Ticket, after: Ticket) -> None:
        changed = _changed(before, after)
        if not changed:
            return
        prepared = update_statement(frozenset(changed))
        params = {f"v_{name}": value for name, value in changed.items()}
        prepared.run(self.conn, key=after.id, **params)

    def insert_event(self, event: TicketEvent) -> None:
        statement("insert_event").run(
            self.conn,
            id=event.id,
            ticket_id=event.ticket_id,
            kind=event.kind.value,
            at=event.at,
            counter_id=event.counter_id,
            user_id=event.user_id,
            data=dict(event.data),
        )
