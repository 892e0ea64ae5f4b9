"""Setting up an office from a script, in one transaction, as real processes.

``office init`` with the password on stdin, then the office serves its first citizen;
and a set-up killed half-way (SIGKILL between two counters) leaves no half office.
The messages for mistakes and a half office's handling are in tests/test_office_cli.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from loket.app.desk import Desk
from loket.app.office import list_counters
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
