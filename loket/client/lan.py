"""``LanOffice``: the office client over the LAN, by RPC to the office hub.

Generated from ``api.OfficeClient``: every Protocol method becomes a POST to
``/api/v1/rpc/<name>`` with its arguments encoded from the type hints (a method added
to the Protocol needs nothing here). Each call gets a request id that its retries reuse,
so a retry after a lost answer returns the first result (never a second ticket). Every
attempt is time-boxed (connect, read) and so is the whole call; when the hub cannot be
reached the call raises ``HubUnreachable``: a client never keeps a queue of its own.

TLS: the hub's certificate is self-made, so the client pins its SHA-256 (taken at
pairing): urllib3 checks it on every new connection before a byte of the request is
sent, and anything else at the hub's address is refused.
"""

from __future__ import annotations

import functools
import logging
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from loket.client.codec import MethodSpec, decode_error, office_specs
from loket.client.errors import (
    MISMATCH_MESSAGE,
    NOT_PAIRED_MESSAGE,
    UNREACHABLE_MESSAGE,
    HubCertificateMismatch,
    HubUnreachable,
    NotPaired,
)
from loket.core.errors import LoketError
from loket.logsetup import register_secret

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 2.0
READ_TIMEOUT_S = 5.0
#: A whole call (all its retries) gives up after this long.
CALL_DEADLINE_S = 8.0
LOGIN_DEADLINE_S = 20.0
RETRY_PAUSES_S = (0.1, 0.3, 0.6, 1.0)
#: Requests one PC has in flight at once. A PC needs one or two; a script firing fifty
#: at once waits here, on kept-alive connections, instead of making the hub do fifty
#: TLS handshakes (which, on a busy hub, outlast the connect timeout and are redone).
MAX_IN_FLIGHT = 4


class PinnedAdapter(HTTPAdapter):
    """An HTTPS adapter that trusts exactly one certificate, by its SHA-256."""

    def __init__(self, fingerprint: str, **kwargs: Any) -> None:
        self._fingerprint = fingerprint
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["assert_fingerprint"] = self._fingerprint
        kwargs["ssl_context"] = pinned_context()
        super().init_poolmanager(*args, **kwargs)


