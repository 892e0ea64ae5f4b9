"""Issue 10 items 17 and 19: the lock-out holds under parallel guessing, unknown names cost
as much as known ones, the password policy follows the role, old hashes are upgraded.

Real threads against a real SQLite file: each login is its own transaction on the shared
engine, as logins from several counters (or processes) would be.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from loket.app import users
from loket.app.users import (
    AccountLocked,
    add_user,
    authenticate,
    change_password,
    reset_password,
)
from loket.core import passwords
from loket.core.errors import InvalidInput
from loket.store.database import Database
from loket.store.migrate import open_database
from loket.store.models import User


def _counting_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every password actually checked against a stored hash."""
    checked: list[str] = []
    lock = threading.Lock()
    real: Callable[[str, str], bool] = passwords.verify_password

    def counted(password: str, stored: str) -> bool:
        with lock:
            checked.append(password)
        return real(password, stored)

    monkeypatch.setattr(users, "verify_password", counted)
    return checked


def _in_parallel(db: Database, guesses: list[str]) -> list[object]:
    barrier = threading.Barrier(len(guesses))
    results: list[object] = [None] * len(guesses)

    def guess(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            results[i] = authenticate(db, "petugas1", guesses[i])
        except AccountLocked as exc:
            results[i] = exc

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(guesses))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


def test_parallel_guesses_never_check_more_than_the_tries_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slower hash widens the window the old read-check-write code left open.
    monkeypatch.setattr(passwords, "COST", passwords.Cost(n=2**14))
    db = open_database(tmp_path / "data")
    try:
        add_user(db, "petugas1", "operator", "1234")
        for wrong in ("0000", "1111"):
            assert authenticate(db, "petugas1", wrong) is None  # 3 tries left
        checked = _counting_checks(monkeypatch)
        guesses = [f"{9000 + i}" for i in range(20)]
        results = _in_parallel(db, guesses)
        assert len(checked) <= 3, f"{len(checked)} guesses were checked with 3 tries left"
        assert sum(isinstance(r, AccountLocked) for r in results) >= 17
        assert all(r is None or isinstance(r, AccountLocked) for r in results)
        with pytest.raises(AccountLocked):
            authenticate(db, "petugas1", "1234")  # the right PIN after the lock-out
        with db.read() as s:
            row = s.query(User).one()
            assert row.locked_until is not None
    finally:
        db.close()


def test_the_right_pin_among_parallel_guesses_is_one_of_the_allowed_tries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(tmp_path / "data")
    try:
        add_user(db, "petugas1", "operator", "1234")
        checked = _counting_checks(monkeypatch)
        results = _in_parallel(db, ["1234"] + [f"{9000 + i}" for i in range(19)])
        # Either the right PIN was among the first five checked (the user is in, and the
        # count starts again after that success), or the account is locked after five
        # checks and the right PIN waits like any other.
        if "1234" in checked:
            assert checked.index("1234") < 5, checked
            assert any(isinstance(r, users.UserInfo) for r in results)
        else:
            assert len(checked) <= 5, checked
            with pytest.raises(AccountLocked):
                authenticate(db, "petugas1", "1234")
    finally:
        db.close()


def test_an_expired_lock_gives_a_fresh_count(db: Database) -> None:
    add_user(db, "petugas1", "operator", "1234")
    for _ in range(5):
        assert authenticate(db, "petugas1", "0000") is None
    with db.write() as s:
        row = s.query(User).one()
        assert row.locked_until is not None
        row.locked_until = row.locked_until.replace(year=2000)
    assert authenticate(db, "petugas1", "0000") is None  # one wrong try: not locked again
    assert authenticate(db, "petugas1", "1234") is not None


def test_unknown_names_take_as_long_as_known_ones(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(passwords, "COST", passwords.Cost(n=2**14))
    add_user(db, "petugas1", "operator", "1234")

    def timed(name: str) -> float:
        started = time.perf_counter()
        assert authenticate(db, name, "9999") is None
        return time.perf_counter() - started

    timed("nobody")  # the dummy hash is made once
    known, unknown = [], []
    for _ in range(5):
        known.append(timed("petugas1"))
        unknown.append(timed("tidak-ada"))
        with db.write() as s:  # keep the known account from locking
            s.query(User).one().failed_logins = 0
    assert statistics.median(unknown) > 0.6 * statistics.median(known), (known, unknown)


def test_old_hashes_are_upgraded_on_the_next_good_login(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(db, "admin", "admin", "rahasia-admin")  # made at the tests' low cost

    def stored() -> str:
        with db.read() as s:
            return str(s.query(User).one().password_hash)

    old = stored()
    assert old.split("$")[1] == str(2**12)
    monkeypatch.setattr(passwords, "COST", passwords.Cost(n=2**13))
    assert authenticate(db, "admin", "salah-sekali") is None
    assert stored() == old  # a wrong password changes nothing
    assert authenticate(db, "admin", "rahasia-admin") is not None
    assert stored().split("$")[1] == str(2**13)
    assert authenticate(db, "admin", "rahasia-admin") is not None  # and it still works


def test_staff_need_eight_characters_everywhere(db: Database) -> None:
    with pytest.raises(InvalidInput, match="paling sedikit 8"):
        add_user(db, "admin", "admin", "1234")
    with pytest.raises(InvalidInput, match="paling sedikit 8"):
        add_user(db, "kasi", "supervisor", "rahasia")
    admin = add_user(db, "admin", "admin", "rahasia-admin")
    kasi = add_user(db, "kasi", "supervisor", "rahasia-kasi")
    op = add_user(db, "petugas1", "operator", "123456")
    with pytest.raises(InvalidInput, match="paling sedikit 8"):
        reset_password(db, admin, kasi.id, "4321")
    with pytest.raises(InvalidInput, match="paling sedikit 8"):
        change_password(db, admin, "rahasia-admin", "admin")
    with pytest.raises(InvalidInput, match="PIN 4-6 angka"):
        reset_password(db, admin, op.id, "abc")
    reset_password(db, admin, op.id, "4321")  # an operator's PIN is fine
    assert authenticate(db, "petugas1", "4321") is not None
