"""Keeping the register safe without IT staff: daily backups, restore, retention, disk.

A kelurahan has no administrator watching the PC. So a backup is taken automatically
once a day (to a folder the office chooses, a USB disk works) and verified by opening
it; a restore always keeps a copy of what it replaces; personal data is purged after the
retention period while the figures stay; a nearly full disk is said before it bites.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from loket.app.audit import SYSTEM, Actor, record
from loket.core.days import utc_now
from loket.core.errors import InvalidInput
from loket.core.roles import Role
from loket.core.settings import BACKUP_FOLDER, LAST_BACKUP_AT, RETENTION_DAYS, OfficeSetting
from loket.paths import backups_dir, database_path
from loket.store.database import Database, StoreError
from loket.store.health import backup, verify_backup
from loket.store.models import CitizenRow, TicketRow
from loket.store.settings import read_setting, write_setting

#: Personal data is kept this long by default (the office may shorten or lengthen it).
DEFAULT_RETENTION_DAYS = RETENTION_DAYS.default
#: A daily backup is due when the last one is older than this.
BACKUP_EVERY = timedelta(hours=20)
LOW_DISK_BYTES = 1 << 30  # 1 GiB
LOW_DISK_SHARE = 0.05
T = TypeVar("T")


def change_setting(
    s: Session, actor: Actor, spec: OfficeSetting[T], value: T, *, role: Role | str | None
) -> None:
    """Change one office setting with its audit entry, in the caller's transaction."""
    old = write_setting(s, spec, value, role=role)
    record(s, actor, "setting_changed", spec.key, old=old, new=value)


def save_data_settings(
    db: Database, actor: Actor, role: Role | str | None, retention: int, folder: str | None
) -> None:
    """How long personal data is kept and where backups go: one change, audited."""
    with db.write() as s:
        change_setting(s, actor, RETENTION_DAYS, retention, role=role)
        change_setting(s, actor, BACKUP_FOLDER, folder, role=role)


def _read(db: Database, spec: OfficeSetting[T]) -> T:
    with db.read() as s:
        return read_setting(s, spec)


def retention_days(db: Database) -> int:
    return _read(db, RETENTION_DAYS)


def purge_personal_data(db: Database, now: datetime | None = None, days: int | None = None) -> int:
    """Delete citizens' personal data older than the retention period; figures stay.

    Only ``ticket_citizens`` rows go: tickets, times and outcomes are the office's
    statistics and remain. Returns how many citizens' records were removed. The period is
    read in the purge's own transaction: an admin shortening it meanwhile is seen.
    """
    with db.write() as s:
        keep = days if days is not None else read_setting(s, RETENTION_DAYS)
        if keep < 1:
            raise InvalidInput("Masa simpan data pribadi paling sedikit 1 hari.")
        cutoff = (now or utc_now()).date() - timedelta(days=keep)
        old = select(TicketRow.id).where(TicketRow.service_day < cutoff)
        result = s.execute(delete(CitizenRow).where(CitizenRow.ticket_id.in_(old)))
        count = int(getattr(result, "rowcount", 0) or 0)
        from loket.store.online_models import BookingRow  # bookings pulled from the city

        booked = s.execute(
            update(BookingRow)
            .where(BookingRow.day < cutoff, BookingRow.phone.is_not(None))
            .values(name=None, phone=None)
        )
        count += int(getattr(booked, "rowcount", 0) or 0)
        if count:
            record(s, SYSTEM, "personal_data_purged", f"< {cutoff.isoformat()}", rows=count)
    return count


def backup_folder(db: Database) -> Path:
    chosen = _read(db, BACKUP_FOLDER)
    return Path(chosen) if chosen else backups_dir(db.path.parent)


def backup_if_due(db: Database, now: datetime | None = None) -> Path | None:
    """The daily backup, taken when the last one is old enough; None when not due."""
    moment = now or utc_now()
    last = _read(db, LAST_BACKUP_AT)
    if last and moment - datetime.fromisoformat(last) < BACKUP_EVERY:
        return None
    path = backup(db, backup_folder(db))
    with db.write() as s:
        write_setting(s, LAST_BACKUP_AT, moment.isoformat())
    return path


def last_backup_at(db: Database) -> datetime | None:
    value = _read(db, LAST_BACKUP_AT)
    return datetime.fromisoformat(value) if value else None


def _looks_like_loket(path: Path) -> None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Berkas {path} bukan cadangan Loket yang dapat dibaca.") from exc
    if not {"alembic_version", "tickets", "ticket_events"} <= tables:
        raise StoreError(f"Berkas {path} bukan cadangan basis data Loket.")


def restore(data_dir: Path, source: Path) -> Path | None:
    """Put a backup in place of the current database; returns where the old one went.

    The backup is verified first (readable, a Loket database, quick_check ok); the current
    file, even a corrupt one, is copied byte for byte to ``backups/pre-restore-*`` before
    anything is replaced. The caller must have closed its own connections.
    """
    if not source.is_file():
        raise InvalidInput(f"Berkas cadangan {source} tidak ada.")
    verify_backup(source)
    _looks_like_loket(source)
    current = database_path(data_dir)
    saved = None
    if current.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        saved = backups_dir(data_dir) / f"pre-restore-{stamp}.db"
        saved.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(current, saved)
        for suffix in ("-wal", "-shm"):
            side = Path(str(current) + suffix)
            if side.exists():
                shutil.copy2(side, Path(str(saved) + suffix))
                side.unlink()
    tmp = current.with_suffix(".restoring")
    shutil.copyfile(source, tmp)
    tmp.replace(current)
    return saved


def disk_warning(data_dir: Path) -> str | None:
    """An Indonesian warning when the data disk is nearly full, else None."""
    usage = shutil.disk_usage(data_dir if data_dir.exists() else data_dir.parent)
    if usage.free < LOW_DISK_BYTES or usage.free < usage.total * LOW_DISK_SHARE:
        free_mb = usage.free // (1 << 20)
        return (
            f"Ruang disk hampir habis (sisa {free_mb} MB). Kosongkan ruang disk agar antrian "
            "dan cadangan tetap tersimpan."
        )
    return None
