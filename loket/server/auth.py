"""Secrets and limits: desk tokens, enrollment codes, per-desk rate limiting.

A token is 256 random bits, so a plain SHA-256 of it is enough to store (nobody can
guess a preimage); a slow password hash would only slow every request. Enrollment codes
are short enough to type (60 bits), single-use, expiring, and ``/enroll`` is rate
limited per client address so they cannot be guessed either.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Iterable

# The limiter is shared with the office hub (one module, not two copies); the names stay
# importable from here for the server's modules.
from loket.ratelimit import RateLimit as RateLimit
from loket.ratelimit import RateLimiter as RateLimiter

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone
CODE_LENGTH = 12


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _seal_pad(code: str, request_id: str, desk_id: str) -> bytes:
    """A 32-byte pad only the holder of the (normalized) enrollment code can make."""
    message = f"loket-enroll\0{request_id}\0{desk_id}".encode()
    return hmac.new(code.encode("utf-8"), message, hashlib.sha256).digest()


def seal_token(token: str, code: str, request_id: str, desk_id: str) -> str:
    """``token`` (from ``new_token``) XOR a pad from the code: hex, 64 characters."""
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    pad = _seal_pad(code, request_id, desk_id)
    if len(raw) != len(pad):
        raise ValueError("token of an unexpected length")
    return bytes(a ^ b for a, b in zip(raw, pad, strict=True)).hex()


def unseal_token(seal: str, code: str, request_id: str, desk_id: str) -> str:
    raw = bytes(
        a ^ b
        for a, b in zip(bytes.fromhex(seal), _seal_pad(code, request_id, desk_id), strict=True)
    )
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


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


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(specs: Iterable[str]) -> tuple[Network, ...]:
    """``["10.0.0.5", "192.168.1.0/24"]`` -> networks; a bad entry raises ``ValueError``."""
    return tuple(ipaddress.ip_network(spec.strip(), strict=False) for spec in specs if spec.strip())


def _in(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]
) -> str:
    """The address a request came from, for rate limits and logs.

    ``X-Forwarded-For`` is anyone's to write, so it counts only when the direct peer is a
    configured trusted proxy; then the address is the right-most entry that is not a
    trusted proxy itself (entries further left were written by the client).
    """
    address = peer or "unknown"
    if not trusted or not forwarded_for or not _in(address, trusted):
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        if not hop:
            continue
        if not _in(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address  # garbage from the proxy: fall back to the peer
        address = hop
    return address
