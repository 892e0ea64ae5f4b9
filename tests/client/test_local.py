"""LocalOffice: the office client over the local database checks its actor itself."""

from __future__ import annotations

import dataclasses
import inspect
import typing

import pytest
from pydantic import TypeAdapter

from loket.app.users import add_user, set_active
from loket.client.api import OfficeClient
from loket.client.local import LocalOffice
from loket.core.errors import InvalidInput, LoketError
from loket.core.roles import Role
from loket.core.tickets import Outcome, TicketState
from tests.conftest import Office


@pytest.fixture
def local(office: Office) -> LocalOffice:
    return LocalOffice(office.db, clock=office.clock)


def test_local_office_is_an_office_client(local: LocalOffice) -> None:
    assert isinstance(local, OfficeClient)


def test_a_morning_through_the_client(office: Office, local: LocalOffice) -> None:
    user = add_user(office.db, "petugas1", "operator", "1234")
    actor = local.login("petugas1", "1234")
    assert actor == user
    counter = office.counters[1]
    issued = local.issue(office.services["A"], actor=None)  # the kiosk: nobody logged in
    assert issued.ticket.label == "A-001"
    called = local.call_next(counter, actor=actor)
    assert called is not None and called.state is TicketState.CALLED
    assert local.current(counter) == called
    local.start(called.id, counter, actor=actor)
    done = local.finish(called.id, counter, Outcome.COMPLETED, actor=actor)
    assert done.state is TicketState.DONE and done.user_id == user.id
    assert [t.id for t in local.served_today(counter)] == [done.id]
    status = local.queue_status()
    assert {w.prefix: w.waiting for w in status.waiting} == {"A": 0, "B": 0, "C": 0}
    assert local.board().recent_calls[0].label == "A-001"


def test_login_refuses_with_one_message(office: Office, local: LocalOffice) -> None:
    add_user(office.db, "petugas1", "operator", "1234")
    with pytest.raises(InvalidInput, match="Nama atau kata sandi salah"):
        local.login("petugas1", "0000")
    with pytest.raises(InvalidInput, match="Nama atau kata sandi salah"):
        local.login("siapa", "1234")


def test_actions_check_the_actor_in_the_database(office: Office, local: LocalOffice) -> None:
    admin = add_user(office.db, "admin", "admin", "rahasia-admin-1")
    user = add_user(office.db, "petugas1", "operator", "1234")
    local.issue(office.services["A"], actor=None)
    counter = office.counters[1]
    with pytest.raises(InvalidInput, match="Masuk sebagai petugas"):
        local.call_next(counter, actor=None)
    # A widget that claims a stronger role than the database holds gains nothing, and a
    # deactivated account cannot act with the UserInfo it kept from its login.
    forged = dataclasses.replace(user, role=Role.ADMIN, id=user.id)
    set_active(office.db, admin, user.id, False)
    with pytest.raises(InvalidInput, match="tidak aktif"):
        local.call_next(counter, actor=forged)
    assert local.waiting()[0].label == "A-001"


def test_every_method_is_annotated_with_json_types(office: Office, local: LocalOffice) -> None:
    """The hub generates its RPC from these hints: each must build a pydantic adapter."""
    for name, member in inspect.getmembers(OfficeClient, inspect.isfunction):
        if name.startswith("_"):
            continue
        hints = typing.get_type_hints(member)
        assert "return" in hints, name
        params = [p for p in inspect.signature(member).parameters if p != "self"]
        assert set(params) <= set(hints), name
        for hint in hints.values():
            TypeAdapter(hint)
        assert hasattr(local, name), name


def test_errors_are_loket_errors(office: Office, local: LocalOffice) -> None:
    user = add_user(office.db, "petugas1", "operator", "1234")
    with pytest.raises(LoketError) as exc:
        local.call("Z-999", office.counters[1], actor=user)
    assert exc.value.message
