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
from loket.client.feed import LanFeed
from loket.client.lan import LanOffice
from loket.client.local import LocalOffice
from loket.hub import inbox
from loket.hub.follow import Follower
from loket.hub.replica import ReplicaSource, apply_changes
from loket.hub.store_pushed import store_pushed
from loket.store.migrate import open_database

from .helpers import HubOffice, HubProcess, hub_db, make_office
from .replica_pc import replica_pc
from .test_lan import loket
from .test_replica import feedback_rows, snapshot, wait_for


@dataclass
class Replica:
    hub: HubProcess
    follower: Follower
    feed: LanFeed
    office: LanOffice
    pulls: list[str] = field(default_factory=list)  # pulls tried while blocked

    def block_pulls(self) -> None:
        """From now on, pulls fail (once the replica holds the hub's set-up: a changed
        set-up is pulled, e.g. the PC's own ``last_seen`` when its feed connected)."""
        hub_file = hub_db(self.hub)
        try:
            follower = self.follower
            # The hub's set-up moves while the PC connects (its last_seen, its address).
            settled = wait_for(lambda: follower.pushing and follower.digest == digest_now(hub_file))
            assert settled, (follower.digest, digest_now(hub_file), follower.pushing)
        finally:
            hub_file.close()

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
    with replica_pc(hub, tmp_path / "pc1", 18767) as pc:
        follower = pc.follower
        assert wait_for(lambda: follower.pushing, 20), (follower.fetches, follower.connected)
        yield Replica(hub, follower, pc.feed, pc.office)


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
    replica.block_pulls()
    hub_file = hub_db(hub)
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


def test_the_pushed_rows_are_the_rows_a_pull_brings(tmp_path: Path) -> None:
    """The push reads on the driver connection: the same rows, the same wire values."""
    from loket.app.counters import CounterStatus
    from loket.core.days import utc_now
    from loket.core.tickets import Outcome
    from loket.hub.push import Mark, RowPush, read_after
    from loket.store.hub_models import HubRequest

    made = make_office(tmp_path / "hub")
    db = open_database(made.data_dir)
    try:
        office = LocalOffice(db, made.data_dir)
        for _ in range(3):
            office.issue(made.services["A"], None, actor=None)
        user = office.login("petugas1", "1234")
        counter = made.counters[1]
        office.set_counter_status(counter, CounterStatus.BREAK, "Istirahat", actor=user)
        office.set_counter_status(counter, CounterStatus.OPEN, actor=user)
        called = office.call_next(counter, actor=user)
        assert called is not None
        office.start(called.id, counter, actor=user)
        office.finish(called.id, counter, Outcome.COMPLETED, actor=user)
        office.rate_ticket(called.id, 3)
        with db.write() as s:
            s.add(HubRequest(id="r1", pc_id=1, method="issue", at=utc_now(), response="{}"))
        push = RowPush(db, 1)
        with db.raw_read() as conn:
            body, to, more = read_after(push._reads, conn, Mark(0, 0, 0, ""))
        pulled = ReplicaSource(db).changes(0, 0, "", "", 0)
        for key in ("events", "status_log", "requests", "feedback"):
            assert body[key] == pulled[key] and body[key], key
        assert to.seq == pulled["head_seq"] and body["head_at"] == pulled["head_at"]
        assert to.requests == pulled["requests"][-1][3] and not more
        # Nothing new after it: nothing to push.
        with db.raw_read() as conn:
            again, same, _ = read_after(push._reads, conn, to)
        assert same == to and not again["events"] and not again["requests"]
        # Stored on the driver connection, they make the replica a pull makes.
        pulled_copy, pushed_copy = (open_database(tmp_path / n) for n in ("pulled", "pushed"))
        try:
            apply_changes(pulled_copy, pulled)
            set_up_only = {**pulled, "events": [], "status_log": [], "requests": [],
                           "feedback": {}}  # fmt: skip
            apply_changes(pushed_copy, set_up_only)
            assert store_pushed(pushed_copy, body) == len(body["events"])
            assert store_pushed(pushed_copy, body) == 0  # again: nothing twice
            assert snapshot(pushed_copy) == snapshot(pulled_copy) == snapshot(db)
            assert feedback_rows(pushed_copy) == feedback_rows(pulled_copy)
            assert held_rows(pushed_copy) == held_rows(pulled_copy) == held_rows(db)
        finally:
            pulled_copy.close()
            pushed_copy.close()
    finally:
        db.close()


def held_rows(db: Any) -> list[Any]:
    """The counter status rows and request records, as stored."""
    with db.raw_read() as conn:
        status = conn.execute("SELECT * FROM counter_status_log ORDER BY id").fetchall()
        records = conn.execute("SELECT * FROM hub_requests ORDER BY id").fetchall()
    return [status, records]


def test_a_set_up_read_again_without_a_commit_is_a_new_answer_to_a_pull(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The set-up read again after its announcement reaches the replica's next pull,
    though no commit moved the change number since the answer kept before it."""
    from loket.hub import replica

    made = make_office(tmp_path / "hub")
    db = open_database(made.data_dir)
    try:
        number = [1]
        source = ReplicaSource(db, lambda: number[0])
        first = source.changes(0, 0, "", "", 0)["digest"]
        monkeypatch.setattr(replica, "REFERENCE_MIN_AGE_S", 600.0)
        set_running_text(db, "Selamat datang")
        number[0] = 2  # the commit's notice: the set-up is not read again so soon
        assert source.changes(0, 0, first, "", 0)["digest"] == first
        monkeypatch.setattr(replica, "REFERENCE_MIN_AGE_S", 0.0)
        announced = source.reference().digest  # the hub's set-up watch reads it again
        assert announced != first
        again = source.changes(0, 0, first, "", 0)
        assert again["digest"] == announced and "reference" in again
    finally:
        db.close()


def test_a_revoked_pc_stops_getting_the_rows_within_seconds(
    hub: HubProcess, hub_office: HubOffice, replica: Replica
) -> None:
    from loket.hub.pairing import revoke

    follower, feed = replica.follower, replica.feed
    hub_file = hub_db(hub)
    try:
        revoke(hub_file, "Loket 1")  # a stolen PC
        desk = LocalOffice(hub_file, hub.data_dir)

        def cut_off() -> bool:
            desk.issue(hub_office.services["A"], None, actor=None)  # rows keep coming
            return not feed.link.connected and feed.link.reason == "not_paired"

        assert wait_for(cut_off, 10), (feed.link, follower.last_seq)
        assert not follower.inbox.live
    finally:
        hub_file.close()


def test_a_failed_publish_is_read_again_by_the_next_and_said_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit whose rows could not be read is pushed with the next one; meanwhile the
    hub's semi-synchronous answer does not trust the pushed stream's end (``behind``)."""
    import sqlite3

    from loket.hub import push as push_module

    made = make_office(tmp_path / "hub")
    db = open_database(made.data_dir)
    try:
        pusher = push_module.RowPush(db, 1)
        pusher.prime()
        start = pusher.mark
        LocalOffice(db, made.data_dir).issue(made.services["A"], None, actor=None)

        def broken(*_args: Any) -> Any:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(push_module, "read_after", broken)
        with pytest.raises(sqlite3.OperationalError):
            pusher.publish()
        assert pusher.behind and pusher.mark == start
        monkeypatch.undo()
        assert pusher.publish() == 1
        assert not pusher.behind and pusher.mark is not None and start is not None
        assert pusher.mark.seq == start.seq + 1
    finally:
        db.close()
