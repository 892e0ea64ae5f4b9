"""The background sync loop: a plain thread, every N minutes and on demand.

No Qt here: the GUI wraps it (a QObject polling ``status`` or passing ``on_status``
that re-emits a signal), so HTTP never runs on the GUI thread. After a failed run the
next one comes sooner than the interval, with the same capped, jittered backoff as the
retries, so a desk back on the network catches up quickly but a city outage is not
hammered by every desk at once.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from loket.store.database import Database
from loket.sync.client import SyncClient, SyncError
from loket.sync.engine import SyncReport, sync_once
from loket.sync.retry import RetryPolicy
from loket.sync.schemas import DEFAULT_BATCH
from loket.sync.state import SyncStatus, read_status

log = logging.getLogger(__name__)

#: Default time between two runs when all is well.
DEFAULT_INTERVAL = 5 * 60.0
#: Each wait between good runs is the interval times a factor drawn from this range:
#: desks started together (a city's offices opening at 08:00, a power cut's end) drift
#: apart within a few runs instead of pushing at the same second every time (issue 14).
SCHEDULE_JITTER = (0.8, 1.2)


class SyncLoop:
    """Runs ``sync_once`` on its own thread; ``trigger()`` asks for a run now.

    ``policy`` governs retries of each call within a run; ``backoff`` the wait before the
    next run after a failed one (by default up to 15 s, 30 s, 60 s... never more than
    ``interval``).
    """

    def __init__(
        self,
        db: Database,
        client: SyncClient | Callable[[], SyncClient],
        *,
        interval: float = DEFAULT_INTERVAL,
        policy: RetryPolicy | None = None,
        backoff: RetryPolicy | None = None,
        batch_size: int = DEFAULT_BATCH,
        on_status: Callable[[SyncStatus], None] | None = None,
        rng: random.Random | None = None,
        push_limit: Callable[[], int | None] | None = None,
    ) -> None:
        self.db = db
        self._client = client
        self.interval = interval
        self.policy = policy or RetryPolicy()
        self.backoff = backoff or RetryPolicy(base=15.0, cap=interval)
        self.batch_size = batch_size
        self.on_status = on_status
        self._rng = rng or random.Random()
        self.push_limit = push_limit  # the hub: only what its replicas hold (take-over)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._runs = 0
        self._last_report: SyncReport | None = None
        self._status = read_status(db)

    # -- control -------------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("sync loop already started")
        self._thread = threading.Thread(target=self._main, name="loket-sync", daemon=True)
        self._thread.start()

    def trigger(self) -> None:
        """Run as soon as possible ("sinkron sekarang"); a run in progress is not doubled."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop and wait for the thread; a backoff in progress is cut short."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # -- observation -----------------------------------------------------------------------

    @property
    def status(self) -> SyncStatus:
        with self._changed:
            return self._status

    @property
    def runs(self) -> int:
        with self._changed:
            return self._runs

    @property
    def last_report(self) -> SyncReport | None:
        with self._changed:
            return self._last_report

    def wait_for_runs(self, count: int, timeout: float) -> bool:
        """Block until ``count`` runs have finished in total (False on timeout)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._runs >= count, timeout)

    # -- the thread ------------------------------------------------------------------------

    def _main(self) -> None:
        failures = 0
        delay = 0.0  # the first run right away
        while not self._stop.is_set():
            self._wake.wait(delay)
            self._wake.clear()
            if self._stop.is_set():
                break
            report = self._run_once()
            if report.ok or report.needs_enroll:
                failures = 0
                delay = self.interval * self._rng.uniform(*SCHEDULE_JITTER)
            else:
                failures += 1
                delay = min(self.interval, self.backoff.delay(failures - 1, self._rng))

    def _run_once(self) -> SyncReport:
        self._publish(running=True)
        try:
            client = self._client() if callable(self._client) else self._client
            report = sync_once(
                self.db,
                client,
                policy=self.policy,
                batch_size=self.batch_size,
                stop=self._stop,
                rng=self._rng,
                push_limit=self.push_limit,
            )
        except SyncError as exc:  # e.g. not enrolled: no client can be made
            report = SyncReport(error=exc.message)
        except Exception as exc:  # a bug or a broken database: keep the loop alive
            log.exception("sync run failed")
            report = SyncReport(error=f"Kesalahan sinkronisasi: {type(exc).__name__}")
        if report.error:
            log.warning("sync: %s", report.error)
        with self._changed:
            self._last_report = report
        self._publish(running=False, finished=True)
        return report

    def _publish(self, *, running: bool, finished: bool = False) -> None:
        try:
            status: SyncStatus | None = read_status(self.db, running=running)
        except Exception:  # the status must never kill the loop
            log.exception("reading sync status failed")
            status = None
        with self._changed:
            if status is not None:
                self._status = status
            if finished:
                self._runs += 1
            self._changed.notify_all()
        if status is not None and self.on_status is not None:
            self.on_status(status)
