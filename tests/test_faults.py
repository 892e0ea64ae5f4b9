"""Issue 10 items 12 and 14: the PC's faults give one Indonesian line and exit 1.

Every command runs as a real child process on real OS conditions (see tests/faults.py):
a data dir that is a file, a full disk, a file-size limit, read-only folders, a closed
pipe, and a damaged database whose bytes no read command may change.
"""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from loket.cli import main
from tests.faults import (
    damaged_office_with_wal,
    file_bytes,
    fill_disk,
    make_office,
    quick_check_fails,
    read_only_folder,
    remount_read_only,
    run_loket,
    small_tmpfs,
)

DAY = "2026-11-20"


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """``loket ARGS`` in this process (the real OS faults stay real; only the start-up of
    a new interpreter per command is saved). A bug would raise here, failing the test."""

    def _run(*args: str | Path, stdin_text: str = "") -> Ran:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin_text))
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return _run


def assert_clear_failure(result: subprocess.CompletedProcess[str] | Ran, *phrases: str) -> None:
    """Exit 1, one `loket: ...` message in Indonesian, never a traceback."""
    shown = f"stdout={result.stdout!r} stderr={result.stderr!r}"
    assert result.returncode == 1, shown
    assert "Traceback" not in result.stderr, shown
    assert result.stderr.startswith("loket: "), shown
    for phrase in phrases:
        assert phrase in result.stderr, shown


