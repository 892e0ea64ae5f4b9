"""The thin QObject between the operator's widgets and the queue use cases.

Each action runs one short local transaction (a few milliseconds with fsync), turns a
refusal into the ``failed`` signal with its Indonesian message, and announces success on
the hub so every window refreshes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from loket.app.desk import Desk, IssueResult
from loket.app.office import CounterInfo
from loket.app.users import UserInfo
from loket.core.errors import LoketError
from loket.core.tickets import Outcome, Ticket
from loket.store.database import StoreError
from loket.ui.hub import hub

T = TypeVar("T")


class DeskController(QObject):
    ticketChanged = Signal(object)
    failed = Signal(str)
    issued = Signal(object)  # IssueResult

    def __init__(self, desk: Desk, counter: CounterInfo, user: UserInfo | None,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.desk = desk
        self.counter = counter
        self.user = user

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    def current(self) -> Ticket | None:
        return self.desk.current(self.counter.id)

    def _run(self, action: Callable[[], T]) -> T | None:
        try:
            result = action()
        except (LoketError, StoreError) as exc:
            self.failed.emit(exc.message)
            return None
        hub().changed.emit()
        self.ticketChanged.emit(self.current())
        return result

    def _on_current(self, action: Callable[[Ticket], T]) -> T | None:
        ticket = self.current()
        if ticket is None:
            self.failed.emit(self.tr("Tidak ada antrian yang sedang dipanggil di loket ini."))
            return None
        return self._run(lambda: action(ticket))

    # -- actions ---------------------------------------------------------------

    def call_next(self) -> Ticket | None:
        ticket = self._run(lambda: self.desk.call_next(self.counter.id, user_id=self.user_id))
        if ticket is None and self.current() is None:
            hub().message.emit(self.tr("Tidak ada antrian menunggu."))
        return ticket

    def call_number(self, label: str) -> Ticket | None:
        return self._run(lambda: self.desk.call(label, self.counter.id, user_id=self.user_id))

    def recall(self) -> Ticket | None:
        return self._on_current(
            lambda t: self.desk.recall(t.id, self.counter.id, user_id=self.user_id)
        )

    def skip(self) -> Ticket | None:
        return self._on_current(
            lambda t: self.desk.skip(t.id, self.counter.id, user_id=self.user_id)
        )

    def start(self) -> Ticket | None:
        return self._on_current(
            lambda t: self.desk.start(t.id, self.counter.id, user_id=self.user_id)
        )

    def finish(self, outcome: Outcome, reason: str = "", notes: str = "") -> Ticket | None:
        def action(t: Ticket) -> Ticket:
            return self.desk.finish(t.id, self.counter.id, outcome, reason=reason, notes=notes,
                                    user_id=self.user_id)  # fmt: skip

        return self._on_current(action)

    def transfer(self, to_service_id: int | None, to_counter_id: int | None,
                 notes: str = "") -> Ticket | None:  # fmt: skip
        def action(t: Ticket) -> Ticket:
            return self.desk.transfer(t.id, self.counter.id, to_service_id=to_service_id,
                                      to_counter_id=to_counter_id, notes=notes,
                                      user_id=self.user_id)  # fmt: skip

        return self._on_current(action)

    def return_to_queue(self, label: str) -> Ticket | None:
        return self._run(lambda: self.desk.return_to_queue(label, user_id=self.user_id))

    def quick_serve(self, service_id: int, reason: str | None = None) -> Ticket | None:
        return self._run(lambda: self.desk.quick_serve(service_id, self.counter.id,
                                                       priority_reason=reason,
                                                       user_id=self.user_id))  # fmt: skip

    def issue(self, service_id: int, reason: str | None = None) -> IssueResult | None:
        result = self._run(lambda: self.desk.issue(service_id, reason, user_id=self.user_id))
        if result is not None:
            self.issued.emit(result)
        return result
