"""One queue use case's transaction, and ``emit``: the one place a ticket changes.

Every change goes through ``emit``: it builds the event, asks the core's ``apply`` for
the new ticket (which refuses illegal moves), and stores both in the same transaction.
So the ticket table is always the replay of the event log, and the event log is the
sync outbox.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from loket.app.counters import CounterState, CounterStatus
from loket.app.office import OfficeConfig, OfficeInfo
from loket.core.days import day_bounds_utc, service_day
from loket.core.tickets import EventKind, Ticket, TicketEvent, apply
from loket.store.prepared import Prepared
from loket.store.queue_sql import QueueSql


@dataclass
class DeskCache:
    """What a desk keeps between use cases, each item keyed by what invalidates it."""

    config: OfficeConfig | None = None
    #: Call-next's statement per (configuration version, counter id).
    heads: dict[tuple[int, int], Prepared] = field(default_factory=dict)
    #: Counter statuses as of the newest status row's id.
    states_at: int = -1
    states: dict[int, CounterState] = field(default_factory=dict)
    #: Earlier days are closed once per service day.
    closed_before: date | None = None
    #: The service day last computed, with its UTC span and the zone it was taken in.
    day: tuple[datetime, datetime, str, date] | None = None


@dataclass(frozen=True)
class Tx:
    """A use case's transaction: its statements, the office's set-up and the time."""

    sql: QueueSql
    cfg: OfficeConfig
    now: datetime
    cache: DeskCache
    #: The newest counter-status row's id as this transaction began (read with the
    #: set-up's version): unchanged since the cache was filled means no status changed.
    status_top: int

    @property
    def office(self) -> OfficeInfo:
        return self.cfg.office

    @functools.cached_property
    def today(self) -> date:
        """The office's service day at ``now`` (asked three or four times per use case).

        Kept with its UTC span: within it, no time-zone conversion (issue 14).
        """
        office, known = self.cfg.office, self.cache.day
        if known is not None and known[2] == office.timezone and known[0] <= self.now < known[1]:
            return known[3]
        day = service_day(self.now, office.tz)
        start, end = day_bounds_utc(day, office.tz)
        self.cache.day = (start, end, office.timezone, day)
        return day

    def counter_states(self) -> dict[int, CounterState]:
        """Every counter's status (no entry: open), re-read only after a status change."""
        top = self.status_top
        if top != self.cache.states_at:
            states = {}
            for counter_id in self.cfg.counters:
                row = self.sql.counter_status(counter_id)
                if row is not None:
                    states[counter_id] = CounterState(counter_id, CounterStatus(row[0]), row[1])
            self.cache.states, self.cache.states_at = states, top
        return self.cache.states


def new_id() -> str:
    """A random UUID (version 4) as ``str(uuid.uuid4())`` writes it, in a third of the time.

    Two per issue (the ticket's and its event's): ~10 µs of ``uuid.UUID`` objects.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40
    raw[8] = raw[8] & 0x3F | 0x80
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def emit(
    tx: Tx,
    before: Ticket | None,
    kind: EventKind,
    *,
    ticket_id: str,
    counter_id: int | None = None,
    user_id: int | None = None,
    data: Mapping[str, Any] | None = None,
) -> Ticket:
    """Apply one event to a ticket and store both (``before`` None: a new ticket)."""
    event = TicketEvent(
        id=new_id(),
        ticket_id=ticket_id,
        kind=kind,
        at=tx.now,
        counter_id=counter_id,
        user_id=user_id,
        data=dict(data or {}),
    )
    after = apply(before, event)
    if before is None:
        tx.sql.insert_ticket(after, tx.office.id)
    else:
        tx.sql.update_ticket(before, after)
    tx.sql.insert_event(event)
    return after
