"""Retrying a call: capped exponential backoff with full jitter, honouring Retry-After.

Full jitter (a uniform wait between 0 and the capped exponential) spreads a city's
desks apart after an outage instead of having them all return in the same second.
Waiting is done through a ``wait(seconds) -> bool`` callable (usually a
``threading.Event.wait`` of the sync loop's stop event inverted), so stopping the loop
interrupts a backoff at once.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from loket.sync.client import SyncError

T = TypeVar("T")
Wait = Callable[[float], bool]  # True: go on; False: stop requested


class Stopped(SyncError):
    """The sync loop is stopping: the retry was abandoned."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6  # tries of one call before the sync run gives up
    base: float = 1.0  # seconds; the first retry waits up to this
    cap: float = 60.0  # no backoff is longer than this
    max_retry_after: float = 15 * 60.0  # a server asking for more is not believed

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt + 1`` (``attempt`` from 0)."""
        backoff = rng.uniform(0.0, min(self.cap, self.base * 2.0**attempt))
        if retry_after is None:
            return backoff
        return max(backoff, min(retry_after, self.max_retry_after))


def call_with_retry(
    call: Callable[[], T], policy: RetryPolicy, wait: Wait, rng: random.Random
) -> T:
    """``call()``, retried on retryable ``SyncError``; the last error is raised."""
    attempt = 0
    while True:
        try:
            return call()
        except SyncError as exc:
            attempt += 1
            if not exc.retryable or attempt >= policy.attempts:
                raise
            if not wait(policy.delay(attempt - 1, rng, exc.retry_after)):
                raise Stopped("Sinkronisasi dihentikan.", code="stopped") from exc
