"""Client 2 follows the new hub found by mDNS alone (issue 13).

The promoted PC serves at a port none of the office's PCs has heard of (the old hub's
address is dead, and the port client 1 told the hub it would serve at is not the one it
serves at): client 2 can only find it by its mDNS announcement on 127.0.0.1, and trusts
it because its certificate is one the office's replica knows. Every PC is its own OS
process; the browse and the announcement stay on the loopback interface.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from loket.client.connect import read_pc
from loket.hub import epoch as epochs
from loket.hub.cert import ensure_certificate
from loket.hub.discovery import Announcer, find_hubs, service_info
from loket.hub.promote import read_replica_note
from loket.store.migrate import open_database
from loket.store.models import TicketRow

from .helpers import CHILD_DEADLINE_S, HubOffice, HubProcess, child_env, pair_pc
from .test_takeover import Child, free_port, loket_args, wait_for

pytestmark = pytest.mark.timeout(180)
LOOPBACK = "127.0.0.1"


def loopback_multicast_works() -> bool:
    """Whether an mDNS record announced on 127.0.0.1 is heard there (some sandboxes
    and hosts drop multicast on loopback)."""
    fingerprint = "ef" * 32
    announcer = Announcer(service_info("probe", "probe", 9, fingerprint, LOOPBACK), LOOPBACK)
    announcer.start()
    try:
        return any(h.fingerprint == fingerprint for h in find_hubs(3.0, interfaces=[LOOPBACK]))
    finally:
        announcer.stop()


def knows(data_dir: Path, fingerprint: str) -> bool:
    db = open_database(data_dir)
    try:
        return fingerprint in epochs.known_fingerprints(db)
    finally:
        db.close()


def ticket_ids(data_dir: Path) -> set[str]:
    db = open_database(data_dir)
    try:
        with db.read() as s:
            return set(s.scalars(select(TicketRow.id)))
    finally:
        db.close()


def test_client_2_follows_the_new_hub_found_by_mdns(hub_office: HubOffice, tmp_path: Path) -> None:
    if not loopback_multicast_works():
        pytest.skip("this machine drops multicast on 127.0.0.1: mDNS cannot be exercised here")
    hub = HubProcess(hub_office.data_dir).start()
    children: list[Child] = []
    try:
        pc1, pc2 = tmp_path / "pc1", tmp_path / "pc2"
        for n, data_dir in enumerate((pc1, pc2), 1):
            pair_pc(hub, data_dir, f"Loket {n}")
        told_port, serve_port = free_port(), free_port()
        for n, (data_dir, port) in enumerate(((pc1, told_port), (pc2, free_port())), 1):
            follower = Child(loket_args(data_dir, "hub", "follow", "--serve-port", port),
                             tmp_path / f"f{n}.err")  # fmt: skip
            children.append(follower.start())
            follower.wait_line("mengikuti")
        pc1_fingerprint = ensure_certificate(pc1).fingerprint
        # Client 2's replica holds client 1's certificate (what makes it trusted).
        assert wait_for(lambda: read_replica_note(pc2).get("epoch") == 1)
        assert wait_for(lambda: knows(pc2, pc1_fingerprint))

        hub.kill()
        promoted = Child(
            loket_args(pc1, "hub", "promote", "--yes", "--host", LOOPBACK, "--port", serve_port,
                       "--no-sync"),
            tmp_path / "promoted.err",
        )  # fmt: skip
        children.append(promoted.start())
        promoted.wait_line(r"siap di https://127\.0\.0\.1")
        new_url = f"https://{LOOPBACK}:{serve_port}"

        # Only the announcement says where the new hub is.
        assert wait_for(lambda: read_pc(pc2).hub_url == new_url), children[1].stderr.read_text()
        assert read_pc(pc2).fingerprint == pc1_fingerprint
        # And client 2 works through it: its action lands on the new hub, whose change
        # comes back into client 2's replica.
        issued = subprocess.run(
            loket_args(pc2, "queue", "issue", "--service", "A", "--json"), capture_output=True,
            text=True, encoding="utf-8", env=child_env(), timeout=CHILD_DEADLINE_S, check=False,
        )  # fmt: skip
        assert issued.returncode == 0, issued.stdout + issued.stderr
        assert wait_for(lambda: ticket_ids(pc2) - ticket_ids(hub_office.data_dir))
        new_ticket = ticket_ids(pc2) - ticket_ids(hub_office.data_dir)
        assert new_ticket <= ticket_ids(pc1)
    finally:
        for child in reversed(children):
            child.stop()
        hub.kill()
