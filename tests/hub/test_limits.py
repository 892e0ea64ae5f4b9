"""The hub limits wrong pairing codes and wrong logins with the city server's own limiter.

One module (``loket.ratelimit``) serves both: a fix to the arithmetic protects both.
Checked against a real hub process: past the burst the hub answers 429 with Retry-After,
and the client shows an Indonesian message instead of trying on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import loket.hub.app
import loket.ratelimit
import loket.server.app
import loket.server.auth
from loket.client.connect import pair
from loket.client.errors import TooManyAttempts
from loket.client.lan import pinned_session, server_fingerprint

from .helpers import HubProcess, pair_pc
from .test_lan import lan


def test_the_hub_and_the_city_server_share_one_limiter() -> None:
    assert loket.server.auth.RateLimiter is loket.ratelimit.RateLimiter
    assert loket.server.app.RateLimiter is loket.ratelimit.RateLimiter
    assert loket.hub.app.RateLimiter is loket.ratelimit.RateLimiter
    assert not hasattr(loket.hub.app, "FailureLimit")  # the hub's own copy is gone


def test_wrong_pairing_codes_are_throttled_office_wide(hub: HubProcess, tmp_path: Path) -> None:
    fingerprint = server_fingerprint("127.0.0.1", hub.port)
    session = pinned_session(fingerprint)
    try:
        statuses = []
        for attempt in range(12):
            answer = session.post(hub.url + "/api/v1/pair",
                                  json={"proof": f"{attempt:064x}", "pc_name": "Tebak"},
                                  timeout=(2, 10))  # fmt: skip
            statuses.append(answer.status_code)
        assert statuses[:10] == [403] * 10 and statuses[10:] == [429, 429]
        assert int(answer.headers["Retry-After"]) >= 1
    finally:
        session.close()
    # While the office is throttled even a right code waits (nobody can keep guessing).
    with pytest.raises(TooManyAttempts, match="Terlalu banyak percobaan"):
        pair_pc(hub, tmp_path / "late", "Loket 9")
    with pytest.raises(TooManyAttempts):
        pair(hub.url, "ABCDE-FGHJK", tmp_path / "late2")


def test_wrong_logins_from_one_pc_are_throttled(hub: HubProcess, tmp_path: Path) -> None:
    pair_pc(hub, tmp_path / "pc", "Loket 1")
    office = lan(tmp_path / "pc")
    try:
        refused = []
        for n in range(22):
            try:
                office.login(f"tamu{n}", "salah-sekali")
            except TooManyAttempts as exc:
                refused.append(exc.message)
            except Exception as exc:  # the wrong-password refusal
                assert "salah" in str(exc)
        assert len(refused) >= 1 and "tunggu" in refused[-1]
    finally:
        office.close()
