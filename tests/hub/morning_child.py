"""One PC of the simulated morning, in its own process: ``python morning_child.py ROLE ...``.

Each prints one JSON line per thing it was told by the hub (flushed at once):

- ``kiosk DIR PLAN SEED``: PLAN is ``A:20,B:12,...``; issues them in a shuffled order with
  short pauses, as citizens arrive; ``{"issued": label, "prefix": "A"}`` each.
- ``counter DIR COUNTER_ID USER DONE``: logs in, then call next → start → finish until the
  file DONE exists and nobody waits; ``{"served": label}`` each.
- ``display DIR STOP``: follows the hub's change feed like the display window (every
  change: the board, with every call since the last one seen) until the file STOP
  exists; ``{"called": label, "counter": n}`` per call announced.
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any

from loket.client.connect import read_pc
from loket.client.feed import LanFeed
from loket.client.lan import LanOffice

PASSWORD = "1234"
_out = threading.Lock()


def say(record: dict[str, Any]) -> None:
    with _out:
        sys.stdout.write(json.dumps(record) + "\n")
        sys.stdout.flush()


def office(data_dir: Path) -> LanOffice:
    pc = read_pc(data_dir)
    assert pc.hub_url and pc.fingerprint and pc.token
    return LanOffice(pc.hub_url, pc.fingerprint, pc.token, deadline=30.0)


def kiosk(data_dir: Path, plan: str, seed: int) -> None:
    client = office(data_dir)
    services = {s.prefix: s.id for s in client.services(active_only=True)}
    arrivals = [prefix for item in plan.split(",") for prefix in
                [item.split(":")[0]] * int(item.split(":")[1])]  # fmt: skip
    rng = random.Random(seed)
    rng.shuffle(arrivals)
    for prefix in arrivals:
        result = client.issue(services[prefix], None, actor=None)
        say({"issued": result.ticket.label, "prefix": prefix})
        time.sleep(rng.uniform(0.0, 0.03))


def counter(data_dir: Path, counter_id: int, user: str, done: Path) -> None:
    client = office(data_dir)
    actor = client.login(user, PASSWORD)
    say({"ready": True})
    while True:
        ticket = client.call_next(counter_id, actor=actor)
        if ticket is None:
            if done.exists() and client.call_next(counter_id, actor=actor) is None:
                return
            time.sleep(0.05)
            continue
        client.start(ticket.id, counter_id, actor=actor)
        client.finish(ticket.id, counter_id, actor=actor)
        say({"served": ticket.label})


def display(data_dir: Path, stop: Path) -> None:
    pc = read_pc(data_dir)
    assert pc.hub_url and pc.fingerprint and pc.token
    client = office(data_dir)
    seen = {"seq": 0}
    changed = threading.Event()
    feed = LanFeed(pc.hub_url, pc.fingerprint, pc.token)
    feed.subscribe(lambda _n: changed.set())

    def look() -> None:
        board = client.board(seen["seq"])
        for call in sorted(board.recent_calls, key=lambda c: c.seq):
            if call.seq > seen["seq"]:
                seen["seq"] = call.seq
                say({"called": call.label, "counter": call.counter_number})

    try:
        while not stop.exists():
            if changed.wait(0.2):
                changed.clear()
                look()
        look()
    finally:
        feed.close()
        client.close()


def main(argv: list[str]) -> None:
    role, data_dir = argv[0], Path(argv[1])
    if role == "kiosk":
        kiosk(data_dir, argv[2], int(argv[3]))
    elif role == "counter":
        counter(data_dir, int(argv[2]), argv[3], Path(argv[4]))
    elif role == "display":
        display(data_dir, Path(argv[2]))
    else:
        raise SystemExit(f"unknown role {role}")


if __name__ == "__main__":
    main(sys.argv[1:])
