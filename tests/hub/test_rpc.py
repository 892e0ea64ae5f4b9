"""The hub's RPC dispatch, in process: exactly once, as the session's user, Protocol only."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from loket.app.users import add_user
from loket.client.codec import office_specs
from loket.client.local import LocalOffice
from loket.hub import pairing
from loket.hub.rpc import OfficeRpc
from loket.store.hub_models import HubRequest
from loket.store.models import EventRow, TicketRow

from ..conftest import Office


@pytest.fixture
def rpc_pc(office: Office) -> tuple[OfficeRpc, pairing.PairedPc, list[int]]:
    bumps: list[int] = []
    rpc = OfficeRpc(
        office.db,
        LocalOffice(office.db, clock=office.clock),
        office_specs(),
        on_commit=lambda: bumps.append(1),
    )
    code = pairing.new_pair_code(office.db).code
    paired = pairing.redeem(office.db, pairing.proof(code, "ab" * 32, "pc"), "Loket 1", "ab" * 32)
    pc = pairing.pc_for_token(office.db, paired.token)
    assert pc is not None
    return rpc, pc, bumps


def _count(office: Office, model: type) -> int:
    with office.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_repeated_request_id_returns_the_first_answer_and_changes_nothing(
    office: Office, rpc_pc: tuple[OfficeRpc, pairing.PairedPc, list[int]]
) -> None:
    rpc, pc, bumps = rpc_pc
    args = {"args": {"service_id": office.services["A"]}}
    first = rpc.call("issue", pc, "req-1", None, args)
    assert first.status == 200 and first.committed
    again = rpc.call("issue", pc, "req-1", None, args)
    assert again.status == 200 and again.body["replayed"] is True
    assert again.body["result"] == first.body["result"]
    assert _count(office, TicketRow) == 1 and _count(office, HubRequest) == 1
    assert bumps == [1]
    other = rpc.call("issue", pc, "req-2", None, args)
    assert other.body["result"]["ticket"]["number"] == 2


def test_the_same_request_racing_itself_acts_once(
    office: Office, rpc_pc: tuple[OfficeRpc, pairing.PairedPc, list[int]]
) -> None:
    rpc, pc, _ = rpc_pc
    args = {"args": {"service_id": office.services["A"]}}
    answers = []
    threads = [
        threading.Thread(target=lambda: answers.append(rpc.call("issue", pc, "same", None, args)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(answers) == 4 and {a.status for a in answers} == {200}
    assert len({a.body["result"]["ticket"]["id"] for a in answers}) == 1
    assert _count(office, TicketRow) == 1


def test_a_refusal_writes_nothing_and_is_not_recorded(
    office: Office, rpc_pc: tuple[OfficeRpc, pairing.PairedPc, list[int]]
) -> None:
    rpc, pc, bumps = rpc_pc
    answer = rpc.call("call_next", pc, "r", None, {"args": {"counter_id": office.counters[1]}})
    assert answer.status == 422 and "Masuk" in answer.body["error"]["message"]
    assert _count(office, HubRequest) == 0 and _count(office, EventRow) == 0
    assert bumps == []


def test_the_actor_is_the_sessions_user_never_what_the_client_says(
    office: Office, rpc_pc: tuple[OfficeRpc, pairing.PairedPc, list[int]]
) -> None:
    rpc, pc, _ = rpc_pc
    add_user(office.db, "budi", "operator", "rahasia-budi")
    office.desk.issue(office.services["A"])
    # A client that claims to be an admin in the arguments is refused outright.
    forged = {"args": {"counter_id": office.counters[1], "actor": {"id": 1, "name": "x",
              "role": "admin", "active": True}}}  # fmt: skip
    assert rpc.call("call_next", pc, "f", None, forged).status == 422
    login = rpc.call("login", pc, "l", None, {"args": {"name": "budi", "password": "rahasia-budi"}})
    assert login.status == 200 and login.body["result"]["name"] == "budi"
    session = login.body["session"]
    called = rpc.call("call_next", pc, "c", session, {"args": {"counter_id": office.counters[1]}})
    assert called.status == 200
    with office.db.read() as s:
        row = s.get(TicketRow, called.body["result"]["id"])
        assert row is not None and row.user_id is not None
    expired = rpc.call("call_next", pc, "d", "not-a-session", {"args": {"counter_id": 1}})
    assert expired.status == 401 and expired.body["error"]["code"] == "session_expired"


@pytest.mark.parametrize("method", ["__init__", "desk", "db", "_require", "clock", "nothing"])
def test_only_protocol_methods_can_be_called(
    rpc_pc: tuple[OfficeRpc, pairing.PairedPc, list[int]], method: str
) -> None:
    rpc, pc, _ = rpc_pc
    answer = rpc.call(method, pc, "x", None, {"args": {}})
    assert answer.status == 404


def test_pairing_codes_are_one_time_and_bound_to_the_certificate(office: Office) -> None:
    code = pairing.new_pair_code(office.db).code
    with pytest.raises(pairing.PairingRefused):  # a proof for another certificate
        pairing.redeem(office.db, pairing.proof(code, "cd" * 32, "pc"), "PC", "ab" * 32)
    paired = pairing.redeem(office.db, pairing.proof(code, "ab" * 32, "pc"), "PC", "ab" * 32)
    assert paired.hub_proof == pairing.proof(code, "ab" * 32, "hub")
    with pytest.raises(pairing.PairingRefused):  # used already
        pairing.redeem(office.db, pairing.proof(code, "ab" * 32, "pc"), "PC 2", "ab" * 32)
    assert pairing.pc_for_token(office.db, paired.token) is not None
    pairing.revoke(office.db, "pc")
    assert pairing.pc_for_token(office.db, paired.token) is None
