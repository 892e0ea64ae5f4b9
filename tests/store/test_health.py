"""Integrity checks and online backups of the desk database."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from loket.app.desk import Desk
from loket.paths import backups_dir, database_path
from loket.store import health
from loket.store.database import StoreError
from loket.store.migrate import head_revision

from .helpers import MakeFilled, OpenDb, raw_ticket_count, ticket_count


def test_check_passes_a_good_database(
    data_dir: Path, make_filled: MakeFilled, opened: OpenDb
) -> None:
    db = opened(make_filled(data_dir, tickets=20))
    report = health.check(db)
    assert report.ok
    assert report.integrity == ["ok"]
    assert report.foreign_keys == 0
    assert report.revision == report.head == head_revision()
    assert report.problems() == []


def test_check_finds_broken_foreign_keys(
    data_dir: Path, make_filled: MakeFilled, opened: OpenDb
) -> None:
    make_filled(data_dir, tickets=3)
    with contextlib.closing(sqlite3.connect(database_path(data_dir))) as plain:
        plain.execute("PRAGMA foreign_keys = OFF")
        plain.execute(
            "INSERT INTO counters (office_id, number, name, active) VALUES (99, 9, 'x', 1)"
        )
        plain.commit()
    report = health.check(opened(data_dir))
    assert report.foreign_keys == 1
    assert not report.ok
    assert any("kunci asing" in p for p in report.problems())


def test_check_finds_a_missing_schema_version(
    data_dir: Path, make_filled: MakeFilled, opened: OpenDb
) -> None:
    db = opened(make_filled(data_dir, tickets=3))
    with contextlib.closing(sqlite3.connect(db.path)) as plain:
        plain.execute("DELETE FROM alembic_version")
        plain.commit()
    report = health.check(db)
    assert report.revision is None
    assert not report.ok
    assert report.problems() == [f"skema kosong, seharusnya {head_revision()}"]


def test_backup_is_a_verified_copy_that_opens(
    data_dir: Path, make_filled: MakeFilled, opened: OpenDb, tmp_path: Path
) -> None:
    db = opened(make_filled(data_dir, tickets=25))
    copy = health.backup(db)
    assert copy.parent == backups_dir(data_dir)
    assert copy.name.startswith("loket-") and copy.suffix == ".db"
    health.verify_backup(copy)
    assert raw_ticket_count(copy) == 25

    # Restoring it is copying it into a data dir: it opens, checks clean, and the desk
    # goes on numbering after the copied tickets.
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copyfile(copy, database_path(restored))
    again = opened(restored)
    assert health.check(again).ok
    assert ticket_count(again) == 25
    assert Desk(again).issue(1).ticket.number == 10  # 25 tickets over A, B, C: A had 9


def test_backup_leaves_no_side_files(
    data_dir: Path, make_filled: MakeFilled, opened: OpenDb
) -> None:
    """Each backup is one self-contained file; rotation leaves nothing behind."""
    db = opened(make_filled(data_dir, tickets=2))
    for _ in range(3):
        health.backup(db, keep=2)
    names = sorted(p.name for p in backups_dir(data_dir).iterdir())
    assert len(names) == 2
    assert all(n.startswith("loket-") and n.endswith(".db") for n in names), names


def test_backup_does_not_wait_for_or_include_an_open_write(
    data_dir: Path, make_filled: MakeFilled, opened: OpenDb
) -> None:
    db = opened(make_filled(data_dir, tickets=4))
    desk = Desk(db)
    with desk.batch():
        desk.issue(1)  # uncommitted while the backup runs
        copy = health.backup(db)
    assert raw_ticket_count(copy) == 4
    assert ticket_count(db) == 5


def test_backup_rotation_keeps_the_last_n(
    make_filled: MakeFilled, opened: OpenDb, tmp_path: Path
) -> None:
    db = opened(make_filled(tmp_path / "data", tickets=2))
    folder = tmp_path / "usb" / "cadangan"
    made = [health.backup(db, folder, keep=3) for _ in range(6)]
    assert len(set(made)) == 6
    assert sorted(folder.glob("loket-*.db")) == sorted(made[-3:])
    # Other files in the folder are never rotated away.
    (folder / "catatan.txt").write_text("jangan dihapus")
    health.backup(db, folder, keep=1)
    assert (folder / "catatan.txt").exists()
    assert len(list(folder.glob("loket-*.db"))) == 1


def test_verify_backup_refuses_a_damaged_copy(tmp_path: Path) -> None:
    bad = tmp_path / "loket-bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + bytes(100) + b"garbage" * 200)
    with pytest.raises(StoreError):
        health.verify_backup(bad)
