from __future__ import annotations

import pytest

from loket.core.errors import InvalidInput
from loket.core.passwords import hash_password, verify_password


def test_hash_verifies_and_hides_the_password() -> None:
    stored = hash_password("rahasia-123", n=2**12)
    assert "rahasia" not in stored and stored.startswith("scrypt$4096$8$1$")
    assert verify_password("rahasia-123", stored)
    assert not verify_password("rahasia-124", stored)
    assert hash_password("rahasia-123", n=2**12) != stored  # salted


def test_default_cost_is_memory_hard() -> None:
    assert hash_password("1234").split("$")[1] == str(2**15)


def test_short_password_and_garbage_hashes() -> None:
    with pytest.raises(InvalidInput):
        hash_password("123")
    assert not verify_password("x", "md5$abc")
    assert not verify_password("x", "garbage")
