"""Schema migrations at open: programmatic Alembic, backup first, refuse newer schemas.

A desk is updated by replacing the program folder; the first start of the new version
upgrades the database. If that fails the office must not lose its register, so the
file is copied first and put back if the upgrade raises.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from loket.paths import backups_dir, database_path
from loket.resources import migrations_dir
from loket.store.database import (
    CorruptDatabase,
    Database,
    DatabaseTooNew,
    MigrationFailed,
    connect,
    translate_errors,
)
from loket.store.errors import corrupt_message, known_error

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

#: The newest desk schema revision. Opening a database already there needs no Alembic
#: (a fifth of the start-up time); a test checks this against migrations/.
SCHEMA_HEAD = "0015"

#: How many pre-upgrade copies to keep in backups/.
KEEP_UPGRADE_BACKUPS = 5


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(db: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with translate_errors(db.path), db.engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    return heads[0] if heads else None


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None


def upgrade(db: Database) -> UpgradeResult:
    """Bring ``db`` to the head revision; a no-op when it is there already."""
    before = current_revision(db)
    head = head_revision()
    if before == head:
        return UpgradeResult(before, head, None)
    if before is not None and before not in known_revisions():
        raise DatabaseTooNew(
            "Basis data ini dibuat oleh versi Loket yang lebih baru "
            f"(skema {before}). Pasang versi terbaru Loket; berkas tidak diubah.",
            revision=before,
        )
    backup = _backup_before_upgrade(db, before) if before is not None else None
    from alembic import command

    cfg = alembic_config()
    try:
        # Under the write lock: two processes opening a new data dir at once must not
        # both create the tables; the second sees the first's revision and does nothing.
        # One transaction for the whole upgrade, taken before Alembic reads the version:
        # the second process waits, then finds the head and does nothing; a failing
        # revision rolls everything back (the copy above is the second line of defence).
        locked = db.engine.execution_options(sqlite_begin="IMMEDIATE")
        with translate_errors(db.path), locked.connect() as conn, conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        if backup is not None:
            _restore(db, backup)
        known = known_error(exc, db.path)
        if known is not None:  # a full disk, a read-only folder...: say that, not "failed"
            raise known from exc
        raise MigrationFailed(
            f"Pembaruan skema basis data gagal ({exc}). Basis data dikembalikan seperti semula"
            + (f" dari {backup}." if backup else "."),
            revision=before,
        ) from exc
    log.info("database %s upgraded %s -> %s", db.path, before, head)
    return UpgradeResult(before, head, backup)


def _backup_before_upgrade(db: Database, revision: str) -> Path:
    folder = backups_dir(db.path.parent)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = folder / f"pre-upgrade-{revision}-{stamp}.db"
    db.raw_backup(dest)
    # By the UTC stamp in the name: FAT/exFAT USB disks keep 2-second file times.
    old = sorted(folder.glob("pre-upgrade-*.db"), key=lambda p: p.stem.rsplit("-", 1)[-1])
    for stale in old[:-KEEP_UPGRADE_BACKUPS]:
        stale.unlink(missing_ok=True)
    return dest


def _restore(db: Database, backup: Path) -> None:
    db.engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(db.path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, db.path)


def open_database(data_dir: Path, *, readonly: bool = False, check: bool = False) -> Database:
    """Open the data dir's database, creating or upgrading its schema first.

    ``check`` runs SQLite's quick_check on a read-only connection *before* anything can
    write (no WAL switch, no migration, no ``PRAGMA optimize``): a damaged file raises
    ``CorruptDatabase`` with its bytes untouched. Every writer asks for it.

    ``readonly`` (the read commands) returns a ``mode=ro`` database, which cannot write
    at all; damage a query meets raises ``CorruptDatabase``. It skips the up-front check
    (a full read: seconds on a five-year file, for a command that cannot harm the file)
    unless the schema is older than this version: the upgrade, a write, needs the check.
    A missing database is created, as every open does.
    """
    if readonly:
        path = database_path(data_dir)
        if path.is_file() and path.stat().st_size > 0:
            ro = connect(data_dir, readonly=True)
            try:
                if _stored_revision(ro) == SCHEMA_HEAD:
                    return ro
            except BaseException:
                ro.close()
                raise
            ro.close()
        check = True
    if check:
        check_intact(data_dir)
    db = connect(data_dir)
    try:
        if _stored_revision(db) != SCHEMA_HEAD:
            upgrade(db)
    except BaseException:
        db.close()
        raise
    return db


def check_intact(data_dir: Path, *, keep_open: bool = False) -> Database | None:
    """quick_check the data dir's database on a read-only connection, if it has one.

    Raises ``CorruptDatabase`` (nothing written) when it is damaged. With ``keep_open``
    the read-only database is returned for the caller to use; otherwise None.
    """
    path = database_path(data_dir)
    if not path.is_file() or path.stat().st_size == 0:
        if data_dir.exists() and not data_dir.is_dir():
            connect(data_dir, readonly=True)  # raises "a file, not a folder"
        return None
    probe = connect(data_dir, readonly=True)
    try:
        ensure_intact(probe)
    except BaseException:
        probe.close()
        raise
    if keep_open:
        return probe
    probe.close()
    return None


def ensure_intact(db: Database) -> None:
    """Raise ``CorruptDatabase`` unless SQLite's quick_check finds the file sound."""
    with translate_errors(db.path), db.engine.connect() as conn:
        result = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check").fetchmany(3)]
        conn.rollback()
    if result != ["ok"]:
        raise CorruptDatabase(
            corrupt_message(db.path) + " (" + "; ".join(result) + ")", path=str(db.path)
        )


def _stored_revision(db: Database) -> str | None:
    """The schema revision recorded in the file, read without Alembic."""
    with translate_errors(db.path), db.engine.connect() as conn:
        try:
            value = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except Exception:  # no table yet: a new file
            value = None
        conn.rollback()
    return str(value) if value is not None else None
