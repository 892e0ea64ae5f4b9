"""The paths that aborted with ``Fatal Python error: none_dealloc`` now exit 0, every time.

Issue 10 item 5: ``loket export --report register --format pdf`` over four busy days
(exit 134 five runs in five, the file complete) and an operator window whose change
watcher follows another connection's tickets (abort at interpreter exit). The cause was
shiboken6 6.12.0 on Python 3.11 (see tests/ui/test_refcounts.py); each path runs here in
a fresh interpreter a few times in a row, as the office would run it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.app.office import list_services
from loket.store.migrate import open_database

from .helpers import CHILD_DEADLINE_S, RunLoket

CRASH_SCRIPT = Path(__file__).with_name("crash_paths.py")
DAYS = 4
PER_DAY = 300  # 1 200 register rows: 6.12.0 aborted from about 1 000
RUNS = 3
OPERATOR_RUNS = 2

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def busy_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four office days of ``PER_DAY`` tickets each, issued through the desk's use cases."""
    data_dir = tmp_path_factory.mktemp("busy-week")
    db = open_database(data_dir)
    try:
        ensure_demo_office(db, counters=2)
        with db.read() as s:
            services = [sv.id for sv in list_services(s)]
        now = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # 08:00 WIB, a Monday
        desk = Desk(db, clock=lambda: now)
        for day in range(DAYS):
            now = datetime(2026, 11, 2 + day, 1, 0, tzinfo=UTC)
            with desk.batch():
                for i in range(PER_DAY):
                    now += timedelta(seconds=25)
                    desk.issue(services[i % len(services)])
    finally:
        db.close()
    return data_dir


def test_register_pdf_of_a_busy_week_exits_0_every_time(
    busy_week: Path, run_loket: RunLoket, tmp_path: Path
) -> None:
    for run in range(RUNS):
        out = tmp_path / f"register-{run}.pdf"
        result = run_loket("--data-dir", busy_week, "export", "--report", "register",
                           "--from", "2026-11-02", "--to", "2026-11-05",
                           "--format", "pdf", "-o", out,
                           env={"QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
        assert result.returncode == 0, f"run {run + 1}: exit {result.returncode}\n{result.stderr}"
        assert "Fatal Python error" not in result.stderr
        assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 20_000


def test_operator_window_following_another_connection_exits_0(
    tmp_path: Path, child_env: dict[str, str]
) -> None:
    for run in range(OPERATOR_RUNS):
        result = subprocess.run(
            [sys.executable, str(CRASH_SCRIPT), "operator", str(tmp_path / f"op-{run}"), "12"],
            env={**child_env, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True,
            text=True,
            timeout=CHILD_DEADLINE_S,
            check=False,
        )
        assert result.returncode == 0, f"run {run + 1}: exit {result.returncode}\n{result.stderr}"
        assert "refreshed 12" in result.stdout
        assert "Fatal Python error" not in result.stderr
