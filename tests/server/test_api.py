"""The city server's HTTP API on a real loopback server: enrollment, auth, limits, errors,
reference data, the public figures and page."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import select

from loket.server.admin import add_office, revoke
from loket.server.auth import RateLimit
from loket.server.db import ServerDatabase
from loket.server.models import DeskRow, ServerEvent
from loket.server.reference import publish, withdraw
from loket.sync.client import ServerError, SyncClient
from loket.sync.schemas import Announcement, Holiday, ServiceStandard

from .live import LiveServer

CODE = "32.73.01.1001"
OTHER = "32.73.02.1002"
sqlite_only = pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _enroll(server: LiveServer, office: str = CODE, name: str = "Kelurahan Uji") -> dict[str, Any]:
    code = add_office(server.db, code=office, name=name, now=_now()).enrollment_code
    response = requests.post(f"{server.url}/api/v1/enroll", json={"code": code}, timeout=10)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _event(seq: int, **overrides: Any) -> dict[str, Any]:
    ticket = overrides.pop("ticket_id", str(uuid.uuid4()))
    event = {
        "seq": seq,
        "id": str(uuid.uuid4()),
        "ticket_id": ticket,
        "kind": "issued",
        "at": "2026-11-23T02:00:00+00:00",
        "counter_id": None,
        "user_id": None,
        "data": {
            "service_day": "2026-11-23",
            "issued_service_id": 1,
            "service_id": 1,
            "prefix": "A",
            "number": seq,
        },
    }
    event.update(overrides)
    return event


def _push(server: LiveServer, desk: dict[str, Any], events: list[dict[str, Any]], after: int = 0,
          **overrides: Any) -> requests.Response:  # fmt: skip
    body = {
        "office_code": desk["office"]["code"],
        "desk_id": desk["desk_id"],
        "after_seq": after,
        "events": events,
        **overrides,
    }
    return requests.post(
        f"{server.url}/api/v1/events", json=body, headers=_auth(desk["token"]), timeout=10
    )


def _error(response: requests.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]  # an Indonesian sentence for the admin
    return dict(body["error"])


# -- enrollment ------------------------------------------------------------------------


@sqlite_only
def test_an_enrollment_code_works_once_typed_loosely(live_server: LiveServer) -> None:
    code = add_office(live_server.db, code=CODE, name="Kelurahan Uji", now=_now()).enrollment_code
    typed = code.lower().replace("-", " ")
    first = requests.post(f"{live_server.url}/api/v1/enroll", json={"code": typed}, timeout=10)
    assert first.status_code == 200
    body = first.json()
    assert body["office"] == {"code": CODE, "name": "Kelurahan Uji", "zone": "Asia/Jakarta"}
    again = requests.post(f"{live_server.url}/api/v1/enroll", json={"code": code}, timeout=10)
    assert again.status_code == 403 and _error(again)["code"] == "invalid_enrollment_code"
    with live_server.db.read() as s:
        row = s.scalars(select(DeskRow)).one()
        assert row.token_hash != body["token"] and len(row.token_hash) == 64  # a hash only


@sqlite_only
def test_an_expired_code_is_refused(live_server: LiveServer) -> None:
    old = _now() - timedelta(days=30)
    code = add_office(live_server.db, code=CODE, name="K", now=old).enrollment_code
    response = requests.post(f"{live_server.url}/api/v1/enroll", json={"code": code}, timeout=10)
    assert response.status_code == 403


@sqlite_only
def test_a_code_for_another_office_is_refused_and_not_spent(live_server: LiveServer) -> None:
    code = add_office(live_server.db, code=CODE, name="K", now=_now()).enrollment_code
    wrong = requests.post(
        f"{live_server.url}/api/v1/enroll", json={"code": code, "office_code": OTHER}, timeout=10
    )
    assert wrong.status_code == 409
    error = _error(wrong)
    assert error["code"] == "office_mismatch" and CODE in error["message"]
    right = requests.post(
        f"{live_server.url}/api/v1/enroll", json={"code": code, "office_code": CODE}, timeout=10
    )
    assert right.status_code == 200


@sqlite_only
def test_enrollment_attempts_are_rate_limited(live_server: LiveServer) -> None:
    statuses = [
        requests.post(
            f"{live_server.url}/api/v1/enroll", json={"code": "XXXX-XXXX-XXXX"}, timeout=10
        ).status_code
        for _ in range(12)
    ]
    assert statuses[:10] == [403] * 10 and statuses[10:] == [429, 429]


# -- authentication and authorization ---------------------------------------------------


@sqlite_only
def test_requests_without_a_valid_token_get_401(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    url = f"{live_server.url}/api/v1/reference"
    none = requests.get(url, timeout=10)
    assert none.status_code == 401 and _error(none)["code"] == "no_token"
    assert none.headers["WWW-Authenticate"] == "Bearer"
    bad = requests.get(url, headers=_auth("not-a-token"), timeout=10)
    assert bad.status_code == 401 and _error(bad)["code"] == "invalid_token"
    assert requests.get(url, headers=_auth(desk["token"]), timeout=10).status_code == 200
    assert revoke(live_server.db, code=CODE) == 1
    revoked = requests.get(url, headers=_auth(desk["token"]), timeout=10)
    assert revoked.status_code == 401 and _error(revoked)["code"] == "revoked"


@sqlite_only
def test_a_desk_writes_only_its_own_office(live_server: LiveServer) -> None:
    mine = _enroll(live_server)
    _enroll(live_server, OTHER, "Kelurahan Lain")
    wrong_office = _push(live_server, mine, [_event(1)], office_code=OTHER)
    assert wrong_office.status_code == 403 and _error(wrong_office)["code"] == "wrong_office"
    wrong_desk = _push(live_server, mine, [_event(1)], desk_id=str(uuid.uuid4()))
    assert wrong_desk.status_code == 403
    with live_server.db.read() as s:
        assert s.scalars(select(ServerEvent)).all() == []


@sqlite_only
def test_a_ticket_of_another_office_cannot_be_written_over(live_server: LiveServer) -> None:
    mine = _enroll(live_server)
    theirs = _enroll(live_server, OTHER, "Kelurahan Lain")
    issued = _event(1)
    assert _push(live_server, theirs, [issued]).json()["results"][0]["status"] == "accepted"
    same_id = _push(live_server, mine, [{**issued, "seq": 1}])
    assert same_id.json()["results"][0]["status"] == "rejected"
    call = _event(2, ticket_id=issued["ticket_id"], kind="called", counter_id=1, data={})
    hijack = _push(live_server, mine, [call], after=1)
    assert hijack.json()["results"][0]["status"] == "rejected"
    assert "kantor lain" in hijack.json()["results"][0]["reason"]


# -- limits and schema errors --------------------------------------------------------------


@sqlite_only
def test_schema_errors_are_clear_422s(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    missing = requests.post(
        f"{live_server.url}/api/v1/events", json={}, headers=_auth(desk["token"]), timeout=10
    )
    assert missing.status_code == 422
    error = _error(missing)
    assert error["code"] == "invalid_request"
    assert {e["loc"] for e in error["details"]["errors"]} >= {"body.events", "body.desk_id"}
    unordered = _push(live_server, desk, [_event(2), _event(1)])
    assert unordered.status_code == 422
    not_json = requests.post(
        f"{live_server.url}/api/v1/events",
        data=b"{not json",
        headers={**_auth(desk["token"]), "Content-Type": "application/json"},
        timeout=10,
    )
    assert not_json.status_code == 422
    bad_date = requests.get(f"{live_server.url}/api/v1/stats?date=23-11-2026", timeout=10)
    assert bad_date.status_code == 422 and _error(bad_date)["code"] == "invalid_date"
    unknown = requests.get(f"{live_server.url}/api/v1/nothing", timeout=10)
    assert unknown.status_code == 404 and _error(unknown)["code"] == "not_found"


@sqlite_only
def test_an_oversized_request_gets_413(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    big = [_event(i, data={"notes": "x" * 4000}) for i in range(1, 600)]
    response = _push(live_server, desk, big)
    assert response.status_code == 413 and _error(response)["code"] == "too_large"


@pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)
def test_per_desk_rate_limit_answers_429_with_retry_after(server_db: ServerDatabase) -> None:
    server = LiveServer(server_db, rate_limit=RateLimit(rate=0.5, burst=2)).start()
    try:
        desk = _enroll(server)
        url = f"{server.url}/api/v1/reference"
        codes = [requests.get(url, headers=_auth(desk["token"]), timeout=10) for _ in range(3)]
        assert [c.status_code for c in codes] == [200, 200, 429]
        assert int(codes[2].headers["Retry-After"]) >= 1
        assert _error(codes[2])["code"] == "rate_limited"
        # Another desk has its own budget.
        other = _enroll(server, OTHER, "Kelurahan Lain")
        assert requests.get(url, headers=_auth(other["token"]), timeout=10).status_code == 200
        # The desk's client reads it as "retry after".
        with pytest.raises(ServerError) as limited:
            SyncClient(server.url).reference(None, desk["token"])
        assert limited.value.retry_after is not None and limited.value.retry_after >= 1
    finally:
        server.stop()


def test_poison_items_are_rejected_one_by_one(live_server: LiveServer) -> None:
    """Each of these fails the strict schema, ``apply`` or a database limit; the good
    events around them are stored, on SQLite and PostgreSQL alike."""
    desk = _enroll(live_server)
    ok_first, ok_last = _event(1), _event(9)
    poison = [
        _event(2, id="not-a-uuid"),
        _event(3, id=str(uuid.uuid4()).upper()),
        _event(4, at="2026-11-23T02:00:00"),  # no offset
        _event(5, kind="teleported"),
        _event(6, data={"service_day": "2026-11-23"}),  # fields missing
        _event(7, data={**_event(0)["data"], "prefix": "A\x00"}),  # NUL: PostgreSQL refuses
        _event(8, data={**_event(0)["data"], "number": 2**70}),  # beyond BIGINT
    ]
    response = _push(live_server, desk, [ok_first, *poison, ok_last])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["highest_seq"] == 9
    statuses = [r["status"] for r in body["results"]]
    assert statuses == ["accepted", *["rejected"] * len(poison), "accepted"]
    assert all(r["reason"] for r in body["results"][1:-1])
    with live_server.db.read() as s:
        stored = set(s.scalars(select(ServerEvent.id)))
    assert stored == {ok_first["id"], ok_last["id"]}


# -- reference data -----------------------------------------------------------------------


@sqlite_only
def test_reference_data_comes_by_cursor_with_office_overrides(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    other = _enroll(live_server, OTHER, "Kelurahan Lain")
    url = f"{live_server.url}/api/v1/reference"
    now = _now()

    def pull(who: dict[str, Any], cursor: str | None = None) -> dict[str, Any]:
        params = {"cursor": cursor} if cursor else {}
        response = requests.get(url, params=params, headers=_auth(who["token"]), timeout=10)
        assert response.status_code == 200, response.text
        return dict(response.json())

    empty = pull(desk)
    assert empty["full"] and empty["services"] == []
    publish(live_server.db, ServiceStandard(prefix="A", name="Domisili", standard_minutes=10),
            now=now)  # fmt: skip
    publish(live_server.db, ServiceStandard(prefix="A", name="Domisili", standard_minutes=7),
            now=now, office_code=CODE)  # fmt: skip
    publish(live_server.db, Announcement(key="jam", text="Buka 08.00"), now=now)
    publish(live_server.db, Holiday(day=date(2026, 12, 25), name="Natal"), now=now)
    changes = pull(desk, empty["cursor"])
    assert not changes["full"]
    assert [s["standard_minutes"] for s in changes["services"]] == [7]  # its own wins
    assert [a["key"] for a in changes["announcements"]] == ["jam"]
    assert [h["day"] for h in changes["holidays"]] == ["2026-12-25"]
    assert [s["standard_minutes"] for s in pull(other)["services"]] == [10]
    assert pull(desk, changes["cursor"]) == {**changes, "services": [], "announcements": [],
                                             "holidays": [], "removed": []}  # fmt: skip
    # Withdrawing the override shows the city-wide value; withdrawing the item removes it.
    withdraw(live_server.db, "service", "A", now=now, office_code=CODE)
    withdraw(live_server.db, "announcement", "jam", now=now)
    after = pull(desk, changes["cursor"])
    assert [s["standard_minutes"] for s in after["services"]] == [10]
    assert after["removed"] == [{"kind": "announcement", "key": "jam"}]
    # An unusable cursor (garbage, another database, the future) means: everything again.
    for cursor in ("garbage", "0" * 32 + ":1", after["cursor"] + "9"):
        full = pull(desk, cursor)
        assert full["full"] and full["announcements"] == [] and len(full["services"]) == 1


# -- public figures -----------------------------------------------------------------------


@sqlite_only
def test_stats_are_public_without_personal_data_and_flag_silent_desks(
    live_server: LiveServer,
) -> None:
    desk = _enroll(live_server)
    _enroll(live_server, OTHER, "Kelurahan Lain")  # enrolled, never heard from
    issued = _event(1)
    assert _push(live_server, desk, [issued]).status_code == 200
    stats = requests.get(f"{live_server.url}/api/v1/stats?date=2026-11-23", timeout=10).json()
    offices = {o["code"]: o for o in stats["offices"]}
    assert set(offices[CODE]) == {
        "code", "name", "zone", "date", "issued", "served", "waiting", "median_wait", "last_sync",
        "stale", "stale_desks",
    }  # fmt: skip
    assert (offices[CODE]["issued"], offices[CODE]["waiting"]) == (1, 1)
    assert not offices[CODE]["stale"] and offices[OTHER]["stale"]
    assert stats["totals"] == {"offices": 2, "issued": 1, "served": 0, "waiting": 1,
                               "median_wait": None, "stale_offices": 1}  # fmt: skip
    # Two days later the desk that pushed is silent too.
    live_server.clock.offset_s = 2 * 86400
    later = requests.get(f"{live_server.url}/api/v1/stats", timeout=10).json()
    assert all(o["stale"] for o in later["offices"])
    page = requests.get(f"{live_server.url}/?date=2026-11-23", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Kelurahan Uji" in page.text and "tidak ada kabar" in page.text
    assert "Seluruh kota" in page.text


@sqlite_only
def test_tokens_and_codes_never_reach_the_logs(
    live_server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    code = add_office(live_server.db, code=CODE, name="K", now=_now()).enrollment_code
    desk = requests.post(f"{live_server.url}/api/v1/enroll", json={"code": code}, timeout=10).json()
    _push(live_server, desk, [_event(1), _event(2, kind="bogus")])
    requests.get(f"{live_server.url}/api/v1/reference", headers=_auth("wrong"), timeout=10)
    revoke(live_server.db, code=CODE)
    requests.get(f"{live_server.url}/api/v1/reference", headers=_auth(desk["token"]), timeout=10)
    assert "enrolled" in caplog.text and "rejected event" in caplog.text
    assert desk["token"] not in caplog.text and code not in caplog.text


@sqlite_only
def test_the_desk_heartbeat_is_recorded(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    clock = (datetime.now(UTC) + timedelta(minutes=3)).isoformat()
    beat = requests.post(
        f"{live_server.url}/api/v1/heartbeat",
        json={"app_version": "0.1.0", "waiting": 4, "unsent": 2, "desk_clock": clock},
        headers=_auth(desk["token"]),
        timeout=10,
    )
    assert beat.status_code == 200
    with live_server.db.read() as s:
        row = s.scalars(select(DeskRow)).one()
    assert (row.app_version, row.waiting, row.unsent) == ("0.1.0", 4, 2)
    assert row.clock_skew_seconds is not None and 170 < row.clock_skew_seconds < 190
    naive = requests.post(
        f"{live_server.url}/api/v1/heartbeat",
        json={"app_version": "x", "waiting": 0, "desk_clock": "2026-11-23T08:00:00"},
        headers=_auth(desk["token"]),
        timeout=10,
    )
    assert naive.status_code == 422
