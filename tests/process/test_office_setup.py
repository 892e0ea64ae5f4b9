"""Setting up an office from a script, one transaction, and what a half office looks like.

Real ``loket`` processes on real files: ``office init`` with the password on stdin,
a set-up killed half-way (SIGKILL between two counters), and a half office made by an
older version's separate steps, which every command then calls "not set up".
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from loket.app.desk import Desk
from loket.app.office import ServiceSpec, add_services, create_office, list_counters
from loket.app.setup import read_setup_state
from loket.app.users import authenticate
from loket.core.tickets import Outcome
from loket.store.migrate import open_database

from .helpers import CHILD_DEADLINE_S, RunLoket

INIT = ["office", "init", "--name", "Kelurahan Cihapit", "--kode", "3273011006", "--zone",
        "WITA", "--services", "A,B,C", "--counter", "1=A,B", "--counter", "2=C",
        "--admin", "admin"]  # fmt: skip


def loket_with_stdin(
    env: dict[str, str], stdin: str, *args: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "loket", *map(str, args)],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=CHILD_DEADLINE_S,
        check=False,
    )


def serve_first_citizen(data: Path) -> str:
    """Issue, call, start and finish the first number, as the counter would."""
    db = open_database(data)
    try:
        state = read_setup_state(db)
        assert state.complete, state.describe()
        admin = authenticate(db, "admin", "rahasia-1")
        assert admin is not None
        desk = Desk(db)
        service = state.services[0]
        counter = next(c for c in list_counters_of(db) if service.id in c.service_ids)
        desk.issue(service.id)
        ticket = desk.call_next(counter.id, user_id=admin.id)
        assert ticket is not None
        desk.start(ticket.id, counter.id, user_id=admin.id)
        done = desk.finish(ticket.id, counter.id, Outcome.COMPLETED, user_id=admin.id)
        return done.label
    finally:
        db.close()


def list_counters_of(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return list_counters(s)


def test_office_init_sets_up_an_office_that_serves_at_once(
    tmp_path: Path, child_env: dict[str, str]
) -> None:
    data = tmp_path / "kantor"
    done = loket_with_stdin(child_env, "rahasia-1\n", *INIT, "--data-dir", data)
    assert done.returncode == 0, done.stderr
    assert "Kelurahan Cihapit (32.73.01.1006) siap: 3 layanan, 2 loket, admin admin" in done.stdout
    assert serve_first_citizen(data) == "A-001"
    again = loket_with_stdin(child_env, "rahasia-1\n", *INIT, "--data-dir", data)
    assert again.returncode == 1 and "sudah diatur" in again.stderr
    assert "Traceback" not in again.stderr


def test_office_init_says_what_is_wrong_in_indonesian(
    tmp_path: Path, child_env: dict[str, str]
) -> None:
    data = tmp_path / "kantor"
    base = [*INIT[: INIT.index("--counter")], "--admin", "admin"]
    cases = [
        (["--kode", "32", "--counters", "2"], "10 angka"),
        (["--zone", "GMT", "--counters", "2"], "WIB, WITA atau WIT"),
        (["--services", "A,Z", "--counters", "2"], "tidak ada di daftar awal: Z"),
        (["--counter", "1=A"], "Layanan tanpa loket: B, C"),
        (["--counter", "satu=A"], "NOMOR=KODE"),
        ([], "--counter 1=A,B"),
    ]
    for extra, expected in cases:
        done = loket_with_stdin(child_env, "rahasia-1\n", *base, *extra, "--data-dir", data)
        assert done.returncode == 1, (extra, done.stdout)
        assert expected in done.stderr and "Traceback" not in done.stderr, (extra, done.stderr)
    empty = loket_with_stdin(child_env, "", *INIT, "--data-dir", data)
    assert empty.returncode == 1 and "stdin kosong" in empty.stderr
    services = tmp_path / "layanan.csv"
    services.write_text("kode;nama;menit;persyaratan\nP;Legalisir;5;KTP asli\nQ;SKCK;20;\n")
    done = loket_with_stdin(
        child_env, "rahasia-1\n", "office", "init", "--name", "Kelurahan Baru", "--kode",
        "3273011007", "--zone", "WIB", "--services-file", services, "--counters", "2",
        "--admin", "admin", "--data-dir", data,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # nothing was left by the refused attempts
    db = open_database(data)
    state = read_setup_state(db)
    db.close()
    assert [(s.prefix, s.standard_minutes, s.requirements) for s in state.services] == [
        ("P", 5, "KTP asli"),
        ("Q", 20, ""),
    ]


KILL_MID_SETUP = """
import os, signal, sys
import loket.app.setup as setup
real = setup.insert_counter
def insert_then_die(*args, **kwargs):
    result = real(*args, **kwargs)
    if kwargs.get("number") == 2:  # counter 1 and 2 are in the transaction: die before commit
        print("dying", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    return result
setup.insert_counter = insert_then_die
from loket.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_set_up_killed_half_way_leaves_no_half_office(
    tmp_path: Path, child_env: dict[str, str], run_loket: RunLoket
) -> None:
    data = tmp_path / "kantor"
    killed = subprocess.run(
        [sys.executable, "-c", KILL_MID_SETUP, *INIT, "--data-dir", str(data)],
        input="rahasia-1\n",
        env=child_env,
        capture_output=True,
        text=True,
        timeout=CHILD_DEADLINE_S,
        check=False,
    )
    assert killed.returncode == -9 and killed.stdout == "dying\n", killed.stderr
    status = run_loket("office", "status", "--data-dir", data)
    assert status.returncode == 1 and "Kantor belum diatur" in status.stdout
    db = open_database(data)
    state = read_setup_state(db)
    db.close()
    assert state.office is None and not state.services and not state.counters
    check = run_loket("db", "check", "--data-dir", data)
    assert check.returncode == 0, check.stdout + check.stderr
    stats = run_loket("stats", "--data-dir", data)
    assert stats.returncode == 1 and "Kantor belum diatur" in stats.stderr
    assert "Traceback" not in stats.stderr
    done = loket_with_stdin(child_env, "rahasia-1\n", *INIT, "--data-dir", data)
    assert done.returncode == 0, done.stderr  # the set-up simply runs again
    assert serve_first_citizen(data) == "A-001"


def test_a_half_office_is_not_set_up_anywhere(
    tmp_path: Path, child_env: dict[str, str], run_loket: RunLoket
) -> None:
    """An office with services but no counter or admin (an older version killed half-way)."""
    data = tmp_path / "kantor"
    db = open_database(data)
    create_office(db, name="Kelurahan Lama", code="3273011002")
    add_services(db, [ServiceSpec("A", "Domisili", 10), ServiceSpec("B", "SKTM", 15)])
    db.close()
    said = "Penyiapan kantor Kelurahan Lama belum selesai: belum ada loket dan belum ada akun admin"
    sim = run_loket("simulate", "--date", "2026-11-20", "--tickets", "5", "--data-dir", data)
    assert sim.returncode == 1 and said in sim.stderr and "Traceback" not in sim.stderr
    stats = run_loket("stats", "--date", "2026-11-20", "--data-dir", data)
    assert stats.returncode == 1 and said in stats.stderr
    check = run_loket("db", "check", "--data-dir", data)
    assert check.returncode == 1 and said in check.stdout
    status = run_loket("office", "status", "--data-dir", data)
    assert status.returncode == 1 and said in status.stdout
    # The script completes it: what exists is kept, only what is missing is given.
    done = loket_with_stdin(
        child_env, "rahasia-1\n", "office", "init", "--counters", "2", "--admin", "admin",
        "--data-dir", data,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Kelurahan Lama (32.73.01.1002) siap: 2 layanan, 2 loket" in done.stdout
    sim = run_loket("simulate", "--date", "2026-11-20", "--tickets", "5", "--data-dir", data)
    assert sim.returncode == 0, sim.stderr
    db = open_database(data)
    assert Desk(db).find("A-001", date(2026, 11, 20)) is not None
    db.close()
