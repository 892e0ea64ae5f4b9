"""Fixtures of the online tests: a real city server on loopback and an enrolled desk."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from loket.app.audit import SYSTEM
from loket.app.online.admin import update_online
from loket.client.local import LocalOffice
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.store.database import Database
from loket.store.migrate import open_database
from loket.sync.engine import enroll_database
from tests.server.fixtures import server_db_url
from tests.server.live import LiveServer
from tests.sync.helpers import DEMO_CODE, DEMO_NAME, FAST, make_client, setup_demo_like_office

from .gateway import FakeGateway, running_gateway

__all__ = ["server_db_url"]


@pytest.fixture
def city(tmp_path: Path) -> Iterator[LiveServer]:
    db = ServerDatabase.open(f"sqlite:///{tmp_path / 'server.db'}")
    server = LiveServer(db).start()
    yield server
    server.stop()
    db.close()


@pytest.fixture
def any_city(server_db_url: str) -> Iterator[LiveServer]:
    """The city server over SQLite and over PostgreSQL (where configured)."""
    db = ServerDatabase.open(server_db_url)
    server = LiveServer(db).start()
    yield server
    server.stop()
    db.close()


@pytest.fixture
def any_desk(any_city: LiveServer, tmp_path: Path) -> Iterator[OnlineDesk]:
    d = enrolled_desk(any_city, tmp_path / "desk")
    yield d
    d.db.close()


@dataclass
class OnlineDesk:
    db: Database
    local: LocalOffice
    folder: Path


def enrolled_desk(city: LiveServer, folder: Path, *, live: bool = True) -> OnlineDesk:
    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder)
    setup_demo_like_office(db, code=DEMO_CODE, name=DEMO_NAME)
    code = add_office(city.db, code=DEMO_CODE, name=DEMO_NAME,
                      now=datetime.now(UTC)).enrollment_code  # fmt: skip
    enroll_database(db, make_client(city.url), code, policy=FAST)
    if live:
        update_online(db, SYSTEM, link_base=None)  # the address it is enrolled with
    return OnlineDesk(db, LocalOffice(db, folder), folder)


@pytest.fixture
def desk(city: LiveServer, tmp_path: Path) -> Iterator[OnlineDesk]:
    d = enrolled_desk(city, tmp_path / "desk")
    yield d
    d.db.close()


@pytest.fixture
def gateway() -> Iterator[FakeGateway]:
    yield from running_gateway()
