"""Child-process side of the process tests: ``python child.py ROLE DATA_DIR [ARGS]``.

Roles (each prints one line per step and flushes, so the parent can await it):

- ``claim DIR COUNTER``: open, print ``ready``, wait for a line on stdin, then loop
  ``call_next`` + ``skip`` until nobody waits, printing ``claimed <ticket id>`` after each
  call is committed; ends with ``done <count>``.
- ``issue DIR SERVICE[,SERVICE...]``: open, print ``ready``, then issue tickets forever
  (round-robin over the services), printing ``issued <ticket id> <label>`` after each
  ``issue`` returns. The parent kills it.
- ``open DIR``: print ``ready``, wait for a line on stdin, then ``open_database`` a (new)
  data dir and print ``opened <revision>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from loket.app.desk import Desk
from loket.store.migrate import current_revision, open_database

#: A runaway ``issue`` child stops by itself after this many tickets.
MAX_ISSUED = 5000


def say(*words: object) -> None:
    print(*words, flush=True)


def claim(data_dir: Path, counter_id: int) -> None:
    db = open_database(data_dir)
    desk = Desk(db)
    say("ready")
    sys.stdin.readline()
    count = 0
    while True:
        ticket = desk.call_next(counter_id)
        if ticket is None:
            break
        say("claimed", ticket.id)
        count += 1
        desk.skip(ticket.id, counter_id)  # frees the counter for its next call
    db.close()
    say("done", count)


def issue(data_dir: Path, service_ids: list[int]) -> None:
    db = open_database(data_dir)
    desk = Desk(db)
    say("ready")
    for i in range(MAX_ISSUED):
        result = desk.issue(service_ids[i % len(service_ids)])
        say("issued", result.ticket.id, result.ticket.label)


def open_only(data_dir: Path) -> None:
    say("ready")
    sys.stdin.readline()
    db = open_database(data_dir)
    try:
        say("opened", current_revision(db))
    finally:
        db.close()


def main(argv: list[str]) -> int:
    role, data_dir = argv[0], Path(argv[1])
    if role == "claim":
        claim(data_dir, int(argv[2]))
    elif role == "issue":
        issue(data_dir, [int(s) for s in argv[2].split(",")])
    elif role == "open":
        open_only(data_dir)
    else:
        raise SystemExit(f"unknown role {role!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
