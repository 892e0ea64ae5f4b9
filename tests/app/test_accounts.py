"""Accounts: lock-out, passwords, roles, and the audit trail they leave."""

from __future__ import annotations

from datetime import timedelta

import pytest

from loket.app.audit import entries
from loket.app.users import (
    AccountLocked,
    add_user,
    authenticate,
    change_password,
    reset_password,
    set_active,
)
from loket.core.errors import InvalidInput
from loket.core.roles import Permission, Role, can
from loket.store.database import Database
from loket.store.models import User


def test_five_wrong_pins_lock_the_account(db: Database) -> None:
    add_user(db, "petugas1", "operator", "1234")
    for _ in range(5):
        assert authenticate(db, "petugas1", "0000") is None
    with pytest.raises(AccountLocked, match="dikunci"):
        authenticate(db, "petugas1", "1234")  # even the right PIN waits now
    assert any(e.action == "account_locked" for e in entries(db))
    with db.write() as s:  # fifteen minutes later
        row = s.query(User).one()
        assert row.locked_until is not None
        row.locked_until -= timedelta(minutes=16)
    assert authenticate(db, "petugas1", "1234") is not None


def test_a_right_password_resets_the_failure_count(db: Database) -> None:
    add_user(db, "kasi", "supervisor", "rahasia-kasi")
    for _ in range(4):
        authenticate(db, "kasi", "salah")
    assert authenticate(db, "kasi", "rahasia-kasi") is not None
    for _ in range(4):
        authenticate(db, "kasi", "salah")
    assert authenticate(db, "kasi", "rahasia-kasi") is not None  # not locked: the count restarted


def test_change_own_password_and_admin_reset(db: Database) -> None:
    admin = add_user(db, "admin", "admin", "admin-pass")
    op = add_user(db, "petugas1", "operator", "1234")
    with pytest.raises(InvalidInput, match="lama salah"):
        change_password(db, op, "9999", "5678")
    change_password(db, op, "1234", "5678")
    assert authenticate(db, "petugas1", "5678") is not None
    with pytest.raises(InvalidInput, match="Hanya admin"):
        reset_password(db, op, admin.id, "hack")
    reset_password(db, admin, op.id, "4321")
    assert authenticate(db, "petugas1", "4321") is not None
    actions = [e.action for e in entries(db)]
    assert "password_changed" in actions and "password_reset" in actions
    assert all("4321" not in str(e.detail) and "5678" not in str(e.detail) for e in entries(db))


def test_deactivated_users_cannot_log_in(db: Database) -> None:
    admin = add_user(db, "admin", "admin", "admin-pass")
    op = add_user(db, "petugas1", "operator", "1234")
    set_active(db, admin, op.id, False)
    assert authenticate(db, "petugas1", "1234") is None
    with pytest.raises(InvalidInput, match="sendiri"):
        set_active(db, admin, admin.id, False)


@pytest.mark.parametrize(
    "role,allowed",
    [
        (Role.OPERATOR, {Permission.SERVE}),
        (Role.SUPERVISOR, {Permission.SERVE, Permission.VIEW_FIGURES,
                           Permission.VIEW_PERSONAL_DATA}),
        (Role.ADMIN, set(Permission)),
    ],
)  # fmt: skip
def test_role_table(role: Role, allowed: set[Permission]) -> None:
    assert {p for p in Permission if can(role, p)} == allowed
    assert not can("tamu", Permission.SERVE)
