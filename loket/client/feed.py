"""The change feed: "something changed in the office, look again".

``ChangeFeed`` is what a window's controller subscribes to, with no Qt here (the UI
wraps a feed into its own Qt signal). ``LanFeed`` follows the hub's WebSocket: each
notice carries the hub's change number; after a reconnect, or when the hub restarted
(another ``boot``), subscribers are told once so they catch up with what they missed.
It reconnects by itself with capped, jittered backoff and reports the link (connected
or not, since when) to its link listeners. The TLS certificate is checked against the
pin *before* the token is sent, on a socket this module wraps itself.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

from loket.core.days import utc_now

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 2.0
#: Pings find a hub that vanished without closing (powered off, cable pulled).
PING_INTERVAL_S = 5.0
PING_TIMEOUT_S = 5.0
BACKOFF_FIRST_S = 0.2
BACKOFF_CAP_S = 5.0


#: The messages a replica gets on the feed socket (``loket.hub.push``).
PUSHED = frozenset({"rows", "setup", "replica"})


class ReplicaLink(Protocol):
    """The replica beside a feed (``loket.hub.inbox.PushInbox``), called on the feed's
    thread: the socket is up (ask for rows), a pushed message, the socket is down."""

    def feed_up(self, feed: LanFeed) -> None: ...

    def pushed(self, message: dict[str, Any], received: float) -> None: ...

    def feed_down(self) -> None: ...


class ChangeFeed(Protocol):
    """Tells subscribers that the office changed (they re-read what they show)."""

    def subscribe(self, callback: Callable[[int], None]) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class LinkState:
    connected: bool
    since: datetime
    reason: str = ""  # why not connected: "", "unreachable", "not_paired", "certificate"


class LinkRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LanFeed:
    """The hub's WebSocket as a ChangeFeed, on a thread of its own (see module docstring)."""

    def __init__(
        self,
        hub_url: str,
        fingerprint: str,
        token: str,
        *,
        backoff_first: float = BACKOFF_FIRST_S,
        backoff_cap: float = BACKOFF_CAP_S,
        ping_interval: float = PING_INTERVAL_S,
    ) -> None:
        parts = urlsplit(hub_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 8765
        self.fingerprint = fingerprint
        self._token = token
        self.backoff_first = backoff_first
        self.backoff_cap = backoff_cap
        self.ping_interval = ping_interval
        self._subscribers: list[Callable[[int], None]] = []
        self._link_listeners: list[Callable[[LinkState], None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ws: Any = None
        self._thread: threading.Thread | None = None
        self.link = LinkState(False, utc_now(), "unreachable")
        self.boot: str | None = None
        self.change = -1
        #: The hub's recorded-clips version (``loket.voice.share``), as last announced.
        self.clips: str | None = None
        self._clip_listeners: list[Callable[[str], None]] = []
        self.connects = 0
        #: The replica kept beside this feed (``loket.hub.inbox.PushInbox``): it gets the
        #: rows the hub pushes on this socket and says on it what it holds.
        self._replica: ReplicaLink | None = None

    # -- ChangeFeed --------------------------------------------------------------------

    def subscribe(self, callback: Callable[[int], None]) -> None:
        with self._lock:
            self._subscribers.append(callback)
        self.start()

    def on_link(self, callback: Callable[[LinkState], None]) -> None:
        with self._lock:
            self._link_listeners.append(callback)
        callback(self.link)

    def on_clips(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(version)`` (from the feed thread) when the hub's clips change,
        and once on every (re)connect: a display PC then fetches what it lacks."""
        with self._lock:
            self._clip_listeners.append(callback)
        if self.clips is not None:
            callback(self.clips)

    def _clips_seen(self, version: object) -> None:
        if not isinstance(version, str) or version == self.clips:
            return
        self.clips = version
        with self._lock:
            listeners = list(self._clip_listeners)
        for callback in listeners:
            try:
                callback(version)
            except Exception:  # a listener's bug must not cut the feed
                log.exception("clips listener failed")

    def attach_replica(self, link: ReplicaLink) -> None:
        """Ask the hub for each commit's rows on this socket (from the next connect on,
        and now when connected), for ``link``."""
        self._replica = link
        if self._ws is not None:
            link.feed_up(self)

    def send_json(self, message: dict[str, Any]) -> bool:
        """Say something to the hub on the feed socket (from any thread); False when the
        socket is down."""
        ws = self._ws
        if ws is None:
            return False
        try:
            ws.send(json.dumps(message))
        except Exception:  # closed meanwhile: the link's end is reported by the thread
            return False
        return True

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._main, name="loket-feed", daemon=True)
        self._thread.start()

    def retarget(self, hub_url: str, fingerprint: str) -> None:
        """Follow another hub (a take-over): the next connection goes there."""
        parts = urlsplit(hub_url)
        self.host = parts.hostname or self.host
        self.port = parts.port or 8765
        self.fingerprint = fingerprint
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close()

    def close(self) -> None:
        self._stop.set()
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                ws.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    # -- the thread --------------------------------------------------------------------

    def _main(self) -> None:
        pause = self.backoff_first
        while not self._stop.is_set():
            reason = "unreachable"
            try:
                self._session()
                pause = self.backoff_first  # it was up: come back quickly
            except LinkRefused as exc:
                reason = exc.reason
            except Exception as exc:  # every network failure ends this session alike
                log.debug("feed link lost: %s", exc)
            if self._stop.is_set():
                break
            self._set_link(False, reason)
            wait = random.uniform(self.backoff_first, pause)
            if reason != "unreachable":
                wait = max(wait, self.backoff_cap)  # needs a person: do not hammer
            self._stop.wait(wait)
            pause = min(self.backoff_cap, pause * 2)

    def _tls_socket(self) -> ssl.SSLSocket:
        from loket.hub.cert import fingerprint_of_der

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the pin below is the check
        raw = socket.create_connection((self.host, self.port), timeout=CONNECT_TIMEOUT_S)
        try:
            tls = context.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise
        der = tls.getpeercert(binary_form=True) or b""
        if fingerprint_of_der(der) != self.fingerprint:
            tls.close()
            raise LinkRefused("certificate")
        tls.settimeout(None)
        return tls

    def _session(self) -> None:
        from websockets.exceptions import InvalidStatus
        from websockets.sync.client import connect

        sock = self._tls_socket()
        try:
            opened = connect(
                f"ws://{self.host}:{self.port}/api/v1/feed",
                sock=sock,
                proxy=None,
                additional_headers={"Authorization": f"Bearer {self._token}"},
                open_timeout=CONNECT_TIMEOUT_S,
                ping_interval=self.ping_interval,
                ping_timeout=PING_TIMEOUT_S,
                close_timeout=1,
                compression=None,
            )
        except InvalidStatus as exc:
            sock.close()
            if exc.response.status_code in (401, 403):
                raise LinkRefused("not_paired") from exc
            raise
        except BaseException:
            sock.close()
            raise
        with opened as ws:
            self._serve(ws)

    def _serve(self, ws: Any) -> None:
        self._ws = ws
        try:
            if self._stop.is_set():
                return
            hello = json.loads(ws.recv(timeout=CONNECT_TIMEOUT_S))
            self.connects += 1
            self._set_link(True)
            boot, number = str(hello.get("boot")), int(hello.get("change", 0))
            # Whatever happened while we were away: tell everyone to look again once.
            self.boot, self.change = boot, number
            self._notify(number)
            self.clips = None  # whatever changed while away: look at the clips again
            self._clips_seen(hello.get("clips"))
            replica = self._replica
            if replica is not None:
                replica.feed_up(self)
            for raw in ws:
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "change":
                    self._clips_seen(message.get("clips"))
                    number = int(message["change"])
                    if number != self.change:
                        self.change = number
                        self._notify(number)
                elif kind in PUSHED and replica is not None:
                    replica.pushed(message, time.time())
        finally:
            self._ws = None
            if self._replica is not None:
                self._replica.feed_down()
            with contextlib.suppress(Exception):
                ws.close()

    def _notify(self, number: int) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(number)
            except Exception:  # a subscriber's bug must not cut the feed
                log.exception("change subscriber failed")

    def _set_link(self, connected: bool, reason: str = "") -> None:
        if self.link.connected == connected and self.link.reason == reason:
            return
        self.link = LinkState(connected, utc_now(), reason)
        with self._lock:
            listeners = list(self._link_listeners)
        for callback in listeners:
            try:
                callback(self.link)
            except Exception:
                log.exception("link listener failed")
