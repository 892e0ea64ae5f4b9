"""Counter status: a counter on a break or closed calls nobody and shortens no estimate."""

from __future__ import annotations

import pytest

from loket.app.audit import entries
from loket.app.counters import CounterStatus
from loket.app.users import add_user
from loket.client.local import LocalOffice
from loket.core.errors import IllegalTransition, InvalidInput
from tests.conftest import Office


@pytest.fixture
def local(office: Office) -> LocalOffice:
    return office.client


def test_a_counter_on_a_break_calls_nobody_until_it_opens(
    office: Office, local: LocalOffice
) -> None:
    user = add_user(office.db, "petugas1", "operator", "1234")
    counter = office.counters[2]
    local.issue(office.services["A"], actor=None)
    state = local.set_counter_status(counter, CounterStatus.BREAK, "sholat Jumat", actor=user)
    assert state.status is CounterStatus.BREAK and state.reason == "sholat Jumat"
    with pytest.raises(IllegalTransition, match="Loket 2 sedang sholat Jumat"):
        local.call_next(counter, actor=user)
    with pytest.raises(IllegalTransition, match="sholat Jumat"):
        local.call("A-001", counter, actor=user)
    assert [t.label for t in local.waiting()] == ["A-001"]  # nobody was claimed
    board = {c.number: c for c in local.board().counters}
    assert board[2].status is CounterStatus.BREAK and board[2].status_text == "sholat Jumat"
    assert board[1].status is CounterStatus.OPEN and board[1].status_text == ""
    local.set_counter_status(counter, CounterStatus.CLOSED, actor=user)
    with pytest.raises(IllegalTransition, match="Loket 2 sedang tutup"):
        local.call_next(counter, actor=user)
    local.set_counter_status(counter, CounterStatus.OPEN, actor=user)
    called = local.call_next(counter, actor=user)
    assert called is not None and called.label == "A-001"
    changes = [e for e in entries(office.db) if e.action == "counter_status"]
    assert [e.detail["status"] for e in reversed(changes)] == ["break", "closed", "open"]
    assert all(e.user_name == "petugas1" and e.target == "Loket 2" for e in changes)


def test_a_break_needs_a_reason_and_a_free_counter(office: Office, local: LocalOffice) -> None:
    user = add_user(office.db, "petugas1", "operator", "1234")
    counter = office.counters[1]
    with pytest.raises(InvalidInput, match="alasan"):
        local.set_counter_status(counter, CounterStatus.BREAK, "  ", actor=user)
    local.issue(office.services["A"], actor=None)
    local.call_next(counter, actor=user)
    with pytest.raises(IllegalTransition, match="masih menangani antrian A-001"):
        local.set_counter_status(counter, CounterStatus.BREAK, "istirahat", actor=user)
    with pytest.raises(InvalidInput, match="Masuk sebagai petugas"):
        local.set_counter_status(counter, CounterStatus.CLOSED, actor=None)
    assert local.counter_state(counter).status is CounterStatus.OPEN


def test_wait_estimates_count_only_open_counters(office: Office, local: LocalOffice) -> None:
    """Counters 1 and 2 serve A; with 2 on a break, the same queue waits twice as long."""
    user = add_user(office.db, "petugas1", "operator", "1234")
    for _ in range(4):
        local.issue(office.services["A"], actor=None)
    ahead, both_open = local.estimate(office.services["A"])
    local.set_counter_status(office.counters[2], CounterStatus.BREAK, "rapat", actor=user)
    ahead_then, one_open = local.estimate(office.services["A"])
    assert ahead == ahead_then == 4
    assert one_open == 2 * both_open > 0


def test_a_break_is_not_idle_time(office: Office, local: LocalOffice) -> None:
    """Two 5-minute services 40 minutes apart: with a 30-minute break between them the
    operator was idle 10 minutes, not 40."""
    from loket.core.periods import Period

    user = add_user(office.db, "petugas1", "operator", "1234")
    kasi = add_user(office.db, "kasi", "supervisor", "rahasia-kasi-1")
    counter = office.counters[1]

    def serve() -> None:
        local.issue(office.services["A"], actor=None)
        ticket = local.call_next(counter, actor=user)
        assert ticket is not None
        local.start(ticket.id, counter, actor=user)
        office.clock.advance(minutes=5)
        local.finish(ticket.id, counter, actor=user)

    serve()
    office.clock.advance(minutes=5)
    local.set_counter_status(counter, CounterStatus.BREAK, "istirahat", actor=user)
    office.clock.advance(minutes=30)
    local.set_counter_status(counter, CounterStatus.OPEN, actor=user)
    office.clock.advance(minutes=5)
    serve()
    day = local.board().day
    stats = local.period_stats(Period.day(day), actor=kasi)
    (figures,) = stats.by_operator
    assert figures.productivity.busy_seconds == 10 * 60
    assert figures.productivity.duty_seconds == 20 * 60  # 50 minutes less the 30 of the break
    assert figures.productivity.idle_seconds == 10 * 60
