"""The desk's HTTP client for the city server (requests), with failures sorted for retrying.

The ``requests.Session`` is passed in so the caller owns connections (and tests can point
it at a fault proxy). TLS certificates are verified by default; an office behind a city
CA gives a bundle path instead of turning verification off. Every call has a connect and
a read timeout: a desk must never hang on a half-dead network.

Failures become ``SyncError`` subclasses that say whether a retry can help: network
errors, timeouts, 5xx, 429 and answers that are not the protocol (a captive portal's
HTML page with status 200) are retryable; 401 means "enroll again"; a 409 ``gap`` carries
the server's highest sequence; other 4xx are refusals to report, not retry.
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from loket.sync.feedback_schemas import FeedbackPush, FeedbackResponse
from loket.sync.schemas import (
    API_PREFIX,
    EnrollRequest,
    EnrollResponse,
    HeartbeatRequest,
    HeartbeatResponse,
    PushRequest,
    PushResponse,
    ReferenceResponse,
)

ResponseModel = TypeVar("ResponseModel", bound=BaseModel)
Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SyncError(Exception):
    """A failed exchange with the server; ``message`` is Indonesian, for the status line."""

    retryable = False

    def __init__(self, message: str, *, retry_after: float | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.code = code


class NetworkError(SyncError):
    """No answer: no route, refused, reset, timed out. The desk is offline."""

    retryable = True


class ServerError(SyncError):
    """The server answered 5xx (or 429, or garbage): it may work a moment later."""

    retryable = True


class Unauthorized(SyncError):
    """401: the token is unknown or revoked; only a new enrollment helps."""


class GapError(SyncError):
    """409 gap: the server misses earlier events of this desk; resend from ``highest_seq``."""

    def __init__(self, message: str, highest_seq: int) -> None:
        super().__init__(message, code="gap")
        self.highest_seq = highest_seq


class Refused(SyncError):
    """Another 4xx: the request itself is wrong (or not allowed); retrying will not help."""


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0


class SyncClient:
    """Calls of protocol v1 against one server base URL.

    ``last_skew`` is the server's clock minus the desk's, in seconds, from the ``Date``
    header of the last answer (None before any answer).
    """

    def __init__(
        self,
        base_url: str,
        session: requests.Session | None = None,
        *,
        verify: bool | str = True,
        timeouts: Timeouts | None = None,
        clock: Clock = _utc_now,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.verify = verify
        self.timeouts = timeouts or Timeouts()
        self.clock = clock
        self.last_skew: float | None = None
        self.answered_at: datetime | None = None  # desk time of the last HTTP answer

    def __repr__(self) -> str:  # never shows a token: none is stored here
        return f"SyncClient({self.base_url!r})"

    # -- protocol calls ----------------------------------------------------------------

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        return self._call("POST", "/enroll", EnrollResponse, body=request)

    def push(self, request: PushRequest, token: str) -> PushResponse:
        return self._call("POST", "/events", PushResponse, body=request, token=token)

    def push_encoded(self, body: bytes, token: str) -> PushResponse:
        """``push`` of a request already encoded (``sync/push.py`` builds it from the rows)."""
        return self._call("POST", "/events", PushResponse, body=body, token=token)

    def push_feedback(self, request: FeedbackPush, token: str) -> FeedbackResponse:
        return self._call("POST", "/feedback", FeedbackResponse, body=request, token=token)

    def reference(self, cursor: str | None, token: str) -> ReferenceResponse:
        params = {"cursor": cursor} if cursor else None
        return self._call("GET", "/reference", ReferenceResponse, params=params, token=token)

    def heartbeat(self, request: HeartbeatRequest, token: str) -> HeartbeatResponse:
        return self._call("POST", "/heartbeat", HeartbeatResponse, body=request, token=token)

    def call(
        self,
        method: str,
        path: str,
        model: type[ResponseModel],
        *,
        body: BaseModel | None = None,
        params: Mapping[str, str] | None = None,
        token: str | None = None,
    ) -> ResponseModel:
        """Any other protocol call (the online extras: ``loket.sync.online``)."""
        return self._call(method, path, model, body=body, params=params, token=token)

    # -- plumbing ----------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        model: type[ResponseModel],
        *,
        body: BaseModel | bytes | None = None,
        params: Mapping[str, str] | None = None,
        token: str | None = None,
    ) -> ResponseModel:
        headers = {"Accept": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = body if isinstance(body, bytes) else body.model_dump_json().encode("utf-8")
        url = f"{self.base_url}{API_PREFIX}{path}"
        try:
            response = self.session.request(
                method,
                url,
                data=data,
                params=params,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                verify=self.verify,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as exc:
            raise Refused(
                "Sertifikat TLS server kota tidak dapat diverifikasi. Periksa alamat server "
                "atau berkas CA yang dipakai.",
                code="tls",
            ) from exc
        except requests.exceptions.Timeout as exc:
            raise NetworkError("Server kota tidak menjawab tepat waktu.", code="timeout") from exc
        except requests.exceptions.RequestException as exc:
            raise NetworkError(
                "Tidak dapat terhubung ke server kota (jaringan terputus?).", code="network"
            ) from exc
        self.answered_at = self.clock()
        self._note_clock(response)
        if response.status_code == 200:
            try:
                return model.model_validate_json(response.content)
            except ValidationError as exc:
                raise ServerError(
                    "Jawaban server bukan protokol Loket (proxy atau portal Wi-Fi?).",
                    code="bad_response",
                ) from exc
        raise self._error(response)

    def _note_clock(self, response: requests.Response) -> None:
        header = response.headers.get("Date")
        if not header:
            return
        try:
            server_time = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return
        if server_time.tzinfo is None:
            server_time = server_time.replace(tzinfo=UTC)
        self.last_skew = (server_time - self.clock()).total_seconds()

    def _error(self, response: requests.Response) -> SyncError:
        status = response.status_code
        error = _error_body(response)
        code = str(error.get("code", ""))
        message = str(error.get("message") or f"Server kota menjawab {status}.")
        retry_after = _retry_after(response.headers.get("Retry-After"), self.clock())
        if status == 401:
            return Unauthorized(message, code=code or "unauthorized")
        if status == 409 and code == "gap":
            details = error.get("details")
            highest = details.get("highest_seq") if isinstance(details, dict) else None
            if isinstance(highest, int):
                return GapError(message, highest)
        if status == 429 or status >= 500 or status in (408, 425):
            return ServerError(message, retry_after=retry_after, code=code or f"http_{status}")
        return Refused(message, code=code or f"http_{status}")


def _error_body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