def pinned_context() -> ssl.SSLContext:
    """The TLS context of a connection to the hub: the pin, not a CA, decides trust.

    Why its own: left to itself, urllib3 makes a context for every new connection and
    loads the system's CA store into it (~20 ms of CPU on an idle PC, far more on an old
    one), which a pinned connection never consults. A counter PC reconnects after every
    idle spell, so that was paid on the first key press after each quiet minute.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # the certificate's SHA-256 is checked instead
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def pinned_session(fingerprint: str, connections: int = MAX_IN_FLIGHT) -> requests.Session:
    session = requests.Session()
    # No CA can vouch for a hub's self-made certificate; the pin does instead.
    session.verify = False
    session.trust_env = False  # an office proxy setting must not carry LAN traffic
    adapter = PinnedAdapter(fingerprint, pool_connections=1, pool_maxsize=connections)
    session.mount("https://", adapter)
    session.mount("http://", HTTPAdapter(max_retries=0))
    return session


def is_pin_mismatch(exc: BaseException) -> bool:
    text = str(exc)
    return "Fingerprints did not match" in text or "fingerprint" in text.lower()


def server_fingerprint(host: str, port: int, timeout: float = CONNECT_TIMEOUT_S) -> str:
    """The SHA-256 of the certificate a TLS server shows (pairing pins it)."""
    import socket

    from loket.hub.cert import fingerprint_of_der

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        der = tls.getpeercert(binary_form=True)
    if not der:
        raise HubUnreachable(UNREACHABLE_MESSAGE)
    return fingerprint_of_der(der)


class LanOffice:
    """OfficeClient over the LAN (see the module docstring)."""

    def __init__(
        self,
        hub_url: str,
        fingerprint: str,
        token: str,
        *,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        read_timeout: float = READ_TIMEOUT_S,
        deadline: float = CALL_DEADLINE_S,
        on_link: Callable[[bool], None] | None = None,
    ) -> None:
        parts = urlsplit(hub_url)
        if parts.scheme != "https" or not parts.hostname:
            raise LoketError(f"Alamat PC utama harus https://ALAMAT:PORT, bukan {hub_url!r}.")
        self.hub_url = hub_url.rstrip("/")
        self.fingerprint = fingerprint
        self._token = token
        self.timeouts = (connect_timeout, read_timeout)
        self.deadline = deadline
        self.on_link = on_link
        self._http = pinned_session(fingerprint)
        self._slots = threading.BoundedSemaphore(MAX_IN_FLIGHT)
        self._session_token: str | None = None
        self._specs = office_specs()
        #: This PC's data folder when opened by ``open_client`` (not the office's data:
        #: that is on the hub); the admin's role tab and the clip cache live there.
        self.pc_dir: Path | None = None

    # -- the Protocol's methods, made on first use -------------------------------------

    def __getattr__(self, name: str) -> Callable[..., Any]:
        specs = self.__dict__.get("_specs") or {}
        spec = specs.get(name)
        if spec is None:
            raise AttributeError(name)
        method = functools.partial(self._invoke, spec)
        functools.update_wrapper(method, type(self)._invoke)
        self.__dict__[name] = method  # later lookups skip __getattr__
        return method

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self._specs})

    def close(self) -> None:
        self._http.close()

    def retarget(self, hub_url: str, fingerprint: str) -> None:
        """Use another hub from the next call on (a take-over; the token stays valid)."""
        old = self._http
        self.hub_url = hub_url.rstrip("/")
        self.fingerprint = fingerprint
        self._http = pinned_session(fingerprint)
        old.close()

    @property
    def logged_in(self) -> bool:
        return self._session_token is not None

    def logout(self) -> None:
        """Forget this PC's operator session (the next operator logs in again)."""
        self._session_token = None

    def _invoke(self, spec: MethodSpec, *args: Any, **kwargs: Any) -> Any:
        # Any actor given is left out by the codec: the hub acts as the session's user.
        body = {"args": spec.encode_args(args, kwargs)}
        # A password check is slow on purpose (scrypt): a login may take longer.
        deadline = max(self.deadline, LOGIN_DEADLINE_S) if spec.name == "login" else None
        answer = self.post(f"/api/v1/rpc/{spec.name}", body, deadline=deadline)
        if spec.name == "login" and isinstance(answer.get("session"), str):
            self._session_token = answer["session"]
            register_secret(self._session_token)
        return spec.decode_result(answer.get("result"))

    def post(
        self,
        path: str,
        body: dict[str, Any],
        *,
        deadline: float | None = None,
        request_id: str | None = None,
    ) -> dict[str, Any]:
        """POST with a request id reused on every retry, within the call's deadline.

        ``request_id``: the id of a call that ended unanswered, to ask again (after a
        take-over the new hub knows the ids its replica received).
        """
        request_id = request_id or uuid.uuid4().hex
        headers = {"Authorization": f"Bearer {self._token}", "X-Loket-Request": request_id}
        if self._session_token:
            headers["X-Loket-Session"] = self._session_token
        give_up = time.monotonic() + (deadline or self.deadline)
        attempt = 0
        while True:
            if not self._slots.acquire(timeout=max(give_up - time.monotonic(), 0.01)):
                self._link(False)
                raise HubUnreachable(UNREACHABLE_MESSAGE, request_id=request_id)
            left = max(give_up - time.monotonic(), 0.05)
            timeouts = (min(self.timeouts[0], left), min(self.timeouts[1], left))
            url = self.hub_url + path  # each attempt: a take-over may have moved the hub
            try:
                response = self._http.post(url, json=body, headers=headers, timeout=timeouts)
            except requests.exceptions.SSLError as exc:
                if is_pin_mismatch(exc):
                    self._link(False)
                    raise HubCertificateMismatch(MISMATCH_MESSAGE) from exc
                failure: str = f"TLS: {exc}"
            except requests.RequestException as exc:  # refused, timed out, answer cut
                failure = type(exc).__name__
            else:
                if response.status_code < 500:
                    self._link(True)
                    return self._answer(response)
                failure = f"HTTP {response.status_code}"
            finally:
                self._slots.release()
            attempt += 1
            pause = RETRY_PAUSES_S[min(attempt - 1, len(RETRY_PAUSES_S) - 1)]
            if time.monotonic() + pause >= give_up:
                log.info("hub unreachable for %s after %d tries: %s", path, attempt, failure)
                self._link(False)
                raise HubUnreachable(UNREACHABLE_MESSAGE, request_id=request_id)
            time.sleep(pause)

    def _answer(self, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code == 401:
            error = decode_error(body)
            if error.code == "session_expired":
                self._session_token = None
                raise error
            raise NotPaired(NOT_PAIRED_MESSAGE)
        if response.status_code >= 400 or not isinstance(body, dict):
            raise decode_error(body)
        return body

    def _link(self, up: bool) -> None:
        if self.on_link is not None:
            try:
                self.on_link(up)
            except Exception:  # a watcher's bug must not break the call
                log.exception("link callback failed")
