"""NIK (Nomor Induk Kependudukan) and kode wilayah rules from DOMAIN.md.

A NIK has no check digit and old district codes stay valid, so we check its *structure*
(16 digits, a plausible birth date with women's day + 40) and never reject a person for
an unknown district code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from loket.core.errors import InvalidInput

_NIK_RE = re.compile(r"^[0-9]{16}$")
_KODE_RE = re.compile(r"^([0-9]{2})\.?([0-9]{2})\.?([0-9]{2})\.?([0-9]{4})$")
#: Spaces, dots and dashes people type to group the digits (after NFKC, so a full-width
#: or no-break space is one of these too).
_SEPARATORS = re.compile(r"[\s.\-]")


def ascii_digits(raw: str) -> str:
    """``raw`` NFKC-normalised and without separators; full-width digits become 0-9.

    Python's ``isdigit`` and ``\\d`` accept any script's digits (Arabic-Indic ٣, Devanagari
    ३, ...), which then fail deep in the store; only ASCII 0-9 may pass a validator.
    """
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))


def is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


@dataclass(frozen=True)
class NikInfo:
    nik: str
    district_code: str
    birth_day: int
    birth_month: int
    birth_year_2digit: int
    female: bool


def parse_nik(raw: str) -> NikInfo:
    """Validate a NIK's structure; raise ``InvalidInput`` with an Indonesian message."""
    nik = ascii_digits(raw)
    if not is_ascii_digits(nik):
        raise InvalidInput("NIK hanya boleh berisi angka 0-9.", nik_length=len(nik))
    if not _NIK_RE.match(nik):
        raise InvalidInput(
            f"NIK harus 16 angka (yang diisi {len(nik)} angka).", nik_length=len(nik)
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    if not 1 <= month <= 12:
        raise InvalidInput("Bulan lahir pada NIK tidak valid.")
    try:
        # The century is not encoded; 2000 is a leap year, so 29 February always passes.
        date(2000, month, day)
    except ValueError as exc:
        raise InvalidInput("Tanggal lahir pada NIK tidak valid.") from exc
    if nik[:2] == "00" or nik[12:] == "0000":
        raise InvalidInput("NIK tidak valid.")
    return NikInfo(nik, nik[:6], day, month, year, female)


def mask_nik(nik: str) -> str:
    """3201********0001: only the district and the serial stay visible."""
    digits = re.sub(r"\D", "", nik or "")
    if len(digits) < 8:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def normalize_kode_wilayah(raw: str) -> str:
    """'3273011001' or '32.73.01.1001' -> '32.73.01.1001' (PP.KK.CC.DDDD)."""
    match = _KODE_RE.match(unicodedata.normalize("NFKC", raw or "").strip())
    if not match:
        raise InvalidInput("Kode wilayah harus 10 angka: PP.KK.CC.DDDD.", kode=raw)
    pp, kk, cc, dddd = match.groups()
    if not 11 <= int(pp) <= 99:
        raise InvalidInput("Kode provinsi pada kode wilayah tidak valid.", kode=raw)
    if int(kk) == 0 or int(cc) == 0 or dddd[0] not in "12":
        raise InvalidInput("Kode wilayah tidak valid.", kode=raw)
    return f"{pp}.{kk}.{cc}.{dddd}"


def is_kelurahan(kode: str) -> bool:
    """A village part starting with 1 is a kelurahan, with 2 a desa."""
    return normalize_kode_wilayah(kode)[-4] == "1"
