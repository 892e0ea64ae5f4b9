"""The push as a relay (issue 14): the next batch goes to the server while the desk is
still marking the one before, and nothing is marked sent but from its own answer.

The desk's database write lock is held by the test from the start: the desk can read
its outbox (WAL) but cannot mark anything sent. A relay still gets its second batch to
the server (read ahead while the first was with the server, sent as soon as the first
answer came); a desk that marks each batch before sending the next would stop at one.
"""

from __future__ import annotations

import sqlite3
import threading
import time

from sqlalchemy import func, select

from loket.server.db import ServerDatabase
from loket.server.models import ServerEvent
from loket.store.database import Database
from loket.sync.engine import SyncReport, enroll_database, sync_once

from ..server.live import LiveServer
from .conftest import NewCode
from .faultproxy import FaultProxy
from .helpers import DEMO_CODE, FAST, assert_server_holds_exactly, make_client, unsent

BATCH = 60
WAIT_S = 20.0


def _held(server_db: ServerDatabase) -> int:
    with server_db.read() as s:
        return int(s.scalar(select(func.count()).select_from(ServerEvent)) or 0)


def test_the_next_batch_goes_while_the_last_is_being_marked(
    desk: Database, proxy: FaultProxy, server_db: ServerDatabase, new_code: NewCode
) -> None:
    client = make_client(proxy.url)
    enroll_database(desk, client, new_code(), desk_name="Loket depan")
    total = unsent(desk)
    assert total > 3 * BATCH
    reports: list[SyncReport] = []
    lock = sqlite3.connect(desk.path, isolation_level=None, timeout=5)
    lock.execute("BEGIN IMMEDIATE")  # the desk cannot mark anything sent meanwhile
    worker = threading.Thread(
        target=lambda: reports.append(sync_once(desk, client, policy=FAST, batch_size=BATCH))
    )
    worker.start()
    try:
        deadline = time.monotonic() + WAIT_S
        while _held(server_db) < 2 * BATCH and time.monotonic() < deadline:
            time.sleep(0.05)  # another process's database: no signal to wait on
        assert _held(server_db) == 2 * BATCH  # the second batch is there, the third is not
        assert unsent(desk) == total  # and nothing is marked without the lock
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    worker.join(60)
    (report,) = reports
    assert report.ok, report.error
    assert report.accepted == total and report.duplicates == 0
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)


def test_a_batch_too_large_for_the_server_goes_again_in_halves(
    desk: Database, server_db: ServerDatabase, new_code: NewCode
) -> None:
    """A server taking ~12 KB (about fifty events) refuses the desk's batch (its whole
    day, ~190 events) with 413 before reading it; the desk halves the batch until it
    fits and sends everything, each event once."""
    server = LiveServer(server_db, max_body_bytes=12_000).start()
    try:
        client = make_client(server.url)
        enroll_database(desk, client, new_code(), desk_name="Loket depan")
        total = unsent(desk)
        report = sync_once(desk, client, policy=FAST)
    finally:
        server.stop()
    assert report.ok, report.error
    assert report.accepted == total and unsent(desk) == 0
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)
