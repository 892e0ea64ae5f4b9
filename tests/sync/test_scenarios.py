"""The desk against a real city server on loopback, through faults, on SQLite and PostgreSQL.

Every scenario ends with the same check: the server holds exactly the desk's events (no
more, no fewer, each once) and its ticket projection equals the desk's table.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from loket.app.simulate import simulate_day
from loket.core.days import utc_now
from loket.server.admin import revoke
from loket.server.db import ServerDatabase
from loket.server.models import DeskRow
from loket.server.reference import publish
from loket.store import health
from loket.store.database import Database
from loket.store.models import EventRow, Service
from loket.store.sync_models import CityAnnouncement, CityHoliday
from loket.sync.client import GapError, SyncClient
from loket.sync.engine import enroll_database, sync_once
from loket.sync.loop import SyncLoop
from loket.sync.outbox import dead_letters, next_batch
from loket.sync.retry import RetryPolicy
from loket.sync.schemas import (
    Announcement,
    Holiday,
    ItemStatus,
    PushRequest,
    ServiceStandard,
)
from loket.sync.state import read_status

from ..server.live import LiveServer
from .conftest import DAY, NewCode, OpenDesk
from .faultproxy import Fault, FaultProxy
from .helpers import (
    DEMO_CODE,
    FAST,
    GIVE_UP,
    assert_server_holds_exactly,
    city_figures,
    desk_figures,
    make_client,
    rejected_ids,
    unsent,
)

CHILD = Path(__file__).with_name("sync_child.py")


def _enroll(db: Database, url: str, new_code: NewCode, **client_kwargs: object) -> SyncClient:
    client = make_client(url, **client_kwargs)  # type: ignore[arg-type]
    enroll_database(db, client, new_code(), desk_name="Loket depan")
    return client


def test_happy_path_pushes_everything_pulls_reference_and_matches_the_desk(
    desk: Database, live_server: LiveServer, server_db: ServerDatabase, new_code: NewCode
) -> None:
    now = utc_now()
    new_code()  # the office exists before the city publishes for it
    publish(server_db, ServiceStandard(prefix="A", name="Domisili", standard_minutes=12,
                                       requirements="KTP", fee=0), now=now)  # fmt: skip
    publish(
        server_db,
        ServiceStandard(prefix="B", name="KTP", standard_minutes=25),
        now=now,
        office_code=DEMO_CODE,
    )
    publish(server_db, Announcement(key="libur", text="Kantor tutup 25 Desember"), now=now)
    publish(server_db, Holiday(day=DAY.replace(month=12, day=25), name="Natal"), now=now)
    client = _enroll(desk, live_server.url, new_code)
    waiting_before = unsent(desk)
    assert waiting_before > 100

    report = sync_once(desk, client, policy=FAST, batch_size=40)

    assert report.ok, report.error
    assert report.accepted == waiting_before and report.duplicates == report.rejected == 0
    assert report.batches == -(-waiting_before // 40)
    assert unsent(desk) == 0
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)
    assert city_figures(live_server.url, DAY, DEMO_CODE) == desk_figures(desk, DAY)
    with desk.read() as s:
        minutes = {p: m for p, m in s.execute(select(Service.prefix, Service.standard_minutes))}
        assert (minutes["A"], minutes["B"]) == (12, 25)
        assert [a.text for a in s.scalars(select(CityAnnouncement))] == ["Kantor tutup 25 Desember"]
        assert [h.name for h in s.scalars(select(CityHoliday))] == ["Natal"]
    status = read_status(desk)
    assert status.online is True and status.events_waiting == 0 and status.last_error is None
    assert status.last_good_sync is not None and status.skew_warning is None
    with server_db.read() as s:
        row = s.scalars(select(DeskRow)).one()
        assert row.app_version and row.waiting == 0 and row.unsent == 0

    # Nothing new: the next run sends nothing and changes nothing.
    again = sync_once(desk, client, policy=FAST)
    assert again.ok and again.batches == 0 and again.reference_changes == 0
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)


def test_server_down_then_up(
    desk: Database, live_server: LiveServer, server_db: ServerDatabase, new_code: NewCode
) -> None:
    client = _enroll(desk, live_server.url, new_code)
    live_server.stop()

    down = sync_once(desk, client, policy=GIVE_UP)
    assert not down.ok and down.error and "terhubung" in down.error
    status = read_status(desk)
    assert status.online is False and status.events_waiting == unsent(desk) > 0
    assert status.last_good_sync is None

    live_server.start()  # same port
    up = sync_once(desk, client, policy=FAST)
    assert up.ok, up.error
    assert read_status(desk).online is True
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)


def test_500s_503_resets_and_timeouts_are_retried(
    desk: Database, proxy: FaultProxy, server_db: ServerDatabase, new_code: NewCode
) -> None:
    # Short enough to time out on the held answer (3 s), long enough for a loaded CI box.
    client = _enroll(desk, proxy.url, new_code, read_timeout=1.5)
    proxy.inject(Fault.ERROR_500, Fault.DROP_BEFORE, Fault.SLOW_AFTER, Fault.PASS, Fault.ERROR_503)
    proxy.inject(Fault.ERROR_500, path="/api/v1/reference")
    proxy.inject(Fault.DROP_BEFORE, path="/api/v1/heartbeat")

    report = sync_once(desk, client, policy=FAST, batch_size=100)

    assert report.ok, report.error
    assert proxy.pending() == 0
    assert proxy.faults_seen(Fault.SLOW_AFTER) == 1
    # The timed-out batch was committed by the server: its retry came back duplicate.
    assert report.duplicates == 100
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)


def test_response_lost_after_commit_is_not_duplicated(
    desk: Database, proxy: FaultProxy, server_db: ServerDatabase, new_code: NewCode
) -> None:
    client = _enroll(desk, proxy.url, new_code)
    total = unsent(desk)
    proxy.inject(Fault.DROP_AFTER, Fault.PASS, Fault.DROP_AFTER, Fault.DROP_AFTER)

    report = sync_once(desk, client, policy=FAST, batch_size=60)

    assert report.ok, report.error
    assert proxy.committed_then_dropped == 3
    # Batch 1 lost once, batch 2 lost twice: each retry found its events stored.
    assert report.duplicates == 60 * 2
    assert report.accepted == total - 60 * 2
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)


def test_duplicate_and_out_of_order_batches(
    desk: Database, live_server: LiveServer, server_db: ServerDatabase, new_code: NewCode
) -> None:
    client = _enroll(desk, live_server.url, new_code)
    with desk.read() as s:
        from loket.store.sync_models import SyncState

        state = s.get(SyncState, 1)
        assert state is not None
        token, desk_id = state.token, state.desk_id
    whole = next_batch(desk, 10_000)
    assert whole is not None
    first, second = whole.events[:50], whole.events[50:100]

    def request(events: list, after: int) -> PushRequest:  # type: ignore[type-arg]
        return PushRequest(office_code=DEMO_CODE, desk_id=desk_id, after_seq=after, events=events)

    # The second batch before the first: a gap; the server says what it holds.
    with pytest.raises(GapError) as gap:
        client.push(request(second, first[-1].seq), token)
    assert gap.value.highest_seq == 0
    ok = client.push(request(first, 0), token)
    assert {r.status for r in ok.results} == {ItemStatus.ACCEPTED}
    assert ok.highest_seq == first[-1].seq
    # The first batch again: every item a duplicate, nothing stored twice.
    dup = client.push(request(first, 0), token)
    assert {r.status for r in dup.results} == {ItemStatus.DUPLICATE}
    # Two copies of the second batch at once: one stores, the other finds them.
    answers = []

    def push_second() -> None:
        answers.append(make_client(live_server.url).push(request(second, first[-1].seq), token))

    threads = [threading.Thread(target=push_second) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted({r.status for a in answers for r in a.results})
    assert statuses == [ItemStatus.ACCEPTED, ItemStatus.DUPLICATE]
    assert all(a.highest_seq == second[-1].seq for a in answers)
    # The desk, which never saw those answers, syncs: duplicates, then the rest.
    report = sync_once(desk, client, policy=FAST, batch_size=70)
    assert report.ok, report.error
    assert report.duplicates == 100
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)


def _inject_poison(db: Database) -> list[str]:
    """Two events the server must refuse: an unknown kind, and a call of a ticket that
    never existed. Written straight into the outbox, as a damaged desk might have them."""
    ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    with db.write() as s:
        s.execute(
            insert(EventRow),
            [
                {"id": ids[0], "ticket_id": str(uuid.uuid4()), "kind": "teleported",
                 "at": utc_now(), "data": {}},
                {"id": ids[1], "ticket_id": str(uuid.uuid4()), "kind": "called",
                 "at": utc_now(), "counter_id": 1, "data": {}},
            ],
        )  # fmt: skip
    return ids


def test_a_poison_item_is_dead_lettered_and_does_not_block(
    desk: Database, live_server: LiveServer, server_db: ServerDatabase, new_code: NewCode
) -> None:
    client = _enroll(desk, live_server.url, new_code)
    first = sync_once(desk, client, policy=FAST, batch_size=80)
    assert first.ok
    poison = _inject_poison(desk)
    simulate_day(desk, DAY + timedelta(days=1), 10, 2, seed=9)  # more events after them

    report = sync_once(desk, client, policy=FAST, batch_size=80)

    assert report.ok, report.error
    assert report.rejected == 2 and unsent(desk) == 0
    letters = dead_letters(desk)
    assert [d.event_id for d in letters] == poison
    assert "tidak dikenal" in letters[0].reason
    assert "tidak ditemukan" in letters[1].reason
    assert rejected_ids(server_db) == set(poison)
    assert read_status(desk).dead_letters == 2
    assert_server_holds_exactly(server_db, desk, DEMO_CODE, exclude=set(poison))


def test_token_revoked_mid_sync_then_enrolled_again(
    desk: Database, proxy: FaultProxy, server_db: ServerDatabase, new_code: NewCode
) -> None:
    client = _enroll(desk, proxy.url, new_code)

    pushes = []

    def revoke_at_third_push(_number: int, path: str) -> None:
        if path.startswith("/api/v1/events"):
            pushes.append(path)
            if len(pushes) == 3:
                revoke(server_db, code=DEMO_CODE)

    proxy.on_request = revoke_at_third_push
    report = sync_once(desk, client, policy=FAST, batch_size=50)

    assert report.needs_enroll and not report.ok
    assert report.batches == 2 and unsent(desk) > 0
    status = read_status(desk)
    assert status.needs_enroll and "didaftarkan ulang" in status.summary()
    # What the desk marked sent is exactly what the server holds.
    sent = _sent_ids(desk)
    assert_server_holds_exactly(
        server_db, desk, DEMO_CODE, exclude=_unsent_ids(desk), tickets=False
    )
    assert len(sent) == 100
    # Until enrolled again, runs do not even try.
    assert sync_once(desk, client, policy=FAST).needs_enroll
    proxy.on_request = None
    enroll_database(desk, client, new_code())
    assert not read_status(desk).needs_enroll
    again = sync_once(desk, client, policy=FAST, batch_size=50)
    assert again.ok, again.error
    assert again.resent == 0 and again.duplicates == 0  # the acknowledged part carried over
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)


def _sent_ids(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(EventRow.id).where(EventRow.sent_at.is_not(None))))


def _unsent_ids(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(EventRow.id).where(EventRow.sent_at.is_(None))))


def test_desk_killed_mid_sync_then_restarted(
    open_desk: OpenDesk,
    tmp_path: Path,
    proxy: FaultProxy,
    server_db: ServerDatabase,
    new_code: NewCode,
) -> None:
    db = open_desk("desk")
    _enroll(db, proxy.url, new_code)
    db.close()
    # The server commits the third batch; its answer is held while the desk is killed.
    proxy.inject(Fault.PASS, Fault.PASS, Fault.HOLD_AFTER)
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(tmp_path / "desk"), proxy.url, "40"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proxy.held.wait(30), child.stderr.read() if child.stderr else ""
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    proxy.release.set()

    db = open_desk("desk")
    assert health.check(db).ok
    assert unsent(db) > 0  # at least the held batch is not marked sent
    report = sync_once(db, make_client(proxy.url), policy=FAST, batch_size=40)
    assert report.ok, report.error
    assert report.duplicates == 40  # the batch committed while the desk died
    assert_server_holds_exactly(server_db, db, DEMO_CODE)


def test_a_week_offline_then_reconnect(
    desk: Database, live_server: LiveServer, server_db: ServerDatabase, new_code: NewCode
) -> None:
    client = _enroll(desk, live_server.url, new_code)
    live_server.stop()
    # No run of its own between the triggers: the backoff after a failure is an hour.
    loop = SyncLoop(desk, client, interval=3600, policy=GIVE_UP, backoff=RetryPolicy(base=3600))
    loop.start()
    try:
        days = [DAY + timedelta(days=i) for i in range(1, 8)]
        for number, day in enumerate(days, start=1):
            simulate_day(desk, day, 12, 2, seed=number)
            loop.trigger()
            assert loop.wait_for_runs(number + 1, 30)
            status = loop.status
            assert status.online is False and status.events_waiting == unsent(desk) > 0
        live_server.start()
        loop.trigger()
        assert loop.wait_for_runs(len(days) + 2, 60)
        status = loop.status
        assert status.online is True and status.events_waiting == 0, status.last_error
    finally:
        loop.stop()
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)
    for day in [DAY, *days]:
        assert city_figures(live_server.url, day, DEMO_CODE) == desk_figures(desk, day)


def test_clock_skew_over_five_minutes_is_a_warning(
    desk: Database, live_server: LiveServer, new_code: NewCode
) -> None:
    ahead = make_client(live_server.url, clock=lambda: datetime.now(UTC) + timedelta(minutes=9.5))
    enroll_database(desk, ahead, new_code())
    assert sync_once(desk, ahead, policy=FAST).ok
    status = read_status(desk)
    assert status.clock_skew_seconds is not None and status.clock_skew_seconds < -8 * 60
    assert status.skew_warning and "terlalu cepat 9 menit" in status.skew_warning
    fine = make_client(live_server.url)
    assert sync_once(desk, fine, policy=FAST).ok
    assert read_status(desk).skew_warning is None


@pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)
def test_a_server_restored_from_an_older_backup_gets_the_lost_events_again(
    desk: Database,
    live_server: LiveServer,
    server_db: ServerDatabase,
    new_code: NewCode,
    tmp_path: Path,
) -> None:
    """The desk marked day 2 sent, then the city restored yesterday's backup: the next
    push meets a 409 gap, the desk marks day 2 unsent again and sends it with day 3."""
    client = _enroll(desk, live_server.url, new_code)
    assert sync_once(desk, client, policy=FAST).ok
    server_file = Path(str(server_db.engine.url.database))
    backup = tmp_path / "city-backup.db"
    with (
        contextlib.closing(sqlite3.connect(server_file)) as src,
        contextlib.closing(sqlite3.connect(backup)) as dst,
    ):
        src.backup(dst)
    simulate_day(desk, DAY + timedelta(days=1), 15, 2, seed=21)
    assert sync_once(desk, client, policy=FAST).ok and unsent(desk) == 0

    live_server.stop()
    server_db.engine.dispose()
    with (
        contextlib.closing(sqlite3.connect(backup)) as src,
        contextlib.closing(sqlite3.connect(server_file)) as dst,
    ):
        src.backup(dst)
    live_server.start()
    simulate_day(desk, DAY + timedelta(days=2), 15, 2, seed=22)

    report = sync_once(desk, client, policy=FAST, batch_size=50)
    assert report.ok, report.error
    assert report.resent > 0 and report.duplicates == 0
    assert_server_holds_exactly(server_db, desk, DEMO_CODE)
