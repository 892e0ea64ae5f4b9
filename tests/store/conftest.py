"""Fixtures for the store tests: real SQLite files in a temporary data dir."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.paths import ENV_DATA_DIR
from loket.store.database import Database
from loket.store.migrate import open_database

from .helpers import MakeFilled, OpenDb, RunLoket


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data dir that does not exist yet (open_database must create it)."""
    return tmp_path / "data"


@pytest.fixture
def opened() -> Iterator[OpenDb]:
    """``open_database`` that closes whatever it opened when the test ends, even on failure."""
    dbs: list[Database] = []

    def _open(folder: Path) -> Database:
        db = open_database(folder)
        dbs.append(db)
        return db

    yield _open
    for db in dbs:
        db.close()


@pytest.fixture
def make_filled() -> MakeFilled:
    """Build a closed data dir holding the demo office and ``tickets`` issued tickets."""

    def _make(folder: Path, tickets: int = 30) -> Path:
        db = open_database(folder)
        try:
            ensure_demo_office(db, counters=2)
            desk = Desk(db)
            with desk.batch():
                for i in range(tickets):
                    desk.issue(1 + i % 3)
        finally:
            db.close()
        return folder

    return _make


@pytest.fixture
def run_loket(tmp_path: Path) -> RunLoket:
    """Run ``python -m loket ARGS`` in a child process with a home dir of its own."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"))

    def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "loket", *map(str, args)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    return _run
