"""A client PC keeps its replica caught up and follows whichever PC is the hub.

``Follower`` runs on a thread of its own: on every change notice of the hub's feed
(and every second anyway, and at every reconnect) it fetches what it lacks from
``/api/v1/replica`` into ``<data>/loket.db`` (see ``loket.hub.replica``), and tells the
hub where this PC would serve and with which certificate. When the hub cannot be
reached for a few seconds it asks the office's PCs whether one serves a newer epoch;
one that shows a certificate the office knows becomes this PC's hub: ``pc.json`` is
rewritten and the listeners (the window's ``LanOffice`` and feed) are pointed at it.
No pairing again: the new hub holds this PC's token hash in its replica.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from loket.client.pc import CLIENT, PcConfig, read_pc, write_pc
from loket.core.days import utc_now
from loket.hub import epoch as epochs
from loket.hub import promote as roles
from loket.hub.inbox import EVENT_AT, Position, PushInbox, PushMode
from loket.hub.replica import Applied, apply_changes, feedback_position, local_position
from loket.store.database import Database

log = logging.getLogger(__name__)

POLL_S = 1.0
#: Each fetch waits at the hub this long for the next change (a long poll): one request
#: in flight per replica, answered at the hub's next commit, and the next request tells
#: the hub what this replica now holds.
LONG_POLL_S = 5.0
#: Hub silent this long: look for a newer one on the LAN.
FIND_AFTER_S = 2.0
FIND_EVERY_S = 1.0
TIMEOUTS = (2.0, LONG_POLL_S + 5.0)
NOTE_EVERY_S = 1.0
DEFAULT_SERVE_PORT = 8765
MDNS_BROWSE_S = 1.5


@dataclass(frozen=True)
class FollowStatus:
    connected: bool
    last_seq: int
    head_seq: int | None
    epoch: int
    hub_url: str | None
    checked_at: datetime | None

    @property
    def behind(self) -> int:
        return 0 if self.head_seq is None else max(self.head_seq - self.last_seq, 0)


def _prepare_replica_file(data_dir: Path) -> None:
    """A PC paired after being used on its own: keep that office's file aside, untouched."""
    if (data_dir / roles.REPLICA_FILE).exists() or not (data_dir / "loket.db").exists():
        return
    folder = data_dir / f"before-pairing-{utc_now():%Y%m%dT%H%M%S}"
    folder.mkdir(parents=True, exist_ok=True)
    for name in roles.DB_FILES:
        if (data_dir / name).exists():
            shutil.move(str(data_dir / name), str(folder / name))


