"""The write path: issuing and calling next, beside a bare SQLite INSERT + COMMIT.

Both sides in the same steady state: the same folder (one disk), the app's pragmas (WAL,
``synchronous=FULL``), one fsync of the WAL per commit (strace: 300 bare commits, 300
fdatasyncs; 300 issues, 312: their WAL fills ~7x faster, so SQLite checkpoints a few
times more), and neither WAL file growing any more (see ``BareCommit.warm``).

Targets (read off the table, never asserted): ``issue`` within 3x the bare commit,
``call_next`` with 10,000 waiting within 1.5x ``issue``, and ``issue`` with 10,000 waiting
as fast as on an empty queue (its estimate must not grow with the queue). They run in
this order, in one group, so each ratio is taken within the run.
"""

from __future__ import annotations

import functools
import time

import pytest
from pytest_benchmark.fixture import BenchmarkFixture

from loket.core.tickets import Ticket, TicketState

from .support import BareCommit, DemoDesk, Recorder, waiting_count

pytestmark = pytest.mark.benchmark(group="write path vs bare commit")

ROUNDS = 300
WARMUP = 10
#: Issues before timing: ~14 WAL pages each, so 100 pass the WAL's first restart (the
#: bare file is warmed the same way: ``BareCommit.warm``).
WARMUP_ISSUE = 100
QUEUE = 10_000


def test_baseline_bare_commit(
    benchmark: BenchmarkFixture, bare_commit: BareCommit, record: Recorder
) -> None:
    benchmark.pedantic(bare_commit, rounds=ROUNDS, warmup_rounds=WARMUP)
    assert bare_commit.count() == bare_commit.done
    record("bare commit", "bare sqlite3 INSERT + COMMIT (baseline)", benchmark)


def test_issue_one_ticket(
    benchmark: BenchmarkFixture, demo_office: DemoDesk, bare_commit: BareCommit, record: Recorder
) -> None:
    service = demo_office.service_ids["A"]
    paired: list[float] = []

    def bare_before() -> None:
        # Untimed by the benchmark: one bare commit just before each issue, so the paired
        # ratio is taken under the same load and the same state of the disk.
        started = time.perf_counter()
        bare_commit()
        paired.append(time.perf_counter() - started)

    result = benchmark.pedantic(demo_office.desk.issue, args=(service,), setup=bare_before,
                                rounds=ROUNDS, warmup_rounds=WARMUP_ISSUE)  # fmt: skip
    issued = waiting_count(demo_office.db)
    assert result.ticket.state is TicketState.WAITING
    assert result.ticket.service_id == service
    assert result.ticket.number == issued  # one new number per round, none lost
    assert result.ahead == issued - 1
    record.times(
        "bare commit paired", "bare commit, each just before an issue", paired[WARMUP_ISSUE:]
    )
    record(
        "issue",
        "`Desk.issue` (demo office)",
        benchmark,
        vs=("bare commit", "bare commit paired"),
        target="≤ 3× bare commit",
    )


def test_call_next_10k_waiting(
    benchmark: BenchmarkFixture,
    queue_10k: DemoDesk,
    second_office: DemoDesk,
    record: Recorder,
) -> None:
    desk = queue_10k.desk
    counter = queue_10k.counter_ids[2]  # serves every service
    called: list[Ticket | None] = []
    paired: list[float] = []
    issue_paired = functools.partial(second_office.desk.issue, second_office.service_ids["A"])
    for _ in range(WARMUP_ISSUE):  # the paired office's WAL past its first restart
        issue_paired()

    def skip_previous() -> None:
        # Not timed: a counter calls nobody new while its last call is open.
        if called and called[-1] is not None:
            desk.skip(called[-1].id, counter)
        # Untimed by the benchmark: an issue on an empty demo office just before each
        # call-next, on the same disk, so the ratio to issue is taken under the same load
        # (the separate issue test runs minutes apart; the disk's speed drifts between).
        started = time.perf_counter()
        issue_paired()
        paired.append(time.perf_counter() - started)

    def call_next() -> Ticket | None:
        ticket = desk.call_next(counter)
        called.append(ticket)
        return ticket

    ticket = benchmark.pedantic(call_next, setup=skip_previous, rounds=ROUNDS, warmup_rounds=WARMUP)
    assert ticket is not None
    assert ticket.state is TicketState.CALLED
    assert ticket.counter_id == counter
    assert all(t is not None for t in called)
    assert len({t.id for t in called if t is not None}) == len(called)  # a new one each time
    assert waiting_count(queue_10k.db) == QUEUE - len(called)
    benchmark.extra_info["waiting_at_end"] = QUEUE - len(called)
    record.times("issue paired", "issue on an empty office, each just before a call-next",
                 paired[WARMUP:])  # fmt: skip
    record(
        "call next",
        f"`Desk.call_next` ({QUEUE:,} waiting)",
        benchmark,
        vs=("issue", "issue paired", "bare commit"),
        target="≤ 1.5× issue",
    )


def test_issue_10k_waiting(
    benchmark: BenchmarkFixture, queue_10k: DemoDesk, record: Recorder
) -> None:
    service = queue_10k.service_ids["A"]
    result = benchmark.pedantic(
        queue_10k.desk.issue, args=(service,), rounds=ROUNDS, warmup_rounds=WARMUP
    )
    assert result.ticket.state is TicketState.WAITING
    assert result.ahead > 1000  # the estimate counted the real queue
    record(
        "issue 10k",
        f"`Desk.issue` with {QUEUE:,} waiting",
        benchmark,
        vs=("issue", "bare commit"),
        target="≈ 1× issue (no growth with the queue)",
    )


def test_serve_cycle(benchmark: BenchmarkFixture, queue_10k: DemoDesk, record: Recorder) -> None:
    """call next, recall, start, finish and a transfer's skip: the counter's other keys."""
    desk = queue_10k.desk
    counter = queue_10k.counter_ids[2]

    def cycle() -> None:
        ticket = desk.call_next(counter)
        assert ticket is not None
        desk.recall(ticket.id, counter)
        desk.start(ticket.id, counter)
        desk.finish(ticket.id, counter)

    benchmark.pedantic(cycle, rounds=ROUNDS // 3, warmup_rounds=WARMUP)
    benchmark.extra_info["use_cases_per_round"] = 4
    record(
        "serve cycle",
        "call next + recall + start + finish (4 transactions, 10,000 waiting)",
        benchmark,
        vs=("issue", "bare commit"),
        target="≈ 4× issue",
    )
