"""A desk back after weeks offline: a 50,000-event backlog pushed to a loopback server.

Measured beside the server database's floor in the same run: the same 50,000 event rows
put straight into the server's ``events`` table the fastest raw way, one desk batch (1,000) per
transaction, through the driver alone: ``COPY ... FROM STDIN`` on PostgreSQL (psycopg's
C row encoder), ``executemany`` of one prepared INSERT on SQLite (the stdlib driver),
values already in their stored form. No HTTP, no JSON, no ``apply``, no ticket rows (the
push also writes ~14,000 ticket rows: the floor leaves them out, so it is the stricter
one). The ratio says what the protocol and the projection cost on top of the bare
writes. The server runs in a process of its own (uvicorn, one worker) over a SQLite
file, or over PostgreSQL when ``LOKET_TEST_PG_URL`` is set.

Target (read off the table, never asserted): the push at 10,000 events/s or more on
PostgreSQL (issue 14), reported beside the raw insert's rate.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

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
from loket.sync.schemas import DEFAULT_BATCH

from ..server.live import pg_base_url, pg_schema_url
from ..sync.bench_support import ServerProcess, clone_day, simulated_day
from ..sync.helpers import DEMO_CODE, DEMO_NAME, make_client
from .support import Recorder

pytestmark = pytest.mark.benchmark(group="sync: 50,000-event backlog")

BACKLOG = 50_000
BATCH = DEFAULT_BATCH  # the desk's own batch size; the floor commits as often
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


#: The columns of the server's ``events`` table, in the order the floor writes them.
COLUMNS = ("id", "office_id", "desk_id", "seq", "ticket_id", "kind", "at", "counter_id",
           "user_id", "data", "received_at")  # fmt: skip


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
    sqlite = server_url.startswith("sqlite")
    stored = [_stored_row(r, office.id, now, sqlite) for r in rows]
    insert_all = _sqlite_floor if sqlite else _copy_floor
    raw = db.engine.raw_connection()
    try:
        benchmark.pedantic(insert_all, args=(raw, stored), rounds=1, iterations=1)
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(ServerEvent)) == BACKLOG
    finally:
        raw.close()
        db.close()
    _throughput(benchmark)
    kind = _kind(server_url)
    how = "executemany" if sqlite else "COPY"
    record(f"raw insert {kind}", f"server: raw {how} of 50,000 events ({kind}, floor)",
           benchmark)  # fmt: skip


def _stored_row(row: dict[str, Any], office: int, now: datetime, sqlite: bool) -> tuple[Any, ...]:
    """The row as the table holds it: naive UTC times (text on SQLite), JSON as text."""
    at: Any = row["at"].astimezone(UTC).replace(tzinfo=None)
    received: Any = now.astimezone(UTC).replace(tzinfo=None)
    if sqlite:
        at, received = at.isoformat(" ", "microseconds"), received.isoformat(" ", "microseconds")
    return (row["id"], office, "bench", row["seq"], row["ticket_id"], row["kind"], at,
            row["counter_id"], row["user_id"], json.dumps(row["data"]), received)  # fmt: skip


def _copy_floor(raw: Any, rows: list[tuple[Any, ...]]) -> None:
    statement = f"COPY events ({', '.join(COLUMNS)}) FROM STDIN"
    for start in range(0, len(rows), BATCH):
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows[start : start + BATCH]:
                copy.write_row(row)
        raw.commit()


def _sqlite_floor(raw: Any, rows: list[tuple[Any, ...]]) -> None:
    statement = f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 11)})"
    cursor = raw.cursor()
    for start in range(0, len(rows), BATCH):
        cursor.execute("BEGIN IMMEDIATE")  # the engine's connections leave BEGIN to us
        cursor.executemany(statement, rows[start : start + BATCH])
        cursor.execute("COMMIT")
    cursor.close()


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
