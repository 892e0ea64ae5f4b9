"""LocalOffice's queue: counters, the board, the queue's actions, the citizen, ratings."""

from __future__ import annotations

from datetime import date

from loket.app import citizens, feedback
from loket.app.audit import Actor
from loket.app.board import Board, QueueStatus, queue_status, read_board, served_today
from loket.app.citizens import CitizenView
from loket.app.counters import CounterState, CounterStatus, counter_state, set_counter_status
from loket.app.desk import IssueResult
from loket.app.desk.reentry import AsideStatus, AsideTicket
from loket.app.feedback import RatingOffer, SkmEntry
from loket.app.reprint import Reprint, reprint, reprint_last
from loket.app.users import UserInfo
from loket.client.local_base import LocalBase
from loket.core.roles import Permission
from loket.core.tickets import Outcome, PriorityReason, Ticket


class QueueActions(LocalBase):
    """The queue's part of ``LocalOffice``: each a role check and one use case."""

    # -- counter status ----------------------------------------------------------------

    def counter_state(self, counter_id: int) -> CounterState:
        with self.db.read() as s:
            return counter_state(s, counter_id)

    def set_counter_status(
        self,
        counter_id: int,
        status: CounterStatus,
        reason: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> CounterState:
        user = self._require(actor, Permission.SERVE)
        return set_counter_status(
            self.db, counter_id, status, reason, actor=Actor(user.id, user.name), now=self.clock()
        )

    # -- reading the queue -------------------------------------------------------------

    def board(self, after_seq: int = 0) -> Board:
        return read_board(self.db, self.clock(), after_seq=after_seq)

    def queue_status(self) -> QueueStatus:
        return queue_status(self.db, self.clock())

    def current(self, counter_id: int) -> Ticket | None:
        return self.desk.current(counter_id)

    def waiting(self, service_id: int | None = None) -> list[Ticket]:
        return self.desk.waiting(service_id)

    def served_today(self, counter_id: int | None = None) -> list[Ticket]:
        return served_today(self.db, self.clock(), counter_id)

    def estimate(self, service_id: int, priority: bool = False) -> tuple[int, int]:
        return self.desk.estimate(service_id, priority=priority)

    # -- queue actions -----------------------------------------------------------------

    def issue(
        self,
        service_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> IssueResult:
        # The kiosk issues without anyone logged in; a named actor must be allowed to serve.
        user_id = self._server(actor) if actor is not None else None
        return self.desk.issue(service_id, priority_reason, user_id=user_id)

    def aside_status(self, items: list[AsideTicket]) -> list[AsideStatus]:
        return self.desk.aside_status(items)

    def reenter_aside(self, item: AsideTicket, *, actor: UserInfo | None) -> IssueResult:
        return self.desk.reenter(item, user_id=self._server(actor))

    def reprint(self, ticket_ref: str, *, actor: UserInfo | None) -> Reprint:
        user = self._require(actor, Permission.SERVE)
        return reprint(self.desk, ticket_ref, Actor(user.id, user.name))

    def reprint_kiosk(self, count: int, *, actor: UserInfo | None) -> list[Reprint]:
        return reprint_last(self.desk, count, self._require(actor, Permission.ADMIN_OFFICE))

    def call_next(self, counter_id: int, *, actor: UserInfo | None) -> Ticket | None:
        return self.desk.call_next(counter_id, user_id=self._server(actor))

    def call(self, ticket_ref: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.call(ticket_ref, counter_id, user_id=self._server(actor))

    def recall(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.recall(ticket_id, counter_id, user_id=self._server(actor))

    def skip(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.skip(ticket_id, counter_id, user_id=self._server(actor))

    def return_to_queue(self, ticket_ref: str, *, actor: UserInfo | None) -> Ticket:
        return self.desk.return_to_queue(ticket_ref, user_id=self._server(actor))

    def start(self, ticket_id: str, counter_id: int, *, actor: UserInfo | None) -> Ticket:
        return self.desk.start(ticket_id, counter_id, user_id=self._server(actor))

    def finish(
        self,
        ticket_id: str,
        counter_id: int,
        outcome: Outcome = Outcome.COMPLETED,
        reason: str | None = None,
        notes: str | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket:
        user_id = self._server(actor)
        return self.desk.finish(
            ticket_id, counter_id, outcome, reason=reason, notes=notes, user_id=user_id
        )

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
        user_id = self._server(actor)
        return self.desk.transfer(
            ticket_id,
            counter_id,
            to_service_id=to_service_id,
            to_counter_id=to_counter_id,
            notes=notes,
            user_id=user_id,
        )

    def cancel(self, ticket_ref: str, reason: str, *, actor: UserInfo | None) -> Ticket:
        return self.desk.cancel(ticket_ref, reason, user_id=self._server(actor))

    def quick_serve(
        self,
        service_id: int,
        counter_id: int,
        priority_reason: PriorityReason | None = None,
        *,
        actor: UserInfo | None,
    ) -> Ticket:
        user_id = self._server(actor)
        return self.desk.quick_serve(
            service_id, counter_id, priority_reason=priority_reason, user_id=user_id
        )

    # -- the citizen at the counter ----------------------------------------------------

    def citizen_for(self, ticket_id: str, *, actor: UserInfo | None) -> CitizenView | None:
        self._server(actor)
        return citizens.citizen_for(self.db, ticket_id)

    def save_citizen(
        self,
        ticket_id: str,
        name: str = "",
        nik: str = "",
        phone: str = "",
        *,
        actor: UserInfo | None,
    ) -> CitizenView:
        self._server(actor)
        return citizens.save_citizen(self.db, ticket_id, name=name, nik=nik, phone=phone)

    # -- feedback ----------------------------------------------------------------------

    def rating_offer(self, counter_id: int) -> RatingOffer | None:
        return feedback.offer_for_counter(self.db, counter_id, clock=self.clock)

    def rate_ticket(self, ticket_id: str, score: int) -> None:
        feedback.rate_ticket(self.db, ticket_id, score, clock=self.clock)

    def save_skm_response(
        self, entry: SkmEntry, day: date | None = None, source: str = "kiosk"
    ) -> int:
        return feedback.save_skm_response(self.db, entry, day=day, source=source, clock=self.clock)
