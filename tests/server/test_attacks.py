"""Bad requests on a real loopback server, SQLite and PostgreSQL: a clear 4xx, nothing stored.

Found by attacking a running ``loket server run``: a NUL character (``\\u0000`` in JSON,
``%00`` in an address or a form) was a 500 on PostgreSQL, whose text cannot hold one,
and was stored on SQLite; a session number no BIGINT holds was a 500; JSON nested too
deep got an English 400; an office name longer than the protocol carries made every
enrollment of that office a 500; an enrollment retry was given the token even for a
desk of another office, which the first request would have been refused; a push with
no valid token whose body never came held a push slot for good (two kept a city out),
and so did a desk's push whose connection died mid-body; an office named like a formula
was a live formula in the city's CSV and XLSX downloads; behind a trusted reverse proxy
the public pages' limit counted the proxy's address, so one crawler shut out the city;
a live state dated year 1 was a 500, and so were a bookings pull from year 1 and a
check-in timed then; a hub whose clock ran ahead wiped the names of bookings to come.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from loket.core.errors import InvalidInput
from loket.server.admin import add_office
from loket.server.auth import RateLimit
from loket.server.db import ServerDatabase
from loket.server.models import DeskRow
from loket.server.online.models import OnlineBooking, OnlineSessionRule
from loket.server.satisfaction_models import ServerRating

from .live import LiveServer

CODE = "32.73.01.1001"
NUL = "x\x00y"
OFFICE_NAME_MAX = 200  # what the enrollment answer carries (OfficeRef.name)


def _now() -> datetime:
    return datetime.now(UTC)


def _enroll(server: LiveServer, code: str = CODE, **body: Any) -> dict[str, Any]:
    secret = add_office(server.db, code=code, name="Kelurahan Uji", now=_now()).enrollment_code
    response = requests.post(
        f"{server.url}/api/v1/enroll", json={"code": secret, **body}, timeout=10
    )
    assert response.status_code == 200, response.text
    return {**response.json(), "secret": secret}


def _auth(desk: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {desk['token']}"}


def _refused(response: requests.Response, status: int, code: str) -> None:
    """A JSON refusal with its stable code and an Indonesian message."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert "error" not in error["message"].lower()  # not FastAPI's English


def _rules(name: str) -> dict[str, Any]:
    rule = {"service_prefix": "A", "service_name": name, "weekdays": "1234567",
            "start": "00:00", "end": "23:59", "quota": 5}  # fmt: skip
    return {"rules": [rule]}


def _beat(app_version: str) -> dict[str, Any]:
    return {"app_version": app_version, "waiting": 0, "desk_clock": _now().isoformat()}


def test_a_nul_in_a_request_is_a_4xx_and_stores_nothing(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    url = live_server.url
    beat = requests.post(f"{url}/api/v1/heartbeat", json=_beat(NUL), headers=_auth(desk),
                         timeout=10)  # fmt: skip
    _refused(beat, 422, "nul_character")
    rules = requests.put(f"{url}/api/v1/sessions", json=_rules(f"Domisili {NUL}"),
                         headers=_auth(desk), timeout=10)  # fmt: skip
    _refused(rules, 422, "nul_character")
    with live_server.db.read() as s:
        assert s.get(DeskRow, desk["desk_id"]).app_version is None  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(OnlineSessionRule)) == 0
    # In an address or a query: not an office, not a date.
    for path in ("/kantor/%00", "/pesan/%00", "/b/%00", "/static/%2e%2e", "/online/nope",
                 "/api/v1/docs/..%2f..%2fetc%2fpasswd"):  # fmt: skip
        _refused(requests.get(url + path, timeout=10), 404, "not_found")
    _refused(requests.get(f"{url}/?date=%00", timeout=10), 400, "nul_character")
    # The literal text backslash-u-0000 (an escaped backslash) is no NUL: it goes in.
    literal = requests.post(f"{url}/api/v1/heartbeat", json=_beat("v\\u0000"),
                            headers=_auth(desk), timeout=10)  # fmt: skip
    assert literal.status_code == 200, literal.text
    with live_server.db.read() as s:
        assert s.get(DeskRow, desk["desk_id"]).app_version == "v\\u0000"  # type: ignore[union-attr]


