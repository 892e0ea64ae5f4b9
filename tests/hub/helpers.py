"""Helpers for the hub tests: a real ``loket hub run`` process, paired PCs, tallies."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from loket.app.demo import prepare_demo
from loket.app.office import OfficeSettings, list_counters, list_services, save_settings
from loket.client.connect import PcConfig, pair
from loket.hub.pairing import new_pair_code
from loket.paths import ENV_DATA_DIR
from loket.store.database import Database
from loket.store.migrate import open_database

#: A hub process must be up within this long (imports on a busy 2-core CI machine).
START_TIMEOUT_S = 60.0
#: Any child still running after this is killed: the test fails instead of hanging.
CHILD_DEADLINE_S = 120.0
LAN_CHILD = Path(__file__).with_name("lan_child.py")
PASSWORD = "1234"  # the demo accounts' PIN


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass(frozen=True)
class HubOffice:
    data_dir: Path
    services: dict[str, int]  # prefix -> id
    counters: dict[int, int]  # counter number -> id


def make_office(data_dir: Path) -> HubOffice:
    """The demo office with its accounts; overnight queue on (a run may cross midnight)."""
    db = open_database(data_dir)
    try:
        prepare_demo(db)
        save_settings(db, OfficeSettings(overnight_queue=True))
        with db.read() as s:
            services = {sv.prefix: sv.id for sv in list_services(s)}
            counters = {c.number: c.id for c in list_counters(s)}
    finally:
        db.close()
    return HubOffice(data_dir, services, counters)


@dataclass
class HubProcess:
    """``loket hub run`` on 127.0.0.1 in its own OS process."""

    data_dir: Path
    port: int = 0
    proc: subprocess.Popen[str] | None = None
    announce: bool = False  # mDNS on 127.0.0.1 only (the wizard's hub list)
    sync: bool = False  # the city sync loop (the office enrolled)
    env: dict[str, str] = field(default_factory=dict)  # on top of ``child_env()``
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    _watchdog: threading.Timer | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> HubProcess:
        args = [sys.executable, "-m", "loket", "--data-dir", str(self.data_dir), "hub", "run",
                "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        args += [] if self.sync else ["--no-sync"]
        args += [] if self.announce else ["--no-announce"]
        self.proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=(self.data_dir / "hub.stderr").open("a"),
            stdin=subprocess.DEVNULL,
            env={**child_env(), **self.env},
            text=True,
            encoding="utf-8",
        )
        self._watchdog = threading.Timer(CHILD_DEADLINE_S * 2, self.proc.kill)
        self._watchdog.daemon = True
        self._watchdog.start()
        stdout = self.proc.stdout
        assert stdout is not None
        self.lines = lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in stdout], daemon=True).start()
        try:
            first = self.lines.get(timeout=START_TIMEOUT_S)
        except queue.Empty:
            self.kill()
            raise AssertionError("hub did not start: " + self.stderr()) from None
        found = re.search(r"https://127\.0\.0\.1:(\d+)", first)
        assert found, (first, self.stderr())
        self.port = int(found.group(1))
        return self

    def stderr(self) -> str:
        path = self.data_dir / "hub.stderr"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as a power cut or a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
        if self.proc is not None:
            self.proc.wait(timeout=30)
        if self._watchdog is not None:
            self._watchdog.cancel()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        if self._watchdog is not None:
            self._watchdog.cancel()


def pair_pc(hub: HubProcess, data_dir: Path, name: str) -> PcConfig:
    """Pair a new PC the way an admin does: a code made on the hub, traded by the PC."""
    db = open_database(hub.data_dir)
    try:
        code = new_pair_code(db).code
    finally:
        db.close()
    return pair(hub.url, code, data_dir, pc_name=name)


def hub_db(hub: HubProcess) -> Database:
    return open_database(hub.data_dir)


def tickets_in(db: Database) -> dict[str, tuple[str, int]]:
    """Every ticket the hub holds: id -> (prefix, number)."""
    from loket.store.models import TicketRow

    with db.read() as s:
        return {r.id: (r.prefix, r.number) for r in s.query(TicketRow)}


@dataclass
class LanChild:
    proc: subprocess.Popen[str]
    watchdog: threading.Timer

    def lines(self) -> list[str]:
        out, _err = self.proc.communicate(timeout=CHILD_DEADLINE_S)
        self.watchdog.cancel()
        return out.splitlines()


def spawn_lan_child(*args: object, stderr: Path) -> LanChild:
    proc = subprocess.Popen(
        [sys.executable, str(LAN_CHILD), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=stderr.open("w"),
        stdin=subprocess.DEVNULL,
        env=child_env(),
        text=True,
        encoding="utf-8",
    )
    watchdog = threading.Timer(CHILD_DEADLINE_S, proc.kill)
    watchdog.daemon = True
    watchdog.start()
    return LanChild(proc, watchdog)
