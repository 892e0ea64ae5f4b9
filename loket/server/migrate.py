"""Server schema migrations at start: programmatic Alembic over the server's own scripts.

Several server processes may start at once (uvicorn workers, a rolling restart): on
PostgreSQL they serialize on an advisory lock, on SQLite on the write lock, and each one
after the first finds the schema at head and does nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Arbitrary key of the PostgreSQL advisory lock taken while migrating ("LOKETSRV").
ADVISORY_LOCK_KEY = 0x4C4F4B4554535256


class ServerSchemaTooNew(RuntimeError):
    """The database was migrated by a newer server: refuse rather than misread it."""


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> str:
    """Bring the server database to head; returns the revision it is at afterwards."""
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    known = {rev.revision for rev in script.walk_revisions()}
    sqlite = engine.dialect.name == "sqlite"
    locked = engine.execution_options(sqlite_begin="IMMEDIATE") if sqlite else engine
    with locked.connect() as conn:
        if not sqlite:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
        before = MigrationContext.configure(conn).get_current_revision()
        if before is not None and before not in known:
            raise ServerSchemaTooNew(
                f"Basis data server dibuat oleh versi Loket yang lebih baru (skema {before})."
            )
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    after = head_revision()
    if before != after:
        log.info("server database upgraded %s -> %s", before, after)
    return after
