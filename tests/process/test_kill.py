"""A desk process killed while issuing tickets loses nothing it reported and breaks nothing."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from pathlib import Path

from sqlalchemy import select

from loket.core.tickets import replay
from loket.store.migrate import open_database
from loket.store.models import EventRow, TicketRow
from loket.store.projection import ticket_events, ticket_from_row

from .helpers import RunLoket, Spawn, prepare_office

ROUNDS = 5
SEED = 20261123


def test_killed_issuers_leave_a_consistent_register(
    tmp_path: Path, spawn: Spawn, run_loket: RunLoket
) -> None:
    data = tmp_path / "data"
    office = prepare_office(data, tickets=0)
    services = ",".join(map(str, office.service_ids[:2]))
    rng = random.Random(SEED)

    printed: dict[str, str] = {}  # ticket id -> label, as the killed children reported them
    for _ in range(ROUNDS):
        child = spawn("issue", data, services)
        assert child.line() == "ready"
        lines = [child.line() for _ in range(rng.randint(5, 40))]
        lines += child.kill()  # lines already in the pipe were printed after a commit too
        for line in lines:
            word, ticket_id, label = line.split()
            assert word == "issued"
            printed[ticket_id] = label

    check = run_loket("db", "check", "--data-dir", data)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("OK:")

    db = open_database(data)
    try:
        with db.read() as s:
            rows = s.scalars(select(TicketRow)).all()
            event_ticket_ids = set(s.scalars(select(EventRow.ticket_id)))
            replays = {
                row.id: (ticket_from_row(row), replay(ticket_events(s, row.id))) for row in rows
            }
    finally:
        db.close()

    by_id = {row.id: row for row in rows}
    missing = sorted(set(printed) - set(by_id))
    assert missing == [], "tickets reported as issued were lost"
    for ticket_id, label in printed.items():
        row = by_id[ticket_id]
        assert f"{row.prefix}-{row.number:03d}" == label

    originals = [r for r in rows if r.origin_ticket_id is None]
    keys = Counter((r.service_day, r.issued_service_id, r.number) for r in originals)
    assert [k for k, n in keys.items() if n > 1] == []
    # Numbers are never skipped either: a killed issue rolls back whole.
    series: dict[tuple[object, int], list[int]] = defaultdict(list)
    for r in originals:
        series[(r.service_day, r.issued_service_id)].append(r.number)
    for numbers in series.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))

    assert event_ticket_ids == set(by_id), "every ticket has events and every event a ticket"
    for ticket_id, (stored, replayed) in replays.items():
        assert replayed == stored, ticket_id
