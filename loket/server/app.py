"""The city server's HTTP face: ``create_app(db_url)`` builds the FastAPI application.

Endpoints (all JSON under ``/api/v1`` except the page):

- ``POST /enroll``      one-time code -> desk token (rate limited per client address)
- ``POST /events``      a desk's event batch (bearer token; own office only)
- ``GET  /reference``   service standards, announcements, holidays since a cursor
- ``POST /heartbeat``   app version, waiting count, desk clock
- ``POST /feedback``    a desk's ratings, SKM answers and follow-up hand-overs
- ``GET  /stats``       public figures of every office for a day
- ``GET  /health``      liveness for load balancers and the tests
- ``GET  /``            the public city page (HTML, Indonesian)

Refusals are ``{"error": {"code", "message", "details"}}`` with a 4xx status. Handlers are
plain functions (uvicorn runs them on its thread pool) because the work is database
work; the database serializes what must be serialized.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from datetime import UTC, date, datetime
from typing import Any

from fastapi import FastAPI, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

from loket import __version__
from loket.server import admin, ingest, reference
from loket.server.admin import AuthedDesk
from loket.server.admission import PushAdmission, push_slots_from_env
from loket.server.auth import (
    Network,
    RateLimit,
    RateLimiter,
    bearer_token,
    client_address,
    parse_networks,
)
from loket.server.db import ServerDatabase, default_db_url
from loket.server.errors import ApiError
from loket.server.models import DeskRow
from loket.server.stats import city_stats
from loket.sync.schemas import (
    API_PREFIX,
    MAX_COUNT,
    EnrollRequest,
    EnrollResponse,
    HeartbeatRequest,
    HeartbeatResponse,
    PushRequest,
    PushResponse,
    ReferenceResponse,
    StatsResponse,
)

log = logging.getLogger("loket.server")

ENV_SERVER_RATE = "LOKET_SERVER_RATE"
#: Comma-separated addresses/networks of reverse proxies whose X-Forwarded-For is believed.
ENV_TRUSTED_PROXIES = "LOKET_SERVER_TRUSTED_PROXIES"
#: Failed authentications allowed per client address: a burst of 20, then one per 2 s.
AUTH_FAILURE_LIMIT = RateLimit(rate=0.5, burst=20)
#: The public figures cover these years; other dates are refused, not computed.
FIRST_YEAR, LAST_YEAR = 2000, 2200
#: Largest request body accepted: a full batch (``MAX_BATCH`` events) fits with room.
MAX_BODY_BYTES = 2 * 1024 * 1024

Clock = Callable[[], datetime]
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class BodyLimit:
    """ASGI middleware: refuse bodies over ``max_bytes`` with 413 before any parsing.

    The body is read up to the cap and replayed to the app, so a client that lies in (or
    omits) Content-Length is cut off too.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = ApiError(
            413,
            "too_large",
            f"Permintaan terlalu besar (maksimal {self.max_bytes} bita); kirim batch lebih kecil.",
            max_bytes=self.max_bytes,
        )
        response = JSONResponse(error.body(), status_code=413, headers={"Connection": "close"})
        await response(scope, receive, send)


