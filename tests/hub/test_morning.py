"""Issue 11's "done when": a simulated morning on one hub, in separate OS processes.

A city server process (``loket server run``), the office hub (``loket hub run``), and
five paired PCs, each its own process: a kiosk issuing the morning's numbers, three
counters serving them as they come, a display following the calls by the change feed.
Then, from the hub's database and what each PC was told: one gap-free number sequence
per service, every number served exactly once by exactly one counter, every call seen
on the display; ``loket stats`` on the hub equals that tally, and after ``loket sync``
on the hub PC so do the city's figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from loket.core.days import service_day
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.store.migrate import open_database
from loket.sync.engine import enroll_database
from tests.online.test_end_to_end import CityProcess, city_process  # noqa: F401 - fixture
from tests.sync.helpers import DEMO_CODE, DEMO_NAME, FAST, city_figures, make_client

from .helpers import CHILD_DEADLINE_S, HubProcess, child_env, make_office, pair_pc, tickets_in

pytestmark = pytest.mark.timeout(300)
MORNING = Path(__file__).with_name("morning_child.py")
PLAN = {"A": 14, "B": 9, "C": 6, "E": 5}


@dataclass
class Child:
    proc: subprocess.Popen[str]
    timer: threading.Timer

    def records(self) -> list[dict[str, Any]]:
        out, _ = self.proc.communicate(timeout=CHILD_DEADLINE_S)
        self.timer.cancel()
        assert self.proc.returncode == 0, f"exit {self.proc.returncode}: {out[-500:]}"
        return [json.loads(line) for line in out.splitlines() if line.strip()]


def spawn(*args: object, stderr: Path) -> Child:
    proc = subprocess.Popen(
        [sys.executable, str(MORNING), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=stderr.open("w"),
        stdin=subprocess.DEVNULL,
        env=child_env(),
        text=True,
        encoding="utf-8",
    )
    timer = threading.Timer(CHILD_DEADLINE_S, proc.kill)
    timer.daemon = True
    timer.start()
    return Child(proc, timer)


def loket(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "loket", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", env=child_env(), timeout=CHILD_DEADLINE_S,
                          check=False)  # fmt: skip


def test_a_morning_on_one_hub_tallies_with_loket_stats_and_the_city(
    tmp_path: Path,
    city_process: CityProcess,  # noqa: F811 - the fixture
) -> None:
    office = make_office(tmp_path / "hub")
    server_db = ServerDatabase.open(city_process.db_url)
    db = open_database(office.data_dir)
    try:
        code = add_office(server_db, code=DEMO_CODE, name=DEMO_NAME,
                          now=datetime.now(UTC)).enrollment_code  # fmt: skip
        enroll_database(db, make_client(city_process.url), code, policy=FAST)
    finally:
        db.close()
        server_db.close()
    hub = HubProcess(office.data_dir).start()  # city sync: `loket sync` on the hub, below
    try:
        pcs = {name: tmp_path / name for name in ("kiosk", "loket1", "loket2", "loket3", "tv")}
        for name, folder in pcs.items():
            pair_pc(hub, folder, name)
        done, stop = tmp_path / "done", tmp_path / "stop"
        display = spawn("display", pcs["tv"], stop, stderr=tmp_path / "tv.err")
        counters = [
            spawn("counter", pcs[f"loket{n}"], office.counters[n], f"petugas{n}", done,
                  stderr=tmp_path / f"loket{n}.err")
            for n in (1, 2, 3)
        ]  # fmt: skip
        plan = ",".join(f"{prefix}:{count}" for prefix, count in PLAN.items())
        issued = spawn("kiosk", pcs["kiosk"], plan, 7, stderr=tmp_path / "kiosk.err").records()
        done.touch()  # the doors close: counters finish whoever waits, then stop
        served = [[r["served"] for r in c.records() if "served" in r] for c in counters]
        stop.touch()
        called = [r["called"] for r in display.records() if "called" in r]
    finally:
        hub.stop()

    # One gap-free sequence per service, as the kiosk was told and as the hub holds it.
    labels = [r["issued"] for r in issued]
    numbers: dict[str, list[int]] = defaultdict(list)
    for label in labels:
        prefix, number = label.split("-")
        numbers[prefix].append(int(number))
    assert {p: sorted(n) for p, n in numbers.items()} == {
        p: list(range(1, count + 1)) for p, count in PLAN.items()
    }
    db = open_database(office.data_dir)
    try:
        held = Counter(prefix for prefix, _n in tickets_in(db).values())
        day = service_day(datetime.now(UTC), _office_zone(db))
    finally:
        db.close()
    assert dict(held) == PLAN
    # Every number served once, by one counter; each counter served some.
    everyone = [label for one in served for label in one]
    assert sorted(everyone) == sorted(labels) and len(set(everyone)) == len(everyone)
    assert all(served), [len(s) for s in served]
    # The display saw every call, each once.
    assert sorted(called) == sorted(labels)

    stats = loket("--data-dir", office.data_dir, "stats", "--date", day.isoformat(), "--json")
    assert stats.returncode == 0, stats.stderr
    figures = json.loads(stats.stdout)
    total = sum(PLAN.values())
    assert (figures["issued"], figures["served"], figures["open"]) == (total, total, 0)
    by_service = {row["code"]: row["issued"] for row in figures["by_service"] if row["issued"]}
    assert by_service == PLAN

    synced = loket("--data-dir", office.data_dir, "sync", "--once")  # on the hub PC
    assert synced.returncode == 0, synced.stdout + synced.stderr
    city = city_figures(city_process.url, day, DEMO_CODE)
    assert (city["issued"], city["served"], city["waiting"]) == (total, total, 0)
    assert city["median_wait"] == figures["waiting_time"]["median"]


def _office_zone(db: Any) -> Any:
    from loket.app.office import load_office

    with db.read() as s:
        return load_office(s).tz
