"""Kill the hub under load, promote a client, and the office goes on (issue 13).

Every PC is its own OS process on 127.0.0.1: the hub, two clients keeping replicas
(``loket hub follow``) and two counters' load (``takeover_child.py``). The hub is
SIGKILLed mid-load, client 1 is promoted, client 2 follows it by itself, the load goes
on; the old hub restarted demotes itself and reports what it set aside.
"""

from __future__ import annotations

import json
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from loket.client.connect import read_pc
from loket.hub.promote import read_replica_note
from loket.hub.server import ENV_SYNC_S
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.server.models import OfficeRow, ServerTicket
from loket.store.migrate import open_database
from loket.store.models import EventRow, TicketRow
from loket.sync.engine import enroll_database
from tests.online.test_end_to_end import CityProcess, city_process  # noqa: F401 - fixture
from tests.sync.helpers import DEMO_CODE, DEMO_NAME, FAST, make_client

from .helpers import CHILD_DEADLINE_S, HubOffice, HubProcess, child_env, pair_pc

CHILD = Path(__file__).with_name("takeover_child.py")
WAIT_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Child:
    """A process whose stdout lines are collected as they come."""

    args: list[str]
    stderr: Path
    env: dict[str, str] = field(default_factory=dict)  # on top of ``child_env()``
    proc: subprocess.Popen[str] | None = None
    lines: list[str] = field(default_factory=list)
    fresh: queue.Queue[str] = field(default_factory=queue.Queue)

    def start(self) -> Child:
        self.proc = subprocess.Popen(
            self.args, stdout=subprocess.PIPE, stderr=self.stderr.open("w"),
            stdin=subprocess.DEVNULL, env={**child_env(), **self.env}, text=True,
            encoding="utf-8",
        )  # fmt: skip
        watchdog = threading.Timer(CHILD_DEADLINE_S * 2, self.proc.kill)
        watchdog.daemon = True
        watchdog.start()
        stdout = self.proc.stdout
        assert stdout is not None

        def read() -> None:
            for line in stdout:
                self.lines.append(line)
                self.fresh.put(line)

        threading.Thread(target=read, daemon=True).start()
        return self

    def wait_line(self, pattern: str, timeout: float = WAIT_S) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.fresh.get(timeout=0.2)
            except queue.Empty:
                continue
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no {pattern!r} in {self.lines}: {self.stderr.read_text()}")

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(x) for x in self.lines if x.startswith("{")]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)


@dataclass
class City:
    """The city server a test runs (``loket server run``), read through its database."""

    url: str
    db_url: str
    office_code: str

    def events(self) -> dict[str, int]:
        """Id → seq of every event the city holds for the office."""
        from loket.server.models import ServerEvent

        sdb = ServerDatabase.open(self.db_url)
        try:
            with sdb.read() as s:
                office = s.scalars(select(OfficeRow.id).where(OfficeRow.code == self.office_code))
                rows = s.execute(
                    select(ServerEvent.id, ServerEvent.seq).where(
                        ServerEvent.office_id == office.one()
                    )
                )
                return {r.id: r.seq for r in rows}
        finally:
            sdb.close()


def server_tickets(db_url: str) -> dict[str, str]:
    """Id → state of every ticket the city holds."""
    sdb = ServerDatabase.open(db_url)
    try:
        with sdb.read() as s:
            return {r.id: r.state for r in s.scalars(select(ServerTicket))}
    finally:
        sdb.close()


def event_ids(data_dir: Path) -> set[str]:
    db = open_database(data_dir)
    try:
        with db.read() as s:
            return set(s.scalars(select(EventRow.id)))
    finally:
        db.close()


def loket_args(data_dir: Path, *args: object) -> list[str]:
    return [sys.executable, "-m", "loket", "--data-dir", str(data_dir), *map(str, args)]


