"""Optional personal data of a citizen at the counter (UU 27/2022: only what is needed).

Name and phone are kept as typed; the NIK is validated for structure, then kept only as
an HMAC with a key stored beside (not inside) the database plus its district and last
four digits, so screens show ``3273********0001`` and a returning citizen can be found
by the full NIK, yet a copied database file alone does not reveal anyone's NIK.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from loket.core.days import utc_now
from loket.core.errors import InvalidInput, NotFound
from loket.core.nik import is_ascii_digits, parse_nik
from loket.store.database import Database
from loket.store.models import CitizenRow, TicketRow

KEY_FILE = "nik.key"


def nik_key(data_dir: Path) -> bytes:
    """The office's NIK hashing key, created on first use, readable by its owner only."""
    path = data_dir / KEY_FILE
    if path.exists():
        key = path.read_bytes()
        if len(key) != 32:
            raise InvalidInput(f"Kunci NIK {path} rusak; pulihkan dari cadangan.")
        return key
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def nik_hash(key: bytes, nik: str) -> str:
    return hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()


def normalize_phone(raw: str) -> str:
    """'0812-3456-7890' or '+62 812 3456 7890' -> '081234567890' (ASCII digits only)."""
    digits = re.sub(r"[\s().-]", "", unicodedata.normalize("NFKC", raw))
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    if not is_ascii_digits(digits) or not digits.startswith("0") or not 9 <= len(digits) <= 14:
        raise InvalidInput("Nomor telepon tidak valid (contoh: 0812-3456-7890).")
    return digits


def mask_phone(phone: str) -> str:
    return phone[:4] + "*" * max(0, len(phone) - 7) + phone[-3:] if len(phone) > 7 else "***"


def mask_name(name: str) -> str:
    """'Siti Aminah' -> 'Siti A.': enough for the counter, not a full identity."""
    parts = name.split()
    if len(parts) <= 1:
        return name
    return parts[0] + " " + " ".join(p[0] + "." for p in parts[1:])


@dataclass(frozen=True)
class CitizenView:
    """What screens may show: masked, never the full NIK."""

    name: str | None
    phone_masked: str | None
    nik_masked: str | None


def save_citizen(db: Database, ticket_id: str, *, name: str = "", nik: str = "",
                 phone: str = "") -> CitizenView:  # fmt: skip
    clean_name = " ".join(name.split()) or None
    if clean_name and len(clean_name) > 100:
        raise InvalidInput("Nama terlalu panjang (paling banyak 100 karakter).")
    clean_phone = normalize_phone(phone) if phone.strip() else None
    info = parse_nik(nik) if nik.strip() else None
    key = nik_key(db.path.parent) if info else b""
    with db.write() as s:
        if s.get(TicketRow, ticket_id) is None:
            raise NotFound("Antrian tidak ditemukan.", ticket_id=ticket_id)
        row = s.get(CitizenRow, ticket_id)
        if row is None:
            row = CitizenRow(ticket_id=ticket_id, updated_at=utc_now())
            s.add(row)
        row.name = clean_name
        row.phone = clean_phone
        row.nik_hash = nik_hash(key, info.nik) if info else None
        row.nik_district = info.nik[:4] if info else None
        row.nik_last4 = info.nik[-4:] if info else None
        row.updated_at = utc_now()
        return _view(row)


def _view(row: CitizenRow) -> CitizenView:
    nik = f"{row.nik_district}********{row.nik_last4}" if row.nik_last4 else None
    return CitizenView(row.name, mask_phone(row.phone) if row.phone else None, nik)


def citizen_for(db: Database, ticket_id: str) -> CitizenView | None:
    with db.read() as s:
        row = s.get(CitizenRow, ticket_id)
        return _view(row) if row is not None else None


def tickets_for_nik(db: Database, nik: str) -> list[str]:
    """Ticket ids of a citizen found by full NIK (a returning citizen's history)."""
    info = parse_nik(nik)
    digest = nik_hash(nik_key(db.path.parent), info.nik)
    with db.read() as s:
        return list(s.scalars(select(CitizenRow.ticket_id).where(CitizenRow.nik_hash == digest)))
