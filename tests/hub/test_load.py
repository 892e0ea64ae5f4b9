"""Several client PCs (OS processes) on one hub: one gap-free series, no shared ticket, and a
hub killed under load loses or doubles nothing a client was told."""

from __future__ import annotations

import json
import time
from pathlib import Path

from .helpers import (
    PASSWORD,
    HubOffice,
    HubProcess,
    hub_db,
    pair_pc,
    spawn_lan_child,
    tickets_in,
)


def _records(lines: list[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in lines if line.strip()]


def test_three_clients_issuing_fifty_at_once_get_150_distinct_gap_free_numbers(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    service = hub_office.services["A"]
    children = []
    for n in range(3):
        pair_pc(hub, tmp_path / f"pc{n}", f"Loket {n}")
    for n in range(3):
        children.append(
            spawn_lan_child(
                "issue",
                tmp_path / f"pc{n}",
                service,
                50,
                50,
                60.0,
                stderr=tmp_path / f"pc{n}.stderr",
            )
        )
    told = [r for child in children for r in _records(child.lines())]
    errors = [r for r in told if "error" in r]
    assert not errors, errors[:3]
    labels = sorted(str(r["label"]) for r in told)
    assert labels == sorted(f"A-{n:03d}" for n in range(1, 151))
    db = hub_db(hub)
    try:
        held = tickets_in(db)
    finally:
        db.close()
    assert sorted(held.values()) == [("A", n) for n in range(1, 151)]
    assert {str(r["issued"]) for r in told} == set(held)


def test_two_counters_calling_next_at_once_never_claim_one_ticket(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    service = hub_office.services["A"]
    pair_pc(hub, tmp_path / "kiosk", "Kios")
    kiosk = spawn_lan_child("issue", tmp_path / "kiosk", service, 40, 8, 60.0,
                            stderr=tmp_path / "kiosk.stderr")  # fmt: skip
    assert len(_records(kiosk.lines())) == 40
    counters = []
    for number, user in ((1, "petugas1"), (2, "petugas2")):
        pair_pc(hub, tmp_path / f"c{number}", f"Loket {number}")
        counters.append(
            spawn_lan_child(
                "serve",
                tmp_path / f"c{number}",
                hub_office.counters[number],
                user,
                PASSWORD,
                stderr=tmp_path / f"c{number}.stderr",
            )
        )
    claims = [[r["called"] for r in _records(c.lines()) if "called" in r] for c in counters]
    both = claims[0] + claims[1]
    assert len(both) == 40 and len(set(both)) == 40
    assert claims[0] and claims[1], "both counters should have served someone"


def test_a_hub_killed_under_load_and_restarted_keeps_every_acknowledged_issue_exactly_once(
    hub: HubProcess, hub_office: HubOffice, tmp_path: Path
) -> None:
    service = hub_office.services["B"]
    children = []
    for n in range(2):
        pair_pc(hub, tmp_path / f"pc{n}", f"Loket {n}")
    for n in range(2):
        # A long call deadline: each issue retries (same request id) across the restart.
        children.append(
            spawn_lan_child(
                "issue",
                tmp_path / f"pc{n}",
                service,
                60,
                6,
                90.0,
                stderr=tmp_path / f"pc{n}.stderr",
            )
        )
    db = hub_db(hub)
    try:
        deadline = time.monotonic() + 60
        while len(tickets_in(db)) < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        db.close()
    hub.kill()  # SIGKILL in the middle of the load
    time.sleep(0.5)
    hub.start()  # same data dir, same port, same certificate
    told = [r for child in children for r in _records(child.lines())]
    assert not [r for r in told if "error" in r]
    db = hub_db(hub)
    try:
        held = tickets_in(db)
    finally:
        db.close()
    acknowledged = [str(r["issued"]) for r in told]
    assert len(acknowledged) == 120 and len(set(acknowledged)) == 120
    # Every issue a client was told of is there once; nothing else was made; no gaps.
    assert set(acknowledged) == set(held)
    assert sorted(held.values()) == [("B", n) for n in range(1, 121)]
