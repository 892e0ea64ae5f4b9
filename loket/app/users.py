"""Accounts: operators, supervisors and admins of one office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from loket.app.audit import Actor, record
from loket.core.days import utc_now
from loket.core.errors import InvalidInput
from loket.core.passwords import (
    burn_time,
    check_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from loket.core.roles import Permission, Role, can
from loket.store.database import Database
from loket.store.models import User


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
    check_strength(password, chosen.value)
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


MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15


class AccountLocked(InvalidInput):
    code = "account_locked"


def authenticate(db: Database, name: str, password: str) -> UserInfo | None:
    """The active user with this name and password, or None (never says which was wrong).

    Five wrong passwords in a row lock the account for 15 minutes (``AccountLocked``),
    so a four-digit PIN cannot be guessed at an unattended counter.

    The attempt is counted as a failure *before* the slow hash, in the same write
    transaction that checks the lock, and only cleared when the hash matches. So guesses
    sent in parallel (other PCs, other processes) can never check more passwords than
    the tries left: once the count reaches the limit the account is locked for everyone
    still queued, whatever the outcome of the hashes in flight. A name with no account
    costs the same hash (a dummy), so the answer time does not list the accounts.
    """
    clean = " ".join(name.split())
    now = utc_now()
    with db.write() as s:
        user = s.scalars(select(User).where(func.lower(User.name) == clean.lower())).first()
        if user is not None and user.active:
            if user.locked_until is not None and user.locked_until > now:
                minutes = max(1, round((user.locked_until - now).total_seconds() / 60))
                raise AccountLocked(
                    f"Akun {user.name} dikunci karena salah kata sandi berulang. "
                    f"Coba lagi dalam {minutes} menit atau minta admin mengatur ulang.",
                    name=user.name,
                )
            if user.locked_until is not None:  # a lock that has run out: a fresh count
                user.locked_until, user.failed_logins = None, 0
            user.failed_logins = (user.failed_logins or 0) + 1  # cleared below on success
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                record(s, Actor(user.id, user.name), "account_locked", user.name)
            found = UserInfo(user.id, user.name, Role(user.role), True)
            stored = user.password_hash
        else:
            found, stored = None, ""
    if found is None:
        burn_time(password)  # slow on purpose, like a real check
        return None
    if not verify_password(password, stored):  # slow on purpose, outside the lock
        return None
    upgraded = hash_password(password) if needs_rehash(stored) else None
    with db.write() as s:
        row = s.get(User, found.id)
        assert row is not None
        row.failed_logins = 0
        row.locked_until = None
        if upgraded is not None and row.password_hash == stored:
            row.password_hash = upgraded  # a stronger hash for the next time
    return found


def change_password(db: Database, user: UserInfo, old: str, new: str) -> None:
    """A user changes their own password, proving the old one."""
    check_strength(new, user.role.value)
    hashed = hash_password(new)
    with db.write() as s:
        row = s.get(User, user.id)
        if row is None or not verify_password(old, row.password_hash):
            raise InvalidInput("Kata sandi lama salah.")
        row.password_hash = hashed
        record(s, Actor(user.id, user.name), "password_changed", user.name)


def reset_password(db: Database, admin: UserInfo, user_id: int, new: str) -> None:
    """An admin sets a new password for someone else (and lifts a lock-out)."""
    if not can(admin.role, Permission.MANAGE_USERS):
        raise InvalidInput("Hanya admin yang dapat mengatur ulang kata sandi.")
    with db.read() as s:
        target = s.get(User, user_id)
        if target is None:
            raise InvalidInput("Pengguna tidak ada.")
        check_strength(new, target.role)
    hashed = hash_password(new)
    with db.write() as s:
        row = s.get(User, user_id)
        if row is None:
            raise InvalidInput("Pengguna tidak ada.")
        row.password_hash = hashed
        row.failed_logins = 0
        row.locked_until = None
        record(s, Actor(admin.id, admin.name), "password_reset", row.name)


def set_active(db: Database, admin: UserInfo, user_id: int, active: bool) -> None:
    if not can(admin.role, Permission.MANAGE_USERS):
        raise InvalidInput("Hanya admin yang dapat mengubah pengguna.")
    if user_id == admin.id and not active:
        raise InvalidInput("Admin tidak dapat menonaktifkan akunnya sendiri.")
    with db.write() as s:
        row = s.get(User, user_id)
        if row is None:
            raise InvalidInput("Pengguna tidak ada.")
        row.active = active
        record(s, Actor(admin.id, admin.name), "user_activated" if active else
               "user_deactivated", row.name)  # fmt: skip


def list_users(db: Database) -> list[UserInfo]:
    with db.read() as s:
        return [
            UserInfo(u.id, u.name, Role(u.role), u.active)
            for u in s.scalars(select(User).order_by(User.name))
        ]


def get_user(db: Database, user_id: int) -> UserInfo | None:
    """The account as the database holds it now (role and active flag), or None."""
    with db.read() as s:
        row = s.get(User, user_id)
        return UserInfo(row.id, row.name, Role(row.role), row.active) if row is not None else None
