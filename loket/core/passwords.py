"""Password hashing with scrypt, a memory-hard KDF from the standard library.

Why scrypt and not a new dependency: hashlib.scrypt ships with every CPython build
Loket supports (OpenSSL 1.1+), so the Windows bundle needs nothing extra, and its
memory cost (n=2**15, r=8: 32 MiB per guess) makes stolen hashes expensive to crack.
The parameters are stored in each hash, so they can grow without breaking old ones.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from loket.core.errors import InvalidInput

N, R, P = 2**15, 8, 1
MIN_LENGTH = 4  # a 4-digit PIN is allowed at a counter; lock-out limits guessing


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32
    )


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"Kata sandi paling sedikit {MIN_LENGTH} karakter.")
    if len(password) > 256:
        raise InvalidInput("Kata sandi terlalu panjang (paling banyak 256 karakter).")


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    check_strength(password)
    salt = secrets.token_bytes(16)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(_derive(password, salt, n, r, p))}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = _derive(password, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))
