"""The NIK's stored form: a keyed, deliberately slow hash (pure; no I/O).

Why: the NIK has little entropy. Sixteen digits, but the first six are the citizen's
district (usually the office's own kecamatan), six more a birth date, and the last four
are kept in clear to show the NIK masked. With the key at hand a fast HMAC fell to a
brute force in under a second. Here each candidate costs an HMAC with the office's key
*and* a memory-hard scrypt (n=2**14, r=8: 16 MiB, ~50 ms of CPU), so trying the ~73,000
birth dates of one district for one NIK costs about an hour of a CPU core, and without
the key (kept outside the data folder and its backups) nothing can be tried at all.

The scrypt runs over the HMAC, so rows hashed by the older scheme (the HMAC alone) are
upgraded without knowing any NIK: ``upgrade_legacy(old_hex)``.
"""

from __future__ import annotations

import hashlib
import hmac

#: Marks the current scheme; a stored hash without it is the legacy bare HMAC.
SCHEME = "s1:"
_SALT = b"loket-nik-v2"  # the key is the secret; a per-row salt would defeat the lookup
N, R, P = 2**14, 8, 1
_DKLEN = 30  # 60 hex digits + the scheme marker fit the 64-character column


def _slow(mac: bytes) -> str:
    digest = hashlib.scrypt(
        mac, salt=_SALT, n=N, r=R, p=P, maxmem=256 * N * R + 2**20, dklen=_DKLEN
    )
    return SCHEME + digest.hex()


def nik_hash(key: bytes, nik: str) -> str:
    """The stored form of an (already validated, ASCII) NIK under the office's key."""
    return _slow(hmac.new(key, nik.encode("ascii"), hashlib.sha256).digest())


def is_current(stored: str) -> bool:
    return stored.startswith(SCHEME)


def upgrade_legacy(stored: str) -> str:
    """A legacy hash (hex HMAC-SHA256 of the NIK) in the current scheme; same key."""
    if is_current(stored):
        return stored
    return _slow(bytes.fromhex(stored))
