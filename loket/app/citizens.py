"""Optional personal data of a citizen at the counter (UU 27/2022: only what is needed).

Name and phone are kept as typed; the NIK is validated for structure, then kept only as
a keyed, deliberately slow hash (``loket.core.nikhash``) plus its last four digits, so
screens show ``************0001`` and a returning citizen can be found by the full NIK.
The key lives outside the data folder (``loket.paths.key_dir``, per user, never in a
backup), so a copied database or backup alone does not reveal anyone's NIK.
"""

from __future__ import annotations

import os
import re
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from loket.core.days import utc_now
from loket.core.errors import InvalidInput, NotFound
from loket.core.nik import is_ascii_digits, parse_nik
from loket.core.nikhash import nik_hash
from loket.core.settings import NIK_KEY_ID
from loket.paths import key_dir
from loket.store.database import Database
from loket.store.models import CitizenRow, TicketRow
from loket.store.settings import read_setting, write_setting

#: The file name the key had beside the database (moved out at the first use).
LEGACY_KEY_FILE = "nik.key"
#: The setting naming this database's key file in the key folder.
KEY_BYTES = 32


def key_path(key_id: str) -> Path:
    return key_dir() / f"nik-{key_id}.key"


def _read_key(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) != KEY_BYTES:
        raise InvalidInput(f"Kunci NIK {path} rusak; pulihkan dari salinannya.")
    return key


def _write_key(path: Path, key: bytes) -> None:
    """Owner-only, written whole (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with _quiet():
        os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class _quiet:
    """Ignore what a filesystem without POSIX modes (FAT on a USB disk) says to chmod."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], OSError)  # type: ignore[arg-type]


def nik_key(db: Database) -> bytes:
    """This office database's NIK key, created (or moved out of the data folder) on
    first use.

    The database names its key (a random id in the settings); the key itself is a file
    in the per-user key folder, apart from the data folder and the backups. A key left
    beside the database by an older Loket (``nik.key``) is moved there. A database that
    holds NIK hashes but whose key is missing refuses, instead of hashing with a new key
    that would never find anyone again.
    """
    legacy = db.path.parent / LEGACY_KEY_FILE
    with db.read() as s:
        key_id = read_setting(s, NIK_KEY_ID) or None
    if key_id is not None and key_path(key_id).exists():
        if legacy.exists():
            legacy.unlink()  # moved earlier; a stale copy must not stay beside the data
        return _read_key(key_path(key_id))
    key_id = key_id or str(uuid.uuid4())
    path = key_path(key_id)
    if legacy.exists():
        key = _read_key(legacy)
        _write_key(path, key)
        legacy.unlink()
    else:
        with db.read() as s:
            hashed = s.scalar(select(CitizenRow.ticket_id).where(CitizenRow.nik_hash.is_not(None)))
        if hashed is not None:
            raise InvalidInput(
                f"Kunci NIK kantor ini tidak ada ({path}). Salin berkas kunci dari komputer "
                "lama ke folder itu agar warga dapat dicari dengan NIK."
            )
        key = secrets.token_bytes(KEY_BYTES)
        _write_key(path, key)
    with db.write() as s:
        write_setting(s, NIK_KEY_ID, key_id)
    return key


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
    key = nik_key(db) if info else b""
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
        row.nik_district = None  # no longer kept: the last four digits are enough
        row.nik_last4 = info.nik[-4:] if info else None
        row.updated_at = utc_now()
        return _view(row)


def _view(row: CitizenRow) -> CitizenView:
    nik = f"************{row.nik_last4}" if row.nik_last4 else None
    return CitizenView(row.name, mask_phone(row.phone) if row.phone else None, nik)


def citizen_for(db: Database, ticket_id: str) -> CitizenView | None:
    with db.read() as s:
        row = s.get(CitizenRow, ticket_id)
        return _view(row) if row is not None else None


def tickets_for_nik(db: Database, nik: str) -> list[str]:
    """Ticket ids of a citizen found by full NIK (a returning citizen's history)."""
    info = parse_nik(nik)
    digest = nik_hash(nik_key(db), info.nik)
    with db.read() as s:
        return list(s.scalars(select(CitizenRow.ticket_id).where(CitizenRow.nik_hash == digest)))
