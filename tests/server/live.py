"""A real city server on loopback for the tests: uvicorn in a thread, stoppable and
restartable on the same port, over a SQLite file or a PostgreSQL schema of its own."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from loket.server.app import MAX_BODY_BYTES, create_app
from loket.server.auth import RateLimit
from loket.server.db import ServerDatabase, normalize_url
from loket.server.middleware import BODY_IDLE_S

ENV_PG_URL = "LOKET_TEST_PG_URL"
ENV_REQUIRE_PG = "LOKET_REQUIRE_PG"
READY_TIMEOUT_S = 15.0


def pg_base_url() -> str | None:
    """The PostgreSQL test URL, or None (skip); fails instead when PG is required."""
    url = os.environ.get(ENV_PG_URL)
    if url:
        return url
    if os.environ.get(ENV_REQUIRE_PG) == "1":
        pytest.fail(f"{ENV_REQUIRE_PG}=1 but {ENV_PG_URL} is not set (source .ci/postgres.sh)")
    return None


def pg_schema_url(base: str) -> tuple[str, Callable[[], None]]:
    """A fresh schema in the test database: (URL whose search_path is it, drop function)."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(normalize_url(base)).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


def server_db_urls(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}"
        return
    base = pg_base_url()
    if base is None:
        pytest.skip(f"PostgreSQL not configured ({ENV_PG_URL})")
    url, drop = pg_schema_url(base)
    try:
        yield url
    finally:
        drop()


class ServerClock:
    """The server's clock: real time, or moved by a test (stale-desk checks)."""

    def __init__(self) -> None:
        self.offset_s = 0.0

    def __call__(self) -> datetime:
        return datetime.fromtimestamp(time.time() + self.offset_s, UTC)


class LiveServer:
    """uvicorn serving ``create_app`` over one open database, on a fixed loopback port."""

    def __init__(
        self,
        db: ServerDatabase,
        *,
        rate_limit: RateLimit | None = None,
        tls: tuple[str, str] | None = None,  # (certificate, key) PEM files
        page_limit: RateLimit | None = None,  # the public page's per-address limit
        auth_failure_limit: RateLimit | None = None,
        trusted_proxies: tuple[str, ...] = (),
        push_slots: int | None = None,  # event pushes served at once (admission control)
        max_body_bytes: int | None = None,  # the request size cap (413 beyond)
        body_idle_s: float | None = None,  # the longest pause inside a body (408 beyond)
    ) -> None:
        self.body_idle_s = body_idle_s
        self.db = db
        self.max_body_bytes = max_body_bytes
        self.push_slots = push_slots
        self.page_limit = page_limit
        self.tls = tls
        self.auth_failure_limit = auth_failure_limit
        self.trusted_proxies = trusted_proxies
        self.clock = ServerClock()
        self.rate_limit = rate_limit or RateLimit(rate=1000.0, burst=1000.0)
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> LiveServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        app = create_app(
            database=self.db,
            clock=self.clock,
            rate_limit=self.rate_limit,
            page_limit=self.page_limit,
            auth_failure_limit=self.auth_failure_limit,
            trusted_proxies=self.trusted_proxies,
            push_slots=self.push_slots,
            max_body_bytes=self.max_body_bytes or MAX_BODY_BYTES,
            body_idle_s=self.body_idle_s or BODY_IDLE_S,
        )
        self.app = app
        config = uvicorn.Config(
            app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            proxy_headers=False,  # as `loket server run`: the app decides whom to believe
            ssl_certfile=self.tls[0] if self.tls else None,
            ssl_keyfile=self.tls[1] if self.tls else None,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="test-uvicorn", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not server.started:  # readiness has no event to wait on: poll, bounded
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.005)
        self._server, self._thread, self._sock = server, thread, sock
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.should_exit = True
        assert self._thread is not None and self._sock is not None
        self._thread.join(READY_TIMEOUT_S)
        self._sock.close()
        self._server = self._thread = self._sock = None
