"""Shared fixtures: a real desk database in a temp data dir, an office, a settable clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from loket.app.desk import Desk
from loket.app.office import ServiceSpec, add_counter, add_services, create_office
from loket.client.local import LocalOffice
from loket.store.database import Database
from loket.store.migrate import open_database


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the real per-user data folder."""
    monkeypatch.setenv("LOKET_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("LOKET_KEY_DIR", str(tmp_path / "keys"))  # nor the real key folder


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hundreds of tests make accounts: at the real cost (~250 ms a hash) that alone would
    take minutes, and child processes (a hub, the CLI) would log in at the full cost
    against the tests' cheap hashes. Tests of the cost itself use ``passwords.Cost()``."""
    from loket.core import passwords

    monkeypatch.setattr(passwords, "COST", passwords.Cost(n=2**12))
    monkeypatch.setenv(passwords.ENV_WEAK_FOR_TESTS, "1")


class Clock:
    """A desk clock the test moves by hand (aware UTC)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Office:
    db: Database
    desk: Desk
    clock: Clock
    services: dict[str, int]
    counters: dict[int, int]  # counter number -> id

    @cached_property
    def client(self) -> LocalOffice:
        """The office client the windows use, on the same database and clock."""
        return LocalOffice(self.db, clock=self.clock)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "data")
    yield database
    database.close()


@pytest.fixture
def clock() -> Clock:
    # 09:00 WIB on a Monday
    return Clock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))


@pytest.fixture
def office(db: Database, clock: Clock) -> Office:
    """Kelurahan with services A (10 min), B (15 min), C (30 min, quota 3) and counters:
    1 serves A+B, 2 serves A+B+C, 3 serves C only."""
    create_office(db, name="Kelurahan Uji", code="3273011001", timezone="Asia/Jakarta")
    a, b, c = add_services(
        db,
        [
            ServiceSpec("A", "Domisili", 10),
            ServiceSpec("B", "SKTM", 15),
            ServiceSpec("C", "Pengantar Nikah", 30, daily_quota=3),
        ],
    )
    counters = {
        1: add_counter(db, number=1, service_ids=[a, b]),
        2: add_counter(db, number=2, service_ids=[a, b, c]),
        3: add_counter(db, number=3, service_ids=[c]),
    }
    return Office(db, Desk(db, clock=clock), clock, {"A": a, "B": b, "C": c}, counters)
