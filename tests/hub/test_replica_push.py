"""Each commit's rows pushed to a replica over the feed's WebSocket (``loket.hub.push``).

The pull (``GET /api/v1/replica``) is blocked in these tests once the hub pushes: what
reaches the replica then came on the feed socket, and the hub learned from the socket
that the replica holds it. A gap in the pushed stream is filled by one pull.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from loket.app.office import running_text, set_running_text
from loket.client.connect import read_pc
from loket.client.feed import LanFeed
from loket.client.lan import LanOffice
from loket.client.local import LocalOffice
from loket.hub import inbox
from loket.hub.follow import Follower
from loket.hub.replica import ReplicaSource
from loket.store.migrate import open_database

from .helpers import HubOffice, HubProcess, hub_db, pair_pc
from .test_lan import lan, loket
from .test_replica import snapshot, wait_for


@dataclass
class Replica:
    follower: Follower
    feed: LanFeed
    office: LanOffice
    pulls: list[str] = field(default_factory=list)  # pulls tried while blocked

    def block_pulls(self) -> None:
        def blocked(_wait: float = 0.0) -> dict[str, Any] | None:
            self.pulls.append("pull")
            raise requests.ConnectionError("the pull is blocked by the test")

        self.follower._fetch = blocked  # type: ignore[method-assign]

    def unblock_pulls(self) -> None:
        del self.follower._fetch


@pytest.fixture
def replica(hub: HubProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Replica]:
    # Only a gap, a new socket or a set-up announcement makes a pushed replica pull.
    monkeypatch.setattr(inbox, "REFRESH_S", 600.0)
    client_dir = tmp_path / "pc1"
    pair_pc(hub, client_dir, "Loket 1")
    config = read_pc(client_dir)
    assert config.hub_url and config.fingerprint and config.token
    follower = Follower(client_dir, serve_port=18767)
    feed = LanFeed(config.hub_url, config.fingerprint, config.token)
    follower.listen(feed)
    follower.start()
    office = lan(client_dir)
    try:
        assert wait_for(lambda: follower.pushing, 20), (follower.fetches, follower.connected)
        yield Replica(follower, feed, office)
    finally:
        office.close()
        feed.close()
        follower.close()


def digest_now(db: Any) -> str:
    """The set-up's digest as the hub computes it (what a replica compares)."""
    return ReplicaSource(db).reference().digest


def held_on_hub(hub: HubProcess) -> int | None:
    """Where the hub says this PC's replica stands (what it said on its feed socket)."""
    shown = loket("--data-dir", hub.data_dir, "hub", "status", "--json")
    assert shown.returncode == 0, shown.stderr
    mine = [pc for pc in json.loads(shown.stdout)["pcs"] if pc["name"] == "Loket 1"]
    return mine[0]["replica_seq"] if mine else None


def test_a_replica_stores_each_commit_pushed_on_the_feed_with_its_pulls_blocked(
    hub: HubProcess, hub_office: HubOffice, replica: Replica
) -> None:
    follower, office = replica.follower, replica.office
    # A login changes the set-up (the operators' sessions), which a replica pulls.
    user = office.login("petugas1", "1234")
    hub_file = hub_db(hub)
    assert wait_for(lambda: follower.digest == digest_now(hub_file), 15)
    replica.block_pulls()
    pushes = follower.pushes
    try:
        a = hub_office.services["A"]
        for _ in range(3):
            office.issue(a, None, actor=None)
        called = office.call_next(hub_office.counters[1], actor=user)
        assert called is not None
        office.start(called.id, hub_office.counters[1], actor=user)
        head = snapshot(hub_file)["events"][-1][0]
        assert wait_for(lambda: follower.last_seq >= head, 15), (follower.last_seq, head)
        assert replica.pulls == [] and follower.pushes > pushes
        copy = open_database(follower.data_dir)
        try:
            assert snapshot(copy) == snapshot(hub_file)  # every event once, in order
        finally:
            copy.close()
        # The hub heard on the socket that the replica holds them (its answers waited
        # for that, not for a pull).
        assert wait_for(lambda: held_on_hub(hub) == head, 10)
        assert follower.stored_lags and follower.status().behind == 0
    finally:
        hub_file.close()


def test_a_gap_in_the_pushed_rows_is_filled_by_one_pull_and_nothing_is_stored_twice(
    hub: HubProcess, hub_office: HubOffice, replica: Replica
) -> None:
    follower, office = replica.follower, replica.office
    pushed = follower.inbox.pushed
    dropped: list[int] = []

    def lose_the_first_rows(message: dict[str, Any], received: float) -> None:
        if message.get("type") == "rows" and not dropped:
            dropped.append(int(message["to"]["seq"]))  # lost with a socket, say
            return
        pushed(message, received)

    follower.inbox.pushed = lose_the_first_rows  # type: ignore[method-assign]
    fetches = follower.fetches
    hub_file = hub_db(hub)
    try:
        a = hub_office.services["A"]
        office.issue(a, None, actor=None)
        office.issue(a, None, actor=None)
        head = snapshot(hub_file)["events"][-1][0]
        assert wait_for(lambda: follower.last_seq >= head, 15), (follower.last_seq, head)
        assert dropped and follower.fetches > fetches
        copy = open_database(follower.data_dir)
        try:
            assert snapshot(copy) == snapshot(hub_file)
        finally:
            copy.close()
    finally:
        hub_file.close()


def test_the_hub_pcs_own_writes_are_pushed_and_a_set_up_change_is_announced(
    hub: HubProcess, hub_office: HubOffice, replica: Replica
) -> None:
    follower = replica.follower
    replica.block_pulls()
    hub_file = hub_db(hub)
    try:
        # The GUI on the hub PC writes the file itself: the hub's watcher pushes it.
        LocalOffice(hub_file, hub.data_dir).issue(hub_office.services["B"], None, actor=None)
        head = snapshot(hub_file)["events"][-1][0]
        assert wait_for(lambda: follower.last_seq >= head, 15), (follower.last_seq, head)
        assert replica.pulls == []
        # A set-up change is not pushed as rows: its new digest is, and the replica pulls.
        replica.unblock_pulls()
        set_running_text(hub_file, "Selamat datang di kelurahan")
        copy = open_database(follower.data_dir)
        try:

            def shown() -> str:
                with copy.read() as s:
                    return running_text(s)

            assert wait_for(lambda: shown() == "Selamat datang di kelurahan", 15)
        finally:
            copy.close()
    finally:
        hub_file.close()
