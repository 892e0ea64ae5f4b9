"""``loket enroll`` / ``loket sync`` handlers and the background loop (SQLite server)."""

from __future__ import annotations

import argparse
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import insert

from loket.app.office import has_office
from loket.cli.sync import register
from loket.core.days import utc_now
from loket.server.admin import revoke
from loket.store.database import Database
from loket.store.migrate import open_database
from loket.store.models import EventRow
from loket.sync.engine import enroll_database
from loket.sync.loop import SyncLoop
from loket.sync.retry import RetryPolicy
from loket.sync.state import SyncStatus

from ..server.live import LiveServer
from .conftest import NewCode
from .helpers import DEMO_CODE, FAST, GIVE_UP, make_client, unsent

sqlite_only = pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)


def _run(*argv: str) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    parser = argparse.ArgumentParser(prog="loket")
    register(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(argv)
    return int(args.func(args, Path(args.data_dir)))


@sqlite_only
def test_enroll_sets_up_an_empty_desk_and_sync_once_reports_by_exit_code(
    tmp_path: Path,
    live_server: LiveServer,
    new_code: NewCode,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = str(tmp_path / "fresh")
    assert _run("sync", "--once", "--data-dir", data) == 1
    assert "belum didaftarkan" in capsys.readouterr().err
    assert (
        _run("enroll", "--data-dir", data, "--server", live_server.url, "--code", "AAAA-BBBB-CCCC")
        == 1
    )
    assert "Kode pendaftaran tidak berlaku" in capsys.readouterr().err
    assert (
        _run("enroll", "--data-dir", data, "--server", live_server.url, "--code", new_code()) == 0
    )
    out = capsys.readouterr().out
    assert "dibuat dari data server kota" in out and DEMO_CODE in out
    db = open_database(Path(data))
    try:
        assert has_office(db)
    finally:
        db.close()
    assert _run("sync", "--once", "--data-dir", data) == 0
    assert _run("sync", "--status", "--data-dir", data) == 0
    assert "daring" in capsys.readouterr().out


@sqlite_only
def test_sync_once_fails_while_unacknowledged_and_status_lists_dead_letters(
    desk: Database,
    live_server: LiveServer,
    new_code: NewCode,
    capsys: pytest.CaptureFixture[str],
) -> None:
    enroll_database(desk, make_client(live_server.url), new_code())
    data = str(desk.path.parent)
    live_server.stop()
    assert _run("sync", "--once", "--retries", "0", "--data-dir", data) == 1
    assert "terhubung" in capsys.readouterr().err
    live_server.start()
    with desk.write() as s:
        s.execute(insert(EventRow).values(id=str(uuid.uuid4()), ticket_id=str(uuid.uuid4()),
                                          kind="warped", at=utc_now(), data={}))  # fmt: skip
    assert _run("sync", "--once", "--data-dir", data) == 0  # rejected is acknowledged too
    assert "1 kejadian ditolak server" in capsys.readouterr().err
    assert _run("sync", "--status", "--data-dir", data) == 0
    out = capsys.readouterr().out
    assert "1 ditolak server" in out and "warped" in out
    revoke(live_server.db, code=DEMO_CODE)
    with desk.write() as s:
        s.execute(insert(EventRow).values(id=str(uuid.uuid4()), ticket_id=str(uuid.uuid4()),
                                          kind="warped", at=utc_now(), data={}))  # fmt: skip
    assert _run("sync", "--once", "--data-dir", data) == 1
    assert "didaftarkan ulang" in capsys.readouterr().err


@sqlite_only
def test_the_loop_runs_on_trigger_reports_status_and_stops_during_a_backoff(
    desk: Database, live_server: LiveServer, new_code: NewCode
) -> None:
    client = make_client(live_server.url)
    enroll_database(desk, client, new_code())
    seen: list[SyncStatus] = []
    loop = SyncLoop(desk, client, interval=3600, policy=FAST, on_status=seen.append)
    loop.start()
    try:
        assert loop.wait_for_runs(1, 30)
        assert loop.status.events_waiting == 0 and loop.status.online
        assert loop.last_report is not None and loop.last_report.ok
        assert any(s.running for s in seen) and not seen[-1].running
        loop.trigger()
        assert loop.wait_for_runs(2, 30)
    finally:
        loop.stop()
    assert unsent(desk) == 0

    # Offline, with an hour of backoff ahead: stop() still returns at once.
    live_server.stop()
    slow = SyncLoop(desk, client, interval=3600, policy=GIVE_UP,
                    backoff=RetryPolicy(base=3600, cap=3600))  # fmt: skip
    slow.start()
    assert slow.wait_for_runs(1, 30)
    assert slow.status.online is False
    started = time.monotonic()
    slow.stop()
    assert time.monotonic() - started < 5


@sqlite_only
def test_the_loop_survives_a_failing_run(desk: Database, live_server: LiveServer) -> None:
    calls = threading.Event()

    def broken_factory() -> object:
        calls.set()
        raise RuntimeError("no client today")

    loop = SyncLoop(desk, broken_factory, interval=3600)  # type: ignore[arg-type]
    loop.start()
    try:
        assert loop.wait_for_runs(1, 30) and calls.is_set()
        report = loop.last_report
        assert report is not None and report.error and "RuntimeError" in report.error
        loop.trigger()
        assert loop.wait_for_runs(2, 30)
    finally:
        loop.stop()
