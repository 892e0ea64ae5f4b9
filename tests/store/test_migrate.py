"""Schema migrations at open: models match the revisions, backups first, restore on failure."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from loket.paths import backups_dir, database_path
from loket.store import migrate
from loket.store.database import MigrationFailed, connect
from loket.store.migrate import (
    KEEP_UPGRADE_BACKUPS,
    alembic_config,
    current_revision,
    head_revision,
    known_revisions,
    upgrade,
)
from loket.store.schema import metadata

from .helpers import MakeFilled, OpenDb, raw_ticket_count, sibling_names


def _revision_of(path: Path) -> str | None:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])


def test_migrated_schema_matches_the_models(data_dir: Path, opened: OpenDb) -> None:
    db = opened(data_dir)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        diffs = compare_metadata(context, metadata)
    assert diffs == []


def test_revisions_form_one_line_to_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [head_revision()]
    assert head_revision() in known_revisions()
    bases = script.get_bases()
    assert len(bases) == 1
    # Walking down from head visits every known revision once.
    walked = [rev.revision for rev in script.walk_revisions("base", "heads")]
    assert sorted(walked) == sorted(known_revisions())


def test_a_database_without_schema_is_upgraded_without_backup(
    data_dir: Path, opened: OpenDb
) -> None:
    # A real SQLite file (header written) that holds no table at all.
    data_dir.mkdir()
    path = database_path(data_dir)
    with contextlib.closing(sqlite3.connect(path)) as plain:
        plain.execute("CREATE TABLE scratch (x)")
        plain.execute("DROP TABLE scratch")
        plain.commit()
    assert path.stat().st_size > 0
    assert _revision_of(path) is None

    db = connect(data_dir)
    try:
        result = upgrade(db)
    finally:
        db.close()
    assert (result.before, result.after, result.backup) == (None, head_revision(), None)
    assert _revision_of(path) == head_revision()
    assert not backups_dir(data_dir).exists()
    assert current_revision(opened(data_dir)) == head_revision()


def test_a_second_handle_on_a_new_data_dir_finds_it_migrated(
    data_dir: Path, opened: OpenDb
) -> None:
    first = connect(data_dir)
    second = connect(data_dir)
    try:
        assert upgrade(first).before is None
        # The second one sees the first one's revision and does nothing.
        assert upgrade(second).before == head_revision()
    finally:
        first.close()
        second.close()
    assert current_revision(opened(data_dir)) == head_revision()


def test_pre_upgrade_backups_keep_the_last_five(data_dir: Path, make_filled: MakeFilled) -> None:
    make_filled(data_dir, tickets=7)
    db = connect(data_dir)
    try:
        made = [
            migrate._backup_before_upgrade(db, head_revision())
            for _ in range(KEEP_UPGRADE_BACKUPS + 3)
        ]
    finally:
        db.close()
    assert len(set(made)) == len(made)
    folder = backups_dir(data_dir)
    left = sorted(folder.glob("pre-upgrade-*.db"))
    assert left == sorted(made[-KEEP_UPGRADE_BACKUPS:])
    for copy in left:
        assert copy.parent == folder
        assert copy.name.startswith(f"pre-upgrade-{head_revision()}-")
        assert raw_ticket_count(copy) == 7
        assert _revision_of(copy) == head_revision()


def _previous_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    down = script.get_revision(head_revision()).down_revision
    assert down is not None
    return down if isinstance(down, str) else down[0]


def _migrate_to(data_dir: Path, revision: str) -> None:
    db = connect(data_dir)
    try:
        cfg: Config = alembic_config()
        with db.engine.execution_options(sqlite_begin="IMMEDIATE").connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            conn.commit()
    finally:
        db.close()


@pytest.mark.skipif(len(known_revisions()) < 2, reason="needs a second revision")
def test_upgrade_from_a_saved_older_database(data_dir: Path, opened: OpenDb) -> None:
    older = _previous_revision()
    _migrate_to(data_dir, older)
    path = database_path(data_dir)
    assert _revision_of(path) == older

    db = connect(data_dir)
    try:
        result = upgrade(db)
    finally:
        db.close()

    assert (result.before, result.after) == (older, head_revision())
    assert result.backup is not None
    assert result.backup.parent == backups_dir(data_dir)
    assert result.backup.name.startswith(f"pre-upgrade-{older}-")
    assert _revision_of(result.backup) == older
    assert _revision_of(path) == head_revision()
    assert current_revision(opened(data_dir)) == head_revision()


def test_a_failing_upgrade_puts_the_file_back(
    data_dir: Path, make_filled: MakeFilled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A migration script that commits damage and then raises: the pre-upgrade copy returns.

    With one real revision there is nothing to upgrade, so the test pretends the head
    moved on and swaps Alembic's ``upgrade`` for a broken "migration" (SQLite stays real).
    """
    make_filled(data_dir, tickets=9)
    path = database_path(data_dir)
    current = head_revision()

    def broken_upgrade(cfg: Config, target: str) -> None:
        conn = cfg.attributes["connection"]
        conn.exec_driver_sql("DROP TABLE tickets")
        conn.commit()
        raise RuntimeError("migration script crashed")

    monkeypatch.setattr(migrate, "head_revision", lambda: "future")
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "future")
    monkeypatch.setattr("alembic.command.upgrade", broken_upgrade)

    with pytest.raises(MigrationFailed) as info:
        migrate.open_database(data_dir)
    assert "migration script crashed" in info.value.message
    assert info.value.params["revision"] == current

    backups = sorted(backups_dir(data_dir).glob(f"pre-upgrade-{current}-*.db"))
    assert len(backups) == 1
    assert str(backups[0]) in info.value.message
    assert raw_ticket_count(path) == 9
    assert _revision_of(path) == current
    assert sibling_names(path) == ["backups", "loket.db"]


def test_the_fast_open_path_knows_the_newest_revision() -> None:
    """open_database skips Alembic when the file is at SCHEMA_HEAD: it must be the head."""
    from loket.store.migrate import SCHEMA_HEAD, head_revision

    assert head_revision() == SCHEMA_HEAD


def test_a_real_database_saved_by_the_first_release_upgrades_with_its_figures(
    tmp_path: Path,
) -> None:
    """tests/data/loket-0001.db was written by the first release (schema 0001) running a
    simulated day; its `loket stats --json` then is in loket-0001.stats.json."""
    import json
    import shutil
    from datetime import date

    from loket.app.stats import stats_for_day
    from loket.store.migrate import open_database

    here = Path(__file__).parent.parent / "data"
    data = tmp_path / "old-office"
    data.mkdir()
    shutil.copy(here / "loket-0001.db", data / "loket.db")
    db = open_database(data)
    try:
        assert current_revision(db) == head_revision()
        figures = stats_for_day(db, date(2026, 11, 16)).to_json()
    finally:
        db.close()
    expected = json.loads((here / "loket-0001.stats.json").read_text())
    assert figures == expected
    copies = list(backups_dir(data).glob("pre-upgrade-0001-*.db"))
    assert len(copies) == 1 and _revision_of(copies[0]) == "0001"
