"""Accounts: operators, supervisors and admins of one office."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select

from loket.core.days import utc_now
from loket.core.errors import InvalidInput
from loket.core.passwords import hash_password, verify_password
from loket.store.database import Database
from loket.store.models import User


class Role(StrEnum):
    OPERATOR = "operator"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    role: Role
    active: bool


def add_user(db: Database, name: str, role: Role | str, password: str) -> UserInfo:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput("Nama pengguna wajib diisi.")
    if len(clean) > 100:
        raise InvalidInput("Nama pengguna terlalu panjang (paling banyak 100 karakter).")
    try:
        chosen = Role(role)
    except ValueError as exc:
        raise InvalidInput(
            f"Peran {role!r} tidak dikenal: pilih operator, supervisor atau admin."
        ) from exc
    hashed = hash_password(password)  # slow on purpose: outside the write lock
    with db.write() as s:
        exists = s.scalar(select(User.id).where(func.lower(User.name) == clean.lower()))
        if exists is not None:
            raise InvalidInput(f"Pengguna {clean!r} sudah ada.", name=clean)
        user = User(
            name=clean, role=chosen.value, password_hash=hashed, active=True, created_at=utc_now()
        )
        s.add(user)
        s.flush()
        return UserInfo(user.id, user.name, chosen, True)


def authenticate(db: Database, name: str, password: str) -> UserInfo | None:
    """The active user with this name and password, or None (never says which was wrong)."""
    clean = " ".join(name.split())
    with db.read() as s:
        user = s.scalars(select(User).where(func.lower(User.name) == clean.lower())).first()
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return UserInfo(user.id, user.name, Role(user.role), user.active)


def list_users(db: Database) -> list[UserInfo]:
    with db.read() as s:
        return [
            UserInfo(u.id, u.name, Role(u.role), u.active)
            for u in s.scalars(select(User).order_by(User.name))
        ]
