"""A paired PC that keeps a replica of the hub, as the desk app starts one: its follower
listening on its own feed socket, and the LAN office it acts through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from loket.client.connect import read_pc
from loket.client.feed import LanFeed
from loket.client.lan import LanOffice
from loket.hub.follow import Follower

from .helpers import HubProcess, pair_pc
from .test_lan import lan


@dataclass(frozen=True)
class ReplicaPc:
    follower: Follower
    feed: LanFeed
    office: LanOffice


@contextmanager
def replica_pc(hub: HubProcess, client_dir: Path, serve_port: int) -> Iterator[ReplicaPc]:
    """Pair ``client_dir`` as "Loket 1" and start its replica; closed on leaving.

    ``serve_port`` is the port the PC tells the hub it would serve at if promoted (it
    opens nothing there while it follows)."""
    pair_pc(hub, client_dir, "Loket 1")
    config = read_pc(client_dir)
    assert config.hub_url and config.fingerprint and config.token
    follower = Follower(client_dir, serve_port=serve_port)
    feed = LanFeed(config.hub_url, config.fingerprint, config.token)
    follower.listen(feed)
    follower.start()
    office = lan(client_dir)
    try:
        yield ReplicaPc(follower, feed, office)
    finally:
        office.close()
        feed.close()
        follower.close()
