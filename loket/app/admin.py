"""Admin changes to a running office, each gated by role and written to the audit trail."""

from __future__ import annotations

from sqlalchemy.orm import Session

from loket.app.audit import Actor, record
from loket.app.office import (
    OfficeSettings,
    ServiceSpec,
    bump_config,
    check_service_spec,
    store_running_text,
    store_settings,
)
from loket.app.users import UserInfo
from loket.core.errors import InvalidInput
from loket.core.names import OFFICE_NAME_MAX, clean_name
from loket.core.queue import PriorityPolicy
from loket.core.roles import Permission, can
from loket.store.database import Database
from loket.store.models import Service


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
    # The same rules as a new service (the prefix is the row's, not checked here).
    check_service_spec(ServiceSpec("", name, standard_minutes, requirements, fee, daily_quota))
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


def save_policies(
    db: Database,
    user: UserInfo,
    policy: PriorityPolicy,
    overnight: bool,
    running_text: str | None = None,
) -> None:
    """The priority policy, the overnight queue and (given) the running text: one change.

    One transaction with its audit entries: a failure leaves the old policies and no
    trace, never a policy changed without its entry.
    """
    actor = require(user, Permission.ADMIN_OFFICE)
    with db.write() as s:
        wanted = OfficeSettings(priority_policy=policy, overnight_queue=overnight)
        store_settings(s, wanted, role=user.role)
        record(s, actor, "policy_changed", "", priority=policy.to_json(), overnight=overnight)
        if running_text is not None:
            _running_text(s, actor, user, running_text)


def save_running_text(db: Database, user: UserInfo, text: str) -> None:
    actor = require(user, Permission.ADMIN_OFFICE)
    with db.write() as s:
        _running_text(s, actor, user, text)


def _running_text(s: Session, actor: Actor, user: UserInfo, text: str) -> None:
    store_running_text(s, text, role=user.role)
    record(s, actor, "running_text_changed", "")


def update_office(db: Database, user: UserInfo, *, name: str, timezone: str) -> None:
    """Rename the office or change its zone (the kode wilayah is fixed: the city's key)."""
    from loket.core.days import INDONESIAN_ZONES
    from loket.store.models import Office

    actor = require(user, Permission.ADMIN_OFFICE)
    name = clean_name(name, "Nama kantor", OFFICE_NAME_MAX)
    if timezone not in INDONESIAN_ZONES:
        raise InvalidInput("Pilih zona waktu WIB, WITA atau WIT.")
    with db.write() as s:
        office = s.query(Office).order_by(Office.id).first()
        if office is None:
            raise InvalidInput("Kantor belum diatur.")
        before = {"name": office.name, "timezone": office.timezone}
        office.name = name
        office.timezone = timezone
        bump_config(s)
        record(s, actor, "office_changed", office.code, before=before)


def update_counter(
    db: Database, user: UserInfo, counter_id: int, *, service_ids: list[int], active: bool
) -> None:
    """Which services a counter serves, and whether it is open."""
    from sqlalchemy import delete

    from loket.store.models import Counter, CounterService

    actor = require(user, Permission.ADMIN_OFFICE)
    if active and not service_ids:
        raise InvalidInput("Loket yang buka harus melayani paling sedikit satu layanan.")
    with db.write() as s:
        counter = s.get(Counter, counter_id)
        if counter is None:
            raise InvalidInput("Loket tidak ada.")
        counter.active = active
        s.execute(delete(CounterService).where(CounterService.counter_id == counter_id))
        for sid in dict.fromkeys(service_ids):
            s.add(CounterService(counter_id=counter_id, service_id=sid))
        bump_config(s)
        record(
            s, actor, "counter_changed", counter.name, services=sorted(service_ids), active=active
        )
