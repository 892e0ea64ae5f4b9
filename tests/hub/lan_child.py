"""A paired client PC in its own process: ``python lan_child.py ACTION DATA_DIR ...``.

It prints one JSON line per acknowledged action (flushed at once), so the parent can
count what a client was told, even if the hub or this child is killed mid-run:

- ``issue DIR SERVICE_ID COUNT THREADS DEADLINE``: COUNT issues over THREADS threads at
  once; ``{"issued": id, "label": "A-001"}`` or ``{"error": message}`` per issue.
- ``mix DIR SERVICE_ID COUNTER_ID USER ROUNDS GO_FILE``: issue, call next, skip, ROUNDS
  times, once GO_FILE exists;
  one line ``{"latencies": [...], "elapsed": s}`` at the end.
- ``serve DIR COUNTER_ID USER PASSWORD``: log in, then call next / start / finish until
  nobody waits; ``{"called": id}`` per call.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from loket.client.connect import read_pc
from loket.client.lan import LanOffice
from loket.core.errors import LoketError

_out = threading.Lock()
PASSWORD = "1234"


def say(record: dict[str, Any]) -> None:
    with _out:
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()


def office(data_dir: Path, deadline: float = 8.0) -> LanOffice:
    pc = read_pc(data_dir)
    assert pc.hub_url and pc.fingerprint and pc.token
    return LanOffice(pc.hub_url, pc.fingerprint, pc.token, deadline=deadline)


def issue(data_dir: Path, service_id: int, count: int, threads: int, deadline: float) -> None:
    client = office(data_dir, deadline)
    start = threading.Barrier(min(threads, count))

    def one(_n: int) -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=30)
        try:
            result = client.issue(service_id, None, actor=None)
        except LoketError as exc:
            say({"error": exc.message, "code": exc.code})
            return
        say({"issued": result.ticket.id, "label": result.ticket.label})

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, range(count)))


def serve(data_dir: Path, counter_id: int, user: str, password: str) -> None:
    client = office(data_dir)
    actor = client.login(user, password)
    say({"ready": True})
    while True:
        ticket = client.call_next(counter_id, actor=actor)
        if ticket is None:
            break
        say({"called": ticket.id})
        client.start(ticket.id, counter_id, actor=actor)
        client.finish(ticket.id, counter_id, actor=actor)


def ready(go: Path, user: str) -> Path:
    """The file a ``mix`` child touches once logged in."""
    return go.with_name(f"{go.name}.ready-{user}")


def mix(data_dir: Path, service_id: int, counter_id: int, user: str, rounds: int, go: Path) -> None:
    """A counter PC's morning: issue a number, call the next one, skip it; timed per action.

    It logs in, says so with the file ``go`` + ``.ready-USER`` (a login's password hash is
    slow on purpose: timing must not start while others still log in), then waits for the
    file ``go``: every client starts acting at once.
    """
    client = office(data_dir, deadline=60.0)
    actor = client.login(user, PASSWORD)
    current = client.current(counter_id)
    if current is not None:  # left from an earlier run on this counter
        client.skip(current.id, counter_id, actor=actor)
    ready(go, user).touch()
    give_up = time.monotonic() + 60
    while not go.exists() and time.monotonic() < give_up:
        time.sleep(0.005)
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        t0 = time.perf_counter()
        client.issue(service_id, None, actor=None)
        t1 = time.perf_counter()
        ticket = client.call_next(counter_id, actor=actor)
        t2 = time.perf_counter()
        latencies += [t1 - t0, t2 - t1]
        if ticket is not None:  # another counter may have called every waiting one
            client.skip(ticket.id, counter_id, actor=actor)
            latencies.append(time.perf_counter() - t2)
    say({"latencies": latencies, "elapsed": time.perf_counter() - started})


def main(argv: list[str]) -> None:
    action, data_dir = argv[0], Path(argv[1])
    if action == "issue":
        issue(data_dir, int(argv[2]), int(argv[3]), int(argv[4]), float(argv[5]))
    elif action == "mix":
        mix(data_dir, int(argv[2]), int(argv[3]), argv[4], int(argv[5]), Path(argv[6]))
    elif action == "serve":
        serve(data_dir, int(argv[2]), argv[3], argv[4])
    else:
        raise SystemExit(f"unknown action {action}")


if __name__ == "__main__":
    main(sys.argv[1:])
