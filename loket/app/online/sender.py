"""The background sender of the citizens' messages (WhatsApp or SMS).

``MessageSender`` is a plain thread on the PC holding the office file: it queues "almost
your turn" after each change and sends what is due through a ``loket.sync.notify``
gateway, never on a counter's path.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from loket.store.database import Database, DataVersion
from loket.sync.notify import Notifier, SendFailed, notifier_for

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def run_once(db: Database, notifier: Notifier | None, now: datetime | None = None) -> int:
    """Queue what a change made due, then send what is due; returns messages sent."""
    from loket.app.desk import Desk
    from loket.app.online import messages

    now = now or _utc_now()
    messages.queue_almost(db, Desk(db, clock=lambda: now), now)
    if notifier is None:
        return 0
    done = 0
    for message in messages.due(db, now):
        if message.channel != notifier.channel:
            messages.not_sent(db, message, "saluran pesan sudah diganti", False, now)
            continue
        try:
            notifier.send(message.phone, message.text, message.key)
        except SendFailed as exc:
            log.info("message %s not sent: %s", message.key, exc.message)
            messages.not_sent(db, message, exc.message, exc.retryable, _utc_now())
            continue
        messages.sent(db, message, _utc_now())
        done += 1
    return done


class MessageSender:
    """The background sender: after every change (and every ``tick`` seconds)."""

    def __init__(self, db: Database, notifier: Callable[[], Notifier | None], *,
                 tick: float = 5.0, watch: float = 0.25) -> None:  # fmt: skip
        self.db = db
        self._notifier = notifier
        self.tick = tick
        self.watch = watch
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.sent = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._main, name="loket-notify", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _main(self) -> None:
        version = DataVersion(self.db.path)
        try:
            due = time.monotonic()
            while not self._stop.is_set():
                now = time.monotonic()
                if version.changed():
                    due = min(due, now)
                if now >= due:
                    try:
                        self.sent += run_once(self.db, self._notifier())
                    except Exception:  # a bug must not kill the thread, nor the queue
                        log.exception("sending messages failed")
                    due = now + self.tick
                self._stop.wait(self.watch)
        finally:
            version.close()


def start_sender(db: Database) -> MessageSender:
    """The sender of this office (idle while no channel is set); reads settings each round."""
    from loket.app.online.settings import read_online

    def make() -> Notifier | None:
        settings = read_online(db)
        return notifier_for(settings.notify_channel, settings.gateway_url, settings.gateway_token)

    sender = MessageSender(db, make)
    sender.start()
    return sender
