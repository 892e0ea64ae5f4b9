"""Booking codes and the signed QR a citizen shows at the kiosk (shared by desk and city).

The typed code is 8 characters of Crockford's base32 (no I, L, O, U: nothing to misread),
shown as ``K7M2-X9QD``; the hub finds it among the bookings it pulled. The QR carries
the code *and* what the booking is for, signed by the city (Ed25519), so a hub that
could not pull (the office was offline when the citizen booked) still honours it: it
checks the signature with the city's public key, kept from an earlier pull.

    LKT1.<base64url payload>.<base64url signature>
    payload: office code | booking code | service prefix | day | start | end
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
PREFIX = "LKT1."
_TIME = re.compile(r"^\d\d:\d\d$")


class BadCode(ValueError):
    """Not a booking code, or a signature that does not verify (message in Indonesian)."""


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """What a person typed (``k7m2 x9qd``, ``K7M2-X9QD``, an O for a 0) as a stored code."""
    raw = re.sub(r"[\s\-]", "", text).upper().translate(str.maketrans("OIL", "011"))
    if len(raw) != CODE_LENGTH or any(c not in ALPHABET for c in raw):
        raise BadCode("Kode booking terdiri dari 8 huruf/angka, mis. K7M2-X9QD.")
    return raw


def shown(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class SignedBooking:
    office_code: str
    code: str
    service_prefix: str
    day: date
    start: str
    end: str

    def payload(self) -> bytes:
        fields = (self.office_code, self.code, self.service_prefix, self.day.isoformat(),
                  self.start, self.end)  # fmt: skip
        return "|".join(fields).encode("ascii")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_private_key() -> bytes:
    """A new city signing key (32 raw bytes)."""
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def public_key_of(private_raw: bytes) -> str:
    """The public key, base64url (what desks keep)."""
    from cryptography.hazmat.primitives import serialization

    public = Ed25519PrivateKey.from_private_bytes(private_raw).public_key()
    return _b64(public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def sign(booking: SignedBooking, private_raw: bytes) -> str:
    """The QR text of a booking."""
    payload = booking.payload()
    signature = Ed25519PrivateKey.from_private_bytes(private_raw).sign(payload)
    return f"{PREFIX}{_b64(payload)}.{_b64(signature)}"


def is_signed_text(text: str) -> bool:
    return text.strip().upper().startswith(PREFIX.upper())


def verify(text: str, public_key: str) -> SignedBooking:
    """The booking a QR text carries, once its signature verifies; ``BadCode`` otherwise."""
    invalid = BadCode("Kode QR booking tidak sah (tanda tangan server kota tidak cocok).")
    text = text.strip()
    if not text.upper().startswith(PREFIX.upper()):
        raise invalid
    try:
        payload_b64, signature_b64 = text[len(PREFIX) :].split(".")
        payload, signature = _unb64(payload_b64), _unb64(signature_b64)
        Ed25519PublicKey.from_public_bytes(_unb64(public_key)).verify(signature, payload)
        office, code, prefix, day, start, end = payload.decode("ascii").split("|")
        if not (_TIME.match(start) and _TIME.match(end)):
            raise ValueError(start)
        return SignedBooking(office, normalize_code(code), prefix, date.fromisoformat(day),
                             start, end)  # fmt: skip
    except (InvalidSignature, ValueError, UnicodeDecodeError) as exc:
        raise invalid from exc
