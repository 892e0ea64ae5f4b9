"""Read-only probes of this PC's database file, for the doctor and the self-check.

They are about the local file by nature (is it there, intact, at which schema, enrolled
with the city?), so they stay off the office client: a LAN client asks its hub for the
office and has no file of its own to probe. The Qt-side reports (``loket.ui.tools.doctor``,
``loket.ui.tools.selfcheck``) turn these plain results into findings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loket.core.errors import LoketError
from loket.store import health
from loket.store.database import Database, connect
from loket.store.migrate import current_revision, head_revision, known_revisions, open_database
from loket.store.sync_models import SYNC_STATE_ID, SyncState

SQLITE_VERSION = sqlite3.sqlite_version
SELF_CHECK_OFFICE = "Kantor Uji Mandiri"
SELF_CHECK_CODE = "9999991001"  # 99.99.99.1001: no real region


@dataclass(frozen=True)
class DatabaseProbe:
    integrity: list[str]
    foreign_keys: int
    revision: str | None
    head: str
    known: set[str] = field(default_factory=set)
    office_line: str = ""


def probe_database(data_dir: Path) -> DatabaseProbe:
    """Integrity and schema version, read-only (the file is not upgraded here).

    Raises ``StoreError`` (a ``LoketError``) when the file cannot be opened at all.
    """
    db = connect(data_dir, readonly=True)  # a look never writes
    try:
        report = health.check(db)
        office = _office_line(db)
    finally:
        db.close()
    return DatabaseProbe(
        report.integrity,
        report.foreign_keys,
        report.revision,
        report.head,
        known_revisions(),
        office,
    )


def _office_line(db: Database) -> str:
    try:
        from loket.app.office import has_office, list_counters, list_services, load_office

        if not has_office(db):
            return "Kantor belum diatur."
        with db.read() as s:
            office = load_office(s)
            counters, services = list_counters(s), list_services(s)
    except Exception:  # an old schema may not have every table yet
        return ""
    return f"Kantor {office.name} ({office.code}): {len(counters)} loket, {len(services)} layanan."


def enrollment(data_dir: Path) -> tuple[str, str | None, bool] | None:
    """(server_url, ca_bundle, needs_enroll) of this desk, None when not enrolled."""
    try:
        db = connect(data_dir, readonly=True)  # a look never writes
    except LoketError:  # not a database: the database probe reports it
        return None
    try:
        with db.read() as s:
            state = s.get(SyncState, SYNC_STATE_ID)
            if state is None:
                return None
            return state.server_url, state.ca_bundle, bool(state.needs_enroll)
    except Exception:  # no sync table (old schema) or a damaged file: reported elsewhere
        return None
    finally:
        db.close()


class SelfCheckFailed(Exception):
    """One step of ``loket self-check`` did not do what it must."""


def self_check_database(data_dir: Path, out: Callable[[str], None]) -> None:
    """Create, migrate, set up an office and issue and call one number (a fresh dir)."""
    from loket.app.desk import Desk
    from loket.app.office import ServiceSpec, add_counter, add_services, create_office
    from loket.resources import migrations_dir

    db = open_database(data_dir)
    try:
        revision = current_revision(db)
        if revision != head_revision():
            raise SelfCheckFailed(f"skema {revision}, seharusnya {head_revision()}")
        out(
            f"OK     Basis data dibuat dan dimigrasi ke skema {revision} "
            f"(SQLite {SQLITE_VERSION}, migrasi dari {migrations_dir()})."
        )
        create_office(db, name=SELF_CHECK_OFFICE, code=SELF_CHECK_CODE)
        (service_id,) = add_services(db, [ServiceSpec("A", "Layanan Uji", 10)])
        counter_id = add_counter(db, number=1, service_ids=[service_id])
        desk = Desk(db)
        issued = desk.issue(service_id)
        called = desk.call_next(counter_id)
        if called is None or called.label != issued.ticket.label:
            raise SelfCheckFailed(f"nomor {issued.ticket.label} diambil, tetapi tidak dipanggil")
        out(f"OK     Nomor {issued.ticket.label} diambil dan dipanggil ke loket 1.")
    finally:
        db.close()
