"""An office's booking sessions as its hub sends them, on a real server (SQLite and PostgreSQL).

Found by attacking a running server: the same session twice in one set made two rows,
and the next set deactivated only one, so a session the office had removed stayed
bookable for citizens.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import requests
from sqlalchemy import select

from loket.server.admin import add_office
from loket.server.models import OfficeRow
from loket.server.online.models import OnlineSessionRule

from .live import LiveServer

CODE = "32.73.01.1001"


def _desk(server: LiveServer) -> dict[str, str]:
    secret = add_office(server.db, code=CODE, name="Kelurahan Uji", now=datetime.now(UTC))
    response = requests.post(f"{server.url}/api/v1/enroll",
                             json={"code": secret.enrollment_code}, timeout=10)  # fmt: skip
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _rule(prefix: str, name: str) -> dict[str, Any]:
    return {"service_prefix": prefix, "service_name": name, "weekdays": "1234567",
            "start": "00:00", "end": "23:59", "quota": 5}  # fmt: skip


def _offered(server: LiveServer) -> list[str]:
    """The sessions a citizen can pick on the office's booking page, one per day."""
    page = requests.get(f"{server.url}/pesan/{CODE}", timeout=10).text
    first_day = page.split("<caption>")[1].split("</table>")[0]
    return re.findall(r'<th scope="row">([^<]*)<br>', first_day)


def test_a_session_sent_twice_is_one_and_goes_when_the_office_removes_it(
    live_server: LiveServer,
) -> None:
    headers = _desk(live_server)
    url = f"{live_server.url}/api/v1/sessions"
    twice = {"rules": [_rule("A", "Domisili"), _rule("A", "Domisili")]}
    assert requests.put(url, json=twice, headers=headers, timeout=10).status_code == 200
    assert _offered(live_server) == ["Domisili"]
    other = {"rules": [_rule("B", "Akta kelahiran")]}
    assert requests.put(url, json=other, headers=headers, timeout=10).status_code == 200
    assert _offered(live_server) == ["Akta kelahiran"]


def test_sessions_doubled_before_are_folded_by_the_next_set(live_server: LiveServer) -> None:
    headers = _desk(live_server)
    with live_server.db.write() as s:  # what a server before this fix may hold
        office_id = s.scalars(select(OfficeRow.id).where(OfficeRow.code == CODE)).one()
        now = datetime.now(UTC)
        for _ in range(2):
            s.add(OnlineSessionRule(office_id=office_id, source="desk", active=True,
                                    updated_at=now, **_key("A", "Domisili")))  # fmt: skip
    assert _offered(live_server) == ["Domisili", "Domisili"]
    url = f"{live_server.url}/api/v1/sessions"
    same = {"rules": [_rule("A", "Domisili")]}
    assert requests.put(url, json=same, headers=headers, timeout=10).status_code == 200
    assert _offered(live_server) == ["Domisili"]
    other = {"rules": [_rule("B", "Akta kelahiran")]}
    assert requests.put(url, json=other, headers=headers, timeout=10).status_code == 200
    assert _offered(live_server) == ["Akta kelahiran"]


def _key(prefix: str, name: str) -> dict[str, Any]:
    rule = _rule(prefix, name)
    return {k: rule[k] for k in ("service_prefix", "service_name", "weekdays", "start", "end",
                                 "quota")}  # fmt: skip


def test_a_session_ending_before_it_starts_is_refused_and_the_set_kept(
    live_server: LiveServer,
) -> None:
    headers = _desk(live_server)
    url = f"{live_server.url}/api/v1/sessions"
    good = {"rules": [_rule("A", "Domisili")]}
    assert requests.put(url, json=good, headers=headers, timeout=10).status_code == 200
    for start, end in (("23:00", "01:00"), ("10:00", "10:00")):
        night = {**_rule("B", "Akta kelahiran"), "start": start, "end": end}
        response = requests.put(url, json={"rules": [_rule("A", "Domisili"), night]},
                                headers=headers, timeout=10)  # fmt: skip
        assert response.status_code == 422
        message = response.json()["error"]["message"]
        assert f"Sesi B {start}–{end}" in message and "jam selesai harus setelah" in message
    assert _offered(live_server) == ["Domisili"]
