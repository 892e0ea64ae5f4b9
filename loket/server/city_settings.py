"""The city's name and logo on its public pages, set on the server (``loket server city``).

Kept in the server's database (``city_settings``), so every worker of a city server and
every restart shows the same; ``LOKET_CITY_NAME`` still works as the fallback of a
server nobody has configured yet.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from loket.server.satisfaction_models import CitySetting

DEFAULT_NAME = "Layanan kelurahan se-kota"
MAX_NAME = 120
MAX_LOGO_BYTES = 512 * 1024
#: Accepted logo formats by their first bytes (a file's name may lie).
LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


class SettingError(ValueError):
    """A setting the server refuses, with an Indonesian message for the CLI."""


@dataclass(frozen=True)
class Logo:
    data: bytes
    media_type: str


def city_name(s: Session) -> str:
    row = s.get(CitySetting, "name")
    if row is not None and row.text:
        return row.text
    return os.environ.get("LOKET_CITY_NAME", "").strip() or DEFAULT_NAME


def city_logo(s: Session) -> Logo | None:
    row = s.get(CitySetting, "logo")
    if row is None or not row.data or not row.text:
        return None
    return Logo(row.data, row.text)


def logo_type(data: bytes) -> str:
    for magic, media_type in LOGO_TYPES.items():
        if data.startswith(magic):
            return media_type
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower()):
        return "image/svg+xml"
    raise SettingError("Logo harus berkas PNG, JPEG atau SVG.")


def set_name(s: Session, name: str, now: datetime) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise SettingError("Nama kota tidak boleh kosong.")
    if len(clean) > MAX_NAME:
        raise SettingError(f"Nama kota paling panjang {MAX_NAME} karakter.")
    _put(s, "name", clean, None, now)
    return clean


def set_logo(s: Session, data: bytes | None, now: datetime) -> str | None:
    """Store the logo (None: back to the bundled one); returns its media type."""
    if data is None:
        row = s.get(CitySetting, "logo")
        if row is not None:
            s.delete(row)
        return None
    if len(data) > MAX_LOGO_BYTES:
        raise SettingError(f"Logo terlalu besar (paling besar {MAX_LOGO_BYTES // 1024} KB).")
    media_type = logo_type(data)
    _put(s, "logo", media_type, data, now)
    return media_type


def _put(s: Session, key: str, text: str | None, data: bytes | None, now: datetime) -> None:
    row = s.get(CitySetting, key)
    if row is None:
        s.add(CitySetting(key=key, text=text, data=data, updated_at=now))
    else:
        row.text, row.data, row.updated_at = text, data, now
