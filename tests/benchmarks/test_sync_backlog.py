"""A desk back after weeks offline: a 50,000-event backlog pushed to a loopback server.

Measured beside the server database's raw insert rate in the same run: the same 50,000
event rows inserted straight into the server's ``events`` table, 500 per transaction
(no HTTP, no JSON, no ``apply``, no ticket projection). The ratio says what the protocol
and the projection cost on top of the bare writes. The server runs in a process of its
own (uvicorn, one worker) over a SQLite file, or over PostgreSQL when
``LOKET_TEST_PG_URL`` is set.

Target (read off the table, never asserted): the push at 10,000 events/s or more on
PostgreSQL (issue 14), reported beside the raw insert's rate.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import func, insert, select

from loket.app.demo import ensure_demo_office
from loket.paths import database_path
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.server.models import DeskRow, OfficeRow, ServerEvent
from loket.store.database import Database
from loket.store.migrate import open_database
from loket.store.models import EventRow
from loket.sync.engine import enroll_database, sync_once
from loket.sync.retry import RetryPolicy

from ..server.live import pg_base_url, pg_schema_url
from ..sync.bench_support import ServerProcess, clone_day, simulated_day
from ..sync.helpers import DEMO_CODE, DEMO_NAME, make_client
from .support import Recorder

pytestmark = pytest.mark.benchmark(group="sync: 50,000-event backlog")

BACKLOG = 50_000
BATCH = 500
#: The backlog's first day: its ~60 cloned days must all lie before today, or the server
#: refuses the last ones as dated in the future.
DAY = date.today() - timedelta(days=150)


@pytest.fixture(scope="module")
def backlog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo desk whose outbox holds 50,000 unsent events (cloned simulated days)."""
    folder = tmp_path_factory.mktemp("backlog")
    log = simulated_day(folder / "day", DAY)
    rows: list[dict[str, object]] = []
    shift = 0
    while len(rows) < BACKLOG:
        rows += clone_day(log, shift)
        shift += 1
    rows = rows[:BACKLOG]
    desk = folder / "desk"
    db = open_database(desk)
    try:
        ensure_demo_office(db)
        with db.write() as s:
            s.execute(insert(EventRow), rows)
    finally:
        db.close()
    return database_path(desk)


@pytest.fixture(params=["sqlite", "postgresql"])
def server_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    base = pg_base_url()
    if base is None:
        pytest.skip("PostgreSQL not configured (LOKET_TEST_PG_URL)")
    url, drop = pg_schema_url(base)
    try:
        yield url
    finally:
        drop()


def _event_rows(desk_file: Path) -> list[dict[str, object]]:
    db = open_database(desk_file.parent)
    try:
        with db.read() as s:
            return [
                {"id": r.id, "seq": r.seq, "ticket_id": r.ticket_id, "kind": r.kind,
                 "at": r.at, "counter_id": r.counter_id, "user_id": r.user_id, "data": r.data}
                for r in s.scalars(select(EventRow).order_by(EventRow.seq))
            ]  # fmt: skip
    finally:
        db.close()


def test_baseline_server_raw_insert(
    benchmark: BenchmarkFixture, backlog: Path, server_url: str, record: Recorder
) -> None:
    rows = _event_rows(backlog)
    db = ServerDatabase.open(server_url)
    now = datetime.now(UTC)
    add_office(db, code=DEMO_CODE, name=DEMO_NAME, now=now)
    with db.write() as s:
        office = s.scalars(select(OfficeRow)).one()
        s.add(DeskRow(id="bench", office_id=office.id, name="bench", token_hash="x" * 64,
                      revoked=False, enrolled_at=now, high_seq=0))  # fmt: skip
    stamped = [{**r, "office_id": office.id, "desk_id": "bench", "received_at": now} for r in rows]

    def insert_all() -> None:
        for start in range(0, len(stamped), BATCH):
            with db.write() as s:
                s.execute(insert(ServerEvent), stamped[start : start + BATCH])

    try:
        benchmark.pedantic(insert_all, rounds=1, iterations=1)
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(ServerEvent)) == BACKLOG
    finally:
        db.close()
    _throughput(benchmark)
    kind = _kind(server_url)
    record(f"raw insert {kind}", f"server: raw insert of 50,000 events ({kind}, baseline)",
           benchmark)  # fmt: skip


def test_push_50k_backlog(
    benchmark: BenchmarkFixture,
    backlog: Path,
    server_url: str,
    tmp_path: Path,
    record: Recorder,
) -> None:
    desk_dir = tmp_path / "desk"
    desk_dir.mkdir()
    shutil.copyfile(backlog, database_path(desk_dir))
    db: Database = open_database(desk_dir)
    admin = ServerDatabase.open(server_url)
    server = ServerProcess(server_url, log=tmp_path / "server.log")
    try:
        code = add_office(admin, code=DEMO_CODE, name=DEMO_NAME, now=datetime.now(UTC))
        client = make_client(server.url, read_timeout=60)
        enroll_database(db, client, code.enrollment_code)
        policy = RetryPolicy(attempts=3, base=0.1, cap=1.0)
        report = benchmark.pedantic(
            sync_once, args=(db, client), kwargs={"policy": policy, "batch_size": BATCH},
            rounds=1, iterations=1,
        )  # fmt: skip
        assert report.ok, report.error
        assert report.accepted == BACKLOG and report.batches == BACKLOG // BATCH
        with admin.read() as s:
            assert s.scalar(select(func.count()).select_from(ServerEvent)) == BACKLOG
    finally:
        server.stop()
        admin.close()
        db.close()
    _throughput(benchmark)
    kind = _kind(server_url)
    record(f"push {kind}", f"desk → server: push 50,000-event backlog ({kind})", benchmark,
           vs=(f"raw insert {kind}",), target="≥ 10,000 events/s (PostgreSQL)")  # fmt: skip


def _kind(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _throughput(benchmark: BenchmarkFixture) -> None:
    if benchmark.stats is not None:
        seconds = benchmark.stats.stats.median
        benchmark.extra_info["events_per_second"] = round(BACKLOG / seconds)
        print(f"\n  {BACKLOG / seconds:,.0f} events/s over {seconds:.1f} s")
