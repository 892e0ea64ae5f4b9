"""Pushing the outbox: batch after batch, the desk's own work done while the server works.

Why: a backlog's push is a relay. The desk reads and encodes a batch, the server parses,
projects and stores it, the desk marks it sent; one after the other, each side waits
for the other half of the time (issue 14). Here the HTTP exchange runs on a worker
thread: while the server handles batch *k*, the desk reads batch *k+1*; as soon as the
answer to *k* arrives, *k+1* goes out, and the desk marks *k* sent while the server
handles *k+1*. At most one batch is in flight, so the server still sees the desk's
batches one after the other, each continuing the one before (no 409 gap).

Nothing about safety changes: a batch is marked sent only from its own answer; a crash
with a batch in flight leaves it unsent and the next run resends it (the server answers
``duplicate``); a 409 gap drops the batch read ahead and starts again from the server's
mark.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, TypeVar

from loket.store.database import Database
from loket.sync.client import GapError, Refused, SyncClient, SyncError
from loket.sync.outbox import Ack, Batch, acknowledge, dumps, next_batch, resend_after
from loket.sync.schemas import PushResponse

T = TypeVar("T")

#: How often one run follows a 409 gap before giving up (a server that keeps losing data).
MAX_GAP_RESETS = 3


class Tally(Protocol):
    """The counts of a run's report that the push adds to."""

    batches: int
    accepted: int
    duplicates: int
    rejected: int
    resent: int


@dataclass(frozen=True)
class Desk:
    """Who pushes, and how: the database, the client, its retrying and its limits."""

    db: Database
    client: SyncClient
    token: str
    desk_id: str
    office_code: str
    retry: Callable[[Callable[[], PushResponse]], PushResponse]
    stopped: Callable[[], bool]
    limit: Callable[[], int | None] | None = None  # the hub's "send nothing after"


def push_all(desk: Desk, batch_size: int, report: Tally) -> None:
    """Send every unsent event; raises ``SyncError`` when the run cannot go on.

    A batch the server finds too large (413: long notes on every event, or a server
    with a smaller body limit) is sent again in halves; the server refused it before
    reading it, so nothing of it was stored.
    """
    resets = 0
    size = batch_size
    with ThreadPoolExecutor(1, thread_name_prefix="loket-push") as pool:
        while True:
            try:
                _relay(desk, pool, size, report)
                return
            except GapError as gap:
                if resets >= MAX_GAP_RESETS:
                    raise
                resets += 1
                report.resent += resend_after(desk.db, gap.highest_seq)
            except Refused as refused:
                if refused.code != "too_large" or size == 1:
                    raise
                size = max(1, size // 2)


def _relay(desk: Desk, pool: ThreadPoolExecutor, size: int, report: Tally) -> None:
    if desk.stopped():
        raise _stopped()
    batch = _read(desk, size, None)
    if batch is None:
        return
    sending = _send(desk, pool, batch)
    while True:
        following = _read(desk, size, batch.last)  # while the server works on `batch`
        answer = sending.result()
        go_on = following is not None and not desk.stopped()
        if following is not None and go_on:
            sending = _send(desk, pool, following)  # the server starts on it at once
        _count(report, acknowledge(desk.db, batch, answer, desk.client.clock()))
        if following is None:
            return
        if not go_on:
            raise _stopped()
        batch = following


def _stopped() -> SyncError:
    return SyncError("Sinkronisasi dihentikan.", code="stopped")


def _read(desk: Desk, size: int, after: int | None) -> Batch | None:
    upto = desk.limit() if desk.limit is not None else None
    return next_batch(desk.db, size, upto, after)


def _send(desk: Desk, pool: ThreadPoolExecutor, batch: Batch) -> Future[PushResponse]:
    body = push_body(desk, batch)
    return pool.submit(desk.retry, lambda: desk.client.push_encoded(body, desk.token))


def push_body(desk: Desk, batch: Batch) -> bytes:
    """A ``PushRequest``'s JSON, with the batch's events as ``next_batch`` encoded them."""
    head = dumps(
        {
            "office_code": desk.office_code,
            "desk_id": desk.desk_id,
            "after_seq": batch.after_seq,
            "desk_clock": desk.client.clock().isoformat(),
        }
    )
    return b"".join((head[:-1], b',"events":', batch.payload, b"}"))


def _count(report: Tally, ack: Ack) -> None:
    report.batches += 1
    report.accepted += ack.accepted
    report.duplicates += ack.duplicates
    report.rejected += ack.rejected
