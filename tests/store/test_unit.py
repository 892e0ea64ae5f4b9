"""``Database.unit``: every write of a block is one transaction, committed only at the end."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from loket.app.desk import Desk
from loket.core.errors import LoketError
from loket.store.models import TicketRow

from ..conftest import Office


def _tickets(office: Office) -> int:
    with office.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(TicketRow)) or 0)


def test_writes_join_one_transaction_seen_by_the_units_reads_only(office: Office) -> None:
    desk = Desk(office.db, clock=office.clock)
    with office.db.unit() as unit:
        first = desk.issue(office.services["A"])  # its estimate reads inside the unit
        second = desk.issue(office.services["A"])
        assert second.ticket.number == 2 and second.ahead == 1
        assert unit.session is not None
        unit.commit()
    assert first.ticket.number == 1 and _tickets(office) == 2


def test_a_unit_left_without_commit_leaves_nothing(office: Office) -> None:
    desk = Desk(office.db, clock=office.clock)
    with office.db.unit():
        desk.issue(office.services["A"])
    assert _tickets(office) == 0
    assert desk.issue(office.services["A"]).ticket.number == 1


def test_a_refused_use_case_rolls_back_its_own_part_only(office: Office) -> None:
    desk = Desk(office.db, clock=office.clock)
    with office.db.unit() as unit:
        desk.issue(office.services["A"])
        with pytest.raises(LoketError):
            desk.issue(office.services["C"])
            desk.issue(office.services["C"])
            desk.issue(office.services["C"])
            desk.issue(office.services["C"])  # quota 3: refused
        unit.commit()
    assert _tickets(office) == 4


def test_a_unit_that_only_reads_opens_no_write_transaction(office: Office) -> None:
    desk = Desk(office.db, clock=office.clock)
    opened: list[int] = []
    with office.db.unit(on_open=lambda _s: opened.append(1)) as unit:
        desk.waiting()
        assert unit.session is None
    assert opened == []
