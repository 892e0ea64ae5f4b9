"""Queue order, the priority policy and the wait estimate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from loket.core.errors import InvalidInput
from loket.core.queue import (
    PriorityMode,
    PriorityPolicy,
    QueueClass,
    estimated_wait_seconds,
    order_waiting,
    people_ahead,
    priority_turn,
)
from loket.core.tickets import PriorityReason, Ticket, TicketState

T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
STRICT = PriorityPolicy()
ONE_IN_2 = PriorityPolicy(PriorityMode.ONE_IN_N, 2)


def t(number: int, minute: int, *, prio: bool = False, transferred: bool = False) -> Ticket:
    return Ticket(
        id=f"t{number}",
        service_day=T0.date(),
        issued_service_id=1,
        prefix="A",
        number=number,
        service_id=1,
        state=TicketState.WAITING,
        issued_at=T0 + timedelta(minutes=minute),
        queued_at=T0 + timedelta(minutes=minute),
        priority_reason=PriorityReason.ELDERLY if prio else None,
        origin_ticket_id="x" if transferred else None,
    )


def labels(tickets: list[Ticket]) -> list[int]:
    return [x.number for x in tickets]


def test_strict_priority_first_then_arrival_order() -> None:
    waiting = [t(1, 0), t(2, 1), t(3, 2, prio=True), t(4, 3), t(5, 4, prio=True)]
    assert labels(order_waiting(waiting, STRICT)) == [3, 5, 1, 2, 4]


def test_transferred_tickets_go_ahead_of_everyone() -> None:
    waiting = [t(1, 0), t(2, 1, prio=True), t(3, 9, transferred=True)]
    assert labels(order_waiting(waiting, STRICT)) == [3, 2, 1]


def test_one_in_n_interleaves_a_priority_ticket_after_n_normal_calls() -> None:
    waiting = [t(n, n) for n in range(1, 7)] + [t(10, 0, prio=True), t(11, 1, prio=True)]
    # 2 normal, 1 priority, 2 normal, 1 priority, then the rest
    assert labels(order_waiting(waiting, ONE_IN_2)) == [1, 2, 10, 3, 4, 11, 5, 6]
    # two normal calls already made since the last priority: priority goes first
    assert labels(order_waiting(waiting, ONE_IN_2, normals_since_priority=2))[:2] == [10, 1]


def test_priority_turn_falls_back_to_whatever_waits() -> None:
    assert priority_turn(ONE_IN_2, 0, True, False) is QueueClass.PRIORITY
    assert priority_turn(STRICT, 0, False, True) is QueueClass.NORMAL
    assert priority_turn(STRICT, 0, False, False) is None


def test_policy_validates_n_and_round_trips_json() -> None:
    with pytest.raises(InvalidInput):
        PriorityPolicy(PriorityMode.ONE_IN_N, 0)
    assert PriorityPolicy.from_json(ONE_IN_2.to_json()) == ONE_IN_2
    assert PriorityPolicy.from_json(None) == STRICT


@pytest.mark.parametrize("policy", [STRICT, ONE_IN_2, PriorityPolicy(PriorityMode.ONE_IN_N, 3)])
@pytest.mark.parametrize("prio,normal,transferred", [(0, 0, 0), (2, 5, 1), (3, 1, 0), (0, 4, 2)])
def test_people_ahead_matches_the_full_order(
    policy: PriorityPolicy, prio: int, normal: int, transferred: int
) -> None:
    waiting = (
        [t(100 + i, i, prio=True) for i in range(prio)]
        + [t(200 + i, i) for i in range(normal)]
        + [t(300 + i, i, transferred=True) for i in range(transferred)]
    )
    for new_prio in (False, True):
        new = t(999, 60, prio=new_prio)
        position = labels(order_waiting([*waiting, new], policy)).index(999)
        assert position == people_ahead(
            policy, new_is_priority=new_prio, transferred=transferred, priority=prio, normal=normal
        )


def test_estimated_wait() -> None:
    assert estimated_wait_seconds(0, 600, 2) == 0
    assert estimated_wait_seconds(6, 600, 2) == 1800
    assert estimated_wait_seconds(3, 600, 0) == 1800  # no counter open: count one
