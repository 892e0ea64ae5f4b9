"""The one interface between the windows (and the ``loket queue`` CLI) and the office.

Two implementations: ``LocalOffice`` (this PC's SQLite, through the app/ use cases) and
``LanOffice`` (RPC to the office hub). The hub's RPC is generated from these annotations,
so every parameter and result is a plain type JSON can carry: app/ dataclasses, enums,
aware UTC datetimes, dates, str/int/float/bool, lists, ``X | None``.

Methods that act as a person take the keyword ``actor``. The implementation checks the
actor's role itself and never trusts the widget that let the button be pressed; over the
LAN the hub replaces ``actor`` with the user of the session token. Refusals are
``LoketError`` subclasses whose ``.message`` is Indonesian.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from loket.app.board import Board, QueueStatus
from loket.app.desk import IssueResult
from loket.app.office import CounterInfo, OfficeInfo, ServiceInfo
from loket.app.users import UserInfo
from loket.core.tickets import Outcome, PriorityReason, Ticket


@runtime_checkable
class OfficeClient(Protocol):
    """What a window may ask of the office; see the module docstring for the rules."""

    # -- who -----------------------------------------------------------------------

    def login(self, name: str, password: str) -> UserInfo:
        """The active user with this name and password; refuses with one vague message."""
        ...

    # -- the office's set-up ---------------------------------------------------------

    def office(self) -> OfficeInfo: ...

    def services(self, active_only: bool = False) -> list[ServiceInfo]: ...

    def counters(self, active_only: bool = False) -> list[CounterInfo]: ...

    # -- reading the queue -------------------------------------------------------------

    def board(self, after_seq: int = 0) -> Board:
        """The display's whole state; ``recent_calls`` also lists every call after ``after_seq``."""
        ...

    def queue_status(self) -> QueueStatus:
        """Waiting per service and what each counter holds (``loket queue status``)."""
        ...

    def current(self, counter_id: int) -> Ticket | None:
        """The ticket a counter is calling or serving now, if any."""
        ...

    def waiting(self, service_id: int | None = None) -> list[Ticket]:
        """Waiting tickets in the order they will be called."""
        ...

    def served_today(self, counter_id: int | None = None) -> list[Ticket]:
        """Tickets that reached an end today, newest first."""
        ...

    def estimate(self, service_id: int, priority: bool = False) -> tuple[int, int]:
        """(people ahead, estimated wait in seconds) for a ticket taken now."""
        ...

    # -- queue actions -------------------------------------------------------------------

    def issue(
        self,
        service_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> IssueResult:
        """A new number (the kiosk issues with no actor; an operator's desk with one)."""
        ...

    def call_next(self, counter_id: int, *, actor: UserInfo | None) -> Ticket | None: ...

    def call(self, ticket_ref: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def recall(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def skip(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def return_to_queue(self, ticket_ref: str, *, actor: UserInfo | None) -> Ticket: ...

    def start(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket: ...

    def finish(
        self,
        ticket_id: str,
        counter_id: int,
        outcome: Outcome = Outcome.COMPLETED,
        reason: str | None = None,
        notes: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket: ...

    def transfer(
        self,
        ticket_id: str,
        counter_id: int,
        to_service_id: int | None = None,
        to_counter_id: int | None = None,
        notes: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket:
        """Returns the successor ticket waiting in the target queue."""
        ...

    def cancel(self, ticket_ref: str, reason: str, *, actor: UserInfo | None) -> Ticket: ...

    def quick_serve(
        self,
        service_id: int,
        counter_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket: ...
