"""The demo office behind `loket --demo`: services, counters, accounts and a running text.

It lives in its own data folder (``<data>/demo``), so its well-known demo passwords
never reach a real office's database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from loket.app.desk import Desk
from loket.app.office import list_counters, list_services, set_running_text
from loket.app.simulate import ensure_demo_office
from loket.app.users import add_user, list_users
from loket.store.database import Database

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
    """Make the demo office usable: idempotent, cheap when already done."""
    ensure_demo_office(db, counters=3)
    if not list_users(db):
        for name, role in DEMO_USERS:
            add_user(db, name, role, DEMO_PASSWORD if role == "operator" else DEMO_STAFF_PASSWORD)
        set_running_text(db, DEMO_RUNNING_TEXT)


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
