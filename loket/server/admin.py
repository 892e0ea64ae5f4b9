"""City-side administration: offices, enrollment codes, desk enrollment and revocation.

The CLI (``loket server add-office`` / ``revoke``) and the tests call these; the HTTP
API only exposes ``enroll``, which trades a one-time code for a desk token.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from loket.core.days import INDONESIAN_ZONES
from loket.core.errors import InvalidInput
from loket.core.names import OFFICE_NAME_MAX
from loket.core.nik import normalize_kode_wilayah
from loket.server.auth import (
    hash_secret,
    new_enrollment_code,
    new_token,
    normalize_enrollment_code,
    seal_token,
    unseal_token,
)
from loket.server.db import ServerDatabase
from loket.server.errors import ApiError
from loket.server.models import DeskRow, EnrollmentCode, OfficeRow
from loket.sync.schemas import EnrollRequest, EnrollResponse, OfficeRef

#: How long an enrollment code stays valid: long enough to reach a remote kelurahan.
ENROLLMENT_CODE_TTL = timedelta(days=14)


@dataclass(frozen=True)
class NewOffice:
    code: str
    name: str
    zone: str
    enrollment_code: str
    created: bool  # False: the office existed and got a fresh code


def add_office(
    db: ServerDatabase,
    *,
    code: str,
    name: str,
    zone: str = "Asia/Jakarta",
    now: datetime,
    ttl: timedelta = ENROLLMENT_CODE_TTL,
) -> NewOffice:
    """Register an office (or find it) and issue a one-time enrollment code for it.

    Running it again for an existing office with the same name issues a new code, which
    is how an office re-enrolls a replaced PC or a revoked desk.
    """
    kode = normalize_kode_wilayah(code)
    name = name.strip()
    if not name:
        raise InvalidInput("Nama kantor wajib diisi.")
    # What the protocol carries (``OfficeRef``): a longer name made every enrollment a 500.
    if len(name) > OFFICE_NAME_MAX:
        raise InvalidInput(f"Nama kantor paling panjang {OFFICE_NAME_MAX} karakter.")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise InvalidInput("Nama kantor tidak boleh berisi baris baru, tab atau karakter kendali.")
    if zone not in INDONESIAN_ZONES:
        raise InvalidInput(f"Zona waktu {zone!r} bukan zona Indonesia (WIB/WITA/WIT).")
    with db.write() as s:
        office = s.scalars(select(OfficeRow).where(OfficeRow.code == kode)).first()
        created = office is None
        if office is None:
            office = OfficeRow(code=kode, name=name, zone=zone, created_at=now)
            s.add(office)
            s.flush()
        elif office.name != name:
            raise InvalidInput(
                f"Kantor {kode} sudah terdaftar dengan nama {office.name!r}.", code=kode
            )
        secret = new_enrollment_code()
        s.add(
            EnrollmentCode(
                office_id=office.id,
                code_hash=hash_secret(secret),
                created_at=now,
                expires_at=now + ttl,
            )
        )
        return NewOffice(office.code, office.name, office.zone, secret, created)


def revoke(db: ServerDatabase, *, code: str, desk_id: str | None = None) -> int:
    """Revoke an office's desks (or one of them) and its unused enrollment codes.

    Returns how many desks lost their token. A revoked desk gets 401 and shows that it
    must be enrolled again; what it sent before stays.
    """
    kode = normalize_kode_wilayah(code)
    with db.write() as s:
        office = s.scalars(select(OfficeRow).where(OfficeRow.code == kode)).first()
        if office is None:
            raise InvalidInput(f"Kantor {kode} tidak terdaftar.", code=kode)
        query = update(DeskRow).where(DeskRow.office_id == office.id, DeskRow.revoked.is_(False))
        if desk_id is not None:
            query = query.where(DeskRow.id == desk_id)
        count = s.execute(query.values(revoked=True)).rowcount  # type: ignore[attr-defined]
        if desk_id is None:
            s.execute(
                update(EnrollmentCode)
                .where(EnrollmentCode.office_id == office.id, EnrollmentCode.used_at.is_(None))
                .values(expires_at=EnrollmentCode.created_at)
            )
        return int(count)


def enroll(s: Session, request: EnrollRequest, now: datetime) -> EnrollResponse:
    """Trade a valid, unused enrollment code for a new desk and its token.

    Idempotent by ``request.request_id``: the same request sent again while the code is
    still within its lifetime (the first answer was lost after the commit) gets the same
    desk and token, not "code already used".
    """
    code = normalize_enrollment_code(request.code)
    code_hash = hash_secret(code)
    row = s.scalars(
        select(EnrollmentCode).where(EnrollmentCode.code_hash == code_hash).with_for_update()
    ).first()
    if row is not None and row.used_at is not None and row.expires_at > now:
        replay = _replay(s, row, request, code)
        if replay is not None:
            return replay
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise ApiError(
            403,
            "invalid_enrollment_code",
            "Kode pendaftaran tidak berlaku (salah, sudah dipakai, atau kedaluwarsa). "
            "Minta kode baru ke admin server kota.",
        )
    office = s.get(OfficeRow, row.office_id)
    assert office is not None
    _check_office(request, office)
    desk, token = _new_desk(s, request, office, now)
    row.used_at = now
    row.desk_id = desk.id
    if request.request_id is not None:
        row.request_id = request.request_id
        row.token_seal = seal_token(token, code, request.request_id, desk.id)
    # Seals of codes past their lifetime are of no use any more: drop them.
    s.execute(
        update(EnrollmentCode)
        .where(EnrollmentCode.expires_at <= now, EnrollmentCode.token_seal.is_not(None))
        .values(token_seal=None)
    )
    s.flush()
    return EnrollResponse(
        desk_id=desk.id,
        token=token,
        office=OfficeRef(code=office.code, name=office.name, zone=office.zone),
        high_seq=desk.high_seq,
        server_time=now,
    )


def _check_office(request: EnrollRequest, office: OfficeRow) -> None:
    """Refuse a code of another office, before it is spent: the right PC can still use it."""
    if request.office_code is None:
        return
    try:
        desk_office = normalize_kode_wilayah(request.office_code)
    except InvalidInput:
        desk_office = request.office_code
    if desk_office != office.code:
        raise ApiError(
            409,
            "office_mismatch",
            f"Kode pendaftaran ini untuk kantor {office.code} ({office.name}), "
            f"bukan kantor {request.office_code} di komputer ini.",
            office_code=office.code,
        )


def _new_desk(
    s: Session, request: EnrollRequest, office: OfficeRow, now: datetime
) -> tuple[DeskRow, str]:
    """The new desk and its token; a replaced PC continues its predecessor's sequence."""
    high_seq = 0
    if request.previous_desk_id:
        previous = s.get(DeskRow, request.previous_desk_id)
        if previous is not None and previous.office_id == office.id:
            high_seq = previous.high_seq
    token = new_token()
    desk = DeskRow(
        id=str(uuid.uuid4()),
        office_id=office.id,
        name=request.desk_name or "Loket",
        token_hash=hash_secret(token),
        revoked=False,
        enrolled_at=now,
        high_seq=high_seq,
        app_version=request.app_version or None,
    )
    s.add(desk)
    return desk, token


