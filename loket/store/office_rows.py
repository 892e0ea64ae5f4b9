"""The office row and the set-up's completeness, at the store level.

Both the admin's set-up (``loket.app.office``/``setup``) and the city sync need them:
an enrollment creates the office from the city's data when the desk has none, and pulls
the city's services when the set-up is unfinished (the wizard offers them). Kept below
app so that the sync needs the store only.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from loket.core.days import INDONESIAN_ZONES, utc_now
from loket.core.errors import InvalidInput
from loket.core.names import OFFICE_NAME_MAX, clean_name
from loket.core.nik import normalize_kode_wilayah
from loket.store.models import Counter, CounterService, Office, Service, User
from loket.store.settings import bump_config


def insert_office(session: Session, *, name: str, code: str, timezone: str = "Asia/Jakarta") -> int:
    """Create the office inside the caller's transaction (set-up writes it all at once)."""
    name = clean_name(name, "Nama kantor", OFFICE_NAME_MAX)
    if timezone not in INDONESIAN_ZONES:
        raise InvalidInput(
            f"Zona waktu {timezone!r} bukan zona Indonesia (WIB/WITA/WIT).", zone=timezone
        )
    kode = normalize_kode_wilayah(code)
    if session.scalars(select(Office.id).limit(1)).first() is not None:
        raise InvalidInput("Kantor sudah diatur di basis data ini.")
    office = Office(name=name, code=kode, timezone=timezone, created_at=utc_now())
    session.add(office)
    bump_config(session)
    session.flush()
    return office.id


def office_code(session: Session) -> str | None:
    """The kode wilayah of this database's office; None before the set-up."""
    return session.scalars(select(Office.code).order_by(Office.id).limit(1)).first()


def setup_complete(session: Session) -> bool:
    """An office, an open service, an open counter serving something, an active admin.

    The same rule as ``loket.app.setup.SetupState.complete`` (a test keeps them equal),
    asked in SQL where only the answer is needed.
    """
    open_counter = (
        select(Counter.id)
        .join(CounterService, CounterService.counter_id == Counter.id)
        .where(Counter.active.is_(True))
    )
    checks = (
        select(Office.id),
        select(Service.id).where(Service.active.is_(True)),
        open_counter,
        select(User.id).where(User.role == "admin", User.active.is_(True)),
    )
    return all(session.scalar(select(exists(query))) for query in checks)
