"""Office set-up: the office, its services and counters, and its settings.

A desk database holds one office. These functions are the admin changes; the set-up
wizard and admin screens (later) and the demo call them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from loket.core.days import zone
from loket.core.errors import InvalidInput, NotConfigured, NotFound
from loket.core.names import SERVICE_NAME_MAX, clean_name
from loket.core.queue import PriorityPolicy
from loket.core.roles import Role
from loket.core.settings import OVERNIGHT_QUEUE, PRIORITY_POLICY, RUNNING_TEXT
from loket.store.database import Database
from loket.store.models import Counter, CounterService, Office, Service
from loket.store.office_rows import insert_office as insert_office  # set-up and sync share it
from loket.store.settings import bump_config as bump_config  # app callers find it here
from loket.store.settings import config_version as config_version
from loket.store.settings import read_setting, write_setting


@dataclass(frozen=True)
class OfficeInfo:
    id: int
    name: str
    code: str
    timezone: str

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.timezone)


@dataclass(frozen=True)
class ServiceInfo:
    id: int
    prefix: str
    name: str
    standard_minutes: int
    requirements: str
    fee: int
    daily_quota: int | None
    active: bool


@dataclass(frozen=True)
class CounterInfo:
    id: int
    number: int
    name: str
    active: bool
    service_ids: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class OfficeSettings:
    """Office-wide choices; every key has a default so a new office just works."""

    priority_policy: PriorityPolicy = field(default_factory=PriorityPolicy)
    overnight_queue: bool = False  # keep waiting tickets open past midnight


def load_office(session: Session) -> OfficeInfo:
    office = session.scalars(select(Office).order_by(Office.id).limit(1)).first()
    if office is None:
        raise NotConfigured(
            "Kantor belum diatur. Jalankan `loket simulate` untuk kantor demo, "
            "atau atur kantor lebih dulu."
        )
    return OfficeInfo(office.id, office.name, office.code, office.timezone)


@dataclass(frozen=True)
class OfficeConfig:
    """One consistent read of the office's set-up, cached by the desk per version."""

    version: int
    office: OfficeInfo
    settings: OfficeSettings
    services: dict[int, ServiceInfo]
    counters: dict[int, CounterInfo]


def load_config(session: Session) -> OfficeConfig:
    return OfficeConfig(
        config_version(session),
        load_office(session),
        load_settings(session),
        {sv.id: sv for sv in list_services(session)},
        {c.id: c for c in list_counters(session)},
    )


def has_office(db: Database) -> bool:
    with db.read() as s:
        return s.scalars(select(Office.id).limit(1)).first() is not None


def load_settings(session: Session) -> OfficeSettings:
    return OfficeSettings(
        priority_policy=PriorityPolicy.from_json(read_setting(session, PRIORITY_POLICY)),
        overnight_queue=read_setting(session, OVERNIGHT_QUEUE),
    )


def save_settings(db: Database, settings: OfficeSettings) -> None:
    with db.write() as s:
        store_settings(s, settings)


def store_settings(
    session: Session, settings: OfficeSettings, *, role: Role | str | None = None
) -> None:
    """Write the office-wide choices in the caller's transaction (the desks re-read them)."""
    bump_config(session)
    write_setting(session, PRIORITY_POLICY, settings.priority_policy.to_json(), role=role)
    write_setting(session, OVERNIGHT_QUEUE, settings.overnight_queue, role=role)


def list_services(session: Session, *, active_only: bool = False) -> list[ServiceInfo]:
    query = select(Service).order_by(Service.sort_order, Service.prefix)
    if active_only:
        query = query.where(Service.active.is_(True))
    return [
        ServiceInfo(
            s.id,
            s.prefix,
            s.name,
            s.standard_minutes,
            s.requirements,
            s.fee,
            s.daily_quota,
            s.active,
        )
        for s in session.scalars(query)
    ]


def list_counters(session: Session, *, active_only: bool = False) -> list[CounterInfo]:
    links: dict[int, list[int]] = {}
    for link in session.scalars(select(CounterService)):
        links.setdefault(link.counter_id, []).append(link.service_id)
    query = select(Counter).order_by(Counter.number)
    if active_only:
        query = query.where(Counter.active.is_(True))
    return [
        CounterInfo(c.id, c.number, c.name, c.active, tuple(sorted(links.get(c.id, []))))
        for c in session.scalars(query)
    ]


def get_counter(session: Session, counter_id: int) -> CounterInfo:
    for counter in list_counters(session):
        if counter.id == counter_id:
            return counter
    raise NotFound(f"Loket dengan id {counter_id} tidak ada.", counter_id=counter_id)


