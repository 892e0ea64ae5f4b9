"""The queue of one office, as its counters and kiosk use it: one transaction each.

Each use case is a function of a ``Tx`` (``issuing``, ``calling``, ``closing``) run by
``Desk._write`` or ``Desk._read``: one transaction on the driver connection, the office
set-up's version read once in it (the set-up itself re-read only when that moved), the
queue's compiled statements (``loket.store.queue_sql``) for everything else, and every
ticket change through ``tx.emit``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from loket.app.desk import calling, closing, issuing, reentry
from loket.app.desk.closing import CloseResult
from loket.app.desk.estimate import estimate, wait_seconds
from loket.app.desk.issuing import IssueResult
from loket.app.desk.lookup import active_service, find_label, load
from loket.app.desk.tx import DeskCache, Tx
from loket.app.office import OfficeConfig, OfficeInfo, load_config
from loket.core.days import service_day, utc_now
from loket.core.errors import InvalidInput
from loket.core.queue import order_waiting
from loket.core.tickets import EventKind, Outcome, PriorityReason, Ticket, TicketState
from loket.store.database import Database, driver_connection
from loket.store.queue_sql import QueueSql

Clock = Callable[[], datetime]
P = ParamSpec("P")
R = TypeVar("R")


class Desk:
    """The queue of one office, as its counters and kiosk use it."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self.db = db
        self.clock = clock
        self._batch: Session | None = None
        self._cache = DeskCache()

    # -- transactions --------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run several use cases in one transaction (simulations, bulk imports)."""
        with self.db.write() as session:
            self._batch = session
            try:
                yield
            finally:
                self._batch = None

    def _write(self, action: Callable[Concatenate[Tx, P], R], *a: P.args, **kw: P.kwargs) -> R:
        """Run ``action`` in one write transaction (or the batch's)."""
        if self._batch is not None:
            return action(self._tx(driver_connection(self._batch)), *a, **kw)
        with self.db.raw_write() as conn:
            return action(self._tx(conn), *a, **kw)

    def _read(self, action: Callable[Concatenate[Tx, P], R], *a: P.args, **kw: P.kwargs) -> R:
        """Run ``action`` on one read snapshot (inside a batch: the batch's own writes)."""
        if self._batch is not None:
            return action(self._tx(driver_connection(self._batch)), *a, **kw)
        with self.db.raw_read() as conn:
            return action(self._tx(conn), *a, **kw)

    def _tx(self, conn: sqlite3.Connection) -> Tx:
        sql = QueueSql(conn)
        version, status_top = sql.versions()
        cfg = self._cache.config
        if cfg is None or cfg.version != version:
            cfg = self._cache.config = self._load_config()
        return Tx(sql, cfg, self._now(), self._cache, status_top)

    def _load_config(self) -> OfficeConfig:
        # Rare (an admin change): the ORM's loader, in this transaction's snapshot. Under
        # a raw write the lock is ours, so a separate read sees the same committed set-up.
        if self._batch is not None:
            return load_config(self._batch)
        with self.db.read() as s:
            return load_config(s)

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the desk clock must give aware datetimes")
        return now

    # -- reading -------------------------------------------------------------------

    def office(self) -> OfficeInfo:
        return self._read(lambda tx: tx.office)

    def today(self) -> date:
        return service_day(self._now(), self.office().tz)

    def ticket(self, ticket_id: str) -> Ticket:
        return self._read(load, ticket_id)

    def find(self, label: str, day: date | None = None) -> Ticket:
        """A ticket by its printed label (A-012, a12, A 12) on a day (today by default)."""
        return self._read(lambda tx: find_label(tx, label, day or tx.today))

    def current(self, counter_id: int) -> Ticket | None:
        """The ticket a counter is calling or serving now, if any."""
        return self._read(lambda tx: tx.sql.current(counter_id))

    def waiting(self, service_id: int | None = None) -> list[Ticket]:
        """Waiting tickets in the order they will be called (per the office's policy)."""
        return self._read(_waiting, service_id)

    def estimate(self, service_id: int, *, priority: bool = False) -> tuple[int, int]:
        """(people ahead, estimated wait in seconds) for a ticket taken now."""
        return self._read(
            lambda tx: estimate(tx, active_service(tx.cfg, service_id), None, priority)
        )

    def position(self, ticket_id: str) -> tuple[int, int] | None:
        """(people ahead, estimated wait in seconds) of a waiting ticket; None otherwise.

        "Ahead" is its place in the order the office will call (its service's queue).
        """
        return self._read(_position, ticket_id)

    def wait_seconds(self, ahead: int) -> dict[int, int]:
        """The estimated wait behind ``ahead`` people in each active service, one snapshot."""
        return self._read(
            lambda tx: {
                sid: wait_seconds(tx, service, ahead)
                for sid, service in tx.cfg.services.items()
                if service.active
            }
        )

    # -- changing ------------------------------------------------------------------

    def issue(
        self,
        service_id: int,
        priority_reason: PriorityReason | str | None = None,
        *,
        user_id: int | None = None,
    ) -> IssueResult:
        """Give a citizen the next number of a service (kiosk or desk)."""
        reason = PriorityReason(priority_reason) if priority_reason else None
        return self._write(issuing.issue, service_id, reason, user_id)

    def reenter(self, item: reentry.AsideTicket, *, user_id: int | None) -> IssueResult:
        """A set-aside ticket's new number, once per citizen (``reentry``)."""
        return self._write(reentry.reenter, item, user_id)

    def aside_status(self, items: list[reentry.AsideTicket]) -> list[reentry.AsideStatus]:
        """Where each set-aside ticket stands in this office's log (``reentry``)."""
        return self._read(reentry.aside_status, items)

    def quick_serve(
        self,
        service_id: int,
        counter_id: int,
        *,
        priority_reason: PriorityReason | str | None = None,
        user_id: int | None = None,
    ) -> Ticket:
        """A walk-in served at once: issued, called and started in one go, in the register."""
        reason = PriorityReason(priority_reason) if priority_reason else None
        return self._write(issuing.quick_serve, service_id, counter_id, reason, user_id)

    def call_next(self, counter_id: int, *, user_id: int | None = None) -> Ticket | None:
        """Claim and call the next ticket for a counter; None when nobody waits."""
        return self._write(calling.call_next, counter_id, user_id)

    def call(self, ticket_ref: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """Call one ticket by label or id: a citizen who came back, or out of order."""
        return self._write(calling.call, ticket_ref, counter_id, user_id)

    def recall(self, ticket_id: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """Call the same ticket again (the display and the voice repeat it)."""
        return self._step(ticket_id, EventKind.RECALLED, counter_id, user_id, "dipanggil ulang")

    def skip(self, ticket_id: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """The citizen did not come: mark no-show (they can be returned or called later)."""
        return self._step(ticket_id, EventKind.SKIPPED, counter_id, user_id, "dilewati")

    def start(self, ticket_id: str, counter_id: int, *, user_id: int | None = None) -> Ticket:
        """The citizen is at the counter: service time starts now."""
        return self._step(ticket_id, EventKind.STARTED, counter_id, user_id, "mulai dilayani")

    def _step(
        self, ticket_id: str, kind: EventKind, counter_id: int, user_id: int | None, action: str
    ) -> Ticket:
        return self._write(calling.step, ticket_id, kind, counter_id, user_id, action)

    def return_to_queue(self, ticket_ref: str, *, user_id: int | None = None) -> Ticket:
        """A skipped citizen came back: back in the queue at their original place."""
        return self._write(calling.return_to_queue, ticket_ref, user_id)

    def finish(
        self,
        ticket_id: str,
        counter_id: int,
        outcome: Outcome | str = Outcome.COMPLETED,
        *,
        reason: str | None = None,
        notes: str | None = None,
        user_id: int | None = None,
    ) -> Ticket:
        """End a service: completed, needs follow-up (due date), or rejected (reason)."""
        result = Outcome(outcome)
        return self._write(calling.finish, ticket_id, counter_id, result, reason, notes, user_id)

    def cancel(self, ticket_ref: str, reason: str, *, user_id: int | None = None) -> Ticket:
        """The citizen left or took a wrong number; the reason is kept."""
        if not reason or not reason.strip():
            raise InvalidInput("Alasan pembatalan wajib diisi.")
        return self._write(calling.cancel, ticket_ref, reason, user_id)

    def transfer(
        self,
        ticket_id: str,
        counter_id: int,
        *,
        to_service_id: int | None = None,
        to_counter_id: int | None = None,
        notes: str | None = None,
        user_id: int | None = None,
    ) -> Ticket:
        """Send the citizen to another service and/or counter; returns the new ticket.

        The old ticket ends as *transferred*; a successor with the same printed number
        waits at the head of the target queue (or of the target counter only).
        """
        if to_service_id is None and to_counter_id is None:
            raise InvalidInput("Pilih layanan atau loket tujuan pengalihan.")
        return self._write(
            calling.transfer, ticket_id, counter_id, to_service_id, to_counter_id, notes, user_id
        )

    def close_day(self, day: date | None = None) -> CloseResult:
        """End a service day: waiting tickets cancelled, called ones marked no-show.

        Tickets being served are left for their operator to finish.
        """
        return self._write(lambda tx: closing.close(tx, day or tx.today))


def _waiting(tx: Tx, service_id: int | None) -> list[Ticket]:
    settings = tx.cfg.settings
    day = None if settings.overnight_queue else tx.today
    tickets = tx.sql.waiting(service_id, day)
    since = tx.sql.normals_since_priority(tx.today)
    return order_waiting(tickets, settings.priority_policy, since)


def _position(tx: Tx, ticket_id: str) -> tuple[int, int] | None:
    ticket = load(tx, ticket_id)
    if ticket.state is not TicketState.WAITING:
        return None
    order = [t.id for t in _waiting(tx, ticket.service_id)]
    if ticket.id not in order:  # an earlier day's ticket while the queue is not overnight
        return None
    service = tx.cfg.services.get(ticket.service_id)
    if service is None:
        return None
    return order.index(ticket.id), wait_seconds(tx, service, order.index(ticket.id))
