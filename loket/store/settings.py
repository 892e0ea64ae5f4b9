"""Reading and writing the office settings declared in ``loket.core.settings``.

The one place that touches the ``settings`` table by key: a read returns the declared
type (the default when the row is missing), a write checks the key is declared, the
value's type and, for a person, the role. Both run in the caller's session, so a use case
writes a setting, the configuration version and its audit entry in one transaction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.roles import Role
from loket.core.settings import CONFIG_VERSION, OfficeSetting, require_declared
from loket.store.models import Setting

T = TypeVar("T")


def read_setting(session: Session, spec: OfficeSetting[T]) -> T:
    row = session.get(Setting, spec.key)
    return spec.default if row is None else spec.coerce(row.value)


def write_setting(
    session: Session, spec: OfficeSetting[T], value: T, *, role: Role | str | None = None
) -> T:
    """Store ``value``; returns the value it replaced.

    ``role``: the person changing it (checked against the declaration); ``None``: the
    program itself (a backup, the sync, the set-up), which may write any setting.
    """
    require_declared(spec)
    spec.allow(role)
    value = spec.check(value)
    row = session.get(Setting, spec.key)
    if row is None:
        session.add(Setting(key=spec.key, value=value))
        return spec.default
    old = spec.coerce(row.value)
    if row.value != value:
        row.value = value
    return old


def forget_setting(session: Session, spec: OfficeSetting[Any]) -> None:
    """Remove a program-kept value (the next read gives the default)."""
    require_declared(spec)
    row = session.get(Setting, spec.key)
    if row is not None:
        session.delete(row)


def bump_config(session: Session) -> None:
    """Tell every desk process that office, services, counters or settings changed.

    Desks cache the configuration and re-read it only when this number moves, so every
    admin change (the admin screens, the set-up, the city's reference data) must call it.
    """
    row = session.get(Setting, CONFIG_VERSION.key)
    if row is None:
        session.add(Setting(key=CONFIG_VERSION.key, value=1))
    else:
        row.value = CONFIG_VERSION.coerce(row.value) + 1


def config_version(session: Session) -> int:
    value = session.execute(select(Setting.value).where(Setting.key == CONFIG_VERSION.key)).scalar()
    return CONFIG_VERSION.coerce(value)