def test_a_feedback_item_with_a_nul_key_is_rejected_alone(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    good = str(uuid.uuid4())
    items = [
        {"seq": 1, "kind": "rating", "key": NUL, "day": _now().date().isoformat(),
         "data": {"score": 4}},
        {"seq": 2, "kind": "rating", "key": good, "day": _now().date().isoformat(),
         "data": {"score": 3}},
    ]  # fmt: skip
    body = {"office_code": CODE, "desk_id": desk["desk_id"], "after_seq": 0, "items": items}
    response = requests.post(f"{live_server.url}/api/v1/feedback", json=body,
                             headers=_auth(desk), timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text
    statuses = [r["status"] for r in response.json()["results"]]
    assert statuses == ["rejected", "accepted"]
    with live_server.db.read() as s:
        assert s.scalars(select(ServerRating.ticket_id)).all() == [good]


def test_a_bad_booking_form_is_a_page_not_a_500(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    url = live_server.url
    put = requests.put(f"{url}/api/v1/sessions", json=_rules("Domisili"), headers=_auth(desk),
                       timeout=10)  # fmt: skip
    assert put.status_code == 200, put.text
    office = requests.get(f"{url}/pesan/{CODE}", timeout=10).text
    link = re.findall(r'href="(/pesan/[^"]+/\d+/[^"]+)"', office)[0]
    form = {"name": "Budi\x00", "phone": "081234567890", "consent": "1"}
    named = requests.post(url + link, data=form, timeout=10, allow_redirects=False)
    assert named.status_code == 400, named.text
    assert "Nama berisi karakter yang tidak sah" in named.text
    _, _, code, _, day = link.split("/")
    huge = f"{url}/pesan/{code}/{10**23}/{day}"
    unknown = requests.post(huge, data={**form, "name": "Budi"}, timeout=10,
                            allow_redirects=False)  # fmt: skip
    assert unknown.status_code == 404, unknown.text
    assert "Sesi tidak ada" in unknown.text
    with live_server.db.read() as s:
        assert s.scalar(select(func.count()).select_from(OnlineBooking)) == 0


def test_json_nested_too_deep_is_an_indonesian_400(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    nested = '{"a":' * 50_000 + "1" + "}" * 50_000
    response = requests.post(f"{live_server.url}/api/v1/heartbeat", data=nested,
                             headers={**_auth(desk), "Content-Type": "application/json"},
                             timeout=30)  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "Isi permintaan tidak dapat dibaca (bukan JSON yang sah)."
    )


def test_an_office_name_the_protocol_cannot_carry_is_refused_at_add_office(
    live_server: LiveServer,
) -> None:
    for name in ("K" * (OFFICE_NAME_MAX + 1), "Kelurahan\nSukamaju"):
        with pytest.raises(InvalidInput):
            add_office(live_server.db, code="32.73.01.1002", name=name, now=_now())
    # The longest name that is allowed still enrolls its desks.
    longest = "K" * OFFICE_NAME_MAX
    secret = add_office(live_server.db, code="32.73.01.1003", name=longest, now=_now())
    response = requests.post(f"{live_server.url}/api/v1/enroll",
                             json={"code": secret.enrollment_code}, timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text
    assert response.json()["office"]["name"] == longest


def test_an_enrollment_retry_for_another_office_is_refused(live_server: LiveServer) -> None:
    request_id = str(uuid.uuid4())
    desk = _enroll(live_server, request_id=request_id)
    retry = {"code": desk["secret"], "request_id": request_id, "office_code": "32.73.01.1002"}
    response = requests.post(f"{live_server.url}/api/v1/enroll", json=retry, timeout=10)
    _refused(response, 409, "office_mismatch")
    assert "token" not in response.text
    # The same desk's own retry still gets its token back.
    same = {"code": desk["secret"], "request_id": request_id, "office_code": CODE}
    again = requests.post(f"{live_server.url}/api/v1/enroll", json=same, timeout=10)
    assert again.status_code == 200, again.text
    assert again.json()["token"] == desk["token"]


@pytest.fixture
def one_slot(server_db: ServerDatabase) -> Iterator[LiveServer]:
    server = LiveServer(server_db, push_slots=1, body_idle_s=1.0).start()
    yield server
    server.stop()


def _push_body(desk: dict[str, Any]) -> dict[str, Any]:
    at = _now()
    event = {"seq": 1, "id": str(uuid.uuid4()), "ticket_id": str(uuid.uuid4()),
             "kind": "issued", "at": at.isoformat(), "data": {}}  # fmt: skip
    return {"office_code": CODE, "desk_id": desk["desk_id"], "after_seq": 0, "events": [event]}


def test_a_push_without_a_valid_token_never_holds_a_push_slot(one_slot: LiveServer) -> None:
    desk = _enroll(one_slot)
    url = f"{one_slot.url}/api/v1/events"
    # Headers of a push with a made-up token, then a body that never comes.
    head = (
        "POST /api/v1/events HTTP/1.1\r\nHost: kota\r\nContent-Type: application/json\r\n"
        "Authorization: Bearer made-up\r\nContent-Length: 100000\r\n\r\n{"
    )
    with socket.create_connection(("127.0.0.1", one_slot.port), timeout=5) as slow:
        slow.sendall(head.encode())
        try:
            answer = slow.recv(200)
        except TimeoutError:
            answer = b""  # still waiting for the body, slot held
        assert answer.startswith(b"HTTP/1.1 401"), answer
        pushed = requests.post(url, json=_push_body(desk), headers=_auth(desk), timeout=10)
        assert pushed.status_code == 200, pushed.text
    # A bad token is a 401 whatever the body: the body is not even read.
    bad = requests.post(url, data=b"{", timeout=10,
                        headers={"Authorization": "Bearer made-up"})  # fmt: skip
    _refused(bad, 401, "invalid_token")


def test_a_push_whose_body_stops_coming_gives_its_slot_back(one_slot: LiveServer) -> None:
    desk = _enroll(one_slot)
    head = (
        "POST /api/v1/events HTTP/1.1\r\nHost: kota\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {desk['token']}\r\nContent-Length: 100000\r\n\r\n{{"
    )
    with socket.create_connection(("127.0.0.1", one_slot.port), timeout=10) as dead:
        dead.sendall(head.encode())  # a desk's modem drops here: nothing more comes
        answer = b""
        with contextlib.suppress(TimeoutError):
            while chunk := dead.recv(4096):  # the answer, then the server closes
                answer += chunk
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert "berhenti terkirim" in answer.decode()
    url = f"{one_slot.url}/api/v1/events"
    pushed = requests.post(url, json=_push_body(desk), headers=_auth(desk), timeout=10)
    assert pushed.status_code == 200, pushed.text


def test_an_office_named_like_a_formula_is_text_in_the_downloads(live_server: LiveServer) -> None:
    name = '=HYPERLINK("http://contoh.invalid","klik")'
    add_office(live_server.db, code=CODE, name=name, now=_now())
    text = requests.get(f"{live_server.url}/kota.csv", timeout=10).content.decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(text), delimiter=";")]
    assert names[1] == "'" + name  # Excel shows it as text, not a link
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    xlsx = requests.get(f"{live_server.url}/kota.xlsx", timeout=10).content
    cell = load_workbook(io.BytesIO(xlsx)).active["B2"]
    assert (cell.value, cell.data_type) == (name, "s")


def test_behind_a_trusted_proxy_the_pages_limit_counts_each_citizen(
    server_db: ServerDatabase,
) -> None:
    server = LiveServer(server_db, trusted_proxies=("127.0.0.1",),
                        page_limit=RateLimit(rate=0.01, burst=2)).start()  # fmt: skip
    try:
        for path in ("/", "/pesan"):  # the city pages' limiter, the online pages' own
            crawler = {"X-Forwarded-For": "203.0.113.5"}
            answers = [requests.get(server.url + path, headers=crawler, timeout=10).status_code
                       for _ in range(3)]  # fmt: skip
            assert answers == [200, 200, 429]
            citizen = {"X-Forwarded-For": "203.0.113.6"}
            assert requests.get(server.url + path, headers=citizen, timeout=10).status_code == 200
    finally:
        server.stop()


def test_a_live_state_of_year_one_is_a_422_that_stores_nothing(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    state = {"version": 1, "generated_at": "0001-01-01T00:00:00+14:00", "day": "0001-01-01",
             "timezone": "Asia/Jakarta"}  # fmt: skip
    url = f"{live_server.url}/api/v1/live"
    _refused(requests.post(url, json=state, headers=_auth(desk), timeout=10), 422, "invalid_date")
    today = {**state, "generated_at": _now().isoformat(), "day": _now().date().isoformat()}
    stored = requests.post(url, json=today, headers=_auth(desk), timeout=10)
    assert stored.status_code == 200, stored.text
    assert stored.json()["version"] == 1  # the refused one left nothing behind


def _book(server: LiveServer, desk: dict[str, Any]) -> str:
    """A citizen's booking through the form; its day (ISO)."""
    put = requests.put(f"{server.url}/api/v1/sessions", json=_rules("Domisili"),
                       headers=_auth(desk), timeout=10)  # fmt: skip
    assert put.status_code == 200, put.text
    office = requests.get(f"{server.url}/pesan/{CODE}", timeout=10).text
    link = re.findall(r'href="(/pesan/[^"]+/\d+/[^"]+)"', office)[0]
    form = {"name": "Budi Santoso", "phone": "081234567890", "consent": "1"}
    made = requests.post(server.url + link, data=form, timeout=10, allow_redirects=False)
    assert made.status_code == 303, made.text
    return link.rsplit("/", 1)[1]


def test_a_hub_clock_years_ahead_does_not_wipe_the_bookings_to_come(
    live_server: LiveServer,
) -> None:
    desk = _enroll(live_server)
    day = _book(live_server, desk)
    url = f"{live_server.url}/api/v1/bookings"
    ahead = requests.get(url, params={"from": "2031-05-01", "to": "2031-05-02"},
                         headers=_auth(desk), timeout=10)  # fmt: skip
    assert ahead.status_code == 200, ahead.text
    held = requests.get(url, params={"from": day, "to": day}, headers=_auth(desk), timeout=10)
    assert [(b["name"], b["phone"]) for b in held.json()["bookings"]] == [
        ("Budi Santoso", "081234567890")
    ]
    # Dates the database's arithmetic cannot take are refused, not a 500.
    year_one = {"from": "0001-01-01", "to": "0001-01-02"}
    _refused(requests.get(url, params=year_one, headers=_auth(desk), timeout=10),
             422, "invalid_date")  # fmt: skip
    code = held.json()["bookings"][0]["code"]
    item = {"code": code, "at": "0001-01-01T00:00:00+14:00", "label": "A-001"}
    checkin = requests.post(f"{url}/checkins", json={"items": [item]}, headers=_auth(desk),
                            timeout=10)  # fmt: skip
    _refused(checkin, 422, "invalid_date")
    again = requests.get(url, params={"from": day, "to": day}, headers=_auth(desk), timeout=10)
    assert again.json()["bookings"][0]["checked_in"] is False
    # A month on by the server's own clock, the name and number do go.
    live_server.clock.offset_s = 40 * 86_400
    later = requests.get(url, params={"from": day, "to": day}, headers=_auth(desk), timeout=10)
    assert [(b["name"], b["phone"]) for b in later.json()["bookings"]] == [("", "")]
