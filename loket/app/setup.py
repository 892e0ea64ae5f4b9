"""Setting up a new office in one transaction, from a wizard, a script or the city.

The wizard and ``loket office init`` only gather a ``SetupPlan``; validating and
creating live here, so the same rules hold everywhere. Everything is checked before
the first write, and the office, its services, counters and first admin are written in
ONE transaction: a kill half-way leaves nothing, never a half office.

An office can still be incomplete: one enrolled with the city before set-up (the city
gave its name and code), one made by an older version's separate steps, or one made by
``loket simulate`` (no accounts). ``SetupState`` says what is missing, the same way for
the GUI (which opens the wizard at that step), the CLI and ``db check``; ``apply_plan``
completes such an office instead of refusing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from loket.app.audit import Actor, record
from loket.app.office import (
    CounterInfo,
    OfficeInfo,
    ServiceInfo,
    ServiceSpec,
    bump_config,
    check_service_spec,
    insert_counter,
    insert_office,
    insert_services,
    list_counters,
    list_services,
    load_office,
)
from loket.app.users import insert_user
from loket.core.days import INDONESIAN_ZONES
from loket.core.errors import InvalidInput, NotConfigured
from loket.core.names import OFFICE_NAME_MAX, clean_name
from loket.core.nik import normalize_kode_wilayah
from loket.core.passwords import check_strength, hash_password
from loket.store.database import Database
from loket.store.models import Counter, CounterService, Office, Service, User
from loket.store.sync_models import SYNC_STATE_ID, SyncState
from loket.sync.reference import published_services

#: Where the services the city publishes are kept (a wizard after ``loket enroll``
#: offers them); written by the sync's reference pull.

#: What a set-up can lack, in the order the wizard asks for it, with its Indonesian words.
PARTS = {
    "office": "belum ada kantor",
    "services": "belum ada layanan",
    "counters": "belum ada loket",
    "admin": "belum ada akun admin",
}
HOW_TO_FINISH = "Selesaikan lewat wizard penyiapan (jalankan `loket`) atau `loket office init`."


@dataclass(frozen=True)
class SetupState:
    """What of the office exists: read in one transaction, so it is consistent."""

    office: OfficeInfo | None = None
    services: tuple[ServiceInfo, ...] = ()
    counters: tuple[CounterInfo, ...] = ()
    admins: tuple[str, ...] = ()  # names of the active admins
    city_services: tuple[ServiceSpec, ...] = ()
    enrolled: bool = False  # this desk holds a token of the city server

    @property
    def missing(self) -> list[str]:
        """The missing parts (keys of ``PARTS``), in the wizard's order."""
        out = []
        if self.office is None:
            out.append("office")
        if not any(s.active for s in self.services):
            out.append("services")
        if not any(c.active and c.service_ids for c in self.counters):
            out.append("counters")
        if not self.admins:
            out.append("admin")
        return out

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def can_queue(self) -> bool:
        """Whether numbers can be issued and called (accounts are not needed for that)."""
        return not set(self.missing) & {"office", "services", "counters"}

    def describe(self) -> str:
        """One Indonesian sentence saying what is missing and how to finish."""
        missing = self.missing
        if not missing:
            return "Kantor sudah diatur."
        if self.office is None:
            return (
                "Kantor belum diatur di folder data ini. " + HOW_TO_FINISH
                + " Untuk mencoba: `loket --demo`."
            )  # fmt: skip
        words = [PARTS[m] for m in missing]
        listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " dan " + words[-1]
        return f"Penyiapan kantor {self.office.name} belum selesai: {listed}. " + HOW_TO_FINISH


def setup_state(session: Session) -> SetupState:
    office = session.scalars(select(Office.id).limit(1)).first()
    admins = session.scalars(
        select(User.name).where(User.role == "admin", User.active.is_(True)).order_by(User.name)
    ).all()
    sync = session.get(SyncState, SYNC_STATE_ID)
    return SetupState(
        office=load_office(session) if office is not None else None,
        services=tuple(list_services(session)),
        counters=tuple(list_counters(session)),
        admins=tuple(admins),
        city_services=tuple(city_services(session)),
        enrolled=sync is not None and not sync.needs_enroll,
    )


