"""Reprint: the same number on new paper, never a new one, and an audit entry each time."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from loket.app.audit import Actor, entries
from loket.app.desk import Desk
from loket.app.reprint import AUDIT_ACTION, NotAllowed, kiosk_tickets, reprint, reprint_last
from loket.app.users import UserInfo, add_user
from loket.core.errors import InvalidInput, NotFound
from loket.core.roles import Role
from loket.core.tickets import TicketState
from loket.printing.slip import Style, TicketSlip
from loket.store.models import TicketRow

OPERATOR = UserInfo(7, "petugas1", Role.OPERATOR, True)
ADMIN = UserInfo(1, "admin", Role.ADMIN, True)


def ticket_count(desk: Desk) -> int:
    with desk.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(TicketRow)) or 0)


def test_reprint_keeps_the_number_and_is_audited(office) -> None:  # type: ignore[no-untyped-def]
    desk: Desk = office.desk
    service = office.services["A"]
    first = desk.issue(service)
    second = desk.issue(service)
    before = ticket_count(desk)
    office.clock.advance(minutes=20)
    again = reprint(desk, second.ticket.label, Actor(OPERATOR.id, OPERATOR.name))
    assert again.ticket.id == second.ticket.id and again.ticket.label == second.ticket.label
    assert again.ahead == 1 and again.wait_seconds is not None  # first is still ahead
    assert ticket_count(desk) == before  # no new number
    assert desk.issue(service).ticket.number == second.ticket.number + 1  # none skipped
    trail = [e for e in entries(desk.db) if e.action == AUDIT_ACTION]
    assert len(trail) == 1 and trail[0].target == second.ticket.label
    assert trail[0].user_name == "petugas1" and trail[0].detail["ticket_id"] == second.ticket.id
    slip = TicketSlip.from_reprint("Kelurahan Uji", "Asia/Jakarta", again)
    assert slip.issued_at == second.ticket.issued_at and slip.reprinted_at == again.at
    texts = [line.text for line in slip.lines()]
    assert texts[0] == "CETAK ULANG" and slip.label in texts
    assert any(line.style is Style.QR and line.text == second.ticket.id for line in slip.lines())
    del first


def test_reprint_at_the_counter_shows_no_wait(office) -> None:  # type: ignore[no-untyped-def]
    desk: Desk = office.desk
    service = office.services["A"]
    issued = desk.issue(service)
    counter = office.counters[1]
    called = desk.call_next(counter)
    assert called is not None and called.id == issued.ticket.id
    again = reprint(desk, called.id, Actor(OPERATOR.id, OPERATOR.name))
    assert again.ticket.state is TicketState.CALLED and again.ahead is None
    slip = TicketSlip.from_reprint("Kelurahan Uji", "Asia/Jakarta", again)
    assert not any("orang di depan" in line.text for line in slip.lines())


def test_reprint_of_an_unknown_number_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound):
        reprint(office.desk, "Z-999", Actor(None, "x"))
    with pytest.raises(InvalidInput):
        reprint(office.desk, "  ", Actor(None, "x"))
    assert not [e for e in entries(office.desk.db) if e.action == AUDIT_ACTION]


def test_admin_reprints_the_kiosks_last_tickets(office) -> None:  # type: ignore[no-untyped-def]
    desk: Desk = office.desk
    service = office.services["A"]
    operator = add_user(desk.db, "petugas2", Role.OPERATOR, "kata-sandi-panjang-1")
    kiosk = [desk.issue(service) for _ in range(3)]
    desk.issue(service, user_id=operator.id)  # issued at a counter: not the kiosk's
    office.clock.advance(minutes=1)
    latest = desk.issue(service)
    assert [t.id for t in kiosk_tickets(desk, 2)] == [latest.ticket.id, kiosk[2].ticket.id]
    with pytest.raises(NotAllowed):
        reprint_last(desk, 2, OPERATOR)
    with pytest.raises(InvalidInput):
        reprint_last(desk, 0, ADMIN)
    done = reprint_last(desk, 2, ADMIN)
    assert [r.ticket.label for r in done] == [kiosk[2].ticket.label, latest.ticket.label]
    trail = [e for e in entries(desk.db) if e.action == AUDIT_ACTION]
    assert len(trail) == 2 and all(e.detail["kiosk_batch"] for e in trail)


def test_a_transferred_number_reprints_where_it_waits_now(office) -> None:  # type: ignore[no-untyped-def]
    desk: Desk = office.desk
    issued = desk.issue(office.services["A"])
    counter = office.counters[1]
    desk.call_next(counter)
    desk.start(issued.ticket.id, counter)
    moved = desk.transfer(issued.ticket.id, counter, to_service_id=office.services["B"])
    again = reprint(desk, issued.ticket.id, Actor(None, "x"))
    assert again.ticket.label == issued.ticket.label and again.ticket.id != issued.ticket.id
    assert again.service_name == "SKTM"
    del moved


def test_the_client_checks_who_reprints(office) -> None:  # type: ignore[no-untyped-def]
    client = office.client
    operator = add_user(office.db, "petugas3", Role.OPERATOR, "kata-sandi-panjang-1")
    issued = office.desk.issue(office.services["A"])
    with pytest.raises(InvalidInput):
        client.reprint(issued.ticket.label, actor=None)  # nobody logged in
    assert client.reprint(issued.ticket.label, actor=operator).ticket.id == issued.ticket.id
    with pytest.raises(InvalidInput):
        client.reprint_kiosk(1, actor=operator)  # a batch is the admin's
    assert [e.user_name for e in entries(office.db) if e.action == AUDIT_ACTION] == ["petugas3"]
