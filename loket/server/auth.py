"""Secrets and limits: desk tokens, enrollment codes, per-desk rate limiting.

A token is 256 random bits, so a plain SHA-256 of it is enough to store (nobody can
guess a preimage); a slow password hash would only slow every request. Enrollment codes
are short enough to type (60 bits), single-use, expiring, and ``/enroll`` is rate
limited per client address so they cannot be guessed either.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
CODE_LENGTH = 12


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_enrollment_code(raw: str) -> str:
    """What a person types (lower case, spaces, dashes) -> the canonical XXXX-XXXX-XXXX."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def bearer_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


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
