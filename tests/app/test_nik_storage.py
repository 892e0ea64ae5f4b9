"""Issue 10 item 20: what is kept of a NIK, where its key lives, and what it costs to
reverse with the key in hand. Real database files, real migration from the old scheme."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from loket.app.citizens import (
    LEGACY_KEY_FILE,
    citizen_for,
    key_path,
    nik_key,
    save_citizen,
    tickets_for_nik,
)
from loket.core.errors import InvalidInput
from loket.core.nikhash import is_current, nik_hash
from loket.core.settings import NIK_KEY_ID
from loket.paths import database_path, key_dir
from loket.store.database import connect
from loket.store.migrate import alembic_config, open_database
from loket.store.models import CitizenRow, TicketRow
from loket.store.settings import read_setting
from tests.conftest import Office

NIK = "3273015708900001"
FIRST_RELEASE = Path(__file__).resolve().parents[1] / "data" / "loket-0001.db"


def test_only_the_last_four_digits_and_a_slow_keyed_hash_are_stored(office: Office) -> None:
    ticket = office.desk.issue(office.services["A"]).ticket
    view = save_citizen(office.db, ticket.id, name="Siti", nik=NIK)
    assert view.nik_masked == "************0001"
    with office.db.read() as s:
        row = s.get(CitizenRow, ticket.id)
        assert row is not None
        assert row.nik_district is None and row.nik_last4 == "0001"
        assert row.nik_hash is not None and is_current(row.nik_hash)
        stored = row.nik_hash
    raw = office.db.path.read_bytes() + Path(str(office.db.path) + "-wal").read_bytes()
    assert b"3273" not in raw.replace(b"32.73", b"")  # the district digits are gone
    # The key is outside the data folder, and the folder holds no key at all.
    data_dir = office.db.path.parent
    assert not (data_dir / LEGACY_KEY_FILE).exists()
    assert not list(data_dir.rglob("*.key"))
    with office.db.read() as s:
        key_id = read_setting(s, NIK_KEY_ID)
    assert key_path(key_id).parent == key_dir() and key_path(key_id).stat().st_size == 32
    assert data_dir not in key_dir().parents
    # The old fast HMAC of the NIK is no longer what is stored: no sub-second brute force.
    key = nik_key(office.db)
    assert hmac.new(key, NIK.encode(), hashlib.sha256).hexdigest() != stored
    assert tickets_for_nik(office.db, NIK) == [ticket.id]


def test_each_guess_costs_a_memory_hard_hash() -> None:
    key = b"k" * 32
    started = time.process_time()
    for i in range(5):
        nik_hash(key, f"32730157089{i:05d}")
    per_guess = (time.process_time() - started) / 5
    # ~73,000 birth dates of one district for one NIK: at least ~12 minutes of a core
    # even on a machine several times faster than this one (measured ~50 ms here).
    assert per_guess > 0.01, per_guess


def test_a_database_with_hashes_but_no_key_refuses_instead_of_making_a_new_one(
    office: Office, tmp_path: Path
) -> None:
    ticket = office.desk.issue(office.services["A"]).ticket
    save_citizen(office.db, ticket.id, nik=NIK)
    with office.db.read() as s:
        key_id = read_setting(s, NIK_KEY_ID)
    key_path(key_id).unlink()  # the database moved to a PC without its key
    with pytest.raises(InvalidInput, match="Kunci NIK"):
        tickets_for_nik(office.db, NIK)


def test_the_upgrade_rehashes_old_rows_and_moves_the_key_out(tmp_path: Path) -> None:
    from alembic import command

    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(FIRST_RELEASE, database_path(data))
    db = connect(data)
    cfg = alembic_config()
    with db.engine.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    key = bytes(range(32))
    (data / LEGACY_KEY_FILE).write_bytes(key)  # the old scheme's key, beside the database
    with db.engine.begin() as conn:
        ticket_id = conn.execute(select(TicketRow.id).limit(1)).scalar_one()
        legacy = hmac.new(key, NIK.encode(), hashlib.sha256).hexdigest()
        conn.execute(
            text(
                "INSERT INTO ticket_citizens (ticket_id, name, phone, nik_hash, nik_district,"
                " nik_last4, updated_at) VALUES (:t, 'Siti', NULL, :h, '3273', '0001',"
                " '2026-11-23 02:00:00')"
            ),
            {"t": ticket_id, "h": legacy},
        )
    db.close()
    upgraded = open_database(data)
    try:
        with upgraded.read() as s:
            row = s.get(CitizenRow, ticket_id)
            assert row is not None and row.nik_district is None
            assert row.nik_hash is not None and is_current(row.nik_hash)
        view = citizen_for(upgraded, ticket_id)
        assert view is not None and view.nik_masked == "************0001"
        assert tickets_for_nik(upgraded, NIK) == [ticket_id]  # found with the moved key
        assert not (data / LEGACY_KEY_FILE).exists()
        assert not list(data.rglob("*.key"))
    finally:
        upgraded.close()
