"""The demo office behind `loket --demo`: services, counters, accounts and a running text.

It lives in its own data folder (``<data>/demo``), so its well-known demo passwords
never reach a real office's database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select

from loket.app.desk import Desk
from loket.app.office import (
    ServiceSpec,
    has_office,
    insert_counter,
    insert_office,
    insert_services,
    list_counters,
    list_services,
    store_running_text,
)
from loket.app.users import insert_user, list_users
from loket.core.passwords import hash_password
from loket.store.database import Database
from loket.store.models import Office

DEMO_OFFICE = {"name": "Kelurahan Sukamaju (demo)", "code": "32.73.01.1001"}
DEMO_SERVICES = [
    ServiceSpec(
        "A", "Surat Keterangan Domisili", 10,
        "Pengantar RT/RW; fotokopi KTP dan KK", 0,
    ),
    ServiceSpec("B", "Surat Pengantar KTP / KK", 15, "Pengantar RT/RW; KK asli; akta kelahiran"),
    ServiceSpec(
        "C", "Surat Keterangan Tidak Mampu (SKTM)", 15,
        "Pengantar RT/RW; fotokopi KTP dan KK; surat pernyataan tidak mampu",
    ),
    ServiceSpec("D", "Surat Keterangan Usaha", 20, "Pengantar RT/RW; fotokopi KTP; foto usaha"),
    ServiceSpec(
        "E", "Pengantar Nikah (NTCR)", 30,
        "Pengantar RT/RW; fotokopi KTP, KK dan akta kelahiran; pas foto 3x4",
    ),
]  # fmt: skip

DEMO_PASSWORD = "1234"  # the operators' PIN
#: Supervisors and admins need 8 characters even in the demo (the policy has no exception).
DEMO_STAFF_PASSWORD = "demo1234"
DEMO_USERS = [
    ("petugas1", "operator"),
    ("petugas2", "operator"),
    ("petugas3", "operator"),
    ("kasi", "supervisor"),
    ("admin", "admin"),
]
DEMO_RUNNING_TEXT = (
    "Selamat datang di Kelurahan Sukamaju. Layanan surat keterangan tidak dipungut biaya. "
    "Siapkan KTP dan KK asli sebelum dipanggil. Pengaduan: kotak saran di ruang tunggu."
)


def prepare_demo(db: Database) -> None:
    """Make the demo office usable: idempotent, cheap when already done.

    The office, its accounts and its running text are written in one transaction (the
    hashes are made first, outside the write lock), so a kill leaves no half demo.
    """
    if has_office(db) and list_users(db):
        return
    pin, staff = hash_password(DEMO_PASSWORD), hash_password(DEMO_STAFF_PASSWORD)
    users = [(n, r, pin if r == "operator" else staff) for n, r in DEMO_USERS]
    if not has_office(db):
        ensure_demo_office(db, counters=3, users=users, running_text=DEMO_RUNNING_TEXT)
        return
    with db.write() as s:  # an older version's half demo: its accounts were never added
        for name, role, password_hash in users:
            insert_user(s, name, role, password_hash)
        store_running_text(s, DEMO_RUNNING_TEXT)


def demo_morning(db: Database, now: datetime) -> None:
    """A queue as it looks at ten: some served, some called, most waiting (screenshots)."""
    clock = [now - timedelta(minutes=150)]
    desk = Desk(db, clock=lambda: clock[0])
    with db.read() as s:
        services = {sv.prefix: sv.id for sv in list_services(s)}
        counters = [c.id for c in list_counters(s)]
    plan = "AABACBDAEABCAABDCAAB"
    for index, prefix in enumerate(plan):
        desk.issue(services[prefix], "lansia" if index in (6, 13) else None)
        clock[0] += timedelta(minutes=4)
    for counter in counters:
        for _ in range(2):
            t = desk.call_next(counter)
            if t is None:
                break
            clock[0] += timedelta(minutes=1)
            desk.start(t.id, counter)
            clock[0] += timedelta(minutes=6)
            desk.finish(t.id, counter)
    clock[0] = now - timedelta(seconds=20)
    for counter in counters[1:]:
        desk.call_next(counter)
    clock[0] = now


def ensure_demo_office(
    db: Database,
    counters: int = 3,
    users: Sequence[tuple[str, str, str]] = (),
    running_text: str = "",
) -> None:
    """Create the demo office, its services, ``counters`` counters and ``users``.

    ``users`` are (name, role, password hash). All of it is one transaction: a kill
    half-way leaves no office at all. An existing office is left as it is (a half one
    is refused by ``simulate_day``, which says what is missing).
    """
    with db.write() as s:
        if s.scalars(select(Office.id).limit(1)).first() is not None:
            return
        insert_office(s, name=DEMO_OFFICE["name"], code=DEMO_OFFICE["code"])
        ids = insert_services(s, DEMO_SERVICES)
        for number in range(1, max(1, counters) + 1):
            # Counter 1 takes the quick letters, the last one the long services, the rest all.
            if number == 1 and counters > 2:
                serves = ids[:3]
            elif number == counters and counters > 2:
                serves = ids[2:]
            else:
                serves = ids
            insert_counter(s, number=number, service_ids=serves)
        for name, role, password_hash in users:
            insert_user(s, name, role, password_hash)
        if running_text:
            store_running_text(s, running_text)
