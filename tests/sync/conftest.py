"""Fixtures of the sync tests: a real server on loopback, desks copied from a template
day, a fault proxy in between."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from loket.app.simulate import simulate_day
from loket.paths import database_path
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.store.database import Database
from loket.store.migrate import open_database

from ..server.fixtures import live_server, server_db, server_db_url
from ..server.live import LiveServer
from .faultproxy import FaultProxy
from .helpers import DEMO_CODE, DEMO_NAME

__all__ = ["live_server", "server_db", "server_db_url"]

#: The template desk's simulated day (a Monday).
DAY = date(2026, 11, 23)
TEMPLATE_TICKETS = 50


@pytest.fixture(scope="session")
def desk_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo desk database holding one simulated day, built once per session."""
    folder = tmp_path_factory.mktemp("desk-template")
    db = open_database(folder)
    try:
        simulate_day(db, DAY, TEMPLATE_TICKETS, 3, seed=5)
    finally:
        db.close()
    return database_path(folder)


OpenDesk = Callable[[str], Database]


@pytest.fixture
def open_desk(tmp_path: Path, desk_template: Path) -> Iterator[OpenDesk]:
    """Desks (data dirs) copied from the template; all closed at teardown."""
    opened: list[Database] = []

    def _open(name: str = "desk") -> Database:
        folder = tmp_path / name
        if not folder.exists():
            folder.mkdir()
            shutil.copyfile(desk_template, database_path(folder))
        db = open_database(folder)
        opened.append(db)
        return db

    yield _open
    for db in opened:
        db.close()


@pytest.fixture
def desk(open_desk: OpenDesk) -> Database:
    return open_desk("desk")


NewCode = Callable[..., str]


@pytest.fixture
def new_code(server_db: ServerDatabase) -> NewCode:
    """Register an office on the server (or find it) and return a fresh enrollment code."""

    def _code(code: str = DEMO_CODE, name: str = DEMO_NAME) -> str:
        return add_office(server_db, code=code, name=name, now=datetime.now(UTC)).enrollment_code

    return _code


@pytest.fixture
def proxy(live_server: LiveServer) -> Iterator[FaultProxy]:
    fault_proxy = FaultProxy(live_server.port, slow_seconds=2.0).start()
    yield fault_proxy
    fault_proxy.stop()
