"""``LocalOffice``: the office client over this PC's own SQLite.

Used by a standalone PC's windows, by the GUI on the hub PC, and by the hub server to
execute the LAN clients' calls. Every action re-reads its actor from the database and
checks the role there, so neither a widget nor a LAN client can act above its rights.
"""

from __future__ import annotations

from pathlib import Path

from loket.app.board import Board, QueueStatus, queue_status, read_board, served_today
from loket.app.desk import Clock, Desk, IssueResult
from loket.app.office import CounterInfo, OfficeInfo, ServiceInfo, list_counters, list_services
from loket.app.users import UserInfo, authenticate, get_user
from loket.core.days import utc_now
from loket.core.errors import InvalidInput
from loket.core.roles import Permission, can
from loket.core.tickets import Outcome, PriorityReason, Ticket
from loket.store.database import Database

LOGIN_FAILED = "Nama atau kata sandi salah."
NOT_LOGGED_IN = "Masuk sebagai petugas lebih dulu."
NOT_ALLOWED = "Anda tidak berhak melakukan ini. Minta admin kantor."
INACTIVE = "Akun ini tidak aktif lagi. Minta admin kantor."


class LocalOffice:
    """OfficeClient over a local database (see ``loket.client.api``)."""

    def __init__(
        self, db: Database, data_dir: Path | None = None, *, clock: Clock = utc_now
    ) -> None:
        self.db = db
        self.data_dir = data_dir if data_dir is not None else db.path.parent
        self.clock = clock
        self.desk = Desk(db, clock=clock)

    # -- who ---------------------------------------------------------------------------

    def login(self, name: str, password: str) -> UserInfo:
        user = authenticate(self.db, name, password)
        if user is None:
            raise InvalidInput(LOGIN_FAILED)
        return user

    def _require(self, actor: UserInfo | None, permission: Permission) -> UserInfo:
        """The actor as the database knows it now, if it may do ``permission``."""
        if actor is None:
            raise InvalidInput(NOT_LOGGED_IN)
        user = get_user(self.db, actor.id)
        if user is None or not user.active:
            raise InvalidInput(INACTIVE)
        if not can(user.role, permission):
            raise InvalidInput(NOT_ALLOWED)
        return user

    def _server(self, actor: UserInfo | None) -> int:
        return self._require(actor, Permission.SERVE).id

    # -- the office's set-up -----------------------------------------------------------

    def office(self) -> OfficeInfo:
        return self.desk.office()

    def services(self, active_only: bool = False) -> list[ServiceInfo]:
        with self.db.read() as s:
            return list_services(s, active_only=active_only)

    def counters(self, active_only: bool = False) -> list[CounterInfo]:
        with self.db.read() as s:
            return list_counters(s, active_only=active_only)

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
