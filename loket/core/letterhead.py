"""The office's letterhead (kop surat) and signature block, as plain text lines.

An Indonesian office document starts with the kop: the logo on the left and, centred,
the government ("PEMERINTAH KOTA BANDUNG"), the district ("KECAMATAN SUKAJADI"), the
office itself ("KELURAHAN SUKAMAJU", largest) and its address, phone and e-mail, with a
rule below. It ends with the signatures: "Mengetahui, Lurah …" on the left, the place
and date and the Kasi Pelayanan who prepared it on the right, each with a name and NIP.
Kept here, without Qt, so every writer (PDF, the printer, XLSX) says the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from datetime import date

from loket.core.errors import InvalidInput
from loket.core.periods import long_date_id

#: The longest text a field may hold (an address of three lines fits).
FIELD_LIMIT = 200
#: A logo image larger than this is refused: it goes into every PDF.
LOGO_LIMIT = 512 * 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+() .\-/]{5,40}$")
#: NIP (Nomor Induk Pegawai): 18 digits, printed grouped 8 6 1 3.
NIP_DIGITS = 18


@dataclass(frozen=True)
class Letterhead:
    """What an office's documents say about it. Every field may be empty."""

    government: str = ""  # "Pemerintah Kota Bandung" / "Pemerintah Kabupaten Bogor"
    district: str = ""  # "Kecamatan Sukajadi"
    office: str = ""  # "Kelurahan Sukamaju" (the office's name when empty)
    address: str = ""
    phone: str = ""
    email: str = ""
    place: str = ""  # where documents are signed: "Sukamaju"
    head_title: str = "Lurah"  # "Lurah" or "Kepala Desa"
    head_name: str = ""
    head_nip: str = ""
    officer_title: str = "Kasi Pelayanan"
    officer_name: str = ""
    officer_nip: str = ""
    logo: bytes | None = None  # PNG or JPEG

    def kop_lines(self, office_name: str) -> list[str]:
        """The centred lines of the kop, top to bottom (the office line is the largest)."""
        lines = [self.government.upper(), self.district.upper(), self.office_line(office_name)]
        contact = self.contact_line()
        return [line for line in lines if line] + ([contact] if contact else [])

    def office_line(self, office_name: str) -> str:
        return (self.office or office_name).upper()

    def contact_line(self) -> str:
        parts = [self.address.strip()]
        if self.phone:
            parts.append(f"Telp. {self.phone}")
        if self.email:
            parts.append(f"Email: {self.email}")
        return " · ".join(p for p in parts if p)

    def place_name(self, office_name: str) -> str:
        """The signing place: as set, else the office's name without its kind."""
        if self.place.strip():
            return self.place.strip()
        name = (self.office or office_name).strip()
        for kind in ("Kelurahan ", "Desa ", "Kantor "):
            if name.lower().startswith(kind.lower()):
                return name[len(kind) :].split("(")[0].strip()
        return name.split("(")[0].strip()

    def signature(self, office_name: str, day: date) -> SignatureBlock:
        place = self.place_name(office_name)
        head = f"{self.head_title or 'Lurah'} {place}".strip()
        return SignatureBlock(
            left=("Mengetahui,", head),
            left_name=self.head_name,
            left_nip=format_nip(self.head_nip),
            right=(f"{place}, {long_date_id(day)}", self.officer_title or "Kasi Pelayanan"),
            right_name=self.officer_name,
            right_nip=format_nip(self.officer_nip),
        )

    def cleaned(self) -> Letterhead:
        """Stripped and checked; raises ``InvalidInput`` with a message for the form."""
        values = {
            f.name: " ".join(str(getattr(self, f.name)).split())
            for f in fields(self)
            if f.name != "logo"
        }
        for name, value in values.items():
            if len(value) > FIELD_LIMIT:
                raise InvalidInput(f"Isian {name} terlalu panjang (paling banyak {FIELD_LIMIT}).")
        if values["email"] and not _EMAIL.match(values["email"]):
            raise InvalidInput("Alamat email kantor tidak valid (contoh: kel.sukamaju@kota.go.id).")
        if values["phone"] and not _PHONE.match(values["phone"]):
            raise InvalidInput("Nomor telepon kantor hanya boleh berisi angka, spasi, + ( ) - /.")
        for key, who in (("head_nip", "lurah"), ("officer_nip", "Kasi Pelayanan")):
            digits = values[key].replace(" ", "")
            if digits and (
                len(digits) != NIP_DIGITS or not digits.isascii() or not digits.isdigit()
            ):
                raise InvalidInput(f"NIP {who} harus {NIP_DIGITS} angka.")
            values[key] = digits
        if self.logo is not None:
            check_logo(self.logo)
        return replace(self, **values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SignatureBlock:
    left: tuple[str, str]
    left_name: str
    left_nip: str
    right: tuple[str, str]
    right_name: str
    right_nip: str


def format_nip(nip: str) -> str:
    """'198001012005011002' → 'NIP. 19800101 200501 1 002' (the way it is printed)."""
    digits = nip.replace(" ", "")
    if len(digits) != NIP_DIGITS:
        return f"NIP. {digits}" if digits else "NIP. "
    return f"NIP. {digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def check_logo(data: bytes) -> None:
    """A PNG or JPEG, not too big (it is embedded in every PDF)."""
    if len(data) > LOGO_LIMIT:
        raise InvalidInput(f"Logo terlalu besar (paling besar {LOGO_LIMIT // 1024} KB).")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise InvalidInput("Logo harus gambar PNG atau JPEG.")