def create_office(db: Database, *, name: str, code: str, timezone: str = "Asia/Jakarta") -> int:
    with db.write() as s:
        return insert_office(s, name=name, code=code, timezone=timezone)


@dataclass(frozen=True)
class ServiceSpec:
    prefix: str
    name: str
    standard_minutes: int = 15
    requirements: str = ""
    fee: int = 0
    daily_quota: int | None = None


def add_services(db: Database, specs: Iterable[ServiceSpec]) -> list[int]:
    with db.write() as s:
        return insert_services(s, specs)


def insert_services(session: Session, specs: Iterable[ServiceSpec]) -> list[int]:
    """Add services inside the caller's transaction; returns their ids in order."""
    s = session
    ids = []
    office = load_office(s)
    bump_config(s)
    taken = {p for (p,) in s.execute(select(Service.prefix))}
    order = len(taken)
    for spec in specs:
        prefix = spec.prefix.strip().upper()
        if not (1 <= len(prefix) <= 2 and prefix.isalpha() and prefix.isascii()):
            raise InvalidInput("Kode layanan harus 1–2 huruf (A–Z).", prefix=spec.prefix)
        if prefix in taken:
            raise InvalidInput(f"Kode layanan {prefix} sudah dipakai.", prefix=prefix)
        check_service_spec(spec)
        taken.add(prefix)
        row = Service(
            office_id=office.id,
            prefix=prefix,
            name=spec.name.strip(),
            standard_minutes=spec.standard_minutes,
            requirements=spec.requirements,
            fee=spec.fee,
            daily_quota=spec.daily_quota,
            active=True,
            sort_order=order,
        )
        order += 1
        s.add(row)
        s.flush()
        ids.append(row.id)
    return ids


#: Upper bounds of a service's numbers. A typo of extra digits is refused here: 10**11
#: minutes put a follow-up's due date past the year 9999 (OverflowError when finishing),
#: and a fee past SQLite's 64-bit integer could not be written at all.
MAX_STANDARD_MINUTES = 99_999  # ~222 office days
MAX_FEE = 999_999_999
MAX_DAILY_QUOTA = 9_999


def check_service_spec(spec: ServiceSpec) -> None:
    """The rules every service obeys, whoever creates or edits it."""
    clean_name(spec.name, "Nama layanan", SERVICE_NAME_MAX)
    if not 0 < spec.standard_minutes <= MAX_STANDARD_MINUTES:
        raise InvalidInput(f"Waktu standar layanan harus 1 sampai {MAX_STANDARD_MINUTES} menit.")
    if spec.daily_quota is not None and not 0 < spec.daily_quota <= MAX_DAILY_QUOTA:
        raise InvalidInput(f"Kuota harian harus 1 sampai {MAX_DAILY_QUOTA}, atau dikosongkan.")
    if not 0 <= spec.fee <= MAX_FEE:
        raise InvalidInput(f"Biaya layanan harus 0 sampai {MAX_FEE} rupiah.")


def add_counter(
    db: Database, *, number: int, name: str | None = None, service_ids: Sequence[int]
) -> int:
    with db.write() as s:
        return insert_counter(s, number=number, name=name, service_ids=service_ids)


def insert_counter(
    session: Session, *, number: int, name: str | None = None, service_ids: Sequence[int]
) -> int:
    """Add a counter inside the caller's transaction."""
    s = session
    if number <= 0:
        raise InvalidInput("Nomor loket harus lebih dari 0.")
    if not service_ids:
        raise InvalidInput("Loket harus melayani paling sedikit satu layanan.")
    office = load_office(s)
    bump_config(s)
    if s.scalars(select(Counter.id).where(Counter.number == number)).first():
        raise InvalidInput(f"Loket {number} sudah ada.", number=number)
    known = {sid for (sid,) in s.execute(select(Service.id))}
    missing = set(service_ids) - known
    if missing:
        raise NotFound("Layanan yang dipilih tidak ada.", service_ids=sorted(missing))
    counter = Counter(
        office_id=office.id, number=number, name=name or f"Loket {number}", active=True
    )
    s.add(counter)
    s.flush()
    for sid in dict.fromkeys(service_ids):
        s.add(CounterService(counter_id=counter.id, service_id=sid))
    return counter.id


def set_running_text(db: Database, text: str) -> None:
    """The line that scrolls along the bottom of the public display."""
    with db.write() as s:
        store_running_text(s, text)


def store_running_text(session: Session, text: str, *, role: Role | str | None = None) -> None:
    clean = " ".join(text.split())
    if len(clean) > 500:
        raise InvalidInput("Teks berjalan terlalu panjang (paling banyak 500 karakter).")
    write_setting(session, RUNNING_TEXT, clean, role=role)


def running_text(session: Session) -> str:
    return read_setting(session, RUNNING_TEXT)
