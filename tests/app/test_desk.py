"""The queue engine through a real SQLite database, as counters and the kiosk use it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from loket.app.desk import Desk, parse_label
from loket.app.office import OfficeSettings, save_settings
from loket.core.errors import IllegalTransition, InvalidInput, NotFound, QuotaExceeded
from loket.core.queue import PriorityMode, PriorityPolicy
from loket.core.tickets import EventKind, Outcome, TicketState, replay
from loket.store.models import EventRow, TicketRow
from loket.store.projection import ticket_events, ticket_from_row
from tests.conftest import Clock, Office


def labels(tickets: list) -> list[str]:  # type: ignore[type-arg]
    return [t.label for t in tickets]


def assert_replay_matches(office: Office) -> None:
    with office.db.read() as s:
        rows = s.scalars(select(TicketRow)).all()
        assert rows
        for row in rows:
            assert replay(ticket_events(s, row.id)) == ticket_from_row(row)


def test_numbers_run_per_service_from_one(office: Office) -> None:
    desk, sv = office.desk, office.services
    got = [desk.issue(sv[p]).ticket.label for p in "AABAB"]
    assert got == ["A-001", "A-002", "B-001", "A-003", "B-002"]


def test_issue_tells_people_ahead_and_estimated_wait(office: Office) -> None:
    desk, sv = office.desk, office.services
    desk.issue(sv["A"])
    desk.issue(sv["A"])
    result = desk.issue(sv["A"])
    assert result.ahead == 2
    # no service finished yet: the standard time (10 min) over the 2 counters serving A
    assert result.estimated_wait_seconds == 2 * 600 // 2
    assert result.service_name == "Domisili"
    prio = desk.issue(sv["A"], "lansia")
    assert prio.ahead == 0 and prio.ticket.priority_reason.value == "lansia"


def test_the_day_rolls_over_while_running(office: Office, clock: Clock) -> None:
    desk, sv = office.desk, office.services
    clock.now = datetime(2026, 11, 23, 16, 58, tzinfo=UTC)  # 23:58 WIB
    late = desk.issue(sv["A"])
    desk.issue(sv["A"])
    clock.now = datetime(2026, 11, 23, 17, 1, tzinfo=UTC)  # 00:01 WIB, next day
    first = desk.issue(sv["A"]).ticket
    assert first.number == 1 and first.service_day == date(2026, 11, 24)
    assert late.ticket.service_day == date(2026, 11, 23)
    # Yesterday's leftovers are closed, not called, when the day turns.
    called = desk.call_next(office.counters[1])
    assert called is not None and called.id == first.id
    assert desk.ticket(late.ticket.id).state is TicketState.CANCELLED


def test_overnight_queue_keeps_yesterdays_tickets(office: Office, clock: Clock) -> None:
    save_settings(office.db, OfficeSettings(overnight_queue=True))
    desk, sv = office.desk, office.services
    clock.now = datetime(2026, 11, 23, 16, 58, tzinfo=UTC)
    late = desk.issue(sv["A"]).ticket
    clock.now = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)
    desk.issue(sv["A"])
    assert desk.call_next(office.counters[1]).id == late.id  # type: ignore[union-attr]


def test_quota_refuses_with_a_clear_message(office: Office) -> None:
    desk, sv = office.desk, office.services
    for _ in range(3):
        desk.issue(sv["C"])
    with pytest.raises(QuotaExceeded, match="Kuota harian layanan Pengantar Nikah"):
        desk.issue(sv["C"])


def test_call_next_serves_only_the_counters_services(office: Office) -> None:
    desk, sv, ct = office.desk, office.services, office.counters
    desk.issue(sv["C"])
    assert desk.call_next(ct[1]) is None  # counter 1 does not serve C
    assert desk.call_next(ct[3]).label == "C-001"  # type: ignore[union-attr]


def test_strict_priority_then_arrival_order(office: Office) -> None:
    desk, sv, c1 = office.desk, office.services, office.counters[1]
    desk.issue(sv["A"])
    office.clock.advance(minutes=1)
    desk.issue(sv["B"])
    office.clock.advance(minutes=1)
    desk.issue(sv["B"], "ibu_hamil")
    order = []
    while (t := desk.call_next(c1)) is not None:
        order.append(t.label)
        desk.skip(t.id, c1)
    assert order == ["B-002", "A-001", "B-001"]


def test_one_in_n_policy(office: Office) -> None:
    save_settings(office.db, OfficeSettings(PriorityPolicy(PriorityMode.ONE_IN_N, 2)))
    desk, sv, c1 = office.desk, office.services, office.counters[1]
    for _ in range(4):
        desk.issue(sv["A"])
        office.clock.advance(minutes=1)
    desk.issue(sv["A"], "disabilitas")
    assert labels(desk.waiting(sv["A"])) == ["A-001", "A-002", "A-005", "A-003", "A-004"]
    order = []
    while (t := desk.call_next(c1)) is not None:
        order.append(t.label)
        office.clock.advance(seconds=30)
        desk.skip(t.id, c1)
    assert order == ["A-001", "A-002", "A-005", "A-003", "A-004"]


def test_a_busy_counter_must_end_its_ticket_first(office: Office) -> None:
    desk, sv, c1 = office.desk, office.services, office.counters[1]
    desk.issue(sv["A"])
    desk.issue(sv["A"])
    t = desk.call_next(c1)
    assert t is not None
    with pytest.raises(IllegalTransition, match="masih menangani antrian A-001"):
        desk.call_next(c1)
    assert desk.current(c1).id == t.id  # type: ignore[union-attr]


def test_recall_skip_return_and_direct_call(office: Office) -> None:
    desk, sv, c1, c2 = office.desk, office.services, office.counters[1], office.counters[2]
    first = desk.issue(sv["A"]).ticket
    office.clock.advance(minutes=1)
    desk.issue(sv["A"])
    t = desk.call_next(c1)
    assert t is not None and t.id == first.id
    assert desk.recall(t.id, c1).call_count == 2
    with pytest.raises(IllegalTransition):
        desk.recall(t.id, c2)
    with pytest.raises(IllegalTransition, match="loket lain"):
        desk.skip(t.id, c2)
    assert desk.skip(t.id, c1).state is TicketState.NO_SHOW
    # The citizen comes back: returned to the queue at the original place (ahead of A-002).
    desk.return_to_queue("A-001")
    assert labels(desk.waiting(sv["A"])) == ["A-001", "A-002"]
    # ... or is called directly by number after a second skip.
    t = desk.call_next(c1)
    desk.skip(t.id, c1)  # type: ignore[union-attr]
    again = desk.call("a1", c2)
    assert again.state is TicketState.CALLED and again.counter_id == c2


def test_call_specific_refuses_other_services_and_unknown_numbers(office: Office) -> None:
    desk, sv = office.desk, office.services
    desk.issue(sv["C"])
    with pytest.raises(IllegalTransition, match="tidak melayani"):
        desk.call("C-001", office.counters[1])
    with pytest.raises(NotFound, match="A-009"):
        desk.call("A-009", office.counters[1])
    with pytest.raises(InvalidInput):
        desk.call("12-A", office.counters[1])


def test_service_times_and_outcomes(office: Office) -> None:
    desk, sv, c1, clock = office.desk, office.services, office.counters[1], office.clock
    desk.issue(sv["A"])
    clock.advance(minutes=7)
    t = desk.call_next(c1)
    clock.advance(seconds=40)
    desk.start(t.id, c1)  # type: ignore[union-attr]
    clock.advance(minutes=9)
    done = desk.finish(t.id, c1, Outcome.FOLLOW_UP, notes="menunggu tanda tangan lurah 🙏")  # type: ignore[union-attr]
    assert (done.wait_seconds, done.walk_seconds, done.service_seconds) == (420, 40, 540)
    assert done.due_date == date(2026, 11, 24)  # next working day
    assert done.notes and done.notes.endswith("🙏")
    desk.issue(sv["A"])
    t2 = desk.call_next(c1)
    desk.start(t2.id, c1)  # type: ignore[union-attr]
    with pytest.raises(InvalidInput, match="Alasan penolakan"):
        desk.finish(t2.id, c1, "rejected")  # type: ignore[union-attr]
    with pytest.raises(InvalidInput, match="terlalu panjang"):
        desk.finish(t2.id, c1, notes="x" * 2001)  # type: ignore[union-attr]
    rejected = desk.finish(t2.id, c1, "rejected", reason="KK belum diperbarui")  # type: ignore[union-attr]
    assert rejected.outcome is Outcome.REJECTED


def test_transfer_to_another_service_goes_ahead_with_the_same_number(office: Office) -> None:
    desk, sv, ct = office.desk, office.services, office.counters
    desk.issue(sv["C"])
    office.clock.advance(minutes=1)
    a = desk.issue(sv["A"]).ticket
    t = desk.call_next(ct[1])
    assert t is not None and t.id == a.id
    desk.start(t.id, ct[1])
    succ = desk.transfer(t.id, ct[1], to_service_id=sv["C"], notes="perlu surat pengantar")
    assert succ.label == "A-001" and succ.service_id == sv["C"]
    assert desk.ticket(t.id).state is TicketState.TRANSFERRED
    assert desk.ticket(t.id).successor_id == succ.id
    # The transferred citizen is called before C-001, who came earlier.
    assert desk.call_next(ct[3]).id == succ.id  # type: ignore[union-attr]
    # The number stays unique among numbers taken, and a new A is A-002.
    assert desk.issue(sv["A"]).ticket.label == "A-002"
    assert desk.find("A-001").id == succ.id


def test_transfer_to_a_counter_only_that_counter_calls_it(office: Office) -> None:
    desk, sv, ct = office.desk, office.services, office.counters
    desk.issue(sv["A"])
    t = desk.call_next(ct[1])
    succ = desk.transfer(t.id, ct[1], to_counter_id=ct[2])  # type: ignore[union-attr]
    assert succ.target_counter_id == ct[2]
    assert desk.call_next(ct[1]) is None
    assert desk.call_next(ct[2]).id == succ.id  # type: ignore[union-attr]
    with pytest.raises(InvalidInput, match="tidak melayani"):
        desk.transfer(succ.id, ct[2], to_counter_id=ct[3])
    with pytest.raises(InvalidInput, match="Pilih layanan atau loket"):
        desk.transfer(succ.id, ct[2])


def test_cancel_needs_a_reason(office: Office) -> None:
    desk, sv = office.desk, office.services
    t = desk.issue(sv["A"]).ticket
    with pytest.raises(InvalidInput, match="Alasan pembatalan"):
        desk.cancel(t.id, "  ")
    assert desk.cancel("A-001", "salah ambil nomor").cancel_reason == "salah ambil nomor"
    with pytest.raises(IllegalTransition, match="dibatalkan"):
        desk.cancel(t.id, "lagi")


def test_quick_serve_registers_a_walk_in(office: Office) -> None:
    desk, sv, c2 = office.desk, office.services, office.counters[2]
    t = desk.quick_serve(sv["B"], c2)
    assert t.state is TicketState.SERVING and t.label == "B-001" and t.call_count == 1
    assert desk.issue(sv["B"]).ticket.number == 2
    with pytest.raises(IllegalTransition):
        desk.quick_serve(sv["B"], c2)  # counter already serving
    with pytest.raises(InvalidInput, match="tidak melayani"):
        desk.quick_serve(sv["C"], office.counters[1])


def test_close_day(office: Office) -> None:
    desk, sv, ct = office.desk, office.services, office.counters
    for _ in range(4):
        desk.issue(sv["A"])
    serving = desk.call_next(ct[1])
    desk.start(serving.id, ct[1])  # type: ignore[union-attr]
    desk.call_next(ct[2])
    result = desk.close_day()
    assert (result.cancelled, result.no_show, result.still_serving) == (2, 1, 1)
    assert desk.ticket(serving.id).state is TicketState.SERVING  # type: ignore[union-attr]


def test_inactive_and_unknown_things_are_refused(office: Office) -> None:
    with pytest.raises(NotFound):
        office.desk.issue(999)
    with pytest.raises(NotFound):
        office.desk.call_next(999)
    with pytest.raises(NotFound):
        office.desk.ticket("nope")


def test_every_change_writes_one_event_and_replays_to_the_row(office: Office) -> None:
    desk, sv, ct = office.desk, office.services, office.counters
    desk.issue(sv["A"])
    desk.issue(sv["B"], "anak")
    t = desk.call_next(ct[1])
    desk.recall(t.id, ct[1])  # type: ignore[union-attr]
    desk.start(t.id, ct[1])  # type: ignore[union-attr]
    desk.transfer(t.id, ct[1], to_service_id=sv["A"])  # type: ignore[union-attr]
    desk.quick_serve(sv["C"], ct[3])
    with office.db.read() as s:
        kinds = [e.kind for e in s.scalars(select(EventRow).order_by(EventRow.seq))]
        seqs = [e.seq for e in s.scalars(select(EventRow).order_by(EventRow.seq))]
    assert kinds == [
        EventKind.ISSUED, EventKind.ISSUED, EventKind.CALLED, EventKind.RECALLED,
        EventKind.STARTED, EventKind.TRANSFERRED, EventKind.TRANSFERRED_IN,
        EventKind.ISSUED, EventKind.CALLED, EventKind.STARTED,
    ]  # fmt: skip
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert_replay_matches(office)


def test_refused_moves_write_nothing(office: Office) -> None:
    desk, sv = office.desk, office.services
    t = desk.issue(sv["A"]).ticket
    with pytest.raises(IllegalTransition):
        desk.start(t.id, office.counters[1])
    with office.db.read() as s:
        assert len(s.scalars(select(EventRow)).all()) == 1


def test_parse_label() -> None:
    assert parse_label("A-012") == ("A", 12)
    assert parse_label(" b 7 ") == ("B", 7)
    with pytest.raises(InvalidInput):
        parse_label("-")


def test_batch_is_one_transaction(office: Office) -> None:
    desk = office.desk
    with pytest.raises(RuntimeError), desk.batch():
        desk.issue(office.services["A"])
        raise RuntimeError("power cut")
    assert Desk(office.db).waiting() == []
