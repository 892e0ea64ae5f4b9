"""The thin QObject between the operator's widgets and the office client.

Each action is one call on the ``OfficeClient`` (a short local transaction, or one RPC
to the office hub), turns a refusal into the ``failed`` signal with its Indonesian
message, and announces success on the app-wide signal so every window refreshes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from loket.app.counters import CounterState, CounterStatus
from loket.app.desk import IssueResult
from loket.app.office import CounterInfo
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.tickets import Outcome, PriorityReason, Ticket
from loket.ui.signals import app_signals

T = TypeVar("T")


class DeskController(QObject):
    ticketChanged = Signal(object)
    failed = Signal(str)
    issued = Signal(object)  # IssueResult

    def __init__(self, client: OfficeClient, counter: CounterInfo, user: UserInfo | None,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.counter = counter
        self.user = user

    def current(self) -> Ticket | None:
        try:
            return self.client.current(self.counter.id)
        except LoketError as exc:  # the hub is unreachable: say so, show nothing held
            self.failed.emit(exc.message)
            return None

    def _run(self, action: Callable[[], T]) -> T | None:
        try:
            result = action()
        except LoketError as exc:  # StoreError and HubUnreachable are LoketErrors too
            self.failed.emit(exc.message)
            return None
        app_signals().changed.emit()
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
        answered: list[Ticket | None] = []

        def call() -> Ticket | None:
            answered.append(self.client.call_next(self.counter.id, actor=self.user))
            return answered[-1]

        ticket = self._run(call)
        if answered == [None]:  # the office answered: nobody waits (not a refusal)
            app_signals().message.emit(self.tr("Tidak ada antrian menunggu."))
        return ticket

    def call_number(self, label: str) -> Ticket | None:
        return self._run(lambda: self.client.call(label, self.counter.id, actor=self.user))

    def recall(self) -> Ticket | None:
        return self._on_current(
            lambda t: self.client.recall(t.id, self.counter.id, actor=self.user)
        )

    def skip(self) -> Ticket | None:
        return self._on_current(lambda t: self.client.skip(t.id, self.counter.id, actor=self.user))

    def start(self) -> Ticket | None:
        return self._on_current(lambda t: self.client.start(t.id, self.counter.id, actor=self.user))

    def finish(self, outcome: Outcome, reason: str = "", notes: str = "") -> Ticket | None:
        def action(t: Ticket) -> Ticket:
            return self.client.finish(t.id, self.counter.id, outcome, reason, notes,
                                      actor=self.user)  # fmt: skip

        return self._on_current(action)

    def transfer(self, to_service_id: int | None, to_counter_id: int | None,
                 notes: str = "") -> Ticket | None:  # fmt: skip
        def action(t: Ticket) -> Ticket:
            return self.client.transfer(t.id, self.counter.id, to_service_id, to_counter_id,
                                        notes, actor=self.user)  # fmt: skip

        return self._on_current(action)

    def return_to_queue(self, label: str) -> Ticket | None:
        return self._run(lambda: self.client.return_to_queue(label, actor=self.user))

    def quick_serve(self, service_id: int, reason: str | None = None) -> Ticket | None:
        return self._run(lambda: self.client.quick_serve(service_id, self.counter.id,
                                                         _reason(reason),
                                                         actor=self.user))  # fmt: skip

    def set_status(self, status: CounterStatus, reason: str | None = None) -> CounterState | None:
        """Open this counter, put it on a break (with a reason) or close it."""
        return self._run(lambda: self.client.set_counter_status(self.counter.id, status, reason,
                                                                actor=self.user))  # fmt: skip

    def status(self) -> CounterState | None:
        try:
            return self.client.counter_state(self.counter.id)
        except LoketError:
            return None

    def issue(self, service_id: int, reason: str | None = None) -> IssueResult | None:
        result = self._run(lambda: self.client.issue(service_id, _reason(reason),
                                                     actor=self.user))  # fmt: skip
        if result is not None:
            self.issued.emit(result)
        return result


def _reason(value: str | None) -> PriorityReason | None:
    return PriorityReason(value) if value else None
