"""Helpers for the process tests: child processes driven line by line, and a prepared office."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.app.office import OfficeSettings, list_counters, list_services, save_settings
from loket.store.migrate import open_database

CHILD_SCRIPT = Path(__file__).with_name("child.py")
#: A child still running after this many seconds is killed (the test then fails, not hangs).
CHILD_DEADLINE_S = 60.0


@dataclass
class Child:
    """A running ``child.py``: read its lines, write to its stdin, collect its end."""

    proc: subprocess.Popen[str]
    stderr_path: Path
    watchdog: threading.Timer = field(repr=False)

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line.endswith("\n"):
            self.proc.wait()
            raise AssertionError(
                f"child ended early (exit {self.proc.returncode}); stderr:\n{self.stderr()}"
            )
        return line[:-1]

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def finish(self) -> list[str]:
        """Wait for a normal exit; the lines it printed that were not read yet."""
        out, _ = self.proc.communicate(timeout=CHILD_DEADLINE_S)
        self.watchdog.cancel()
        assert self.proc.returncode == 0, f"exit {self.proc.returncode}; stderr:\n{self.stderr()}"
        return out.splitlines()

    def kill(self) -> list[str]:
        """SIGKILL (TerminateProcess on Windows); the complete lines it printed before."""
        self.proc.kill()
        out, _ = self.proc.communicate(timeout=CHILD_DEADLINE_S)
        self.watchdog.cancel()
        # A line cut by the kill has no newline and is not counted.
        return out.split("\n")[:-1]


Spawn = Callable[..., Child]
RunLoket = Callable[..., subprocess.CompletedProcess[str]]


@dataclass(frozen=True)
class PreparedOffice:
    service_ids: tuple[int, ...]  # A, B, C... in prefix order
    service_a: int
    counter_ids: tuple[int, int]
    ticket_ids: tuple[str, ...]


def prepare_office(data_dir: Path, tickets: int) -> PreparedOffice:
    """The demo office with two counters serving every service; ``tickets`` waiting in A.

    The overnight queue is on so a run that crosses the office's midnight does not see
    its tickets closed as yesterday's.
    """
    db = open_database(data_dir)
    try:
        ensure_demo_office(db, counters=2)
        save_settings(db, OfficeSettings(overnight_queue=True))
        with db.read() as s:
            services = list_services(s)
            service_a = next(sv.id for sv in services if sv.prefix == "A")
            counters = list_counters(s)
        assert len(counters) == 2
        assert all(service_a in c.service_ids for c in counters)
        desk = Desk(db)
        with desk.batch():
            ids = tuple(desk.issue(service_a).ticket.id for _ in range(tickets))
    finally:
        db.close()
    return PreparedOffice(
        tuple(sv.id for sv in services), service_a, (counters[0].id, counters[1].id), ids
    )
