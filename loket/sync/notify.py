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
time-boxed. The background sender that uses them is ``loket.app.online.sender``.
"""

from __future__ import annotations

import logging
from typing import Protocol

import requests

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
