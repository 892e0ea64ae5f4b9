"""`loket export -o` onto a full disk (issue 10 item 11): a clear Indonesian message,
exit 1, no partial file, and a report that was there before stays untouched.

Two real ways to run out of room, each in a real `loket` process:

- a 96 KiB tmpfs mounted as the output folder (needs root and a kernel that lets us
  mount; skipped otherwise);
- ``RLIMIT_FSIZE`` set in the child, so any file grows only to 48 KiB (works
  everywhere on POSIX; Python ignores SIGXFSZ, so the write fails with EFBIG).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from loket.app.simulate import simulate_day
from loket.store.migrate import open_database

START = date(2026, 11, 2)
DAYS = 2
LIMIT = 48 * 1024

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file-size limits and mounts")


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("full") / "data"
    db = open_database(data)
    try:
        for offset in range(DAYS):
            simulate_day(db, START + timedelta(days=offset), 300, 4, seed=offset)
    finally:
        db.close()
    return data


def export(
    data: Path, target: Path, report: str, limit: int | None
) -> subprocess.CompletedProcess[str]:
    def child() -> None:  # runs in the child, before exec
        if limit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    end = START + timedelta(days=DAYS - 1)
    return subprocess.run(
        [sys.executable, "-m", "loket", "export", "--data-dir", str(data), "--report", report,
         "--from", START.isoformat(), "--to", end.isoformat(), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=180,
        preexec_fn=child,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"},
    )  # fmt: skip


def assert_refused(
    result: subprocess.CompletedProcess[str], folder: Path, before: set[str]
) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "laporan tidak tersimpan" in result.stderr.lower(), result.stderr
    assert result.stdout == ""  # no "success" line
    assert {p.name for p in folder.iterdir()} == before  # no temporary or partial file


@pytest.fixture
def tiny_mount(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / f"mnt-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(folder)],
                          capture_output=True, timeout=30)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, timeout=30)


@pytest.mark.parametrize(("report", "suffix"), [("register", "pdf"), ("register", "csv"),
                                                ("register", "xlsx")])  # fmt: skip
def test_file_size_limit(busy: Path, tmp_path: Path, report: str, suffix: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / f"laporan.{suffix}"
    result = export(busy, target, report, LIMIT)
    assert_refused(result, out, set())
    assert not target.exists()
    # Without the limit the same command writes the complete file.
    result = export(busy, target, report, None)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > LIMIT


def test_full_tmpfs_keeps_the_old_report(busy: Path, tiny_mount: Path) -> None:
    old = tiny_mount / "register.csv"
    old.write_bytes(b"laporan lama\n")
    filler = tiny_mount / "isi"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError:
        pass  # the disk is full to its last kilobyte
    finally:
        os.close(fd)
    for suffix in ("csv", "pdf", "xlsx"):
        target = tiny_mount / f"register.{suffix}"
        before = {p.name for p in tiny_mount.iterdir()}
        result = export(busy, target, "register", None)
        assert "Disk penuh" in result.stderr, result.stderr
        assert_refused(result, tiny_mount, before)
    assert old.read_bytes() == b"laporan lama\n"


def test_a_folder_as_output_is_refused(busy: Path, tmp_path: Path) -> None:
    result = export(busy, tmp_path, "daily", None)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "adalah folder" in result.stderr
