"""Setting up a new office in one step, from what the first-run wizard collected.

The wizard only gathers a ``SetupPlan``; validating and creating live here, so the same
rules hold for the wizard, a script, and the tests, and a half-made office is never
left behind: everything is checked before the first write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loket.app.audit import Actor, record
from loket.app.office import ServiceSpec, add_counter, add_services, create_office, has_office
from loket.app.users import add_user
from loket.core.days import INDONESIAN_ZONES
from loket.core.errors import InvalidInput
from loket.core.nik import normalize_kode_wilayah
from loket.core.passwords import check_strength
from loket.store.database import Database

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
    admin_name: str = ""
    admin_password: str = ""

    def problems(self) -> list[str]:
        """Everything wrong with the plan, in Indonesian, before anything is written."""
        out = []
        if not self.office_name.strip():
            out.append("Nama kantor wajib diisi.")
        try:
            normalize_kode_wilayah(self.kode_wilayah)
        except InvalidInput as exc:
            out.append(exc.message)
        if self.timezone not in INDONESIAN_ZONES:
            out.append("Pilih zona waktu WIB, WITA atau WIT.")
        if not self.services:
            out.append("Pilih paling sedikit satu layanan.")
        prefixes = [s.prefix.upper() for s in self.services]
        if len(set(prefixes)) != len(prefixes):
            out.append("Kode layanan tidak boleh sama.")
        if not self.counters:
            out.append("Buat paling sedikit satu loket.")
        for number, served in sorted(self.counters.items()):
            if not served:
                out.append(f"Loket {number} belum melayani layanan apa pun.")
            elif set(served) - set(prefixes):
                out.append(f"Loket {number} melayani layanan yang tidak dipilih.")
        unserved = set(prefixes) - {p for served in self.counters.values() for p in served}
        if unserved:
            out.append("Layanan tanpa loket: " + ", ".join(sorted(unserved)) + ".")
        if not self.admin_name.strip():
            out.append("Nama admin wajib diisi.")
        try:
            check_strength(self.admin_password)
        except InvalidInput as exc:
            out.append(exc.message)
        return out


def apply_plan(db: Database, plan: SetupPlan) -> None:
    """Create the office, its services, counters and first admin."""
    problems = plan.problems()
    if problems:
        raise InvalidInput(" ".join(problems))
    if has_office(db):
        raise InvalidInput("Kantor sudah diatur di folder data ini.")
    create_office(db, name=plan.office_name, code=plan.kode_wilayah, timezone=plan.timezone)
    ids = add_services(db, plan.services)
    by_prefix = {spec.prefix.upper(): sid for spec, sid in zip(plan.services, ids, strict=True)}
    for number, served in sorted(plan.counters.items()):
        add_counter(db, number=number, service_ids=[by_prefix[p.upper()] for p in served])
    admin = add_user(db, plan.admin_name, "admin", plan.admin_password)
    with db.write() as s:
        record(
            s,
            Actor(admin.id, admin.name),
            "office_created",
            plan.office_name,
            services=len(ids),
            counters=len(plan.counters),
        )
