"""Reference data the city publishes to desks: service standards, announcements, holidays.

Every change takes the next value of one server-wide counter (``server_state``), so a
desk's cursor ("<epoch>:<version>") asks "what changed after version N". An office may
override a city-wide item with its own (same kind and key); the desk only ever sees the
effective value. A cursor the server cannot honour (another database's epoch, a version
from the future, garbage) gets a full refetch instead of an error: the desk then
replaces what it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from loket.core.errors import InvalidInput
from loket.core.nik import normalize_kode_wilayah
from loket.server.db import ServerDatabase
from loket.server.models import OfficeRow, RefItem, ServerState
from loket.sync.schemas import (
    Announcement,
    Holiday,
    ReferenceResponse,
    RefKind,
    Removed,
    ServiceStandard,
)

CITY_WIDE = ""
_MODELS: dict[str, type[BaseModel]] = {
    "service": ServiceStandard,
    "announcement": Announcement,
    "holiday": Holiday,
}


def _key_of(item: ServiceStandard | Announcement | Holiday) -> tuple[RefKind, str]:
    if isinstance(item, ServiceStandard):
        return "service", item.prefix
    if isinstance(item, Announcement):
        return "announcement", item.key
    return "holiday", item.day.isoformat()


def _scope(s: Session, office_code: str | None) -> str:
    if office_code is None:
        return CITY_WIDE
    kode = normalize_kode_wilayah(office_code)
    if s.scalars(select(OfficeRow.id).where(OfficeRow.code == kode)).first() is None:
        raise InvalidInput(f"Kantor {kode} tidak terdaftar.", code=kode)
    return kode


def _next_version(s: Session) -> int:
    state = s.scalars(select(ServerState).where(ServerState.id == 1).with_for_update()).one()
    state.ref_version += 1
    return state.ref_version


def publish(
    db: ServerDatabase,
    item: ServiceStandard | Announcement | Holiday,
    *,
    now: datetime,
    office_code: str | None = None,
) -> int:
    """Create or replace an item, city-wide or for one office; returns its version."""
    kind, key = _key_of(item)
    payload = item.model_dump(mode="json")
    with db.write() as s:
        scope = _scope(s, office_code)
        version = _next_version(s)
        row = s.scalars(
            select(RefItem).where(RefItem.scope == scope, RefItem.kind == kind, RefItem.key == key)
        ).first()
        if row is None:
            s.add(
                RefItem(
                    scope=scope,
                    kind=kind,
                    key=key,
                    payload=payload,
                    version=version,
                    deleted=False,
                    updated_at=now,
                )
            )
        else:
            row.payload, row.version, row.deleted, row.updated_at = payload, version, False, now
        return version


def withdraw(
    db: ServerDatabase, kind: RefKind, key: str, *, now: datetime, office_code: str | None = None
) -> bool:
    """Remove an item (a tombstone remains so desks hear of it); False if there was none."""
    with db.write() as s:
        scope = _scope(s, office_code)
        row = s.scalars(
            select(RefItem).where(
                RefItem.scope == scope,
                RefItem.kind == kind,
                RefItem.key == key,
                RefItem.deleted.is_(False),
            )
        ).first()
        if row is None:
            return False
        row.version, row.deleted, row.updated_at = _next_version(s), True, now
        return True


def _parse_cursor(cursor: str | None, state: ServerState) -> int | None:
    """The version after which to send changes, or None for a full refetch."""
    if not cursor:
        return None
    epoch, sep, version = cursor.partition(":")
    if not sep or epoch != state.epoch or not version.isdigit():
        return None
    since = int(version)
    return since if since <= state.ref_version else None


def pull(s: Session, office_code: str, cursor: str | None) -> ReferenceResponse:
    state = s.scalars(select(ServerState).where(ServerState.id == 1)).one()
    since = _parse_cursor(cursor, state)
    scopes = (CITY_WIDE, office_code)
    if since is None:
        rows: Iterable[RefItem] = s.scalars(select(RefItem).where(RefItem.scope.in_(scopes)))
        touched = None
    else:
        changed = s.scalars(
            select(RefItem).where(RefItem.scope.in_(scopes), RefItem.version > since)
        ).all()
        touched = {(r.kind, r.key) for r in changed}
        if not touched:
            rows = []
        else:
            rows = s.scalars(
                select(RefItem).where(
                    RefItem.scope.in_(scopes),
                    or_(*(((RefItem.kind == k) & (RefItem.key == key)) for k, key in touched)),
                )
            ).all()
    effective: dict[tuple[str, str], RefItem] = {}
    for row in rows:
        if row.deleted:
            continue
        current = effective.get((row.kind, row.key))
        if current is None or row.scope != CITY_WIDE:  # an office's own item wins
            effective[(row.kind, row.key)] = row
    grouped: dict[str, list[Any]] = {kind: [] for kind in _MODELS}
    for (kind, _key), row in sorted(effective.items()):
        grouped[kind].append(_MODELS[kind].model_validate(row.payload))
    removed = [
        Removed(kind=kind, key=key)  # type: ignore[arg-type]
        for kind, key in sorted(touched or ())
        if (kind, key) not in effective
    ]
    return ReferenceResponse(
        cursor=f"{state.epoch}:{state.ref_version}",
        full=since is None,
        services=grouped["service"],
        announcements=grouped["announcement"],
        holidays=grouped["holiday"],
        removed=removed,
    )
