"""Admin changes to a running office, each gated by role and written to the audit trail."""

from __future__ import annotations

from loket.app.audit import Actor, record
from loket.app.office import OfficeSettings, bump_config, set_running_text
from loket.app.users import UserInfo
from loket.core.errors import InvalidInput
from loket.core.queue import PriorityPolicy
from loket.core.roles import Permission, can
from loket.store.database import Database
from loket.store.models import Service, Setting


def require(user: UserInfo, permission: Permission) -> Actor:
    if not can(user.role, permission):
        raise InvalidInput("Anda tidak berhak melakukan ini. Minta admin kantor.")
    return Actor(user.id, user.name)


def update_service(
    db: Database,
    user: UserInfo,
    service_id: int,
    *,
    name: str,
    standard_minutes: int,
    fee: int,
    daily_quota: int | None,
    requirements: str,
    active: bool,
) -> None:
    actor = require(user, Permission.ADMIN_OFFICE)
    if not name.strip():
        raise InvalidInput("Nama layanan wajib diisi.")
    if standard_minutes <= 0:
        raise InvalidInput("Waktu standar layanan harus lebih dari 0 menit.")
    if fee < 0 or (daily_quota is not None and daily_quota <= 0):
        raise InvalidInput("Biaya tidak boleh negatif dan kuota harus lebih dari 0.")
    with db.write() as s:
        row = s.get(Service, service_id)
        if row is None:
            raise InvalidInput("Layanan tidak ada.")
        before = {
            "name": row.name,
            "standard_minutes": row.standard_minutes,
            "fee": row.fee,
            "daily_quota": row.daily_quota,
            "active": row.active,
        }
        row.name = name.strip()
        row.standard_minutes = standard_minutes
        row.fee = fee
        row.daily_quota = daily_quota
        row.requirements = requirements.strip()
        row.active = active
        bump_config(s)
        record(s, actor, "service_changed", f"{row.prefix} {row.name}", before=before)


def save_policies(db: Database, user: UserInfo, policy: PriorityPolicy, overnight: bool) -> None:
    actor = require(user, Permission.ADMIN_OFFICE)
    from loket.app.office import save_settings

    save_settings(db, OfficeSettings(priority_policy=policy, overnight_queue=overnight))
    with db.write() as s:
        record(s, actor, "policy_changed", "", priority=policy.to_json(), overnight=overnight)


def save_running_text(db: Database, user: UserInfo, text: str) -> None:
    actor = require(user, Permission.ADMIN_OFFICE)
    set_running_text(db, text)
    with db.write() as s:
        record(s, actor, "running_text_changed", "")


def setting_value(db: Database, key: str) -> object:
    with db.read() as s:
        row = s.get(Setting, key)
        return None if row is None else row.value
