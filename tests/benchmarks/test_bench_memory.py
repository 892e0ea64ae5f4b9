"""Memory of the operator panel over busy days (issue 14): no leak, and a bound.

A fresh process builds the operator panel on the demo office (as after the login) and
serves a busy day through the panel's own controller, as its keys do: 300 citizens
issued, called, started and finished, the window refreshing on every change as the
live feed makes it (its waiting list, its counters), the GUI's events processed after
each action. Its resident memory (VmRSS) is read after the set-up, after the first day
and after a second such day. Beside it, in the same run: a bare PySide6 window's RSS
(the floor of Qt itself). Targets: under 250 MB after the first day; the second day
adds no more than a few MB (a leak would add what the first day added).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from .support import Recorder

pytestmark = [
    pytest.mark.benchmark(group="memory"),
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads VmRSS (Linux)"),
]

TICKETS_PER_DAY = 300

RSS = """
def rss_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
"""

BARE = (
    RSS
    + """
import json, sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(1280, 760); w.show(); app.processEvents()
print(json.dumps({"bare": rss_mb()}))
"""
)

DAYS = (
    RSS
    + """
import gc, json, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from loket.app.users import authenticate
from loket.client.local import LocalOffice
from loket.core.tickets import Outcome
from loket.store.migrate import open_database
from loket.ui.app import Session
from loket.ui.qapp import application
from loket.ui.controller import DeskController
from loket.ui.windows.operator import OperatorWindow

now = [datetime(2026, 11, 23, 1, 0, tzinfo=UTC)]  # 08:00 WIB

def clock():
    now[0] += timedelta(seconds=20)
    return now[0]

app = application()
db = open_database(Path(sys.argv[1]))
session = Session(LocalOffice(db, clock=clock), demo=True)
user = authenticate(db, "petugas1", "1234")
counter = session.counters[0]
controller = DeskController(session.client, counter, user)
window = OperatorWindow(controller, session.office, session.services, session.counters,
                        feed=session.feed)
window.resize(1280, 760); window.show(); app.processEvents()
services = [s.id for s in session.services if s.id in counter.service_ids]
figures = {"start": rss_mb()}

def changed():
    session.feed.changed.emit()  # what the live feed sends on every commit
    app.processEvents()

def day(name):
    for index in range(TICKETS):
        controller.issue(services[index % len(services)]); changed()
    for _ in range(TICKETS):
        ticket = controller.call_next(); changed()
        assert ticket is not None
        controller.start(); changed()
        controller.finish(Outcome.COMPLETED); changed()
    gc.collect(); app.processEvents()
    figures[name] = rss_mb()

day("day1")
now[0] += timedelta(days=1)
day("day2")
print(json.dumps(figures))
"""
)


def _child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         timeout=1200, check=False)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_baseline_bare_window_rss(benchmark: BenchmarkFixture, record: Recorder) -> None:
    figures = benchmark.pedantic(_child, args=(BARE,), rounds=1, iterations=1)
    benchmark.extra_info["rss_mb"] = round(figures["bare"], 1)
    print(f"\n  bare window RSS {figures['bare']:.0f} MB")
    record("bare rss", f"bare PySide6 window: RSS {figures['bare']:.0f} MB (baseline)", benchmark)


def test_operator_window_two_busy_days(
    benchmark: BenchmarkFixture, tmp_path: Path, record: Recorder
) -> None:
    from loket.app.demo import prepare_demo
    from loket.store.migrate import open_database

    db = open_database(tmp_path / "demo")
    prepare_demo(db)
    db.close()
    code = DAYS.replace("TICKETS", str(TICKETS_PER_DAY))
    figures = benchmark.pedantic(_child, args=(code, str(tmp_path / "demo")), rounds=1,
                                 iterations=1)  # fmt: skip
    growth = figures["day2"] - figures["day1"]
    benchmark.extra_info.update({k: round(v, 1) for k, v in figures.items()})
    benchmark.extra_info["second_day_growth_mb"] = round(growth, 1)
    print(f"\n  operator window RSS: {figures['start']:.0f} MB at start, "
          f"{figures['day1']:.0f} MB after day 1, {figures['day2']:.0f} MB after day 2 "
          f"({growth:+.1f} MB)")  # fmt: skip
    record("memory",
           f"operator window after a busy day ({TICKETS_PER_DAY} tickets, live refresh): RSS "
           f"{figures['day1']:.0f} MB, second day {growth:+.1f} MB (time = both days)",
           benchmark, vs=("bare rss",), target="< 250 MB, no growth")  # fmt: skip
