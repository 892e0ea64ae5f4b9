"""What every route of one city server shares: the database, the clock and the limiters.

``create_app`` builds one ``ServerContext`` and keeps it on ``app.state``; each router's
handler receives it as a FastAPI dependency (``ctx: Server``). So the routes are plain
module-level functions in routers (one module per area), while two apps in one process
(the tests start several) still keep their own database, clock and rate limits.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from loket.server import admin
from loket.server.admin import AuthedDesk
from loket.server.auth import Network, RateLimit, RateLimiter, bearer_token, client_address
from loket.server.db import ServerDatabase
from loket.server.errors import ApiError
from loket.server.page_cache import PageCache

log = logging.getLogger("loket.server")

Clock = Callable[[], datetime]

TOO_MANY = "Terlalu banyak permintaan dari perangkat ini"
BAD_TOKENS = "Terlalu banyak token salah dari alamat ini"


@dataclass
class ServerContext:
    """One server's state; the limiters count per app, never per process."""

    db: ServerDatabase
    clock: Clock
    desk_limiter: RateLimiter
    enroll_limiter: RateLimiter
    failure_limiter: RateLimiter
    proxies: tuple[Network, ...]
    #: The city pages' limiter (per address) and their short cache.
    page_limiter: RateLimiter
    #: The online extras' pages (phone ticket page, bookings): their own, stricter limit.
    online_limiter: RateLimiter
    pages: PageCache = field(default_factory=PageCache)

    @classmethod
    def build(
        cls,
        db: ServerDatabase,
        clock: Clock,
        *,
        rate_limit: RateLimit | None,
        enroll_limit: RateLimit | None,
        auth_failure_limit: RateLimit,
        proxies: tuple[Network, ...],
        page_limit: RateLimit | None,
    ) -> ServerContext:
        return cls(
            db=db,
            clock=clock,
            desk_limiter=RateLimiter(rate_limit or RateLimit()),
            enroll_limiter=RateLimiter(enroll_limit or RateLimit(rate=0.2, burst=10)),
            failure_limiter=RateLimiter(auth_failure_limit),
            proxies=proxies,
            page_limiter=RateLimiter(page_limit or RateLimit(rate=5.0, burst=60.0)),
            online_limiter=RateLimiter(page_limit or RateLimit(rate=2.0, burst=30.0)),
        )

    def client_of(self, request: Request) -> str:
        """The client's address (X-Forwarded-For believed from trusted proxies only)."""
        peer = request.client.host if request.client else None
        return client_address(peer, request.headers.get("x-forwarded-for"), self.proxies)

    def authed(self, request: Request) -> AuthedDesk:
        """The request's desk, checked on a read transaction before any write lock.

        Failed checks are counted per client address: past the limit the answer is 429
        with Retry-After instead of 401, and the failure never reaches a write. A valid
        token still passes (the desks of other offices may share that address's NAT).
        """
        client = self.client_of(request)
        try:
            token = bearer_token(request.headers.get("authorization"))
            if token is None:
                raise ApiError(
                    401,
                    "no_token",
                    "Permintaan ini memerlukan token perangkat (Authorization: Bearer).",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            with self.db.read() as s:
                desk = admin.authenticate(s, token)
        except ApiError as exc:
            if exc.status == 401:
                wait = self.failure_limiter.acquire(client)
                self.failure_limiter.prune()
                if wait is not None:
                    log.warning("authentication failures from %s: throttled", client)
                    raise rate_limited(wait, BAD_TOKENS) from None
            raise
        wait = self.desk_limiter.acquire(desk.id)
        if wait is not None:
            raise rate_limited(wait)
        return desk

    async def admit_push(self, scope: MutableMapping[str, Any]) -> JSONResponse | None:
        """A push's token checked from its headers, before its body is read or a push slot
        is taken (``PushAdmission``): None, with the desk kept for the handler, or the
        refusal (401, or 429 past the failure limit)."""
        try:
            desk = await run_in_threadpool(self.authed, Request(scope))
        except ApiError as exc:
            return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)
        scope.setdefault("state", {})[ADMITTED_DESK] = desk
        return None

    def desk_of(self, request: Request) -> AuthedDesk:
        """The desk ``admit_push`` let in, or (another app's stack) the token checked now."""
        desk = request.scope.get("state", {}).get(ADMITTED_DESK)
        return desk if isinstance(desk, AuthedDesk) else self.authed(request)


#: Where ``admit_push`` leaves the desk for the handler (the request's state).
ADMITTED_DESK = "loket_desk"


async def server(request: Request) -> ServerContext:
    """The dependency: this app's context (async, so it costs no thread-pool hop)."""
    ctx: ServerContext = request.app.state.server
    return ctx


#: A handler's parameter ``ctx: Server`` receives its app's ``ServerContext``.
Server = Annotated[ServerContext, Depends(server)]


def rate_limited(wait: float, what: str = TOO_MANY) -> ApiError:
    seconds = max(1, min(3600, math.ceil(wait)))
    return ApiError(
        429,
        "rate_limited",
        f"{what}; coba lagi sebentar lagi.",
        headers={"Retry-After": str(seconds)},
        retry_after=seconds,
    )
