"""Token-bucket rate limits, shared by the city server and the office hub.

One module, not two copies: the city server limits each desk and each address that
fails to authenticate; the hub limits each address (and the office as a whole) that
fails a pairing code or an operator login. Both answer 429 with ``Retry-After`` from
the same arithmetic, so a fix here protects both.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimit", "RateLimiter", "retry_after"]


@dataclass(frozen=True)
class RateLimit:
    """``rate`` requests per second on average, bursts of up to ``burst``."""

    rate: float = 20.0
    burst: float = 40.0


class RateLimiter:
    """Token buckets per key (a desk id, a client address), in this process's memory.

    Good enough for one server process; behind several workers each has its own buckets,
    which only makes the limit a little looser.
    """

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float | None:
        """Take one token; None when allowed, else the seconds to wait (Retry-After)."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.limit.burst, now))
            tokens = min(self.limit.burst, tokens + (now - last) * self.limit.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return None
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.limit.rate if self.limit.rate > 0 else math.inf

    def blocked(self, key: str) -> float | None:
        """Like ``acquire`` without taking a token: the wait while ``key`` is out of them."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.limit.burst, now))
            tokens = min(self.limit.burst, tokens + (now - last) * self.limit.rate)
            if tokens >= 1.0:
                return None
            return (1.0 - tokens) / self.limit.rate if self.limit.rate > 0 else math.inf

    def prune(self, max_keys: int = 100_000) -> None:
        """Forget the oldest buckets past ``max_keys`` (a flood from many addresses)."""
        with self._lock:
            if len(self._buckets) <= max_keys:
                return
            keep = sorted(self._buckets.items(), key=lambda kv: kv[1][1])[-max_keys // 2 :]
            self._buckets = dict(keep)


def retry_after(wait: float) -> str:
    """The ``Retry-After`` header value for a wait in seconds (whole seconds, at least 1)."""
    return str(max(1, math.ceil(wait))) if math.isfinite(wait) else "3600"
