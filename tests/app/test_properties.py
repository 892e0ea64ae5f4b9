"""Random operation sequences against a real database never break the register.

Whatever operators and citizens do, in any order and across midnight: no two taken
tickets share a number, no issued ticket is lost, numbers of a day run 1..n without
gaps, a counter holds at most one ticket, and replaying the event log gives the table.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter as Tally
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from loket.app.desk import Desk
from loket.app.office import (
    OfficeSettings,
    ServiceSpec,
    add_counter,
    add_services,
    create_office,
    save_settings,
)
from loket.core.errors import LoketError
from loket.core.queue import PriorityMode, PriorityPolicy
from loket.core.tickets import TicketState, replay
from loket.store.migrate import open_database
from loket.store.models import TicketRow
from loket.store.projection import ticket_events, ticket_from_row
from loket.store.queue_models import QueueCount

_TEMPLATE: Path | None = None


def template() -> Path:
    """One migrated office database, copied for each example (migrating is the slow part)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="loket-prop-"))
        db = open_database(folder)
        create_office(db, name="Kelurahan Acak", code="3173011001")
        a, b = add_services(db, [ServiceSpec("A", "Domisili", 10),
                                 ServiceSpec("B", "SKTM", 15, daily_quota=6)])  # fmt: skip
        add_counter(db, number=1, service_ids=[a])
        add_counter(db, number=2, service_ids=[a, b])
        db.close()
        _TEMPLATE = folder
    return _TEMPLATE


OPS = st.one_of(
    st.tuples(st.just("issue"), st.sampled_from([1, 2]), st.booleans()),
    st.tuples(st.just("call_next"), st.sampled_from([1, 2])),
    st.tuples(st.just("call"), st.sampled_from([1, 2]), st.integers(0, 8)),
    st.tuples(st.just("recall"), st.sampled_from([1, 2])),
    st.tuples(st.just("skip"), st.sampled_from([1, 2])),
    st.tuples(st.just("return"), st.integers(0, 8)),
    st.tuples(st.just("start"), st.sampled_from([1, 2])),
    st.tuples(st.just("finish"), st.sampled_from([1, 2]),
              st.sampled_from(["completed", "follow_up", "rejected"])),
    st.tuples(st.just("transfer"), st.sampled_from([1, 2]), st.sampled_from([1, 2])),
    st.tuples(st.just("cancel"), st.integers(0, 8)),
    st.tuples(st.just("quick"), st.sampled_from([1, 2]), st.sampled_from([1, 2])),
    st.tuples(st.just("wait"), st.integers(1, 400)),
    st.tuples(st.just("close_day")),
)  # fmt: skip


def run(desk: Desk, ops: list[tuple], clock: list[datetime]) -> set[str]:  # type: ignore[type-arg]
    issued: set[str] = set()
    for op in ops:
        name = op[0]
        try:
            if name == "issue":
                issued.add(desk.issue(op[1], "lansia" if op[2] else None).ticket.id)
            elif name == "call_next":
                desk.call_next(op[1])
            elif name == "call":
                ids = sorted(issued)
                if ids:
                    desk.call(ids[op[2] % len(ids)], 2)
            elif name in ("recall", "skip", "start", "finish", "transfer"):
                current = desk.current(op[1])
                if current is None:
                    continue
                if name == "recall":
                    desk.recall(current.id, op[1])
                elif name == "skip":
                    desk.skip(current.id, op[1])
                elif name == "start":
                    desk.start(current.id, op[1])
                elif name == "finish":
                    desk.finish(current.id, op[1], op[2], reason="syarat kurang")
                else:
                    desk.transfer(current.id, op[1], to_service_id=op[2], to_counter_id=2)
            elif name in ("return", "cancel"):
                ids = sorted(issued)
                if ids:
                    ref = ids[op[1] % len(ids)]
                    if name == "return":
                        desk.return_to_queue(ref)
                    else:
                        desk.cancel(ref, "pergi")
            elif name == "quick":
                issued.add(desk.quick_serve(op[1], op[2]).id)
            elif name == "wait":
                clock[0] += timedelta(minutes=op[1])  # may cross midnight
            elif name == "close_day":
                desk.close_day()
        except LoketError:
            pass  # refused moves are fine; they must leave no trace
    return issued


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=st.lists(OPS, max_size=45), one_in_n=st.booleans())
def test_random_operations_keep_the_register_sound(ops: list[tuple], one_in_n: bool) -> None:  # type: ignore[type-arg]
    folder = Path(tempfile.mkdtemp(prefix="loket-ex-"))
    try:
        shutil.copytree(template(), folder, dirs_exist_ok=True)
        db = open_database(folder)
        if one_in_n:
            save_settings(db, OfficeSettings(PriorityPolicy(PriorityMode.ONE_IN_N, 2)))
        clock = [datetime(2026, 11, 23, 8, 0, tzinfo=UTC)]  # 15:00 WIB: days turn soon
        desk = Desk(db, clock=lambda: clock[0])
        issued = run(desk, ops, clock)
        with db.read() as s:
            rows = s.scalars(select(TicketRow)).all()
            ids = {r.id for r in rows}
            assert issued <= ids, "an issued ticket was lost"
            taken = [(r.service_day, r.issued_service_id, r.number) for r in rows
                     if r.origin_ticket_id is None]  # fmt: skip
            assert len(taken) == len(set(taken)), "two tickets share a number"
            per_series = Tally((d, sv) for d, sv, _ in taken)
            for (day, sv), count in per_series.items():
                numbers = sorted(n for d, s2, n in taken if (d, s2) == (day, sv))
                assert numbers == list(range(1, count + 1))
            holding = Tally(r.counter_id for r in rows
                            if r.state in (TicketState.CALLED, TicketState.SERVING))  # fmt: skip
            assert all(n == 1 for n in holding.values()), "a counter holds two tickets"
            waiting = Tally((r.service_id, r.service_day, r.origin_ticket_id is not None,
                             r.is_priority)
                            for r in rows if r.state == TicketState.WAITING)  # fmt: skip
            kept = {(c.service_id, c.service_day, c.transferred, c.is_priority): c.waiting
                    for c in s.scalars(select(QueueCount))}  # fmt: skip
            assert kept == dict(waiting), "the triggers' waiting counts drifted"
            for r in rows:
                assert replay(ticket_events(s, r.id)) == ticket_from_row(r)
                if r.origin_ticket_id is not None:
                    origin = s.get(TicketRow, r.origin_ticket_id)
                    assert origin is not None and origin.successor_id == r.id
                    assert origin.state == TicketState.TRANSFERRED
        db.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