def ticket_count(data: Path) -> int:
    with closing(sqlite3.connect(f"file:{data / 'loket.db'}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])


def integrity(data: Path) -> str:
    with closing(sqlite3.connect(f"file:{data / 'loket.db'}?mode=ro", uri=True)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


# -- --data-dir pointing at a file ----------------------------------------------------------

DATA_COMMANDS: Sequence[Sequence[str]] = (
    ("stats", "--date", DAY),
    ("stats", "--json", "--from", DAY, "--to", DAY),
    ("ikm", "--from", DAY),
    ("db", "check"),
    ("db", "backup"),
    ("db", "upgrade"),
    ("simulate", "--date", DAY, "--tickets", "5"),
    ("user", "list"),
    ("sync", "--status"),
    ("export", "--from", DAY, "--format", "csv", "-o", "{tmp}/x.csv"),
)


def test_a_data_dir_that_is_a_file_is_explained_by_every_command(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("catatan kantor\n")
    for command in DATA_COMMANDS:
        args = [a.format(tmp=tmp_path) for a in command]
        result = cli(*args, "--data-dir", not_a_folder)
        assert_clear_failure(result, "adalah berkas, bukan folder")
    assert not_a_folder.read_text() == "catatan kantor\n"


# -- a full disk ----------------------------------------------------------------------------


def test_a_full_disk_gives_a_clear_message_and_loses_nothing(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    with small_tmpfs(tmp_path / "disk", 4096) as disk:
        if disk is None:
            pytest.skip("cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)")
        data = disk / "office"
        make_office(data)
        before = ticket_count(data)
        fill_disk(disk)
        for command in (
            ("stats", "--date", DAY),
            ("stats", "--json", "--date", DAY),
            ("db", "check"),
            ("ikm", "--from", DAY),
        ):  # reading may work (SQLite's -shm fits) or say the disk is full
            result = cli(*command, "--data-dir", data)
            if result.returncode != 0:
                assert_clear_failure(result, "Disk penuh", "Kosongkan ruang disk")
        for command in (
            ("simulate", "--date", "2026-11-21", "--tickets", "30"),
            ("db", "backup"),
        ):
            result = cli(*command, "--data-dir", data)
            assert_clear_failure(result, "Disk penuh", "Kosongkan ruang disk")
        (disk / "filler.bin").unlink()
        assert ticket_count(data) == before  # nothing half-written, nothing lost
        assert integrity(data) == "ok"
        assert not list((data / "backups").glob("*")) if (data / "backups").exists() else True
        # And with space again, the same commands work.
        assert cli("db", "backup", "--data-dir", data).returncode == 0


def test_a_file_size_limit_stops_writes_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    """RLIMIT_FSIZE: every write past 64 KiB fails with EFBIG, as on a small quota."""
    data = tmp_path / "office"
    make_office(data)
    before = ticket_count(data)
    for command in (
        ("simulate", "--date", "2026-11-21", "--tickets", "60"),
        ("db", "backup"),
        ("db", "backup", "--to", str(tmp_path / "usb")),
    ):
        result = run_loket(*command, "--data-dir", data, home=tmp_path, file_size_limit=65536)
        assert_clear_failure(result)
        assert "Disk penuh" in result.stderr or "Kesalahan disk" in result.stderr
    assert ticket_count(data) == before
    assert integrity(data) == "ok"
    for folder in (data / "backups", tmp_path / "usb"):  # no partial copy left behind
        assert not list(folder.glob("*")) if folder.exists() else True
    # Reading needs no more than the limit: the figures still come.
    result = run_loket("stats", "--date", DAY, "--data-dir", data, home=tmp_path,
                       file_size_limit=65536)  # fmt: skip
    assert result.returncode == 0, result.stderr


# -- read-only places -------------------------------------------------------------------------


def test_backup_and_export_into_a_read_only_folder_are_refused_clearly(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    data = tmp_path / "office"
    make_office(data)
    usb = tmp_path / "usb"
    usb.mkdir()
    with read_only_folder(usb) as how:
        if how is None:
            pytest.skip("no way to make a read-only folder here (root without mount)")
        result = cli("db", "backup", "--to", usb, "--data-dir", data)
        assert_clear_failure(result, "tidak dapat ditulis", str(usb))
        result = cli("export", "--from", DAY, "-o", usb / "laporan.csv",
                     "--data-dir", data)  # fmt: skip
        assert_clear_failure(result, "hanya-baca")
        assert list(usb.iterdir()) == []


def test_export_onto_a_folder_is_refused_clearly(tmp_path: Path, cli: Callable[..., Ran]) -> None:
    data = tmp_path / "office"
    make_office(data)
    result = cli("export", "--from", DAY, "--format", "csv", "-o", tmp_path,
                 "--data-dir", data)  # fmt: skip
    assert_clear_failure(result, "folder")


def test_a_data_dir_on_a_read_only_disk_can_be_read_but_not_written(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    """A write-protected USB disk or read-only mount: figures and checks, but no writes."""
    with small_tmpfs(tmp_path / "disk", 8192) as disk:
        if disk is None:
            pytest.skip("cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN)")
        data = disk / "office"
        make_office(data)
        before = file_bytes(data)
        assert remount_read_only(disk)
        for command in (("stats", "--date", DAY), ("db", "check"), ("ikm", "--from", DAY)):
            result = cli(*command, "--data-dir", data)
            assert result.returncode == 0, result.stderr
        result = cli("simulate", "--date", "2026-11-21", "--data-dir", data)
        assert_clear_failure(result, "tidak dapat ditulis", "hanya-baca")
        result = cli("db", "backup", "--data-dir", data)
        assert_clear_failure(result, "tidak dapat ditulis")
        assert file_bytes(data) == before


def test_a_data_dir_without_write_permission_is_explained(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    data = tmp_path / "office"
    make_office(data)
    with read_only_folder(data) as how:
        if how is None:
            pytest.skip("no way to make a read-only folder here (root without mount)")
        result = cli("simulate", "--date", "2026-11-21", "--data-dir", data)
        assert_clear_failure(result, "tidak dapat ditulis")


# -- a closed pipe ----------------------------------------------------------------------------


def test_stats_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`loket stats --json | head -1`: no BrokenPipeError traceback."""
    data = tmp_path / "office"
    make_office(data)
    env_run = [sys.executable, "-m", "loket", "stats", "--json", "--date", DAY,
               "--data-dir", str(data)]  # fmt: skip
    # `true` closes the pipe before loket writes (EPIPE for sure); `head -c 1` after a byte.
    for reader in (["true"], ["head", "-c", "1"]):
        loket = subprocess.Popen(env_run, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert loket.stdout is not None and loket.stderr is not None
        head = subprocess.run(reader, stdin=loket.stdout, capture_output=True, timeout=60,
                              check=False)  # fmt: skip
        loket.stdout.close()
        err = loket.stderr.read().decode()
        loket.stderr.close()
        assert loket.wait(timeout=60) in (0, 1), err
        assert "Traceback" not in err and "BrokenPipe" not in err, err
        assert head.stdout in (b"", b"{")


# -- a damaged database: read commands never write to it ---------------------------------------

READ_COMMANDS: Sequence[Sequence[str]] = (
    ("stats", "--date", DAY),
    ("stats", "--json", "--date", DAY),
    ("stats", "--from", DAY, "--to", DAY),
    ("ikm", "--from", "2026-11-01", "--to", "2026-11-30"),
    ("ikm", "--json", "--from", DAY),
    ("export", "--from", DAY, "--report", "register", "--format", "csv", "-o", "{tmp}/r.csv"),
    ("export", "--from", DAY, "--format", "xlsx", "-o", "{tmp}/d.xlsx"),
    ("db", "check"),
    ("db", "backup"),
    ("user", "list"),
    ("sync", "--status"),
    ("doctor",),
)


def test_read_commands_never_write_to_a_damaged_database(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    """Before: `loket stats` checkpointed the WAL into the damaged file at close."""
    data = tmp_path / "office"
    damaged_office_with_wal(data, tmp_path / "live")
    assert quick_check_fails(data)
    before = file_bytes(data)
    assert set(before) == {"loket.db", "loket.db-wal"}
    refused = []
    for command in READ_COMMANDS:
        args = [a.format(tmp=tmp_path) for a in command]
        if command == ("doctor",):  # it probes Qt devices: in a process of its own
            result = run_loket(*args, "--data-dir", data, home=tmp_path)
        else:
            result = cli(*args, "--data-dir", data)
        assert file_bytes(data) == before, f"`loket {' '.join(args)}` wrote to the damaged file"
        assert "Traceback" not in result.stderr, result.stderr
        if command == ("doctor",):
            assert "rusak" in result.stdout
        elif command == ("db", "check"):
            assert result.returncode == 1 and "MASALAH" in result.stdout
        elif command == ("db", "backup"):  # reads every page: must find the damage
            assert_clear_failure(result, "rusak", "loket db restore")
        elif result.returncode != 0:  # the damage was on the query's way
            assert_clear_failure(result, "rusak", "loket db restore")
            refused.append(command)
    assert refused, "no read command met the damage: the test's damage is too small"
    assert not list((data / "backups").glob("loket-*")) if (data / "backups").exists() else True


def test_write_commands_refuse_a_damaged_database_before_touching_it(
    tmp_path: Path, cli: Callable[..., Ran]
) -> None:
    data = tmp_path / "office"
    damaged_office_with_wal(data, tmp_path / "live")
    before = file_bytes(data)
    for command in (
        ("simulate", "--date", "2026-11-21", "--tickets", "5"),
        ("user", "add", "--name", "baru", "--role", "operator"),
        ("sync", "--once"),
        ("db", "upgrade"),
    ):
        result = cli(*command, "--data-dir", data)
        assert file_bytes(data) == before, f"`loket {' '.join(command)}` wrote to the damaged file"
        assert_clear_failure(result, "rusak", "loket db restore")
