"""The office hub on loopback, each figure beside its in-process baseline.

Targets (issue 11; read off the table and the extra info, not asserted, as the other
benchmarks here): a key press on one client shows on another client's display, through
the hub, with p95 < 150 ms; ten clients issuing and calling at once see p95 < 50 ms per
action, with a total rate of at least half the hub's in-process use-case rate.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from loket.app.office import add_counter
from loket.app.users import add_user
from loket.client.connect import read_pc
from loket.client.feed import LanFeed
from loket.client.lan import LanOffice
from loket.client.local import LocalOffice
from loket.store.migrate import open_database

from ..hub.helpers import PASSWORD, HubOffice, HubProcess, make_office, pair_pc, spawn_lan_child
from ..hub.lan_child import ready
from .support import Recorder

pytestmark = pytest.mark.benchmark(group="office hub vs in process")

ROUNDS = 40
CLIENTS = 10
MIX_ROUNDS = 20  # x 3 actions per client


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _samples(benchmark: BenchmarkFixture) -> list[float]:
    meta = benchmark.stats
    return list(meta.stats.data) if meta is not None else []


@pytest.fixture(scope="module")
def bench_office(tmp_path_factory: pytest.TempPathFactory) -> HubOffice:
    office = make_office(tmp_path_factory.mktemp("hub-bench") / "hub")
    db = open_database(office.data_dir)
    try:
        for number in range(len(office.counters) + 1, CLIENTS + 1):
            add_counter(db, number=number, service_ids=list(office.services.values()))
        for number in range(4, CLIENTS + 1):
            add_user(db, f"petugas{number}", "operator", PASSWORD)
    finally:
        db.close()
    return make_office(office.data_dir)


@pytest.fixture(scope="module")
def bench_hub(bench_office: HubOffice) -> Iterator[HubProcess]:
    hub = HubProcess(bench_office.data_dir).start()
    yield hub
    hub.stop()


def test_baseline_key_to_display_in_one_process(
    benchmark: BenchmarkFixture, bench_office: HubOffice, tmp_path: Path, record: Recorder
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(bench_office.data_dir, copy, ignore=shutil.ignore_patterns("pc.json"))
    db = open_database(copy)
    try:
        local = LocalOffice(db)
        user = local.login("petugas1", PASSWORD)
        counter = bench_office.counters[1]
        service = bench_office.services["A"]

        def setup() -> None:
            current = local.current(counter)
            if current is not None:
                local.skip(current.id, counter, actor=user)
            local.issue(service, None, actor=None)

        def press() -> None:
            ticket = local.call_next(counter, actor=user)
            assert ticket is not None
            shown = {c.label for c in local.board().counters}
            assert ticket.label in shown

        benchmark.pedantic(press, setup=setup, rounds=ROUNDS, warmup_rounds=2)
    finally:
        db.close()
    benchmark.extra_info["p95_ms"] = round(p95(_samples(benchmark)) * 1000, 1)
    record(
        "key to display, 1 process",
        f"F1 → board, LocalOffice (baseline; p95 {benchmark.extra_info['p95_ms']} ms)",
        benchmark,
    )


def test_key_on_one_client_to_display_on_another_through_the_hub(
    benchmark: BenchmarkFixture,
    bench_hub: HubProcess,
    bench_office: HubOffice,
    tmp_path: Path,
    record: Recorder,
) -> None:
    pair_pc(bench_hub, tmp_path / "counter", "Loket 1")
    pair_pc(bench_hub, tmp_path / "display", "Layar")
    counter_pc, display_pc = read_pc(tmp_path / "counter"), read_pc(tmp_path / "display")
    assert counter_pc.hub_url and counter_pc.fingerprint and counter_pc.token
    assert display_pc.fingerprint and display_pc.token
    operator = LanOffice(counter_pc.hub_url, counter_pc.fingerprint, counter_pc.token)
    display = LanOffice(counter_pc.hub_url, display_pc.fingerprint, display_pc.token)
    user = operator.login("petugas1", PASSWORD)
    counter = bench_office.counters[1]
    service = bench_office.services["A"]
    shown: set[str | None] = set()
    changed = threading.Condition()

    def on_change(_number: int) -> None:  # the display PC: look again, as its window does
        labels = {c.label for c in display.board().counters}
        with changed:
            shown.clear()
            shown.update(labels)
            changed.notify_all()

    feed = LanFeed(counter_pc.hub_url, display_pc.fingerprint, display_pc.token)
    feed.subscribe(on_change)

    def setup() -> None:
        current = operator.current(counter)
        if current is not None:
            operator.skip(current.id, counter, actor=user)
        operator.issue(service, None, actor=None)

    def press() -> None:
        ticket = operator.call_next(counter, actor=user)
        assert ticket is not None
        with changed:
            assert changed.wait_for(lambda: ticket.label in shown, timeout=5.0)

    try:
        deadline = time.monotonic() + 20
        while feed.connects == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        benchmark.pedantic(press, setup=setup, rounds=ROUNDS, warmup_rounds=2)
    finally:
        feed.close()
        operator.close()
        display.close()
    benchmark.extra_info["p95_ms"] = round(p95(_samples(benchmark)) * 1000, 1)
    record(
        "key to display, hub",
        "F1 on client A → number on client B's display, HTTPS + WebSocket "
        f"(p95 {benchmark.extra_info['p95_ms']} ms)",
        benchmark,
        vs=("key to display, 1 process",),
        target="p95 < 150 ms",
    )


def test_baseline_in_process_use_case_rate(
    benchmark: BenchmarkFixture, bench_office: HubOffice, tmp_path: Path, record: Recorder
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(bench_office.data_dir, copy, ignore=shutil.ignore_patterns("pc.json"))
    db = open_database(copy)
    try:
        local = LocalOffice(db)
        user = local.login("petugas1", PASSWORD)
        counter = bench_office.counters[1]
        service = bench_office.services["A"]
        current = local.current(counter)
        if current is not None:
            local.skip(current.id, counter, actor=user)

        def one_round() -> None:  # the same three actions a client does, one after another
            local.issue(service, None, actor=None)
            ticket = local.call_next(counter, actor=user)
            assert ticket is not None
            local.skip(ticket.id, counter, actor=user)

        benchmark.pedantic(one_round, rounds=CLIENTS * MIX_ROUNDS // 4, warmup_rounds=2)
    finally:
        db.close()
    stats = benchmark.stats
    if stats is not None:
        benchmark.extra_info["actions_per_s"] = round(3 / stats.stats.mean, 1)
    rate = benchmark.extra_info.get("actions_per_s", "?")
    record(
        "in-process rate",
        f"issue + call next + skip, LocalOffice (baseline; {rate} actions/s)",
        benchmark,
    )


def test_ten_clients_issuing_and_calling_at_once(
    benchmark: BenchmarkFixture,
    bench_hub: HubProcess,
    bench_office: HubOffice,
    tmp_path: Path,
    record: Recorder,
) -> None:
    for n in range(1, CLIENTS + 1):
        pair_pc(bench_hub, tmp_path / f"pc{n}", f"Loket {n}")
    service = bench_office.services["B"]
    figures: dict[str, float] = {}

    go = tmp_path / "go"
    children = [
        spawn_lan_child("mix", tmp_path / f"pc{n}", service, bench_office.counters[n],
                        f"petugas{n}", MIX_ROUNDS, go, stderr=tmp_path / f"pc{n}.stderr")
        for n in range(1, CLIENTS + 1)
    ]  # fmt: skip
    # Not timed: ten processes start and their operators log in (each says so by a file).
    users = [f"petugas{n}" for n in range(1, CLIENTS + 1)]
    deadline = time.monotonic() + 120
    while not all(ready(go, user).exists() for user in users):
        assert time.monotonic() < deadline, "the clients did not all log in within 2 minutes"
        time.sleep(0.05)

    def morning() -> None:
        go.touch()
        outputs = [child.lines() for child in children]
        codes = [child.proc.returncode for child in children]
        assert all(outputs), f"a client printed nothing; exit codes {codes}"
        results = [json.loads(lines[-1]) for lines in outputs]
        latencies = [x for r in results for x in r["latencies"]]
        assert len(latencies) >= CLIENTS * MIX_ROUNDS * 2
        figures["p95"] = p95(latencies)
        figures["rate"] = len(latencies) / max(r["elapsed"] for r in results)

    benchmark.pedantic(morning, rounds=1, iterations=1)
    benchmark.extra_info["p95_ms_per_action"] = round(figures["p95"] * 1000, 1)
    benchmark.extra_info["actions_per_s"] = round(figures["rate"], 1)
    record(
        "10 clients, hub",
        f"{CLIENTS} client processes × {MIX_ROUNDS} (issue, call next, skip) at once "
        f"(p95 {benchmark.extra_info['p95_ms_per_action']} ms/action, "
        f"{benchmark.extra_info['actions_per_s']} actions/s)",
        benchmark,
        target="p95 < 50 ms/action; rate ≥ ½ in-process",
    )
