from __future__ import annotations

import pytest

from loket.core import passwords
from loket.core.errors import InvalidInput
from loket.core.passwords import (
    Cost,
    check_strength,
    hash_password,
    needs_rehash,
    verify_password,
)


def test_hash_verifies_and_hides_the_password() -> None:
    stored = hash_password("rahasia-123", n=2**12)
    assert "rahasia" not in stored and stored.startswith("scrypt$4096$8$1$")
    assert verify_password("rahasia-123", stored)
    assert not verify_password("rahasia-124", stored)
    assert hash_password("rahasia-123", n=2**12) != stored  # salted


def test_default_cost_is_raised_toward_owasp() -> None:
    """n=2**16, r=8 (64 MiB): half of OWASP's n=2**17, what ~250 ms affords (item 19)."""
    assert Cost() == Cost(n=2**16, r=8, p=1)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passwords, "COST", Cost())
        assert needs_rehash(hash_password("rahasia-123", n=2**15))  # the old default
        assert not needs_rehash(hash_password("rahasia-123"))
        assert hash_password("1234").split("$")[1:4] == [str(2**16), "8", "1"]


@pytest.mark.parametrize(
    "role,password,ok",
    [
        ("admin", "1234567", False),
        ("admin", "12345678", True),
        ("supervisor", "rahasia", False),
        ("supervisor", "rahasia!", True),
        ("operator", "1234", True),  # a PIN of 4-6 digits, with the lock-out
        ("operator", "123456", True),
        ("operator", "1234567", False),  # neither a PIN nor 8 characters
        ("operator", "123", False),
        ("operator", "abcd", False),
        ("operator", "١٢٣٤", False),  # Arabic-Indic digits are not a PIN
        ("operator", "kunci-1234", True),
    ],
)
def test_the_policy_follows_the_role(role: str, password: str, ok: bool) -> None:
    if ok:
        check_strength(password, role)
    else:
        with pytest.raises(InvalidInput, match="paling sedikit 8"):
            check_strength(password, role)


def test_too_long_and_garbage_hashes() -> None:
    with pytest.raises(InvalidInput):
        check_strength("x" * 257, "admin")
    with pytest.raises(InvalidInput):
        hash_password("")
    assert not verify_password("x", "md5$abc")
    assert not verify_password("x", "garbage")
    assert not verify_password("x", "scrypt$99999999999999999999$8$1$AA$AA")
