"""Password hashing with scrypt, a memory-hard KDF from the standard library, and the
password policy.

Why scrypt and not a new dependency: hashlib.scrypt ships with every CPython build
Loket supports (OpenSSL 1.1+), so the Windows bundle needs nothing extra, and its
memory cost makes stolen hashes expensive to crack.

The cost: n=2**16, r=8, p=1 (64 MiB per guess), half of OWASP's current scrypt figure
(n=2**17). Measured on a 2-core Xeon VM under load: ~120-150 ms of CPU for n=2**15,
~230-260 ms for n=2**16, ~520-540 ms for n=2**17, so 2**16 is the most a login on an old
office PC affords within ~250 ms. The parameters are stored in each hash: old hashes keep
theirs and are re-hashed at the current cost on the next good login (``needs_rehash``).

The policy: admins and supervisors need at least 8 characters (they can change the office
and see personal data, and their hash is what a stolen backup exposes); operators may keep
a PIN of 4-6 digits typed at the counter, because five wrong tries lock the account.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache

from loket.core.errors import InvalidInput


@dataclass(frozen=True)
class Cost:
    n: int = 2**16
    r: int = 8
    p: int = 1


#: Set only by the test suite (it makes hundreds of accounts, also in child processes):
#: a cheap cost there. Never set in the field; the doctor has nothing to do with it.
ENV_WEAK_FOR_TESTS = "LOKET_TEST_WEAK_PASSWORD_HASHES"
#: The cost of new hashes.
COST = Cost(n=2**12) if os.environ.get(ENV_WEAK_FOR_TESTS) == "1" else Cost()
MIN_LENGTH = 8  # admins, supervisors, and operators who use a password rather than a PIN
PIN_LENGTHS = range(4, 7)  # an operator's PIN: 4-6 ASCII digits
MAX_LENGTH = 256
#: The roles that may log in with a short PIN (the lock-out limits guessing).
PIN_ROLES = frozenset({"operator"})


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=256 * n * r + 128 * r * p + 2**20,
        dklen=32,
    )


def _is_pin(password: str) -> bool:
    return len(password) in PIN_LENGTHS and password.isascii() and password.isdigit()


def check_strength(password: str, role: str = "admin") -> None:
    """Refuse a password the policy does not allow for ``role`` (Indonesian message)."""
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"Kata sandi terlalu panjang (paling banyak {MAX_LENGTH} karakter).")
    if password and not password.strip():  # eight presses of the space bar
        raise InvalidInput("Kata sandi tidak boleh hanya berisi spasi.")
    if len(password) >= MIN_LENGTH:
        return
    if str(role) in PIN_ROLES:
        if _is_pin(password):
            return
        raise InvalidInput(
            f"Kata sandi petugas paling sedikit {MIN_LENGTH} karakter, "
            f"atau PIN {PIN_LENGTHS.start}-{PIN_LENGTHS.stop - 1} angka."
        )
    raise InvalidInput(f"Kata sandi admin dan supervisor paling sedikit {MIN_LENGTH} karakter.")


def hash_password(password: str, *, n: int | None = None, r: int | None = None,
                  p: int | None = None) -> str:  # fmt: skip
    """A salted scrypt hash at the current cost (the policy is checked by the callers,
    who know the account's role)."""
    if not password or len(password) > MAX_LENGTH:
        raise InvalidInput("Kata sandi kosong atau terlalu panjang.")
    n, r, p = n or COST.n, r or COST.r, p or COST.p
    salt = secrets.token_bytes(16)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(_derive(password, salt, n, r, p))}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _derive(password[:MAX_LENGTH], _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError, OverflowError, MemoryError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def needs_rehash(stored: str) -> bool:
    """True when ``stored`` was made at a lower cost than today's (upgrade it at login)."""
    try:
        scheme, n, r, p, _salt, _digest = stored.split("$")
        cost = int(n) * int(r) * int(p)
        return scheme != "scrypt" or int(n) < COST.n or cost < COST.n * COST.r * COST.p
    except ValueError:
        return True


@lru_cache(maxsize=4)
def _dummy(cost: Cost) -> str:
    return hash_password(secrets.token_urlsafe(16), n=cost.n, r=cost.r, p=cost.p)


def burn_time(password: str) -> None:
    """Spend what a real check costs, for a name that has no account: an unknown user
    must not answer faster than a known one (that would list the accounts)."""
    verify_password(password, _dummy(COST))