def _replay(
    s: Session, row: EnrollmentCode, request: EnrollRequest, code: str
) -> EnrollResponse | None:
    """The first answer again, for the same request id; None when it is not the same."""
    if (
        request.request_id is None
        or row.request_id != request.request_id
        or row.token_seal is None
        or row.desk_id is None
    ):
        return None
    desk = s.get(DeskRow, row.desk_id)
    office = s.get(OfficeRow, row.office_id)
    if desk is None or desk.revoked or office is None:
        return None
    _check_office(request, office)  # a retry is refused what the first request would be
    token = unseal_token(row.token_seal, code, request.request_id, desk.id)
    if hash_secret(token) != desk.token_hash:
        return None
    return EnrollResponse(
        desk_id=desk.id,
        token=token,
        office=OfficeRef(code=office.code, name=office.name, zone=office.zone),
        high_seq=desk.high_seq,
        server_time=row.used_at or desk.enrolled_at,
    )


@dataclass(frozen=True)
class AuthedDesk:
    """The desk a request's token belongs to (what every endpoint checks against)."""

    id: str
    office_id: int
    office_code: str
    office_zone: str = "Asia/Jakarta"  # the office's IANA zone: its service days


def authenticate(s: Session, token: str) -> AuthedDesk:
    """The desk of ``token``; a plain read (callers check it before taking a write lock)."""
    row = s.execute(
        select(DeskRow.id, DeskRow.office_id, DeskRow.revoked, OfficeRow.code, OfficeRow.zone)
        .join(OfficeRow, OfficeRow.id == DeskRow.office_id)
        .where(DeskRow.token_hash == hash_secret(token))
    ).first()
    if row is None:
        raise ApiError(
            401,
            "invalid_token",
            "Token perangkat tidak dikenal. Daftarkan ulang perangkat ini ke server kota.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if row.revoked:
        raise ApiError(
            401,
            "revoked",
            "Token perangkat ini sudah dicabut. Daftarkan ulang perangkat ini ke server kota.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return AuthedDesk(row.id, row.office_id, row.code, row.zone)