def create_app(
    db_url: str | None = None,
    *,
    database: ServerDatabase | None = None,
    clock: Clock = _utc_now,
    rate_limit: RateLimit | None = None,
    enroll_limit: RateLimit | None = None,
    auth_failure_limit: RateLimit | None = None,
    trusted_proxies: tuple[str, ...] = (),
    max_body_bytes: int = MAX_BODY_BYTES,
    page_limit: RateLimit | None = None,
    push_slots: int | None = None,
) -> FastAPI:
    """The server over ``db_url`` (migrated now), or over an already open ``database``.

    ``trusted_proxies`` are the reverse proxies (addresses or networks) whose
    ``X-Forwarded-For`` names the client; from anyone else the header is ignored. Run
    uvicorn without its own proxy-header handling (``proxy_headers=False``) so the
    peer address reaching the app is the real one. ``push_slots``: event pushes served
    at once by this process (``loket.server.admission``; default from the environment).
    """
    db = database or ServerDatabase.open(db_url or default_db_url())
    desk_limiter = RateLimiter(rate_limit or RateLimit())
    enroll_limiter = RateLimiter(enroll_limit or RateLimit(rate=0.2, burst=10))
    failure_limiter = RateLimiter(auth_failure_limit or AUTH_FAILURE_LIMIT)
    proxies: tuple[Network, ...] = parse_networks(trusted_proxies)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if database is None:
            db.close()

    app = FastAPI(
        title="Loket — server kota",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    app.state.db = db
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    # Added last, so it runs first: a refused push costs no body read, no parse.
    app.add_middleware(
        PushAdmission,
        path=f"{API_PREFIX}/events",
        slots=push_slots or push_slots_from_env(),
    )
    _install_error_handlers(app)

    def client_of(request: Request) -> str:
        peer = request.client.host if request.client else None
        return client_address(peer, request.headers.get("x-forwarded-for"), proxies)

    def authed(request: Request) -> AuthedDesk:
        """The request's desk, checked on a read transaction before any write lock.

        Failed checks are counted per client address: past the limit the answer is 429
        with Retry-After instead of 401, and the failure never reaches a write. A valid
        token still passes (the desks of other offices may share that address's NAT).
        """
        client = client_of(request)
        try:
            token = bearer_token(request.headers.get("authorization"))
            if token is None:
                raise ApiError(
                    401,
                    "no_token",
                    "Permintaan ini memerlukan token perangkat (Authorization: Bearer).",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            with db.read() as s:
                desk = admin.authenticate(s, token)
        except ApiError as exc:
            if exc.status == 401:
                wait = failure_limiter.acquire(client)
                failure_limiter.prune()
                if wait is not None:
                    log.warning("authentication failures from %s: throttled", client)
                    raise _rate_limited(wait, _BAD_TOKENS) from None
            raise
        wait = desk_limiter.acquire(desk.id)
        if wait is not None:
            raise _rate_limited(wait)
        return desk

    @app.post(f"{API_PREFIX}/enroll", response_model=EnrollResponse)
    def enroll(body: EnrollRequest, request: Request) -> EnrollResponse:
        client = client_of(request)
        wait = enroll_limiter.acquire(client)
        if wait is not None:
            raise _rate_limited(wait)
        with db.write() as s:
            response = admin.enroll(s, body, clock())
        log.info("desk %s enrolled for office %s", response.desk_id, response.office.code)
        return response

    @app.post(f"{API_PREFIX}/events", response_model=PushResponse)
    def push(body: PushRequest, request: Request) -> Response:
        desk = authed(request)
        with db.write() as s:
            answer = ingest.push(s, desk, body, clock())
        # Plain rows dumped once: FastAPI would validate and encode 1,000 items again.
        return Response(answer.to_json(), media_type="application/json")

    @app.get(f"{API_PREFIX}/reference", response_model=ReferenceResponse)
    def pull_reference(
        request: Request, cursor: str | None = Query(default=None, max_length=200)
    ) -> ReferenceResponse:
        desk = authed(request)
        with db.write() as s:
            _touch(s, desk, clock())
            return reference.pull(s, desk.office_code, cursor)

    @app.post(f"{API_PREFIX}/heartbeat", response_model=HeartbeatResponse)
    def heartbeat(body: HeartbeatRequest, request: Request) -> HeartbeatResponse:
        desk = authed(request)
        now = clock()
        with db.write() as s:
            row = _touch(s, desk, now)
            row.app_version = body.app_version
            row.waiting = body.waiting
            row.unsent = body.unsent
            row.clock_skew_seconds = _skew_seconds(body.desk_clock, now)
        return HeartbeatResponse(server_time=now)

    @app.get(f"{API_PREFIX}/stats", response_model=StatsResponse)
    def stats(date_: str | None = Query(default=None, alias="date")) -> StatsResponse:
        day = _parse_day(date_)
        with db.read() as s:
            return city_stats(s, day, clock())

    @app.get(f"{API_PREFIX}/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    from loket.server import feedback, web  # satisfaction ingest; the public pages, docs

    feedback.install(app, db, authed, clock)

    web.install(app, db.read, clock, page_limit)
    from loket.server.online import routes as online  # live ticket pages, bookings

    online.install(app, db, clock, authed, page_limit)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory loket.server.app:app_from_env --workers N``.

    ``LOKET_SERVER_DB`` names the database; ``LOKET_SERVER_RATE`` (requests per second
    per desk, default 20) the rate limit; ``LOKET_SERVER_TRUSTED_PROXIES`` the reverse
    proxies whose X-Forwarded-For counts (run uvicorn with ``--no-proxy-headers``).
    """
    rate = float(os.environ.get(ENV_SERVER_RATE) or 20.0)
    proxies = tuple((os.environ.get(ENV_TRUSTED_PROXIES) or "").split(","))
    return create_app(
        default_db_url(),
        rate_limit=RateLimit(rate=rate, burst=rate * 2),
        trusted_proxies=proxies,
    )


def _touch(s: Session, desk: AuthedDesk, now: datetime) -> DeskRow:
    row = s.get(DeskRow, desk.id)
    assert row is not None
    row.last_seen_at = now
    return row


def _skew_seconds(desk_clock: datetime, now: datetime) -> int:
    """The desk's clock minus the server's, clamped to what the column holds.

    A desk set to 1900 or 2200 still syncs: its skew is reported (as the clamp), not fatal.
    """
    try:
        skew = round((desk_clock - now).total_seconds())
    except OverflowError:
        skew = -MAX_COUNT if desk_clock.year < now.year else MAX_COUNT
    return max(-MAX_COUNT, min(MAX_COUNT, skew))


def _parse_day(raw: str | None) -> date | None:
    if raw is None or raw == "":
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError as exc:
        raise ApiError(
            422, "invalid_date", f"Tanggal harus berbentuk YYYY-MM-DD, bukan {raw[:20]!r}."
        ) from exc
    if not FIRST_YEAR <= day.year <= LAST_YEAR - 1:
        raise ApiError(
            422,
            "invalid_date",
            f"Tanggal harus antara tahun {FIRST_YEAR} dan {LAST_YEAR - 1}.",
        )
    return day


_TOO_MANY = "Terlalu banyak permintaan dari perangkat ini"
_BAD_TOKENS = "Terlalu banyak token salah dari alamat ini"


def _rate_limited(wait: float, what: str = _TOO_MANY) -> ApiError:
    seconds = max(1, min(3600, math.ceil(wait)))
    return ApiError(
        429,
        "rate_limited",
        f"{what}; coba lagi sebentar lagi.",
        headers={"Retry-After": str(seconds)},
        retry_after=seconds,
    )


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Locations and messages only: echoing the input back could echo a lot.
        errors = [
            {"loc": ".".join(str(p) for p in e.get("loc", ())), "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        body = ApiError(
            422,
            "invalid_request",
            "Isi permintaan tidak sesuai skema protokol.",
            errors=json.loads(json.dumps(errors, default=str)),
        ).body()
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        messages = {404: "Alamat tidak ada.", 405: "Metode tidak diizinkan di alamat ini."}
        error = ApiError(
            exc.status_code,
            "not_found" if exc.status_code == 404 else "http_error",
            messages.get(exc.status_code, str(exc.detail)),
        )
        return JSONResponse(error.body(), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def crashed(_request: Request, exc: Exception) -> JSONResponse:
        log.error("internal error: %s", type(exc).__name__, exc_info=exc)
        error = ApiError(500, "internal", "Kesalahan di server kota; perangkat akan mencoba lagi.")
        return JSONResponse(error.body(), status_code=500)
