"""Send the city the office's live queue state within seconds of each change.

A plain thread on the PC that holds the office file (the hub, or a standalone desk). It
watches SQLite's ``data_version`` (every writer: the LAN hub, the GUI, the CLI), waits
``settle`` seconds so a burst of calls makes one message, builds the state and posts it
with a short time box; with no change it still sends every ``heartbeat`` seconds, so
the city can tell a quiet office from one that is offline ("data terakhir 10.42").
Failures only delay the next try (capped backoff); the queue never waits for this.
Re-sending is harmless: the server keeps the highest version.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from loket.store.database import Database, DataVersion
from loket.sync.client import SyncClient, SyncError, Timeouts
from loket.sync.online_schemas import LiveAck, LiveState
from loket.sync.state import load_state

log = logging.getLogger(__name__)

LIVE_PATH = "/live"
WATCH_S = 0.25
SETTLE_S = 1.0
HEARTBEAT_S = 30.0
#: Bookings are pulled (and check-ins reported) at most this often, and at each start.
PULL_S = 30.0
#: Seconds between two booking pulls (tests and busy offices may change it).
ENV_PULL_S = "LOKET_ONLINE_PULL_S"
MAX_BACKOFF_S = 60.0
#: The live message is small: it must not wait behind a slow network for long.
LIVE_TIMEOUTS = Timeouts(connect=2.0, read=5.0)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def booking_round(db: Database, client: SyncClient, now: datetime | None = None) -> int | None:
    """Sessions up, check-ins up, then today's and tomorrow's bookings down.

    Each step is idempotent (a PUT of the whole set, check-ins the city keeps the first
    of, a pull that overwrites), so a round cut short is simply run again. Returns the
    bookings pulled; None when the office has the online extras off.
    """
    from datetime import timedelta

    from loket.app.office import load_office
    from loket.app.online import booking
    from loket.app.online.settings import read_online
    from loket.core.days import service_day
    from loket.sync.online_schemas import (
        BookingsResponse,
        CheckIns,
        CheckInsAck,
        RulesAck,
        SessionRules,
    )

    if not read_online(db).live:
        return None
    with db.read() as s:
        state = load_state(s)
        office = load_office(s)
    if state is None or state.needs_enroll:
        return None
    now = now or _utc_now()
    rules = booking.rules_to_send(db)
    if rules is not None:
        client.call("PUT", "/sessions", RulesAck, body=SessionRules(rules=rules),
                    token=state.token)  # fmt: skip
        booking.mark_rules_sent(db, rules)
    checkins = booking.unreported(db)
    if checkins:
        client.call("POST", "/bookings/checkins", CheckInsAck, body=CheckIns(items=checkins),
                    token=state.token)  # fmt: skip
        booking.mark_reported(db, [c.code for c in checkins], now)
    today = service_day(now, office.tz)
    params = {"from": today.isoformat(), "to": (today + timedelta(days=1)).isoformat()}
    pulled = client.call("GET", "/bookings", BookingsResponse, params=params, token=state.token)
    return booking.store_pulled(db, pulled)


def push_live(db: Database, client: SyncClient, now: datetime | None = None) -> LiveAck | None:
    """Build and send the state once; None when the office has not turned it on."""
    from loket.app.online.live import live_state
    from loket.app.online.settings import read_online

    if not read_online(db).live:
        return None
    with db.read() as s:
        state = load_state(s)
    if state is None or state.needs_enroll:
        return None
    body: LiveState = live_state(db, now or _utc_now())
    return client.call("POST", LIVE_PATH, LiveAck, body=body, token=state.token)


class LivePusher:
    def __init__(
        self,
        db: Database,
        client: Callable[[], SyncClient],
        *,
        heartbeat: float = HEARTBEAT_S,
        settle: float = SETTLE_S,
        watch: float = WATCH_S,
        pull_every: float = PULL_S,
    ) -> None:
        self.db = db
        self._client = client
        self.heartbeat = heartbeat
        self.settle = settle
        self.watch = watch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.pull_every = pull_every
        self._next_pull = 0.0
        self.sent = 0
        self.failures = 0
        self.last_error: str | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="loket-live", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _main(self) -> None:
        version = DataVersion(self.db.path)
        try:
            due = time.monotonic()  # the first message at once
            failures = 0
            while not self._stop.is_set():
                now = time.monotonic()
                if version.changed() and failures == 0:
                    due = min(due, now + self.settle)  # a change: soon, after a burst
                if now >= due:
                    if self._send():
                        failures = 0
                        due = now + self.heartbeat
                    else:  # offline: try again later, changes or not
                        failures += 1
                        due = now + min(MAX_BACKOFF_S, 2.0 ** min(failures, 6))
                self._stop.wait(self.watch)
        finally:
            version.close()

    def _send(self) -> bool:
        try:
            client = self._client()
            push_live(self.db, client, _utc_now())
            if time.monotonic() >= self._next_pull:
                booking_round(self.db, client, _utc_now())
                self._next_pull = time.monotonic() + self.pull_every
        except SyncError as exc:
            self.failures += 1
            self.last_error = exc.message
            log.info("live state not sent: %s", exc.message)
            return False
        except Exception:  # a bug must not kill the thread, nor the queue
            self.failures += 1
            log.exception("live state failed")
            return False
        self.sent += 1
        self.last_error = None
        return True


def start_live(db: Database) -> LivePusher | None:
    """The pusher for an enrolled office (it idles while the office has it off)."""
    from loket.sync.engine import client_for
    from loket.sync.state import read_status

    try:
        if not read_status(db).enrolled:
            return None
    except Exception:  # a broken sync state must not stop the caller
        log.exception("cannot read the sync state")
        return None

    def make() -> SyncClient:
        client = client_for(db)
        client.timeouts = LIVE_TIMEOUTS
        return client

    import os

    pull = float(os.environ.get(ENV_PULL_S) or PULL_S)
    pusher = LivePusher(db, make, pull_every=max(1.0, pull))
    pusher.start()
    return pusher