def read_setup_state(db: Database) -> SetupState:
    with db.read() as s:
        return setup_state(s)


def require_setup(db: Database, *, need_admin: bool = False) -> SetupState:
    """The set-up, or ``NotConfigured`` saying in Indonesian what is missing."""
    state = read_setup_state(db)
    if not state.can_queue or (need_admin and not state.complete):
        raise NotConfigured(state.describe(), missing=state.missing)
    return state


def city_services(session: Session) -> list[ServiceSpec]:
    """The city's published services (kept by the sync), as the wizard offers them."""
    return [
        ServiceSpec(st.prefix, st.name, st.standard_minutes, st.requirements, st.fee)
        for st in published_services(session)
    ]


#: Typical kelurahan services (DOMAIN.md); each office edits names and standard times.
STARTER_SERVICES = [
    ServiceSpec("A", "Surat Keterangan Domisili", 10, "Pengantar RT/RW; fotokopi KTP dan KK"),
    ServiceSpec("B", "Surat Pengantar KTP / KK", 15, "Pengantar RT/RW; KK asli"),
    ServiceSpec(
        "C", "Surat Keterangan Tidak Mampu (SKTM)", 15, "Pengantar RT/RW; fotokopi KTP dan KK"
    ),
    ServiceSpec("D", "Surat Keterangan Usaha", 20, "Pengantar RT/RW; fotokopi KTP"),
    ServiceSpec(
        "E",
        "Pengantar Kelahiran / Kematian",
        15,
        "Pengantar RT/RW; surat keterangan dari bidan/RS atau dokter",
    ),
    ServiceSpec("F", "Surat Pindah", 20, "Pengantar RT/RW; KK dan KTP asli"),
    ServiceSpec(
        "G",
        "Surat Keterangan Ahli Waris",
        30,
        "Pengantar RT/RW; akta kematian; KTP dan KK para ahli waris",
    ),
    ServiceSpec(
        "H",
        "Pengantar Nikah (NTCR)",
        30,
        "Pengantar RT/RW; fotokopi KTP, KK dan akta kelahiran; pas foto",
    ),
]


@dataclass
class SetupPlan:
    office_name: str = ""
    kode_wilayah: str = ""
    timezone: str = "Asia/Jakarta"
    services: list[ServiceSpec] = field(default_factory=list)
    # counter number -> prefixes of the services it serves
    counters: dict[int, list[str]] = field(default_factory=dict)
    admin_name: str = ""  # may stay empty when the office already has an admin
    admin_password: str = ""

    def problems(self, *, need_admin: bool = True) -> list[str]:
        """Everything wrong with the plan, in Indonesian, before anything is written."""
        out = []
        try:
            clean_name(self.office_name, "Nama kantor", OFFICE_NAME_MAX)
        except InvalidInput as exc:
            out.append(exc.message)
        try:
            normalize_kode_wilayah(self.kode_wilayah)
        except InvalidInput as exc:
            out.append(exc.message)
        if self.timezone not in INDONESIAN_ZONES:
            out.append("Pilih zona waktu WIB, WITA atau WIT.")
        if not self.services:
            out.append("Pilih paling sedikit satu layanan.")
        prefixes = [s.prefix.strip().upper() for s in self.services]
        if len(set(prefixes)) != len(prefixes):
            out.append("Kode layanan tidak boleh sama.")
        for spec in self.services:
            try:
                check_service_spec(spec)
            except InvalidInput as exc:
                out.append(f"Layanan {spec.prefix}: {exc.message}")
        if not self.counters:
            out.append("Buat paling sedikit satu loket.")
        for number, served in sorted(self.counters.items()):
            if number <= 0:
                out.append("Nomor loket harus lebih dari 0.")
            elif not served:
                out.append(f"Loket {number} belum melayani layanan apa pun.")
            elif {p.upper() for p in served} - set(prefixes):
                out.append(f"Loket {number} melayani layanan yang tidak dipilih.")
        served_all = {p.upper() for served in self.counters.values() for p in served}
        unserved = set(prefixes) - served_all
        if unserved:
            out.append("Layanan tanpa loket: " + ", ".join(sorted(unserved)) + ".")
        if need_admin or self.admin_name.strip() or self.admin_password:
            if not self.admin_name.strip():
                out.append("Nama admin wajib diisi.")
            try:
                check_strength(self.admin_password)
            except InvalidInput as exc:
                out.append(exc.message)
        return out


