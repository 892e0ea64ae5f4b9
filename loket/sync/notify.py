"""The notifier: one interface, two real HTTP adapters, and the background sender.

``Notifier.send(phone, text, key)`` returns or raises ``SendFailed`` (``retryable``: the
network, a timeout, 5xx or 429; a 4xx or a gateway's "no" is not). Adapters:

- ``WhatsAppGateway``: the shape of the Indonesian WhatsApp gateways (Fonnte and the
  like): ``POST <base>/send``, header ``Authorization: <token>``, form fields ``target``
  and ``message``; the answer is JSON ``{"status": true|false, "reason": …}``.
- ``SmsGateway``: a REST SMS gateway: ``POST <base>/messages`` with a bearer token and
  JSON ``{"to": "+62…", "text": …, "reference": key}``; any 2xx is accepted.

Both send ``Idempotency-Key: <key>`` (the message's once-only key), so a gateway that
honours it drops the copy a retry after a lost answer would send. Every request is
time-boxed. ``MessageSender`` is a plain thread on the PC holding the office file: it
queues "almost your turn" after each change and sends what is due, never on a counter's
path.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

import requests

from loket.store.database import Database, DataVersion

log = logging.getLogger(__name__)

CONNECT_S, READ_S = 3.0, 10.0


class SendFailed(Exception):
    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable


class Notifier(Protocol):
    channel: str

    def send(self, phone: str, text: str, key: str) -> None: ...


def international(phone: str) -> str:
    """0812… -> 62812… (what the gateways expect)."""
    return "62" + phone[1:] if phone.startswith("0") else phone


class _HttpGateway:
    channel = ""

    def __init__(self, base_url: str, token: str, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.session = session or requests.Session()

    def _post(self, path: str, key: str, **kwargs: object) -> requests.Response:
        headers = {"Idempotency-Key": key, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        try:
            response = self.session.post(f"{self.base_url}{path}", headers=headers,
                                         timeout=(CONNECT_S, READ_S), allow_redirects=False,
                                         **kwargs)  # type: ignore[arg-type]  # fmt: skip
        except requests.exceptions.Timeout as exc:
            raise SendFailed("gateway tidak menjawab tepat waktu", retryable=True) from exc
        except requests.exceptions.RequestException as exc:
            raise SendFailed("gateway tidak terjangkau", retryable=True) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise SendFailed(f"gateway menjawab {response.status_code}", retryable=True)
        if response.status_code >= 300:
            raise SendFailed(f"gateway menolak ({response.status_code})", retryable=False)
        return response


class WhatsAppGateway(_HttpGateway):
    channel = "whatsapp"

    def send(self, phone: str, text: str, key: str) -> None:
        response = self._post("/send", key, headers={"Authorization": self.token},
                              data={"target": international(phone), "message": text})  # fmt: skip
        try:
            body = response.json()
        except ValueError as exc:
            raise SendFailed("jawaban gateway bukan JSON", retryable=True) from exc
        if not isinstance(body, dict) or body.get("status") is not True:
            reason = str(body.get("reason", "ditolak")) if isinstance(body, dict) else "ditolak"
            raise SendFailed(f"gateway menolak: {reason[:80]}", retryable=False)


class SmsGateway(_HttpGateway):
    channel = "sms"

    def send(self, phone: str, text: str, key: str) -> None:
        body = {"to": "+" + international(phone), "text": text, "reference": key}
        self._post("/messages", key, headers={"Authorization": f"Bearer {self.token}"}, json=body)


def notifier_for(channel: str, base_url: str, token: str) -> Notifier | None:
    if not base_url:
        return None
    if channel == "whatsapp":
        return WhatsAppGateway(base_url, token)
    if channel == "sms":
        return SmsGateway(base_url, token)
    return None


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