def wait_for(predicate: Any, timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def acks(child: Child, kind: str) -> list[dict[str, Any]]:
    return [r for r in child.records() if r.get("ack") == kind]


def run_kill_and_promote(
    hub_office: HubOffice, tmp_path: Path, city: City | None = None
) -> dict[str, Any]:
    """The scenario; returns what the assertions (and the benchmark) need.

    With ``city``, the office is enrolled and both hubs run their city sync every half
    second: the old hub has sent some events before it is killed, the new hub sends
    the rest (and some again: the city answers *duplicate*)."""
    sync_env = {ENV_SYNC_S: "0.5"} if city is not None else {}
    hub = HubProcess(hub_office.data_dir, sync=city is not None, env=sync_env).start()
    children: list[Child] = []
    stop_file = tmp_path / "stop"
    try:
        dirs = [tmp_path / "pc1", tmp_path / "pc2"]
        ports = [free_port(), free_port()]
        for n, data_dir in enumerate(dirs, 1):
            pair_pc(hub, data_dir, f"Loket {n}")
        followers = [
            Child(loket_args(d, "hub", "follow", "--serve-port", p), tmp_path / f"f{n}.err")
            for n, (d, p) in enumerate(zip(dirs, ports, strict=True), 1)
        ]
        children += followers
        for follower in followers:
            follower.start().wait_line("mengikuti")
        assert wait_for(lambda: all(read_replica_note(d).get("epoch") == 1 for d in dirs))
        plan = [(dirs[0], "A", 1, "petugas1"), (dirs[1], "B", 2, "petugas2")]
        loads = []
        for n, (d, svc, counter, user) in enumerate(plan, 1):
            args = [sys.executable, str(CHILD), str(d), str(hub_office.services[svc]),
                    str(hub_office.counters[counter]), user, str(stop_file)]  # fmt: skip
            loads.append(Child(args, tmp_path / f"load{n}.err"))
        children += loads
        for load in loads:
            load.start()
        assert wait_for(lambda: all(len(acks(x, "issue")) >= 5 for x in loads)), [
            x.stderr.read_text() for x in loads
        ]

        if city is not None:
            assert wait_for(lambda: city.events() and all(len(acks(x, "skip")) >= 5 for x in loads))
        hub.kill()  # SIGKILL under load: no clean-up of any kind
        killed_at = time.monotonic()
        before = [len(x.records()) for x in loads]
        promoted = Child(
            loket_args(dirs[0], "hub", "promote", "--yes", "--host", "127.0.0.1",
                       "--port", ports[0], "--no-announce",
                       *([] if city is not None else ["--no-sync"])),
            tmp_path / "promoted.err", sync_env,
        ).start()  # fmt: skip
        children.append(promoted)
        promoted.wait_line(r"siap di https://127\.0\.0\.1")
        new_url = f"https://127.0.0.1:{ports[0]}"

        def served_by_new(load: Child) -> bool:
            return any(r.get("hub") == new_url for r in load.records()[before[loads.index(load)] :])

        assert wait_for(lambda: served_by_new(loads[0]))
        takeover_s = time.monotonic() - killed_at
        # Client 2 follows the new hub by itself: its replica found it, pc.json says so.
        assert wait_for(lambda: read_pc(dirs[1]).hub_url == new_url)
        assert wait_for(lambda: served_by_new(loads[1]))
        pairs = list(zip(loads, before, strict=True))
        assert wait_for(lambda: all(len(x.records()) >= b + 10 for x, b in pairs))

        # The old hub comes back: it sees a newer epoch on the LAN and does not serve.
        comeback = subprocess.run(
            loket_args(hub_office.data_dir, "hub", "run", "--host", "127.0.0.1", "--port", 0,
                       "--no-announce", "--no-sync"),
            capture_output=True, text=True, encoding="utf-8", env=child_env(),
            timeout=CHILD_DEADLINE_S, check=False,
        )  # fmt: skip
        stop_file.write_text("stop")
        for load in loads:
            assert load.proc is not None
            load.proc.wait(timeout=CHILD_DEADLINE_S)
        if city is not None:  # the new hub sends the rest by itself
            assert wait_for(lambda: set(city.events()) == event_ids(dirs[0])), (
                promoted.stderr.read_text()
            )
        aside = subprocess.run(
            loket_args(hub_office.data_dir, "hub", "aside", "--json"), capture_output=True,
            text=True, encoding="utf-8", env=child_env(), timeout=CHILD_DEADLINE_S, check=False,
        )  # fmt: skip
        stats = subprocess.run(
            loket_args(dirs[0], "stats", "--json"), capture_output=True, text=True,
            encoding="utf-8", env=child_env(), timeout=CHILD_DEADLINE_S, check=False,
        )  # fmt: skip
        status = subprocess.run(
            loket_args(dirs[0], "hub", "status", "--json"), capture_output=True, text=True,
            encoding="utf-8", env=child_env(), timeout=CHILD_DEADLINE_S, check=False,
        )  # fmt: skip
        # The admin re-enters a set-aside number on the old PC, now a client of the new hub.
        listed = json.loads(aside.stdout) if aside.returncode == 0 else []
        # One whose ticket the new hub lacks (a ticket it holds, with a later move set
        # aside, is in the office's log: re-entering it is refused).
        away = [e for e in listed if e.get("status") == "aside"]
        reentered = None
        if away:
            reentered = subprocess.run(
                loket_args(hub_office.data_dir, "hub", "aside", "reenter", away[0]["id"],
                           "--note", "kertas nomor lama dibawa warga", "--user", "petugas1",
                           "--json"),
                input="1234\n", capture_output=True, text=True, encoding="utf-8",
                env=child_env(), timeout=CHILD_DEADLINE_S, check=False,
            )  # fmt: skip
    finally:
        stop_file.write_text("stop")
        for child in reversed(children):
            child.stop()
        hub.kill()
    return {"dirs": dirs, "loads": loads, "comeback": comeback, "aside": aside,
            "stats": stats, "status": status, "takeover_s": takeover_s, "reentered": reentered,
            "new_url": new_url}  # fmt: skip


def enrolled(hub_office: HubOffice, server: CityProcess) -> City:
    """The office enrolled at the city server (before its hub starts)."""
    server_db = ServerDatabase.open(server.db_url)
    db = open_database(hub_office.data_dir)
    try:
        code = add_office(server_db, code=DEMO_CODE, name=DEMO_NAME,
                          now=datetime.now(UTC)).enrollment_code  # fmt: skip
        enroll_database(db, make_client(server.url), code, policy=FAST)
    finally:
        db.close()
        server_db.close()
    return City(server.url, server.db_url, DEMO_CODE)


def test_kill_the_hub_promote_a_client_and_the_office_goes_on(
    hub_office: HubOffice,
    tmp_path: Path,
    city_process: CityProcess,  # noqa: F811 - the fixture
) -> None:
    city = enrolled(hub_office, city_process)
    run = run_kill_and_promote(hub_office, tmp_path, city)
    dirs, loads = run["dirs"], run["loads"]
    print("take-over", round(run["takeover_s"], 2), "s;", run["comeback"].stdout)
    print("acks", [len(load.records()) for load in loads], "aside", run["aside"].stdout[:300])
    for load in loads:
        errors = [r for r in load.records() if "error" in r]
        assert not errors, errors
        assert load.records()[-1] == {"done": True}, load.stderr.read_text()

    comeback = run["comeback"]
    assert comeback.returncode == 3, comeback.stdout + comeback.stderr
    assert "bukan lagi PC utama" in comeback.stdout
    assert read_pc(hub_office.data_dir).role == "client"
    assert read_pc(hub_office.data_dir).hub_url == run["new_url"]

    new_hub = open_database(dirs[0])
    old_hub = None
    try:
        with new_hub.read() as s:
            tickets = {r.id: r for r in s.scalars(select(TicketRow))}
            event_ids = set(s.scalars(select(EventRow.id)))
        issued = [r for load in loads for r in acks(load, "issue")]
        ids = [r["ticket"] for r in issued]
        # Every number a client was given exists exactly once in the new hub ...
        assert len(ids) == len(set(ids)) and set(ids) <= set(tickets)
        # ... and numbers are unique per service and day across the take-over.
        labels = Counter(r["label"] for r in issued)
        assert max(labels.values()) == 1, labels.most_common(3)
        numbers = Counter(
            (t.service_day, t.issued_service_id, t.number)
            for t in tickets.values()
            if t.origin_ticket_id is None
        )
        assert max(numbers.values()) == 1
        # Every call and skip a client was told of happened, once, in the new hub.
        skipped = [r["ticket"] for load in loads for r in acks(load, "skip")]
        assert len(skipped) == len(set(skipped))
        assert all(tickets[t].state == "no_show" for t in skipped)
        # `loket stats` on the new hub equals what the clients were told.
        stats = json.loads(run["stats"].stdout)
        assert stats["issued"] == len(ids), stats
        assert stats["no_show"] == len(skipped), stats

        # What the old hub held that never reached the new hub is set aside, not merged.
        aside = json.loads(run["aside"].stdout)
        folder = next((hub_office.data_dir / "aside").glob("epoch-1-*"))
        old_hub = open_database(folder)
        with old_hub.read() as s:
            old_events = set(s.scalars(select(EventRow.id)))
        listed = {e["id"] for entry in aside for e in entry["events"]}
        assert old_events - event_ids == listed
        assert not listed & event_ids
        # Each entry checked against the new hub's log: back when it holds the ticket.
        assert all(e["checked_on"] == "hub" for e in aside)
        assert {e["id"] for e in aside if e["status"] == "back"} == {
            e["id"] for e in aside if e["ticket_id"] in tickets
        }

        # The city holds exactly the office's events (both hubs sent some), each once:
        # nothing set aside, every acknowledged number and skip, one event per seq.
        held = city.events()
        assert set(held) == event_ids and not listed & set(held)
        assert len(set(held.values())) == len(held)
        city_tickets = server_tickets(city.db_url)
        assert set(ids) <= set(city_tickets)
        assert all(city_tickets[t] == "no_show" for t in skipped)
    finally:
        new_hub.close()
        if old_hub is not None:
            old_hub.close()
    if run["reentered"] is not None:  # something was set aside: one re-entered, with a note
        again = run["reentered"]
        assert again.returncode == 0, again.stderr
        shown = json.loads(again.stdout)
        first = next(e for e in aside if e["status"] == "aside")
        assert shown["aside"] == first["label"] and shown["label"] != shown["aside"]
        record = json.loads(next(folder.glob("aside.json")).read_text(encoding="utf-8"))
        entry = next(e for e in record["entries"] if e["id"] == first["id"])
        assert entry["reentered_as"] == shown["label"] and "dibawa warga" in entry["note"]
    status = json.loads(run["status"].stdout)
    assert status["role"] == "hub" and status["epoch"] > 1
