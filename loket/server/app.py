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

plus the docs page, the city's other pages and the online extras'. The routes live in
routers, one module per area (``server/routes/``, ``server/online/``); each handler gets this app's
``ServerContext`` (database, clock, limiters) as a dependency. Refusals are
``{"error": {"code", "message", "details"}}`` with a 4xx status (``middleware.py``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime

from fastapi import FastAPI

from loket import __version__
from loket.server.admission import PushAdmission, push_slots_from_env
from loket.server.auth import RateLimit, RateLimiter, parse_networks
from loket.server.context import Clock, ServerContext
from loket.server.db import ServerDatabase, default_db_url
from loket.server.middleware import (
    BODY_IDLE_S,
    BodyLimit,
    RefuseNul,
    SecurityHeaders,
    install_error_handlers,
)
from loket.server.routes import routers
from loket.server.routes.docs import document_api
from loket.sync.schemas import API_PREFIX

__all__ = ["RateLimiter", "app_from_env", "create_app"]  # the limiter: shared with the hub

ENV_SERVER_RATE = "LOKET_SERVER_RATE"
#: Comma-separated addresses/networks of reverse proxies whose X-Forwarded-For is believed.
ENV_TRUSTED_PROXIES = "LOKET_SERVER_TRUSTED_PROXIES"
#: Failed authentications allowed per client address: a burst of 20, then one per 2 s.
AUTH_FAILURE_LIMIT = RateLimit(rate=0.5, burst=20)
#: Largest request body accepted: a full batch (``MAX_BATCH`` events) fits with room.
MAX_BODY_BYTES = 2 * 1024 * 1024


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _closing(db: ServerDatabase) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The lifespan of an app that opened its own database: closed when the app stops."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.close()

    return lifespan


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
    body_idle_s: float = BODY_IDLE_S,
    page_limit: RateLimit | None = None,
    push_slots: int | None = None,
) -> FastAPI:
    """The server over ``db_url`` (migrated now), or over an already open ``database``.

    ``trusted_proxies`` are the reverse proxies (addresses or networks) whose
    ``X-Forwarded-For`` names the client; from anyone else the header is ignored. Run
    uvicorn without its own proxy-header handling (``proxy_headers=False``) so the
    peer address reaching the app is the real one. ``push_slots``: event pushes served
    at once by this process (``loket.server.admission``; default from the environment).
    ``body_idle_s``: the longest pause inside a request body before it is answered 408.
    """
    db = database or ServerDatabase.open(db_url or default_db_url())
    app = FastAPI(
        title="Loket — server kota",
        version=__version__,
        lifespan=_closing(db) if database is None else None,
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    app.state.server = ServerContext.build(
        db,
        clock,
        rate_limit=rate_limit,
        enroll_limit=enroll_limit,
        auth_failure_limit=auth_failure_limit or AUTH_FAILURE_LIMIT,
        proxies=parse_networks(trusted_proxies),
        page_limit=page_limit,
    )
    app.state.db = db
    # Inside the body cap; the batches reject an item with a NUL alone, so not theirs.
    app.add_middleware(RefuseNul, per_item=(f"{API_PREFIX}/events", f"{API_PREFIX}/feedback"))
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes, idle_s=body_idle_s)
    # Added after, so it runs before: a refused push costs no body read, no parse.
    app.add_middleware(
        PushAdmission,
        path=f"{API_PREFIX}/events",
        slots=push_slots or push_slots_from_env(),
        admit=app.state.server.admit_push,
    )
    install_error_handlers(app)
    for router in routers():
        app.include_router(router)
    document_api(app)
    # Added last, so it runs first: every answer, refusals included, carries the headers.
    app.add_middleware(SecurityHeaders)
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