def plan_from_state(state: SetupState) -> SetupPlan:
    """A plan pre-filled with what exists (or what the city published)."""
    plan = SetupPlan()
    if state.office is not None:
        plan.office_name = state.office.name
        plan.kode_wilayah = state.office.code
        plan.timezone = state.office.timezone
    if state.services:
        plan.services = [
            ServiceSpec(s.prefix, s.name, s.standard_minutes, s.requirements, s.fee, s.daily_quota)
            for s in state.services
            if s.active
        ]
    elif state.city_services:
        plan.services = list(state.city_services)
    by_id = {s.id: s.prefix for s in state.services}
    plan.counters = {
        c.number: [by_id[i] for i in c.service_ids if i in by_id]
        for c in state.counters
        if c.active
    }
    return plan


def apply_plan(db: Database, plan: SetupPlan) -> SetupState:
    """Create (or complete) the office, its services, counters and first admin at once.

    One write transaction: either all of it is there afterwards or none of it. An
    office that already exists keeps its kode wilayah (the city knows it by that) and
    the services and counters it has; the plan's are added or updated by prefix and
    number.
    """
    before = read_setup_state(db)
    if before.complete:
        raise InvalidInput("Kantor sudah diatur di folder data ini.")
    problems = plan.problems(need_admin=not before.admins)
    if problems:
        raise InvalidInput(" ".join(problems))
    admin_hash = None
    if plan.admin_name.strip():
        admin_hash = hash_password(plan.admin_password)  # slow on purpose: outside the lock
    with db.write() as s:
        state = setup_state(s)  # again, under the write lock
        if state.complete:
            raise InvalidInput("Kantor sudah diatur di folder data ini.")
        _write_office(s, state, plan)
        ids = _write_services(s, plan.services)
        for number, served in sorted(plan.counters.items()):
            _write_counter(s, number, [ids[p.strip().upper()] for p in served])
        actor = Actor(None, "penyiapan")
        if admin_hash is not None and not state.admins:
            admin = insert_user(s, plan.admin_name, "admin", admin_hash)
            actor = Actor(admin.id, admin.name)
        elif not state.admins:
            raise InvalidInput("Nama admin wajib diisi.")
        bump_config(s)
        record(s, actor, "office_created", plan.office_name.strip(),
               services=len(plan.services), counters=len(plan.counters))  # fmt: skip
        return setup_state(s)


def _write_office(s: Session, state: SetupState, plan: SetupPlan) -> None:
    kode = normalize_kode_wilayah(plan.kode_wilayah)
    if state.office is None:
        insert_office(s, name=plan.office_name, code=kode, timezone=plan.timezone)
        return
    if kode != state.office.code:
        raise InvalidInput(
            f"Kantor di folder data ini sudah memakai kode wilayah {state.office.code}; "
            f"kode {kode} tidak dapat dipakai.",
            code=kode,
        )
    row = s.get(Office, state.office.id)
    assert row is not None
    row.name = plan.office_name.strip()
    row.timezone = plan.timezone


def _write_services(s: Session, specs: list[ServiceSpec]) -> dict[str, int]:
    """Add the new prefixes, update the existing ones; returns prefix -> service id."""
    existing = {row.prefix: row for row in s.scalars(select(Service))}
    new = []
    for spec in specs:
        prefix = spec.prefix.strip().upper()
        row = existing.get(prefix)
        if row is None:
            new.append(spec)
            continue
        row.name, row.standard_minutes = spec.name.strip(), spec.standard_minutes
        row.requirements, row.fee, row.active = spec.requirements, spec.fee, True
    insert_services(s, new)
    return {row.prefix: row.id for row in s.scalars(select(Service))}


def _write_counter(s: Session, number: int, service_ids: list[int]) -> None:
    row = s.scalars(select(Counter).where(Counter.number == number)).first()
    if row is None:
        insert_counter(s, number=number, service_ids=service_ids)
        return
    row.active = True
    s.execute(delete(CounterService).where(CounterService.counter_id == row.id))
    for sid in dict.fromkeys(service_ids):
        s.add(CounterService(counter_id=row.id, service_id=sid))