class Follower:
    def __init__(
        self,
        data_dir: Path,
        *,
        serve_port: int | None = None,
        poll: float = POLL_S,
        find_after: float = FIND_AFTER_S,
        mdns: bool = True,
    ) -> None:
        from loket.hub.cert import ensure_certificate
        from loket.store.migrate import open_database

        self.data_dir = data_dir
        config = read_pc(data_dir)
        if config.role != CLIENT:
            raise ValueError("a follower runs on a client PC")
        self.config = config
        self.serve_port = serve_port or int(
            read_replica_note(data_dir).get("serve_port") or DEFAULT_SERVE_PORT
        )
        self.poll = poll
        self.find_after = find_after
        self.mdns = mdns
        self.fingerprint = ensure_certificate(data_dir).fingerprint
        _prepare_replica_file(data_dir)
        self.db: Database = open_database(data_dir)
        self._http = self._session(config)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[PcConfig], None]] = []
        self._status_listeners: list[Callable[[FollowStatus], None]] = []
        self._digest = ""
        self._down_since: float | None = None
        self._last_find = 0.0
        self._note_at = 0.0
        self.head_seq: int | None = None
        self.head_at: str | None = None
        self.connected = False
        self.checked_at: datetime | None = None
        self.last_seq, self._status_after, self._requests_after = local_position(self.db)
        self._feedback_after = feedback_position(self.db)
        term = epochs.current_term(self.db)
        self.epoch = term.epoch if term else 0
        #: Milliseconds from an event's commit on the hub to its arrival here, and to
        #: its place in this replica (stored, committed).
        self.lags: collections.deque[float] = collections.deque(maxlen=5000)
        self.stored_lags: collections.deque[float] = collections.deque(maxlen=5000)
        #: The rows the hub pushes on the feed socket (``listen``), stored as they come.
        self.inbox = PushInbox()
        self.pushes = 0
        self.pushing = False  # the thread stores pushed rows (``PushMode``)
        self.pull_reasons: collections.Counter[str] = collections.Counter()  # while pushed
        self.fetches = 0
        self.stopped_reason = ""

    @staticmethod
    def _session(config: PcConfig) -> requests.Session:
        from loket.client.lan import pinned_session

        assert config.fingerprint
        return pinned_session(config.fingerprint, connections=1)

    # -- outside -------------------------------------------------------------------------

    def on_retarget(self, callback: Callable[[PcConfig], None]) -> None:
        self._listeners.append(callback)

    def on_status(self, callback: Callable[[FollowStatus], None]) -> None:
        self._status_listeners.append(callback)

    def trigger(self, _number: int = 0) -> None:
        """A change notice (the feed's subscriber): fetch now."""
        self._wake.set()

    def listen(self, feed: Any) -> None:
        """Follow ``feed`` (a ``LanFeed``): its notices, and the rows the hub pushes on it."""
        feed.subscribe(self.trigger)
        feed.attach_replica(self.inbox)

    def status(self) -> FollowStatus:
        return FollowStatus(self.connected, self.last_seq, self.head_seq, self.epoch,
                            self.config.hub_url, self.checked_at)  # fmt: skip

    def start(self) -> Follower:
        self._thread = threading.Thread(target=self._main, name="loket-replica", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._http.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            # A long poll in flight ends by itself within LONG_POLL_S (a daemon thread:
            # closing a window never waits for it); whatever it brings is not stored.
            self._thread.join(timeout=1.0)
            if self._thread.is_alive():
                return
        self.db.close()

    # -- the thread ----------------------------------------------------------------------

    def _main(self) -> None:
        while not self._stop.is_set():
            if not self.connected:  # after a failure, wait a little (or a feed notice)
                self._wake.wait(self.poll)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                if self.inbox.live:
                    PushMode(self).serve()
                else:
                    self.catch_up()
                if self.stopped_reason:
                    log.info("this PC is no longer a client: the replica stops")
                    break
            except Exception:  # a bug here must not end the replica for good
                log.exception("replica step failed")

    def catch_up(self, wait: float = LONG_POLL_S) -> None:
        """Fetch until the replica holds what the hub holds (or the hub is gone)."""
        while not self._stop.is_set():
            if read_pc(self.data_dir).role != CLIENT:
                self.stopped_reason = "promoted"
                return
            try:
                body = self._fetch(wait)
            except (requests.RequestException, OSError, ValueError) as exc:
                self._lost(str(exc))
                return
            if body is None:
                self._lost("refused")
                return
            if self._stop.is_set():
                return
            received = time.time()
            applied = apply_changes(self.db, body)
            self._took(body, applied, received)
            # The next fetch tells the hub this replica holds them (the hub's answer to
            # the acting client waits for that) and waits there for the next change.
            if wait <= 0 and not body.get("more") and not applied.truncated:
                return
            if not body.get("more") and (self.inbox.live or self.inbox.await_push()):
                return  # the hub pushes now: the main loop stores what it pushes

    def _fetch(self, wait: float = 0.0) -> dict[str, Any] | None:
        config = self.config
        assert config.hub_url
        response = self._http.get(
            config.hub_url + "/api/v1/replica",
            params={
                "after": str(self.last_seq),
                "status_after": str(self._status_after),
                "digest": self._digest,
                "requests_after": self._requests_after,
                "feedback_after": str(self._feedback_after),
                "wait": str(wait),
            },
            headers={
                "Authorization": f"Bearer {config.token}",
                "X-Loket-Fingerprint": self.fingerprint,
                "X-Loket-Port": str(self.serve_port),
                "X-Loket-Epoch": str(self.epoch),
            },
            timeout=TIMEOUTS,
        )
        if response.status_code != 200:
            log.info("replica fetch refused: HTTP %s", response.status_code)
            return None
        body = response.json()
        return body if isinstance(body, dict) else None

    def _took(self, body: dict[str, Any], applied: Applied, received: float) -> None:
        self.fetches += 1
        self._down_since = None
        now = utc_now()
        if body.get("events") and not applied.truncated:
            for row in body["events"]:
                with contextlib.suppress(ValueError, TypeError, IndexError):
                    at = datetime.fromisoformat(row[EVENT_AT])
                    self.lags.append((received - at.timestamp()) * 1000)
        self._digest = str(body.get("digest") or "")
        self.last_seq, self._status_after, self._requests_after = local_position(self.db)
        self._feedback_after = feedback_position(self.db)
        if applied.reference:
            term = epochs.current_term(self.db)
            self.epoch = term.epoch if term else self.epoch
        self.head_seq = int(body.get("head_seq") or 0)
        self.head_at = body.get("head_at")
        self.checked_at = now
        self.set_connected(True)
        if time.monotonic() - self._note_at > NOTE_EVERY_S or not body.get("more"):
            self._note_at = time.monotonic()
            self._write_note()

    # -- pushed rows (``loket.hub.inbox.PushMode``) ----------------------------------------

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    @property
    def digest(self) -> str:
        """The set-up's digest this replica holds."""
        return self._digest

    def position(self) -> Position:
        return Position(self.last_seq, self._status_after, self._feedback_after,
                        self._requests_after)  # fmt: skip

    def place(self, position: Position) -> None:
        """Pushed rows are stored: the replica now stands at ``position``."""
        self.last_seq, self._status_after = position.seq, position.status
        self._feedback_after, self._requests_after = position.feedback, position.requests

    def note_now(self) -> None:
        """Write the replica note (for ``hub promote``) at most every ``NOTE_EVERY_S``."""
        if time.monotonic() - self._note_at > NOTE_EVERY_S:
            self._note_at = time.monotonic()
            self._write_note()

    def _write_note(self) -> None:
        roles.write_replica_note(
            self.data_dir,
            {"hub_url": self.config.hub_url, "head_seq": self.head_seq, "head_at": self.head_at,
             "last_seq": self.last_seq, "epoch": self.epoch, "serve_port": self.serve_port,
             "checked_at": self.checked_at.isoformat() if self.checked_at else None},
        )  # fmt: skip

    def _lost(self, why: str) -> None:
        self.set_connected(False)
        now = time.monotonic()
        if self._down_since is None:
            self._down_since = now
            log.info("hub unreachable for the replica: %s", why)
        if now - self._down_since >= self.find_after and now - self._last_find >= FIND_EVERY_S:
            self._last_find = now
            self.find_newer_hub()

    def find_newer_hub(self) -> epochs.Candidate | None:
        """Ask the office's PCs for a hub of a newer epoch; follow it if one answers."""
        found = epochs.newer_hub(
            epochs.member_addresses(self.db), self.epoch, skip_fingerprint=self.fingerprint
        )
        if found is None:
            found = self._newer_by_mdns()
        if found is None:
            return None
        log.warning("following the new hub %s (epoch %d)", found.url, found.epoch)
        config = read_pc(self.data_dir)
        if config.role != CLIENT:
            return None
        config = PcConfig(role=CLIENT, hub_url=found.url, fingerprint=found.fingerprint,
                          token=config.token, pc_name=config.pc_name, office=config.office,
                          paired_at=config.paired_at)  # fmt: skip
        write_pc(self.data_dir, config)
        self._http.close()
        self.config = config
        self._http = self._session(config)
        self._digest = ""
        for callback in list(self._listeners):
            try:
                callback(config)
            except Exception:
                log.exception("retarget listener failed")
        self._wake.set()
        return found

    def _newer_by_mdns(self) -> epochs.Candidate | None:
        """The hubs announced on the LAN (mDNS), trusted only by a certificate the
        office knows: a PC whose address changed since it last fetched is found too."""
        if not self.mdns:
            return None
        try:
            from loket.hub.discovery import find_hubs

            # Browse on the interface that faces the office LAN (the one towards the
            # hub this PC followed), not on every network this PC is on.
            hubs = find_hubs(timeout=MDNS_BROWSE_S, interfaces=[self._lan_interface()])
        except Exception:  # no multicast on this network: the members' addresses only
            log.debug("mDNS browse failed", exc_info=True)
            return None
        known = epochs.known_fingerprints(self.db)
        announced = [(h.host, h.port, h.fingerprint) for h in hubs if h.fingerprint in known]
        return epochs.newer_hub(announced, self.epoch, skip_fingerprint=self.fingerprint)

    def _lan_interface(self) -> str:
        from urllib.parse import urlsplit

        host = urlsplit(self.config.hub_url or "").hostname or "127.0.0.1"
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((host, 9))  # UDP: picks the route, sends nothing
            return str(probe.getsockname()[0])

    def set_connected(self, up: bool) -> None:
        changed = up != self.connected
        self.connected = up
        if changed or up:
            status = self.status()
            for callback in list(self._status_listeners):
                try:
                    callback(status)
                except Exception:
                    log.exception("replica status listener failed")


def read_replica_note(data_dir: Path) -> dict[str, Any]:
    return roles.read_replica_note(data_dir)
