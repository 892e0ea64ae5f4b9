"""The `loket` command finds its data dir: --data-dir anywhere, LOKET_DATA_DIR, the default."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from loket import __version__
from loket.app.users import add_user
from loket.paths import ENV_DATA_DIR
from loket.store.migrate import open_database
from loket.store.models import TicketRow

from .helpers import RunLoket, prepare_office

TICKETS = 7


@dataclass(frozen=True)
class Office:
    data_dir: Path
    day: date


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    """One prepared data dir: the demo office, 7 tickets and a user named budi."""
    data = tmp_path_factory.mktemp("cli") / "data"
    prepare_office(data, TICKETS)
    db = open_database(data)
    try:
        add_user(db, "budi", "operator", "sandi-rahasia-123")
        with db.read() as s:
            days = set(s.scalars(select(TicketRow.service_day)))
    finally:
        db.close()
    assert len(days) == 1
    return Office(data, days.pop())


def _taken(result: subprocess.CompletedProcess[str]) -> int:
    assert result.returncode == 0, result.stdout + result.stderr
    return int(json.loads(result.stdout)["taken"])


@pytest.mark.parametrize("where", ["before_command", "after_command", "last"])
def test_stats_accepts_data_dir_in_any_position(
    office: Office, run_loket: RunLoket, where: str
) -> None:
    opt = ["--data-dir", str(office.data_dir)]
    rest = ["--json", "--date", office.day.isoformat()]
    argv = {
        "before_command": [*opt, "stats", *rest],
        "after_command": ["stats", *opt, *rest],
        "last": ["stats", *rest, *opt],
    }[where]
    assert _taken(run_loket(*argv)) == TICKETS


def test_stats_reads_loket_data_dir(office: Office, run_loket: RunLoket) -> None:
    result = run_loket(
        "stats", "--json", "--date", office.day, env={ENV_DATA_DIR: str(office.data_dir)}
    )
    assert _taken(result) == TICKETS


def test_data_dir_option_wins_over_the_environment(
    office: Office, run_loket: RunLoket, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    result = run_loket(
        "stats",
        "--json",
        "--date",
        office.day,
        "--data-dir",
        office.data_dir,
        env={ENV_DATA_DIR: str(elsewhere)},
    )
    assert _taken(result) == TICKETS
    assert not elsewhere.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "{D}", "db", "check"],
        ["db", "--data-dir", "{D}", "check"],
        ["db", "check", "--data-dir", "{D}"],
    ],
    ids=["before_db", "between", "last"],
)
def test_db_check_accepts_data_dir_in_any_position(
    office: Office, run_loket: RunLoket, argv: list[str]
) -> None:
    result = run_loket(*(a.replace("{D}", str(office.data_dir)) for a in argv))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"OK: {office.data_dir / 'loket.db'}")


def test_user_list_accepts_data_dir(office: Office, run_loket: RunLoket) -> None:
    result = run_loket("user", "list", "--data-dir", office.data_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[0] == "budi"


def test_simulate_creates_its_data_dir(run_loket: RunLoket, tmp_path: Path) -> None:
    target = tmp_path / "sim" / "data"
    result = run_loket(
        "simulate", "--tickets", "5", "--date", "2026-01-05", "--seed", "3", "--data-dir", target
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(target) in result.stdout
    assert (target / "loket.db").is_file()
    check = run_loket("--data-dir", target, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="the default folder is XDG_DATA_HOME on Linux")
def test_without_option_or_environment_the_user_data_folder_is_used(
    run_loket: RunLoket, child_env: dict[str, str]
) -> None:
    default = Path(child_env["XDG_DATA_HOME"]) / "loket"
    result = run_loket("db", "check")
    assert result.returncode == 1
    assert str(default) in result.stderr
    assert not (default / "loket.db").exists()


def test_version(run_loket: RunLoket) -> None:
    result = run_loket("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"loket {__version__}"
