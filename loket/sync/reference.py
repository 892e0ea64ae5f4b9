"""Applying the city's reference data to the desk, in one transaction with the cursor.

Service standards update the desk's own services with the same prefix (standard time,
requirements, fee); the desk never creates or deletes a service because of the city,
since its counters and numbering depend on them. The published list itself is kept
(``city_services``), so a desk enrolled before its set-up offers it in the wizard.
Announcements and holidays are kept in the sync tables for the display and the
due-date arithmetic.
"""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from loket.core.settings import CITY_SERVICES
from loket.store.database import Database
from loket.store.models import Service
from loket.store.settings import bump_config, read_setting, write_setting
from loket.store.sync_models import CityAnnouncement, CityHoliday, SyncState
from loket.sync.schemas import ReferenceResponse, ServiceStandard


def apply_reference(db: Database, answer: ReferenceResponse, state_id: int) -> int:
    """Store ``answer`` and its cursor; returns how many desk rows changed."""
    changed = 0
    with db.write() as s:
        if answer.full:
            keep_keys = {a.key for a in answer.announcements}
            keep_days = {h.day for h in answer.holidays}
            changed += _rowcount(
                s.execute(delete(CityAnnouncement).where(CityAnnouncement.key.not_in(keep_keys)))
            )
            changed += _rowcount(
                s.execute(delete(CityHoliday).where(CityHoliday.day.not_in(keep_days)))
            )
        for standard in answer.services:
            for service in s.scalars(select(Service).where(Service.prefix == standard.prefix)):
                new = (standard.standard_minutes, standard.requirements, standard.fee)
                if (service.standard_minutes, service.requirements, service.fee) != new:
                    service.standard_minutes, service.requirements, service.fee = new
                    bump_config(s)  # running desks re-read their cached set-up
                    changed += 1
        _keep_city_services(s, answer)
        for item in answer.announcements:
            s.merge(
                CityAnnouncement(
                    key=item.key, text=item.text, starts_at=item.starts_at, ends_at=item.ends_at
                )
            )
            changed += 1
        for holiday in answer.holidays:
            s.merge(CityHoliday(day=holiday.day, name=holiday.name))
            changed += 1
        for removed in answer.removed:
            if removed.kind == "announcement":
                changed += _rowcount(
                    s.execute(delete(CityAnnouncement).where(CityAnnouncement.key == removed.key))
                )
            elif removed.kind == "holiday":
                changed += _rowcount(
                    s.execute(delete(CityHoliday).where(CityHoliday.day == _day(removed.key)))
                )
        state = s.get(SyncState, state_id)
        if state is not None:
            state.ref_cursor = answer.cursor
    return changed


def published_services(s: Session) -> list[ServiceStandard]:
    """The city's published services as kept for the wizard (junk is skipped)."""
    out = []
    for item in read_setting(s, CITY_SERVICES) or []:
        try:
            out.append(ServiceStandard.model_validate(item))
        except ValidationError:
            continue
    return out


def _keep_city_services(s: Session, answer: ReferenceResponse) -> None:
    """The city's published services by prefix: replaced by a full answer, else merged."""
    known = {} if answer.full else {st.prefix: st for st in published_services(s)}
    for standard in answer.services:
        known[standard.prefix] = standard
    for removed in answer.removed:
        if removed.kind == "service":
            known.pop(removed.key, None)
    if known or answer.full:
        kept = [known[prefix].model_dump() for prefix in sorted(known)]
        write_setting(s, CITY_SERVICES, kept)


def _rowcount(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def _day(key: str) -> date | None:
    try:
        return date.fromisoformat(key)
    except ValueError:
        return None
