"""Small pieces of the desk side: retry policy, protocol envelope, client error sorting."""

from __future__ import annotations

import random
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from loket.core.tickets import EventKind, TicketEvent
from loket.sync.client import NetworkError, Refused, ServerError, SyncError, _retry_after
from loket.sync.retry import RetryPolicy, Stopped, call_with_retry
from loket.sync.schemas import EventIn, PushRequest


def test_backoff_is_capped_full_jitter_and_honours_retry_after() -> None:
    policy = RetryPolicy(base=1.0, cap=8.0, max_retry_after=60.0)
    rng = random.Random(3)
    for attempt in range(10):
        ceiling = min(8.0, 2.0**attempt)
        delays = [policy.delay(attempt, rng) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8 and min(delays) < ceiling * 0.2  # spread out
    assert all(policy.delay(0, rng, retry_after=30.0) >= 30.0 for _ in range(50))
    assert policy.delay(0, rng, retry_after=10_000.0) == 60.0  # not believed beyond the max


def test_call_with_retry_retries_only_what_can_help() -> None:
    waits: list[float] = []
    calls = iter([NetworkError("x"), ServerError("y", retry_after=2.0), "ok"])

    def flaky() -> str:
        result = next(calls)
        if isinstance(result, Exception):
            raise result
        return result

    policy = RetryPolicy(attempts=5, base=0.5, cap=1.0)
    assert (
        call_with_retry(flaky, policy, lambda s: waits.append(s) or True, random.Random(1)) == "ok"
    )
    assert len(waits) == 2 and waits[1] >= 2.0

    refused = iter([Refused("no")])
    with pytest.raises(Refused):
        call_with_retry(lambda: (_ for _ in ()).throw(next(refused)), policy, lambda s: True,
                        random.Random(1))  # fmt: skip

    attempts = []

    def always_down() -> None:
        attempts.append(1)
        raise NetworkError("down")

    with pytest.raises(NetworkError):
        call_with_retry(always_down, RetryPolicy(attempts=3, base=0.0), lambda s: True,
                        random.Random(1))  # fmt: skip
    assert len(attempts) == 3


def test_stopping_interrupts_a_backoff_at_once() -> None:
    stop = threading.Event()
    stop.set()

    def down() -> None:
        raise NetworkError("down")

    with pytest.raises(Stopped):
        call_with_retry(down, RetryPolicy(base=3600.0, cap=3600.0),
                        lambda s: not stop.wait(s), random.Random(1))  # fmt: skip
    assert issubclass(Stopped, SyncError)


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    assert _retry_after("7", now) == 7.0
    assert _retry_after("Mon, 23 Nov 2026 02:00:30 GMT", now) == 30.0
    assert _retry_after("Mon, 23 Nov 2026 01:00:00 GMT", now) == 0.0
    assert _retry_after("soon", now) is None and _retry_after(None, now) is None


def test_the_event_envelope_round_trips_and_judges_items_strictly() -> None:
    event = TicketEvent(
        id=str(uuid.uuid4()),
        ticket_id=str(uuid.uuid4()),
        kind=EventKind.CALLED,
        at=datetime(2026, 11, 23, 2, 0, tzinfo=UTC) + timedelta(microseconds=5),
        counter_id=2,
        user_id=None,
        data={"x": [1, "a"]},
    )
    item = EventIn(
        seq=7,
        id=event.id,
        ticket_id=event.ticket_id,
        kind=event.kind.value,
        at=event.at.isoformat(),
        counter_id=event.counter_id,
        user_id=event.user_id,
        data=dict(event.data),
    )
    assert EventIn.model_validate_json(item.model_dump_json()).to_event() == event
    for bad, why in [
        ({"kind": "nope"}, "tidak dikenal"),
        ({"id": "1234"}, "bukan UUID"),
        ({"at": "2026-11-23 02:00"}, "tanpa zona"),
        ({"at": "kemarin"}, "bukan ISO"),
    ]:
        with pytest.raises(ValueError, match=why):
            item.model_copy(update=bad).to_event()


def test_a_push_must_be_in_sequence_order_after_its_after_seq() -> None:
    def item(seq: int) -> EventIn:
        return EventIn(seq=seq, id=str(uuid.uuid4()), ticket_id=str(uuid.uuid4()),
                       kind="issued", at="2026-11-23T02:00:00+00:00")  # fmt: skip

    PushRequest(office_code="x", desk_id="d", after_seq=3, events=[item(4), item(9)])
    for after, seqs in [(3, [3]), (0, [2, 2]), (0, [5, 4])]:
        with pytest.raises(ValidationError):
            PushRequest(office_code="x", desk_id="d", after_seq=after,
                        events=[item(s) for s in seqs])  # fmt: skip
    with pytest.raises(ValidationError):
        PushRequest(office_code="x", desk_id="d", after_seq=0, events=[])
