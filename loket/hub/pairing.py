"""Pairing PCs with the hub: one-time codes, per-PC tokens, operator sessions.

The admin shows a short-lived code on the hub (``loket hub pair`` or the admin screen);
the new PC proves it knows the code *bound to the certificate it sees*
(HMAC(code, fingerprint)), so a machine in the middle, which shows another certificate,
cannot pass a code on; the hub answers with its own proof, so the PC knows it talks to
the hub that showed the code. The PC gets a random token; the hub keeps only its
SHA-256. Revoking a PC ends its token and its sessions at once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from loket.app.users import UserInfo
from loket.core.days import utc_now
from loket.core.errors import InvalidInput, LoketError, NotFound
from loket.core.roles import Role
from loket.store.database import Database
from loket.store.hub_models import HubPairCode, HubPc, HubSession
from loket.store.models import User

#: No 0/O, 1/I/L: a code is read off one screen and typed on another.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # ~50 bits, and the hub limits wrong attempts
CODE_TTL = timedelta(minutes=10)
#: An operator's session on a client PC lasts a working day; then they log in again.
SESSION_TTL = timedelta(hours=16)
MAX_PC_NAME = 100


class PairingRefused(LoketError):
    code = "pairing_refused"


@dataclass(frozen=True)
class PairCode:
    code: str  # as shown: ABCDE-FGHJK
    expires_at: datetime


@dataclass(frozen=True)
class PairedPc:
    id: int
    name: str
    paired_at: datetime
    last_seen: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Paired:
    pc_name: str
    token: str
    hub_proof: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def show_code(code: str) -> str:
    clean = normalize_code(code)
    return clean[:5] + "-" + clean[5:]


def proof(code: str, fingerprint: str, side: str) -> str:
    """HMAC of the certificate fingerprint under the code: ``side`` is "pc" or "hub"."""
    key = normalize_code(code).encode("ascii")
    return hmac.new(key, f"loket-pair/{side}/{fingerprint}".encode(), hashlib.sha256).hexdigest()


def new_pair_code(db: Database, *, ttl: timedelta = CODE_TTL) -> PairCode:
    """A fresh one-time code (also for the admin screen's "Pasangkan PC" button)."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = utc_now()
    with db.write() as s:
        # Expired codes are of no use to anyone: drop them as new ones are made.
        s.execute(delete(HubPairCode).where(HubPairCode.expires_at < now - timedelta(days=1)))
        s.add(HubPairCode(code=code, created_at=now, expires_at=now + ttl))
    return PairCode(show_code(code), now + ttl)


def clean_pc_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("Nama PC wajib diisi.")
    if len(clean) > MAX_PC_NAME:
        raise InvalidInput("Nama PC terlalu panjang (paling banyak 100 karakter).")
    return clean


def redeem(db: Database, pc_proof: str, pc_name: str, fingerprint: str) -> Paired:
    """Trade a proof of a valid code for this PC's token (a name paired before is replaced)."""
    name = clean_pc_name(pc_name)
    now = utc_now()
    with db.write() as s:
        codes = s.scalars(
            select(HubPairCode).where(HubPairCode.used_at.is_(None), HubPairCode.expires_at > now)
        ).all()
        # The PC sends a proof, not the code: try it against the few live codes.
        found: HubPairCode | None = None
        code_text = ""
        for row in codes:
            code_text = row.code or ""
            if code_text and hmac.compare_digest(proof(code_text, fingerprint, "pc"), pc_proof):
                found = row
                break
        if found is None:
            raise PairingRefused(
                "Kode pemasangan salah, sudah dipakai, atau kedaluwarsa. "
                "Minta kode baru di PC utama (loket hub pair)."
            )
        found.used_at = now
        found.used_by = name
        found.code = None
        token = secrets.token_urlsafe(32)
        pc = s.scalars(select(HubPc).where(func.lower(HubPc.name) == name.lower())).first()
        if pc is None:
            s.add(HubPc(name=name, token_hash=digest(token), paired_at=now))
        else:
            s.execute(delete(HubSession).where(HubSession.pc_id == pc.id))
            pc.token_hash = digest(token)
            pc.paired_at = now
            pc.revoked_at = None
        return Paired(name, token, proof(code_text, fingerprint, "hub"))


def _pc(row: HubPc) -> PairedPc:
    return PairedPc(row.id, row.name, row.paired_at, row.last_seen, row.revoked_at)


def list_pcs(db: Database) -> list[PairedPc]:
    with db.read() as s:
        return [_pc(r) for r in s.scalars(select(HubPc).order_by(HubPc.name))]


def revoke(db: Database, name: str) -> PairedPc:
    """End a PC's token and its operators' sessions (a stolen or retired PC)."""
    clean = " ".join(name.split())
    with db.write() as s:
        pc = s.scalars(select(HubPc).where(func.lower(HubPc.name) == clean.lower())).first()
        if pc is None:
            raise NotFound(f"Tidak ada PC bernama {clean!r} yang dipasangkan.", name=clean)
        if pc.revoked_at is None:
            pc.revoked_at = utc_now()
        s.execute(delete(HubSession).where(HubSession.pc_id == pc.id))
        return _pc(pc)


def pc_for_token(db: Database, token: str) -> PairedPc | None:
    """The active PC this token belongs to, or None (unknown, revoked)."""
    if not token:
        return None
    with db.read() as s:
        row = s.scalars(select(HubPc).where(HubPc.token_hash == digest(token))).first()
        if row is None or row.revoked_at is not None:
            return None
        return _pc(row)


def touch(db: Database, pc_id: int) -> None:
    """Remember when a PC was last heard from (``loket hub pcs`` shows it)."""
    with db.write() as s:
        row = s.get(HubPc, pc_id)
        if row is not None:
            row.last_seen = utc_now()


def open_session(db: Database, pc_id: int, user: UserInfo) -> str:
    """A session token for an operator who logged in on a paired PC."""
    token = secrets.token_urlsafe(32)
    with db.write() as s:
        s.add(
            HubSession(token_hash=digest(token), pc_id=pc_id, user_id=user.id, created_at=utc_now())
        )
    return token


def session_user(db: Database, pc_id: int, token: str) -> UserInfo | None:
    """The active user of a session opened on this PC, as the database knows them now."""
    with db.read() as s:
        row = s.get(HubSession, digest(token))
        if row is None or row.pc_id != pc_id or row.created_at < utc_now() - SESSION_TTL:
            return None
        user = s.get(User, row.user_id)
        if user is None or not user.active:
            return None
        return UserInfo(user.id, user.name, Role(user.role), user.active)


def prune_sessions(db: Database) -> None:
    with db.write() as s:
        s.execute(delete(HubSession).where(HubSession.created_at < utc_now() - SESSION_TTL))


def close_session(db: Database, token: str) -> None:
    with db.write() as s:
        s.execute(delete(HubSession).where(HubSession.token_hash == digest(token)))
