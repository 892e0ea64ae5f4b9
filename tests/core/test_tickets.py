"""Every legal move of a ticket, and the refusal of every other one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from loket.core.errors import IllegalTransition, InvalidInput, LoketError
from loket.core.tickets import (
    EventKind,
    Outcome,
    Ticket,
    TicketEvent,
    TicketState,
    allowed,
    apply,
    replay,
    ticket_label,
)

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def ev(kind: EventKind, minutes: float = 0, counter: int | None = 1, **data: Any) -> TicketEvent:
    return TicketEvent(
        id=f"e-{kind}-{minutes}",
        ticket_id="t1",
        kind=kind,
        at=T0 + timedelta(minutes=minutes),
        counter_id=counter,
        data=data,
    )


def issued(**extra: Any) -> Ticket:
    data = {
        "service_day": "2026-11-23",
        "issued_service_id": 1,
        "service_id": 1,
        "prefix": "A",
        "number": 12,
        **extra,
    }
    return apply(None, ev(EventKind.ISSUED, 0, None, **data))


def in_state(state: TicketState) -> Ticket:
    t = issued()
    if state is TicketState.WAITING:
        return t
    t = apply(t, ev(EventKind.CALLED, 5))
    if state is TicketState.CALLED:
        return t
    if state is TicketState.NO_SHOW:
        return apply(t, ev(EventKind.SKIPPED, 6))
    if state is TicketState.CANCELLED:
        return apply(t, ev(EventKind.CANCELLED, 6, reason="pergi"))
    if state is TicketState.TRANSFERRED:
        return apply(t, ev(EventKind.TRANSFERRED, 6, successor_id="t2"))
    t = apply(t, ev(EventKind.STARTED, 6))
    if state is TicketState.SERVING:
        return t
    return apply(t, ev(EventKind.FINISHED, 16, outcome="completed"))


def test_issue_makes_a_waiting_ticket_with_its_label() -> None:
    t = issued(priority_reason="lansia")
    assert t.state is TicketState.WAITING
    assert t.label == "A-012" == ticket_label("A", 12)
    assert t.is_priority and t.service_day == date(2026, 11, 23)


def test_full_service_records_wait_walk_and_service_times() -> None:
    t = issued()
    t = apply(t, ev(EventKind.CALLED, 20))
    t = apply(t, ev(EventKind.RECALLED, 21))
    t = apply(t, ev(EventKind.STARTED, 22))
    t = apply(t, ev(EventKind.FINISHED, 32, notes="beres"))
    assert t.state is TicketState.DONE
    assert (t.wait_seconds, t.walk_seconds, t.service_seconds) == (1200, 60, 600)
    assert t.call_count == 2
    assert t.outcome is Outcome.COMPLETED and t.notes == "beres"


def test_skipped_ticket_returns_to_its_original_place() -> None:
    t = in_state(TicketState.NO_SHOW)
    back = apply(t, ev(EventKind.RETURNED, 30, None))
    assert back.state is TicketState.WAITING
    assert back.queued_at == t.queued_at  # keeps its place
    again = apply(back, ev(EventKind.CALLED, 40, 2))
    assert again.wait_seconds == 5 * 60  # the first call's wait is kept
    assert again.call_count == 2 and again.counter_id == 2


def test_a_skipped_ticket_can_be_called_directly() -> None:
    t = apply(in_state(TicketState.NO_SHOW), ev(EventKind.CALLED, 30, 3))
    assert t.state is TicketState.CALLED and t.counter_id == 3


def test_follow_up_needs_due_date_and_rejection_needs_reason() -> None:
    serving = in_state(TicketState.SERVING)
    with pytest.raises(InvalidInput, match="Tanggal jadi"):
        apply(serving, ev(EventKind.FINISHED, 20, outcome="follow_up"))
    with pytest.raises(InvalidInput, match="Alasan penolakan"):
        apply(serving, ev(EventKind.FINISHED, 20, outcome="rejected"))
    done = apply(serving, ev(EventKind.FINISHED, 20, outcome="follow_up", due_date="2026-11-24"))
    assert done.due_date == date(2026, 11, 24) and done.outcome is Outcome.FOLLOW_UP
    rejected = apply(serving, ev(EventKind.FINISHED, 20, outcome="rejected", reason="KK kurang"))
    assert rejected.outcome_reason == "KK kurang"


def test_recall_only_from_the_calling_counter() -> None:
    called = in_state(TicketState.CALLED)
    with pytest.raises(IllegalTransition, match="loket lain"):
        apply(called, ev(EventKind.RECALLED, 7, counter=2))


def test_targeted_transfer_can_only_be_called_by_its_counter() -> None:
    succ = apply(
        None,
        TicketEvent(
            "e", "t2", EventKind.TRANSFERRED_IN, T0, 1, None,
            {"service_day": "2026-11-23", "issued_service_id": 1, "service_id": 2,
             "prefix": "A", "number": 12, "origin_ticket_id": "t1", "target_counter_id": 3},
        ),
    )  # fmt: skip
    with pytest.raises(IllegalTransition):
        apply(succ, TicketEvent("e2", "t2", EventKind.CALLED, T0, 1))
    assert apply(succ, TicketEvent("e3", "t2", EventKind.CALLED, T0, 3)).counter_id == 3


# Which event kinds each state accepts; everything else must be refused.
LEGAL = {
    TicketState.WAITING: {EventKind.CALLED, EventKind.TRANSFERRED, EventKind.CANCELLED},
    TicketState.CALLED: {
        EventKind.RECALLED, EventKind.SKIPPED, EventKind.STARTED,
        EventKind.TRANSFERRED, EventKind.CANCELLED,
    },
    TicketState.SERVING: {EventKind.FINISHED, EventKind.TRANSFERRED},
    TicketState.NO_SHOW: {EventKind.RETURNED, EventKind.CALLED, EventKind.CANCELLED},
    TicketState.DONE: set(),
    TicketState.CANCELLED: set(),
    TicketState.TRANSFERRED: set(),
}  # fmt: skip

MOVES = [k for k in EventKind if k not in (EventKind.ISSUED, EventKind.TRANSFERRED_IN)]


@pytest.mark.parametrize("state", list(TicketState))
@pytest.mark.parametrize("kind", MOVES)
def test_transition_table(state: TicketState, kind: EventKind) -> None:
    ticket = in_state(state)
    data = {"successor_id": "t9", "reason": "x", "outcome": "completed"}
    event = ev(kind, 60, counter=ticket.counter_id or 1, **data)
    if kind in LEGAL[state]:
        assert apply(ticket, event).id == ticket.id
    else:
        with pytest.raises(IllegalTransition) as info:
            apply(ticket, event)
        assert "A-012" in info.value.message  # the refusal names the ticket


@pytest.mark.parametrize("state", list(TicketState))
def test_allowed_is_the_rule_apply_enforces(state: TicketState) -> None:
    """The operator's buttons follow ``allowed``: it must say what ``apply`` accepts."""
    assert allowed(in_state(state)) == LEGAL[state]


def test_issuing_twice_is_refused() -> None:
    with pytest.raises(IllegalTransition):
        apply(issued(), ev(EventKind.ISSUED))


def test_refusals_are_loket_errors_with_codes() -> None:
    with pytest.raises(LoketError) as info:
        apply(in_state(TicketState.DONE), ev(EventKind.CALLED, 99))
    assert info.value.code == "illegal_transition"
    assert info.value.params["state"] == "done"


def test_replay_rebuilds_the_ticket() -> None:
    events = [
        ev(EventKind.ISSUED, 0, None, service_day="2026-11-23", issued_service_id=1,
           service_id=1, prefix="B", number=3),
        ev(EventKind.CALLED, 3),
        ev(EventKind.SKIPPED, 5),
        ev(EventKind.RETURNED, 9, None),
        ev(EventKind.CALLED, 12, 2),
        ev(EventKind.STARTED, 13, 2),
    ]  # fmt: skip
    t = replay(events)
    assert t is not None and t.state is TicketState.SERVING and t.label == "B-003"
    assert replay([]) is None
