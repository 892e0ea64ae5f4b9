"""Who is called next, and how long a new ticket will wait.

The desk asks the database for the head of each class with indexed queries (a queue can
hold thousands of tickets), but the *rule* lives here, and ``order_waiting`` states the
whole order so tests can check that the desk's pick is always its first element.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from loket.core.errors import InvalidInput
from loket.core.tickets import Ticket, TicketState


class PriorityMode(StrEnum):
    STRICT = "strict"  # every priority ticket before any normal one
    ONE_IN_N = "one_in_n"  # one priority ticket after every N normal calls


class QueueClass(StrEnum):
    TRANSFERRED = "transferred"
    PRIORITY = "priority"
    NORMAL = "normal"


@dataclass(frozen=True)
class PriorityPolicy:
    mode: PriorityMode = PriorityMode.STRICT
    n: int = 3

    def __post_init__(self) -> None:
        if self.mode is PriorityMode.ONE_IN_N and not 1 <= self.n <= 50:
            raise InvalidInput("N untuk kebijakan prioritas harus antara 1 dan 50.", n=self.n)

    def to_json(self) -> dict[str, object]:
        return {"mode": self.mode.value, "n": self.n}

    @classmethod
    def from_json(cls, value: object) -> PriorityPolicy:
        if not isinstance(value, dict):
            return cls()
        return cls(PriorityMode(value.get("mode", "strict")), int(value.get("n", 3)))


class Queued(Protocol):
    """What the order of a queue looks at: a ``Ticket``, or the few columns of one that
    call-next reads for the head of each queue (``loket.store.queue_sql.Head``)."""

    @property
    def id(self) -> str: ...
    @property
    def queued_at(self) -> datetime: ...
    @property
    def prefix(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def origin_ticket_id(self) -> str | None: ...
    @property
    def is_priority(self) -> bool: ...


def queue_class(ticket: Queued) -> QueueClass:
    if ticket.origin_ticket_id is not None:
        return QueueClass.TRANSFERRED
    return QueueClass.PRIORITY if ticket.is_priority else QueueClass.NORMAL


def fifo_key(ticket: Queued) -> tuple[object, ...]:
    """Order inside one class: first queued first, then the lower number."""
    return (ticket.queued_at, ticket.prefix, ticket.number, ticket.id)


def priority_turn(
    policy: PriorityPolicy, normals_since_priority: int, has_priority: bool, has_normal: bool
) -> QueueClass | None:
    """Which class the next call takes when no transferred ticket waits."""
    if not has_priority and not has_normal:
        return None
    if not has_priority:
        return QueueClass.NORMAL
    if not has_normal:
        return QueueClass.PRIORITY
    if policy.mode is PriorityMode.STRICT or normals_since_priority >= policy.n:
        return QueueClass.PRIORITY
    return QueueClass.NORMAL


def order_waiting(
    waiting: Sequence[Ticket], policy: PriorityPolicy, normals_since_priority: int = 0
) -> list[Ticket]:
    """The order in which ``waiting`` tickets would be called if nobody new arrived."""
    tickets = [t for t in waiting if t.state is TicketState.WAITING]
    by_class = {
        c: sorted((t for t in tickets if queue_class(t) is c), key=fifo_key) for c in QueueClass
    }
    order = list(by_class[QueueClass.TRANSFERRED])
    prio, normal = by_class[QueueClass.PRIORITY], by_class[QueueClass.NORMAL]
    since = normals_since_priority
    pi = ni = 0
    while pi < len(prio) or ni < len(normal):
        turn = priority_turn(policy, since, pi < len(prio), ni < len(normal))
        if turn is QueueClass.PRIORITY:
            order.append(prio[pi])
            pi += 1
            since = 0
        else:
            order.append(normal[ni])
            ni += 1
            since += 1
    return order


def people_ahead(
    policy: PriorityPolicy,
    *,
    new_is_priority: bool,
    transferred: int,
    priority: int,
    normal: int,
    normals_since_priority: int = 0,
) -> int:
    """How many waiting tickets of the same queue will be called before a new one.

    Assumes nobody else arrives. Under 1-in-N the two classes interleave, so the answer
    walks the same turns ``order_waiting`` takes.
    """
    if policy.mode is PriorityMode.STRICT:
        return transferred + priority + (0 if new_is_priority else normal)
    since = normals_since_priority
    prio_left = priority + (1 if new_is_priority else 0)  # the new ticket is last of its class
    normal_left = normal + (0 if new_is_priority else 1)
    called = 0
    while True:
        turn = priority_turn(policy, since, prio_left > 0, normal_left > 0)
        if turn is QueueClass.PRIORITY:
            prio_left -= 1
            since = 0
            if new_is_priority and prio_left == 0:
                return transferred + called
        else:
            normal_left -= 1
            since += 1
            if not new_is_priority and normal_left == 0:
                return transferred + called
        called += 1


def estimated_wait_seconds(ahead: int, recent_service_seconds: float, open_counters: int) -> int:
    """People ahead x recent time per citizen / counters working on that queue."""
    if ahead <= 0:
        return 0
    counters = max(1, open_counters)
    return math.ceil(ahead * max(0.0, recent_service_seconds) / counters)
