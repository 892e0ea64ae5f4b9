"""``loket server ...`` refusals as an operator sees them: the real command in its own
process, one Indonesian line per wrong option, never a traceback or pydantic's English."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def loket(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loket", "server", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _plain_indonesian(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    err = result.stderr
    for foreign in ("Traceback", "pydantic", "http", "validation error", "should"):
        assert foreign not in err
    return err


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    assert loket("add-office", "--db", url, "--code", "3273011001", "--name", "Uji").returncode == 0
    return ["--db", url]


def test_a_bad_service_standard_names_each_option_and_what_it_accepts(db: list[str]) -> None:
    err = _plain_indonesian(
        loket("publish-service", *db, "--prefix", "a1", "--name", "Domisili", "--minutes", "0")
    )
    assert "--prefix 'A1' tidak diterima" in err and "satu atau dua huruf A–Z" in err
    assert "--minutes '0' tidak diterima (harus paling kecil 1)" in err


def test_bad_session_announcement_and_holiday_values_are_refused_in_indonesian(
    db: list[str],
) -> None:
    err = _plain_indonesian(
        loket(
            "session",
            *db,
            "--code",
            "32.73.01.1001",
            "--service",
            "A",
            "--name",
            "Domisili",
            "--days",
            "189",
            "--start",
            "25:00",
            "--end",
            "10:00",
            "--quota",
            "0",
        )
    )
    assert "--days '189'" in err and "1 = Senin" in err
    assert "--start '25:00'" in err and "HH:MM" in err
    assert "--quota '0' tidak diterima (harus paling kecil 1)" in err
    err = _plain_indonesian(loket("announce", *db, "--key", "", "--text", "Buka"))
    assert "--key '' tidak diterima (tidak boleh kosong)" in err
    err = _plain_indonesian(loket("holiday", *db, "--date", "2026-12-25", "--name", "N" * 300))
    assert "--name" in err and "paling banyak 200 karakter" in err


def test_a_mistyped_sqlite_path_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "server.db"
    db = ["--db", f"sqlite:///{missing}"]
    commands = [
        ["offices"],
        ["city"],
        ["revoke", "--code", "32.73.01.1001"],
        ["publish-service", "--prefix", "A", "--name", "Domisili", "--minutes", "10"],
        ["announce", "--key", "jam", "--text", "Buka"],
        ["holiday", "--date", "2026-12-25", "--name", "Natal"],
        ["withdraw", "--kind", "holiday", "--key", "2026-12-25"],
        ["session", "--code", "32.73.01.1001", "--service", "A", "--name", "Domisili",
         "--start", "08:00", "--end", "10:00", "--quota", "5"],
    ]  # fmt: skip
    for command in commands:
        err = _plain_indonesian(loket(*command, *db))
        assert f"tidak ditemukan: {missing}" in err and "loket server add-office" in err
    assert not (tmp_path / "typo").exists()
    # The README's first step makes the server's database where it is told to.
    assert loket("add-office", *db, "--code", "3273011001", "--name", "Uji").returncode == 0
    assert missing.is_file()
    assert loket("offices", *db).returncode == 0


def test_a_session_ending_before_it_starts_is_refused_by_the_cli(db: list[str]) -> None:
    session = ["session", *db, "--code", "32.73.01.1001", "--service", "A", "--name", "X"]
    for start, end in (("23:00", "01:00"), ("10:00", "10:00")):
        err = _plain_indonesian(loket(*session, "--start", start, "--end", end, "--quota", "5"))
        assert "Jam selesai harus setelah jam mulai" in err
