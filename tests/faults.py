"""Real faults for the tests: a full disk, a read-only folder, a damaged database.

Made with the operating system, not mocks: a small tmpfs filled to the last byte, a
tmpfs (or bind) mount remounted read-only, a per-process file-size limit
(``RLIMIT_FSIZE``; Python ignores SIGXFSZ, so writes fail with EFBIG), and a database
copied mid-session (committed pages still in its WAL) whose main file is then damaged.
Mounting needs root with CAP_SYS_ADMIN; where that is missing the mount-based tests are
skipped with the reason (the size-limit test and chmod still run).
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

from loket.paths import ENV_DATA_DIR

PAGE = 4096


def run_loket(
    *args: str | Path,
    home: Path,
    file_size_limit: int | None = None,
    stdout: int | None = subprocess.PIPE,
    stdin_text: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m loket ARGS`` in a child process (own HOME, offscreen Qt)."""
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "share"), QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(home / "config"))  # fmt: skip

    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run(
        [sys.executable, "-m", "loket", *map(str, args)],
        env=env,
        stdin=subprocess.DEVNULL if stdin_text is None else None,
        input=stdin_text,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limit if file_size_limit is not None else None,
    )


def _mount(*args: str) -> bool:
    if os.name != "posix" or shutil.which("mount") is None:
        return False
    done = subprocess.run(["mount", *args], capture_output=True, timeout=30, check=False)
    return done.returncode == 0


def _umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=30, check=False)


@contextmanager
def small_tmpfs(where: Path, size_kib: int) -> Iterator[Path | None]:
    """A tmpfs of ``size_kib`` at ``where``; None when this machine cannot mount one."""
    where.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "tmpfs", str(where)):
        yield None
        return
    try:
        yield where
    finally:
        _umount(where)


def fill_disk(folder: Path) -> Path:
    """Fill the file system of ``folder`` to its last byte; returns the filler file."""
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as fh:
        for size in (65536, 4096, 512, 1):
            chunk = b"\0" * size
            try:
                while fh.write(chunk):
                    pass
            except OSError:
                continue
    assert shutil.disk_usage(folder).free == 0
    return filler


def remount_read_only(where: Path) -> bool:
    return _mount("-o", "remount,ro", str(where))


@contextmanager
def read_only_folder(folder: Path) -> Iterator[str | None]:
    """Make ``folder`` unwritable for this process; yields how, or None if impossible.

    Root ignores permission bits, so as root the folder is bind-mounted onto itself and
    remounted read-only (EROFS even for root); otherwise chmod does it.
    """
    if os.name == "posix" and os.geteuid() == 0:
        if not _mount("--bind", str(folder), str(folder)):
            yield None
            return
        try:
            if not _mount("-o", "remount,bind,ro", str(folder)):
                yield None
                return
            yield "mount"
        finally:
            _umount(folder)
        return
    mode = folder.stat().st_mode
    folder.chmod(0o555)
    try:
        yield "chmod"
    finally:
        folder.chmod(mode)


def make_office(data: Path, *, tickets: int = 40, day: str = "2026-11-20") -> None:
    """A real office with a simulated day, written by the real engine in-process."""
    from datetime import date

    from loket.app.simulate import simulate_day
    from loket.store.migrate import open_database

    db = open_database(data)
    try:
        simulate_day(db, date.fromisoformat(day), tickets, seed=3)
    finally:
        db.close()


#: Tables the read commands read whose pages the damage below is sure to hit.
DAMAGED_TABLES = ("users", "skm_responses", "ticket_ratings", "audit_log")


def damaged_office_with_wal(data: Path, work: Path) -> None:
    """A data dir as a crash leaves it (committed pages still in the WAL), then damaged.

    The live office issues tickets with its connection open; its loket.db and -wal are
    copied as they are (what a power cut leaves); then pages of the copy's main file that
    the WAL does not hold are overwritten: the root pages of ``DAMAGED_TABLES`` and a run
    in the middle. A read-write open of that copy would checkpoint the WAL into the
    damaged file at close (and ``PRAGMA optimize`` could write statistics pages).
    """
    from sqlalchemy import text

    from loket.app.desk import Desk
    from loket.store.migrate import open_database

    make_office(work, tickets=60)
    db = open_database(work)
    try:
        desk = Desk(db)
        with desk.batch():
            for i in range(25):
                desk.issue(1 + i % 3)
        names = ",".join(f"'{t}'" for t in DAMAGED_TABLES)
        query = text(f"SELECT rootpage FROM sqlite_master WHERE name IN ({names})")
        with db.read() as s:
            roots = [int(r) for (r,) in s.execute(query)]
        data.mkdir(parents=True)
        shutil.copyfile(work / "loket.db", data / "loket.db")
        shutil.copyfile(work / "loket.db-wal", data / "loket.db-wal")
    finally:
        db.close()
    wal = (data / "loket.db-wal").read_bytes()
    assert len(wal) > 32, "the copy must hold WAL frames"
    in_wal = {
        int.from_bytes(wal[offset : offset + 4], "big")
        for offset in range(32, len(wal) - 24, 24 + PAGE)
    }
    path = data / "loket.db"
    raw = bytearray(path.read_bytes())
    pages = len(raw) // PAGE
    middle = range(pages // 2, pages // 2 + 3)
    noise = random.Random(14)
    for number in [*roots, *(n + 1 for n in middle)]:
        if number not in in_wal and 1 < number <= pages:
            raw[(number - 1) * PAGE : number * PAGE] = noise.randbytes(PAGE)
    path.write_bytes(bytes(raw))


def quick_check_fails(data: Path) -> bool:
    """SQLite itself finds the file damaged (checked on a throw-away copy)."""
    probe = data.parent / (data.name + "-probe")
    shutil.copytree(data, probe)
    try:
        with closing(sqlite3.connect(probe / "loket.db")) as conn:
            result = conn.execute("PRAGMA quick_check").fetchall()
        return [r[0] for r in result] != ["ok"]
    except sqlite3.DatabaseError:
        return True
    finally:
        shutil.rmtree(probe)


def file_bytes(data: Path, names: Sequence[str] = ("loket.db", "loket.db-wal")) -> dict[str, bytes]:
    return {n: (data / n).read_bytes() for n in names if (data / n).exists()}
