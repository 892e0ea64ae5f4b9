"""Backups, restore, retention and the disk: the register survives what a PC does."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from loket.app.audit import entries
from loket.app.citizens import citizen_for, save_citizen
from loket.app.maintenance import (
    backup_if_due,
    disk_warning,
    last_backup_at,
    purge_personal_data,
    restore,
)
from loket.app.simulate import simulate_day
from loket.app.stats import stats_for_day
from loket.cli import main
from loket.paths import database_path
from loket.store.database import StoreError
from loket.store.migrate import open_database


def test_retention_purge_removes_personal_data_and_keeps_figures(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d")
    simulate_day(db, date(2025, 1, 6), 40, seed=3)
    simulate_day(db, date(2026, 11, 20), 40, seed=4)
    with db.read() as s:
        from sqlalchemy import select

        from loket.store.models import TicketRow

        old_id = s.scalars(
            select(TicketRow.id).where(TicketRow.service_day == date(2025, 1, 6))
        ).first()
        new_id = s.scalars(
            select(TicketRow.id).where(TicketRow.service_day == date(2026, 11, 20))
        ).first()
    save_citizen(db, old_id, name="Budi", nik="3273011708900001")
    save_citizen(db, new_id, name="Ani", phone="081234567890")
    before = stats_for_day(db, date(2025, 1, 6)).to_json()
    removed = purge_personal_data(db, now=datetime(2026, 11, 23, tzinfo=UTC), days=365)
    assert removed == 1
    assert citizen_for(db, old_id) is None and citizen_for(db, new_id) is not None
    assert stats_for_day(db, date(2025, 1, 6)).to_json() == before  # the figures stay
    assert any(e.action == "personal_data_purged" for e in entries(db))
    db.close()


def test_daily_backup_only_when_due(tmp_path: Path) -> None:
    db = open_database(tmp_path / "d")
    simulate_day(db, date(2026, 11, 20), 10)
    t0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
    first = backup_if_due(db, t0)
    assert first is not None and first.is_file()
    assert backup_if_due(db, t0 + timedelta(hours=2)) is None
    assert last_backup_at(db) == t0
    assert backup_if_due(db, t0 + timedelta(days=1)) is not None
    db.close()


def test_backup_corrupt_restore_gives_the_same_figures(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "d"
    db = open_database(data)
    simulate_day(db, date(2026, 11, 20), 60, seed=9)
    figures = stats_for_day(db, date(2026, 11, 20)).to_json()
    copy = backup_if_due(db)
    db.close()
    live = database_path(data)
    raw = bytearray(live.read_bytes())
    raw[4096 * 2 : 4096 * 6] = b"\xde\xad" * (4096 * 2)  # a dying disk
    live.write_bytes(bytes(raw))
    assert main(["db", "check", "--data-dir", str(data)]) == 1
    capsys.readouterr()
    assert main(["db", "restore", str(copy), "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "disimpan di" in out  # the corrupt file is kept, not lost
    saved = sorted((data / "backups").glob("pre-restore-*.db"))
    assert len(saved) == 1 and saved[0].read_bytes() == bytes(raw)
    db = open_database(data)
    assert stats_for_day(db, date(2026, 11, 20)).to_json() == figures
    db.close()


def test_restore_refuses_files_that_are_not_loket_backups(tmp_path: Path) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE x (a)")
    with pytest.raises(StoreError, match="bukan cadangan"):
        restore(tmp_path / "d", other)
    text = tmp_path / "notes.db"
    text.write_text("hello")
    with pytest.raises(StoreError):
        restore(tmp_path / "d", text)
    assert not (tmp_path / "d" / "loket.db").exists()


def test_disk_nearly_full_is_said(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert disk_warning(tmp_path) is None or "hampir habis" in disk_warning(tmp_path)  # type: ignore[operator]
    monkeypatch.setattr(
        shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(100 << 30, 99 << 30, 300 << 20)
    )  # type: ignore[attr-defined]
    warning = disk_warning(tmp_path)
    assert warning is not None and "sisa 300 MB" in warning
