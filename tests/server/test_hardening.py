"""Issue 10 items 10, 15 and 18 on a real loopback server, SQLite and PostgreSQL.

- 10: events dated far from the server's or the desk's clock, or whose service day is not
  the office-local date of their issue, are rejected one by one with a clear reason.
- 15: oversized numbers are 422s (never 500s); a desk whose clock is years off still
  gets its heartbeat in, with its skew reported.
- 18: a bad token is checked before any write lock, failed authentications are limited
  per client address (429 + Retry-After), X-Forwarded-For counts only from a trusted proxy.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import select

from loket.server.admin import add_office
from loket.server.auth import RateLimit, client_address, parse_networks
from loket.server.db import ServerDatabase
from loket.server.models import DeskRow, ServerTicket

from .live import LiveServer

CODE = "32.73.01.1001"
sqlite_only = pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _enroll(server: LiveServer) -> dict[str, Any]:
    code = add_office(server.db, code=CODE, name="Kelurahan Uji", now=_now()).enrollment_code
    response = requests.post(f"{server.url}/api/v1/enroll", json={"code": code}, timeout=10)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _issued(seq: int, at: datetime, service_day: str | None = None) -> dict[str, Any]:
    local_day = at.astimezone(ZONE).date().isoformat()
    return {
        "seq": seq,
        "id": str(uuid.uuid4()),
        "ticket_id": str(uuid.uuid4()),
        "kind": "issued",
        "at": at.isoformat(),
        "data": {
            "service_day": service_day or local_day,
            "issued_service_id": 1,
            "service_id": 1,
            "prefix": "A",
            "number": seq,
        },
    }


def _push(server: LiveServer, desk: dict[str, Any], events: list[dict[str, Any]],
          after: int = 0, **extra: Any) -> requests.Response:  # fmt: skip
    body = {
        "office_code": desk["office"]["code"],
        "desk_id": desk["desk_id"],
        "after_seq": after,
        "events": events,
        **extra,
    }
    headers = {"Authorization": f"Bearer {desk['token']}"}
    return requests.post(f"{server.url}/api/v1/events", json=body, headers=headers, timeout=10)


def _beat(server: LiveServer, desk: dict[str, Any], **body: Any) -> requests.Response:
    payload = {"app_version": "t", "waiting": 0, "unsent": 0, "desk_clock": _now().isoformat()}
    payload.update(body)
    headers = {"Authorization": f"Bearer {desk['token']}"}
    return requests.post(
        f"{server.url}/api/v1/heartbeat", json=payload, headers=headers, timeout=10
    )


from zoneinfo import ZoneInfo  # noqa: E402

ZONE = ZoneInfo("Asia/Jakarta")


# -- item 15: bounded numbers ----------------------------------------------------------


def test_oversized_numbers_are_422_not_500(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    now = _now()
    huge = [
        [{**_issued(2**63, now)}],
        [{**_issued(1, now), "counter_id": 2**63}],
        [{**_issued(1, now), "user_id": -(2**64)}],
    ]
    for events in huge:
        response = _push(live_server, desk, events)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["code"] == "invalid_request"
    assert _push(live_server, desk, [_issued(2**62 + 1, now)], after=2**62).status_code == 422
    for field in ("waiting", "unsent"):
        response = _beat(live_server, desk, **{field: 2**31})
        assert response.status_code == 422, response.text
    for raw in ("9999-12-31", "0001-01-01", "2200-01-01"):
        response = requests.get(f"{live_server.url}/api/v1/stats?date={raw}", timeout=10)
        assert response.status_code == 422, (raw, response.text)
    # The server is unharmed: a normal batch still goes in.
    assert _push(live_server, desk, [_issued(1, now)]).status_code == 200


@pytest.mark.parametrize("year", [1900, 2200, 1])
def test_a_desk_with_a_wrong_clock_still_syncs_and_its_skew_is_reported(
    live_server: LiveServer, year: int
) -> None:
    desk = _enroll(live_server)
    clock = datetime(year, 6, 1, 8, 0, tzinfo=UTC).isoformat()
    response = _beat(live_server, desk, desk_clock=clock, waiting=2**31 - 1)
    assert response.status_code == 200, response.text
    with live_server.db.read() as s:
        skew = s.scalars(select(DeskRow.clock_skew_seconds)).one()
    assert (skew is not None and abs(skew) > 50 * 365 * 86400) or year in (1,)
    assert skew is not None and (skew < 0) == (year < 2000)
    # And its real events (dated by the server's time) still go in.
    assert _push(live_server, desk, [_issued(1, _now())]).json()["results"][0]["status"] == (
        "accepted"
    )


# -- item 10: event times ----------------------------------------------------------------


def test_events_far_from_the_clocks_or_with_a_wrong_service_day_are_rejected_alone(
    live_server: LiveServer,
) -> None:
    desk = _enroll(live_server)
    now = _now()
    good = _issued(1, now)
    future = _issued(2, datetime(2100, 1, 1, 3, tzinfo=UTC))
    local_tomorrow = now.astimezone(ZONE).date() + timedelta(days=1)
    wrong_day = _issued(3, now, service_day=local_tomorrow.isoformat())
    ancient = _issued(4, now - timedelta(days=6 * 366))
    ahead_of_desk = _issued(5, now)
    body = _push(live_server, desk, [good, future, wrong_day, ancient])
    assert body.status_code == 200, body.text
    results = {r["seq"]: r for r in body.json()["results"]}
    assert results[1]["status"] == "accepted"
    assert results[2]["status"] == "rejected"
    assert "jauh di depan jam server" in results[2]["reason"]
    assert "2100-01-01" in results[2]["reason"]
    assert results[3]["status"] == "rejected"
    assert "service_day" in results[3]["reason"] and "zona kantor" in results[3]["reason"]
    assert results[4]["status"] == "rejected" and "5 tahun" in results[4]["reason"]
    # A desk whose clock, as it sends, is three days behind its own events' times.
    late_clock = (now - timedelta(days=3)).isoformat()
    second = _push(live_server, desk, [ahead_of_desk], after=4, desk_clock=late_clock)
    result = second.json()["results"][0]
    assert result["status"] == "rejected" and "jam perangkat" in result["reason"]
    # Nothing of it is published: the year 2100 has no figures.
    stats = requests.get(f"{live_server.url}/api/v1/stats?date=2100-01-01", timeout=10).json()
    assert stats["totals"]["issued"] == 0
    with live_server.db.read() as s:
        assert len(s.scalars(select(ServerTicket)).all()) == 1


def test_the_service_day_is_read_in_the_office_zone(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    # 20:00 UTC yesterday is 03:00 WIB today: the desk's service day is today's date.
    at = (_now() - timedelta(days=1)).replace(hour=20, minute=0, second=0, microsecond=0)
    utc_date = at.date().isoformat()
    local_date = at.astimezone(ZONE).date().isoformat()
    assert utc_date != local_date
    body = _push(live_server, desk, [_issued(1, at, local_date), _issued(2, at, utc_date)])
    statuses = [r["status"] for r in body.json()["results"]]
    assert statuses == ["accepted", "rejected"]


# -- item 18: authentication before writes, failure limits, X-Forwarded-For ----------------


@pytest.fixture
def throttled(server_db: ServerDatabase) -> Iterator[LiveServer]:
    server = LiveServer(
        server_db,
        auth_failure_limit=RateLimit(rate=0.01, burst=3),
        trusted_proxies=("127.0.0.2", "10.9.0.0/16"),
    ).start()
    yield server
    server.stop()


def _bad(server: LiveServer, forwarded: str | None = None) -> requests.Response:
    headers = {"Authorization": "Bearer not-a-token"}
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    return requests.post(
        f"{server.url}/api/v1/heartbeat",
        json={"app_version": "x", "waiting": 0, "desk_clock": _now().isoformat()},
        headers=headers,
        timeout=10,
    )


@sqlite_only
def test_a_bad_token_is_refused_without_waiting_for_the_write_lock(
    live_server: LiveServer, server_db_url: str
) -> None:
    desk = _enroll(live_server)
    path = server_db_url.removeprefix("sqlite:///")
    holder = sqlite3.connect(path, timeout=1, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock for a while
        started = time.monotonic()
        for path_ in ("/api/v1/events", "/api/v1/heartbeat", "/api/v1/reference"):
            method = requests.get if path_.endswith("reference") else requests.post
            response = method(
                f"{live_server.url}{path_}",
                json={},
                headers={"Authorization": "Bearer forged"},
                timeout=5,
            )
            assert response.status_code in (401, 422), response.text
        assert _bad(live_server).status_code == 401
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _beat(live_server, desk).status_code == 200


def test_failed_authentications_are_limited_per_address(throttled: LiveServer) -> None:
    desk = _enroll(throttled)
    codes = [_bad(throttled).status_code for _ in range(3)]
    assert codes == [401, 401, 401]
    limited = _bad(throttled)
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    # Without a trusted proxy in front, a forged X-Forwarded-For changes nothing.
    assert _bad(throttled, forwarded="203.0.113.7").status_code == 429
    # A desk with a valid token behind the same address still works.
    assert _beat(throttled, desk).status_code == 200


def test_x_forwarded_for_is_honoured_only_from_a_trusted_proxy() -> None:
    trusted = parse_networks(["127.0.0.2", "10.9.0.0/16"])
    # From a trusted proxy: the right-most hop that is not a proxy itself.
    assert client_address("127.0.0.2", "203.0.113.7", trusted) == "203.0.113.7"
    assert client_address("127.0.0.2", "1.1.1.1, 203.0.113.7, 10.9.3.4", trusted) == ("203.0.113.7")
    # From anyone else the header is ignored.
    assert client_address("127.0.0.1", "203.0.113.7", trusted) == "127.0.0.1"
    assert client_address("198.51.100.1", "10.9.3.4", trusted) == "198.51.100.1"
    # Garbage from a proxy falls back to the peer; no proxies configured: the peer.
    assert client_address("127.0.0.2", "not-an-ip", trusted) == "127.0.0.2"
    assert client_address("127.0.0.2", "203.0.113.7", ()) == "127.0.0.2"
