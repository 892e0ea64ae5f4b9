"""Fixtures shared by tests/server and tests/sync (imported into both conftests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from loket.server.db import ServerDatabase

from .live import LiveServer, server_db_urls


@pytest.fixture(params=["sqlite", "postgresql"])
def server_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The server database of one test: a SQLite file, or a fresh PostgreSQL schema."""
    yield from server_db_urls(request, tmp_path_factory)


@pytest.fixture
def server_db(server_db_url: str) -> Iterator[ServerDatabase]:
    db = ServerDatabase.open(server_db_url)
    yield db
    db.close()


@pytest.fixture
def live_server(server_db: ServerDatabase) -> Iterator[LiveServer]:
    server = LiveServer(server_db).start()
    yield server
    server.stop()
