"""A fault proxy between a client PC and the hub: refused, stalled, 5xx, answer lost after
the commit, answer cut. Nothing is lost, nothing is doubled (counted in the hub's file)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from loket.client.errors import HubUnreachable
from loket.client.lan import LanOffice
from loket.store.hub_models import HubRequest

from ..sync.faultproxy import Fault, FaultProxy
from .helpers import PASSWORD, HubOffice, HubProcess, hub_db, pair_pc, tickets_in

RPC = "/api/v1/rpc/"


@pytest.fixture
def proxy(hub: HubProcess) -> Iterator[FaultProxy]:
    tls = (str(hub.data_dir / "hub-cert.pem"), str(hub.data_dir / "hub-key.pem"))
    fault_proxy = FaultProxy(hub.port, slow_seconds=2.5, tls=tls).start()
    yield fault_proxy
    fault_proxy.stop()


def _client(hub: HubProcess, proxy: FaultProxy, data_dir: Path) -> LanOffice:
    config = pair_pc(hub, data_dir, "Loket uji")
    assert config.fingerprint and config.token
    return LanOffice(proxy.url, config.fingerprint, config.token, read_timeout=1.0, deadline=20)


def _requests_recorded(hub: HubProcess) -> int:
    db = hub_db(hub)
    try:
        with db.read() as s:
            return int(s.scalar(select(func.count()).select_from(HubRequest)) or 0)
    finally:
        db.close()


@pytest.mark.parametrize(
    "faults",
    [
        (Fault.DROP_BEFORE, Fault.ERROR_500, Fault.ERROR_503),
        (Fault.DROP_AFTER, Fault.SLOW_AFTER, Fault.CUT_AFTER),
    ],
    ids=["before-the-hub", "after-the-commit"],
)
def test_every_fault_on_issue_gives_exactly_one_ticket(
    hub: HubProcess,
    hub_office: HubOffice,
    proxy: FaultProxy,
    tmp_path: Path,
    faults: tuple[Fault, ...],
) -> None:
    client = _client(hub, proxy, tmp_path / "pc")
    told = []
    for fault in faults:
        proxy.inject(fault, path=RPC + "issue")
        told.append(client.issue(hub_office.services["A"], None, actor=None).ticket)
        assert proxy.faults_seen(fault) == 1
    db = hub_db(hub)
    try:
        held = tickets_in(db)
    finally:
        db.close()
    assert {t.id for t in told} == set(held)
    assert sorted(held.values()) == [("A", 1), ("A", 2), ("A", 3)]
    assert [t.number for t in told] == [1, 2, 3]
    assert _requests_recorded(hub) == 3


def test_a_retried_call_next_whose_answer_was_lost_never_claims_a_second_citizen(
    hub: HubProcess, hub_office: HubOffice, proxy: FaultProxy, tmp_path: Path
) -> None:
    client = _client(hub, proxy, tmp_path / "pc")
    first = client.issue(hub_office.services["A"], None, actor=None).ticket
    second = client.issue(hub_office.services["A"], None, actor=None).ticket
    user = client.login("petugas1", PASSWORD)
    counter = hub_office.counters[1]
    for fault, expected in ((Fault.DROP_AFTER, first), (Fault.CUT_AFTER, second)):
        proxy.inject(fault, path=RPC + "call_next")
        called = client.call_next(counter, actor=user)
        # The retry got the first answer, not the next citizen (nor a "counter busy").
        assert called is not None and called.id == expected.id
        assert client.current(counter) == called
        assert proxy.faults_seen(fault) == 1
        if expected is first:
            assert [t.id for t in client.waiting(hub_office.services["A"])] == [second.id]
        client.skip(called.id, counter, actor=user)
    assert client.waiting(hub_office.services["A"]) == []
    assert proxy.committed_then_dropped == 2


def test_a_refused_or_silent_hub_is_reported_in_time_and_nothing_is_queued_here(
    hub: HubProcess, hub_office: HubOffice, proxy: FaultProxy, tmp_path: Path
) -> None:
    config = pair_pc(hub, tmp_path / "pc", "Loket uji")
    assert config.fingerprint and config.token
    proxy.stop()  # nothing listens there any more: connections are refused
    client = LanOffice(proxy.url, config.fingerprint, config.token, deadline=2.0)
    started = time.monotonic()
    with pytest.raises(HubUnreachable, match="tidak terjangkau"):
        client.issue(hub_office.services["A"], None, actor=None)
    assert time.monotonic() - started < 5.0  # time-boxed
    db = hub_db(hub)
    try:
        assert tickets_in(db) == {}
    finally:
        db.close()
