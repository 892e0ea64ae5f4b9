"""A burst of pushes: the server lets a bounded number in and answers the rest 429 at once.

A real server on loopback with one push slot; its SQLite file's write lock is held by
the test, so the first push waits inside the server. The second is refused at once
(429, ``Retry-After`` of 1-3 s, the protocol's error body) without waiting for the
first; once the lock is released the first is stored, and a desk's own retrying push
(the sync's backoff honours Retry-After) lands too.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from loket.server import admin
from loket.server.admission import PushAdmission
from loket.server.db import ServerDatabase
from loket.sync.retry import RetryPolicy, call_with_retry
from loket.sync.schemas import API_PREFIX, EnrollRequest, EventIn, PushRequest

from ..sync.helpers import make_client
from .live import LiveServer

CODE = "32.73.01.1001"


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[tuple[LiveServer, Path]]:
    path = tmp_path / "server.db"
    db = ServerDatabase.open(f"sqlite:///{path}")
    server = LiveServer(db, push_slots=1).start()
    yield server, path
    server.stop()
    db.close()


def _admission(server: LiveServer) -> PushAdmission:
    layer: Any = server.app.middleware_stack
    while not isinstance(layer, PushAdmission):
        layer = layer.app
    return layer


def _batch(desk_id: str, after: int) -> PushRequest:
    at = datetime.now(UTC) - timedelta(minutes=5)
    issued = EventIn(
        seq=after + 1,
        id=str(uuid.uuid4()),
        ticket_id=str(uuid.uuid4()),
        kind="issued",
        at=at.isoformat(),
        counter_id=None,
        user_id=None,
        data={"service_day": (at + timedelta(hours=7)).date().isoformat(),
              "issued_service_id": 1, "service_id": 1, "prefix": "A",
              "number": after + 1, "priority_reason": None},
    )  # fmt: skip
    return PushRequest(office_code=CODE, desk_id=desk_id, after_seq=after, events=[issued])


def test_a_push_beyond_the_slots_is_answered_429_at_once(
    sqlite_server: tuple[LiveServer, Path],
) -> None:
    server, path = sqlite_server
    office = admin.add_office(server.db, code=CODE, name="Kelurahan Uji", now=datetime.now(UTC))
    with server.db.write() as s:
        desk = admin.enroll(s, EnrollRequest(code=office.enrollment_code), datetime.now(UTC))
    url = f"{server.url}{API_PREFIX}/events"
    headers = {"Authorization": f"Bearer {desk.token}", "Content-Type": "application/json"}
    admission = _admission(server)
    first: list[requests.Response] = []

    lock = sqlite3.connect(path, isolation_level=None)
    with contextlib.closing(lock):
        lock.execute("BEGIN IMMEDIATE")  # the first push waits for this inside the server
        body = _batch(desk.desk_id, 0).model_dump_json()
        pusher = threading.Thread(
            target=lambda: first.append(requests.post(url, data=body, headers=headers, timeout=30))
        )
        pusher.start()
        deadline = time.monotonic() + 10
        while admission.in_flight < 1:  # no event to await across the server's loop
            assert time.monotonic() < deadline, "the first push never reached the server"
            time.sleep(0.01)
        began = time.monotonic()
        second = requests.post(
            url, data=_batch(desk.desk_id, 0).model_dump_json(), headers=headers, timeout=10
        )
        assert time.monotonic() - began < 2.0  # refused at once, not queued behind the lock
        assert second.status_code == 429
        assert 1 <= int(second.headers["Retry-After"]) <= 3
        assert second.json()["error"]["code"] == "busy"
        lock.execute("ROLLBACK")
    pusher.join(30)
    assert first and first[0].status_code == 200, first
    assert admission.refused == 1

    # A desk's push with its usual retries: refused while the slot is taken, then stored.
    client = make_client(server.url, read_timeout=10)
    waits: list[float] = []
    lock = sqlite3.connect(path, isolation_level=None)
    with contextlib.closing(lock):
        lock.execute("BEGIN IMMEDIATE")
        held = threading.Thread(
            target=lambda: requests.post(
                url, data=_batch(desk.desk_id, 1).model_dump_json(), headers=headers, timeout=30
            )
        )
        held.start()
        while admission.in_flight < 1:
            assert time.monotonic() < deadline + 20
            time.sleep(0.01)

        def wait(seconds: float) -> bool:
            """The backoff's wait: recorded, and the slot freed instead of sleeping."""
            waits.append(seconds)
            if lock.in_transaction:
                lock.execute("ROLLBACK")
            held.join(30)
            # The held push's answer reaches its client just before its slot is given
            # back (the middleware's ``finally``): wait for that, bounded, or a loaded
            # machine sees this desk refused again in between.
            until = time.monotonic() + 10
            while admission.in_flight > 0 and time.monotonic() < until:
                time.sleep(0.01)
            return True

        answer = call_with_retry(
            lambda: client.push(_batch(desk.desk_id, 2), desk.token),
            RetryPolicy(attempts=3, base=0.1),
            wait,
            random.Random(1),
        )
    assert answer.highest_seq == 3
    assert len(waits) == 1 and waits[0] >= 1.0  # the Retry-After was honoured
