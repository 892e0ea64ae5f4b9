"""A city's evening: 100 desks push a day each at the same time to one server on PostgreSQL.

Each simulated desk is a thread with its own ``SyncClient`` (its own connection) pushing
its own copy of a simulated office day (fresh UUIDs, its own office), 200 events per
batch, through the real protocol with the sync's own retries (``call_with_retry``: a
429's Retry-After is honoured). The server runs in its own processes (uvicorn, two
workers) over PostgreSQL (``LOKET_TEST_PG_URL``; skipped without it unless
``LOKET_REQUIRE_PG=1``), with its admission control: a bounded number of pushes in
flight per worker, 429 for the rest. Reported: events/s over the whole push, the p95
latency of one accepted batch, the 429s answered, and the error count (a batch that
failed for good), which must be zero. Target: p95 < 500 ms.
"""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from sqlalchemy import func, select

from loket.core.stats import percentile
from loket.server import admin
from loket.server.db import ServerDatabase
from loket.server.models import ServerEvent, ServerTicket
from loket.sync.client import SyncError
from loket.sync.retry import RetryPolicy, call_with_retry
from loket.sync.schemas import EnrollRequest, EventIn, PushRequest, PushResponse

from ..server.live import pg_base_url, pg_schema_url
from ..sync.bench_support import DayLog, ServerProcess, clone_day, simulated_day
from ..sync.helpers import make_client
from .support import Recorder

pytestmark = pytest.mark.benchmark(group="sync: 100 desks at once (PostgreSQL)")

DESKS = 100
BATCH = 200
WORKERS = 2
DAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def day_log(tmp_path_factory: pytest.TempPathFactory) -> DayLog:
    return simulated_day(tmp_path_factory.mktemp("city-day"), DAY, tickets=150, seed=3)


@pytest.fixture
def pg_url() -> Iterator[str]:
    base = pg_base_url()
    if base is None:
        pytest.skip("PostgreSQL not configured (LOKET_TEST_PG_URL)")
    url, drop = pg_schema_url(base)
    try:
        yield url
    finally:
        drop()


#: The sync's own retry policy (issue 14: "0 errors" means no batch fails for good).
RETRIES = RetryPolicy()


def _sleep(seconds: float) -> bool:
    time.sleep(seconds)  # the desk's backoff wait itself, as the sync loop waits
    return True


def _office_code(index: int) -> str:
    return f"32.{10 + index // 90:02d}.{1 + index % 90:02d}.1001"


class _Desk:
    def __init__(self, index: int, token: str, desk_id: str, log: DayLog) -> None:
        self.code = _office_code(index)
        self.token = token
        self.desk_id = desk_id
        self.events = [
            EventIn(
                seq=seq,
                id=e["id"],
                ticket_id=e["ticket_id"],
                kind=e["kind"],
                at=e["at"].isoformat(),
                counter_id=e["counter_id"],
                user_id=e["user_id"],
                data=e["data"],
            )
            for seq, e in enumerate(clone_day(log, 0), start=1)
        ]
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.busy = 0  # 429 answers (admission control), retried after Retry-After

    def push_day(self, url: str, start: threading.Event) -> None:
        client = make_client(url, read_timeout=120)
        rng = random.Random(self.code)
        start.wait()
        for first in range(0, len(self.events), BATCH):
            chunk = self.events[first : first + BATCH]
            request = PushRequest(office_code=self.code, desk_id=self.desk_id,
                                  after_seq=first, events=chunk)  # fmt: skip
            began = [0.0]

            def attempt(request: PushRequest = request, began: list[float] = began) -> PushResponse:
                began[0] = time.perf_counter()
                try:
                    return client.push(request, self.token)
                except SyncError as exc:
                    if exc.code == "busy":
                        self.busy += 1
                    raise

            try:
                answer = call_with_retry(attempt, RETRIES, _sleep, rng)
            except SyncError as exc:
                self.errors.append(exc.message)
                return
            self.latencies.append(time.perf_counter() - began[0])
            if answer.highest_seq != chunk[-1].seq or any(
                r.status != "accepted" for r in answer.results
            ):
                self.errors.append("not all accepted")


def test_100_desks_push_a_day_each_concurrently(
    benchmark: BenchmarkFixture, day_log: DayLog, pg_url: str, tmp_path: Path, record: Recorder
) -> None:
    server_db = ServerDatabase.open(pg_url)
    now = datetime.now(UTC)
    desks = []
    for index in range(DESKS):
        office = admin.add_office(server_db, code=_office_code(index), name=f"Kelurahan {index}",
                                  now=now)  # fmt: skip
        with server_db.write() as s:  # enrollment itself is not measured (nor rate limited)
            answer = admin.enroll(s, EnrollRequest(code=office.enrollment_code), now)
        desks.append(_Desk(index, answer.token, answer.desk_id, day_log))
    total = sum(len(d.events) for d in desks)
    server = ServerProcess(pg_url, workers=WORKERS, log=tmp_path / "server.log")

    def push_all() -> None:
        start = threading.Event()
        threads = [threading.Thread(target=d.push_day, args=(server.url, start)) for d in desks]
        for thread in threads:
            thread.start()
        start.set()
        for thread in threads:
            thread.join()

    try:
        benchmark.pedantic(push_all, rounds=1, iterations=1)
    finally:
        server.stop()
    errors = [e for d in desks for e in d.errors]
    busy = sum(d.busy for d in desks)
    latencies = sorted(lat for d in desks for lat in d.latencies)
    with server_db.read() as s:
        stored = s.scalar(select(func.count()).select_from(ServerEvent))
        tickets = s.scalar(select(func.count()).select_from(ServerTicket))
    server_db.close()
    assert errors == []
    assert stored == total
    assert tickets == DESKS * len({e["ticket_id"] for e in day_log.events})
    if benchmark.stats is not None:
        seconds = benchmark.stats.stats.median
        p95 = percentile(latencies, 95)
        benchmark.extra_info.update(
            events=total,
            events_per_second=round(total / seconds),
            batches=len(latencies),
            batch_p50_ms=round(statistics.median(latencies) * 1000),
            batch_p95_ms=round(p95 * 1000),
            errors=len(errors),
            answered_429=busy,
        )
        print(
            f"\n  {total:,} events from {DESKS} desks in {seconds:.1f} s: "
            f"{total / seconds:,.0f} events/s; {len(latencies)} batches, "
            f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"{busy} answered 429 (retried), {len(errors)} errors"
        )
    record("city push", f"{DESKS} desks × 1 day each, concurrently ({total:,} events)",
           benchmark, target="p95 batch < 500 ms, 0 errors")  # fmt: skip
