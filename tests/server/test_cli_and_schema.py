"""``loket server`` handlers, the default database location, and the server's migrations
(on SQLite and PostgreSQL)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from loket.cli.server import register
from loket.server.db import ENV_SERVER_DB, ServerDatabase, default_db_url, make_engine
from loket.server.migrate import ServerSchemaTooNew, current_revision, head_revision, upgrade
from loket.server.models import DeskRow, OfficeRow, RefItem
from loket.server.schema import metadata

sqlite_only = pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)


def _run(*argv: str) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    parser = argparse.ArgumentParser(prog="loket")
    register(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(["server", *argv])
    return int(args.func(args, Path(".")))


def test_migrations_build_exactly_the_models_and_run_once(server_db_url: str) -> None:
    db = ServerDatabase.open(server_db_url)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert upgrade(db.engine) == head_revision()  # a second start changes nothing
    finally:
        db.close()


@sqlite_only
def test_a_schema_from_a_newer_server_is_refused(server_db_url: str) -> None:
    ServerDatabase.open(server_db_url).close()
    engine = make_engine(server_db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ServerSchemaTooNew):
        upgrade(engine)
    engine.dispose()


@sqlite_only
def test_server_commands_manage_offices_desks_and_reference_data(
    server_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", server_db_url]
    assert _run("add-office", *db, "--code", "3273011001", "--name", "Kelurahan Uji") == 0
    out = capsys.readouterr().out
    assert "32.73.01.1001" in out and "Kode pendaftaran" in out
    assert _run("add-office", *db, "--code", "32.73.01.1001", "--name", "Kelurahan Uji") == 0
    assert "kode pendaftaran baru" in capsys.readouterr().out
    assert _run("add-office", *db, "--code", "32.73.01.1001", "--name", "Lain") == 1
    assert "sudah terdaftar" in capsys.readouterr().err
    assert _run("add-office", *db, "--code", "12345", "--name", "X") == 1
    assert _run("add-office", *db, "--code", "3273011002", "--name", "X", "--zone", "UTC") == 1
    assert (
        _run("publish-service", *db, "--prefix", "a", "--name", "Domisili", "--minutes", "10") == 0
    )
    assert _run("announce", *db, "--key", "jam", "--text", "Buka 08.00",
                "--until", "2026-12-31T16:00+07:00") == 0  # fmt: skip
    assert _run("holiday", *db, "--date", "2026-12-25", "--name", "Natal") == 0
    assert _run("withdraw", *db, "--kind", "announcement", "--key", "jam") == 0
    assert _run("withdraw", *db, "--kind", "announcement", "--key", "jam") == 1
    assert _run("publish-service", *db, "--prefix", "A1", "--name", "X", "--minutes", "1") == 1
    assert _run("revoke", *db, "--code", "32.73.01.1001") == 0
    assert "0 perangkat dicabut" in capsys.readouterr().out
    assert _run("revoke", *db, "--code", "32.73.09.1009") == 1
    server = ServerDatabase.open(server_db_url)
    try:
        with server.read() as s:
            assert [o.code for o in s.scalars(select(OfficeRow))] == ["32.73.01.1001"]
            items = {(r.kind, r.key): r.deleted for r in s.scalars(select(RefItem))}
            assert s.scalars(select(DeskRow)).all() == []
    finally:
        server.close()
    assert items == {("service", "A"): False, ("announcement", "jam"): True,
                     ("holiday", "2026-12-25"): False}  # fmt: skip


def test_the_default_database_is_the_env_var_else_a_file_in_the_server_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_SERVER_DB, "postgresql://u:p@db/loket")
    assert default_db_url() == "postgresql://u:p@db/loket"
    monkeypatch.delenv(ENV_SERVER_DB)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    url = default_db_url()
    assert url.startswith("sqlite:///") and url.endswith("loket-server/server.db")
    assert (tmp_path / "xdg" / "loket-server").is_dir()


def test_python_m_loket_server_offers_the_same_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "loket.server", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0
    for command in ("run", "add-office", "revoke", "publish-service"):
        assert command in result.stdout
