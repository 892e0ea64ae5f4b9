"""A report reads everything it shows in one unit of work (one consistent snapshot).

Before, the daily report opened seven reads (the office, the figures, the services, the
follow-ups, the bookings, the messages, the letterhead): a call finished between two of
them made the summary and its tables disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy.orm import Session

from loket.app.reports.builders import build_report
from loket.core.periods import Period
from loket.store.database import Database
from tests.conftest import Office


@pytest.mark.parametrize("kind", ["daily", "register", "ikm"])
def test_a_report_is_one_read(office: Office, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    office.desk.issue(office.services["A"])
    units: list[str] = []
    real_read, real_write = Database.read, Database.write

    @contextmanager
    def read(self: Database) -> Iterator[Session]:
        units.append("read")
        with real_read(self) as s:
            yield s

    @contextmanager
    def write(self: Database) -> Iterator[Session]:
        units.append("write")
        with real_write(self) as s:
            yield s

    monkeypatch.setattr(Database, "read", read)
    monkeypatch.setattr(Database, "write", write)
    today = office.desk.today()
    report = build_report(office.db, kind, Period.day(today), now=office.clock())
    assert report.tables
    assert units == ["read"]
