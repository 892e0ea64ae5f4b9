"""Take-over use cases for the admin screen: how fresh this PC's replica is, promote it.

The windows never open the database themselves; these open this PC's replica, do one
thing and close it (``loket.hub.promote`` holds the rules, shared with the CLI).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from loket.client.connect import read_pc
from loket.hub import epoch as epochs
from loket.hub.promote import Freshness, freshness, promote, read_replica_note


def replica_freshness(data_dir: Path) -> Freshness:
    """This client's copy of the office against what the hub last announced to it."""
    from loket.store.migrate import open_database

    db = open_database(data_dir, readonly=True)
    try:
        return freshness(db, data_dir)
    finally:
        db.close()


def hub_still_answers(data_dir: Path) -> bool:
    """Whether the hub this client follows still serves (then no take-over)."""
    config = read_pc(data_dir)
    if not config.hub_url or not config.fingerprint:
        return False
    parts = urlsplit(config.hub_url)
    hello = epochs.probe(parts.hostname or "", parts.port or 8765, config.fingerprint)
    return hello is not None and hello.get("role", "hub") == "hub"


def promote_this_pc(data_dir: Path, port: int | None = None) -> epochs.Term:
    """Open the next epoch on this PC's replica: it is the office's hub from now on."""
    from loket.store.migrate import open_database

    serve = port or int(read_replica_note(data_dir).get("serve_port") or 8765)
    db = open_database(data_dir, check=True)
    try:
        return promote(db, data_dir, "", serve)
    finally:
        db.close()
