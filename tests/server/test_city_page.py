"""The public city page (issue 15 items 8, 10, 11): a range, readable minutes, a page per
office, CSV of what is shown, an HTML message for a bad date, security headers, a short
cache, a per-address limit, and the API docs served from the package (no CDN)."""

from __future__ import annotations

import csv
import re
import uuid
from typing import Any

import pytest
import requests

from loket.server.auth import RateLimit
from tests.server.live import LiveServer
from tests.server.test_api import CODE, OTHER, _enroll, _event, _push, sqlite_only


def _served(seq: int, minute: int, wait: int, service: int) -> list[dict[str, Any]]:
    """Issued at 09:minute WIB, called ``wait`` minutes later, served ``service`` minutes."""
    ticket = str(uuid.uuid4())

    def at(extra: int) -> str:
        total = minute + extra
        return f"2026-11-23T{2 + total // 60:02d}:{total % 60:02d}:00+00:00"

    return [
        _event(seq * 4 + 1, ticket_id=ticket, at=at(0), data={
            "service_day": "2026-11-23", "issued_service_id": 1, "service_id": 1,
            "prefix": "A", "number": seq}),
        _event(seq * 4 + 2, ticket_id=ticket, kind="called", at=at(wait), counter_id=1, data={}),
        _event(seq * 4 + 3, ticket_id=ticket, kind="started", at=at(wait + 1), counter_id=1,
               data={}),
        _event(seq * 4 + 4, ticket_id=ticket, kind="finished", at=at(wait + 1 + service),
               counter_id=1, data={"outcome": "completed"}),
    ]  # fmt: skip


def _get(server: LiveServer, path: str) -> requests.Response:
    return requests.get(f"{server.url}{path}", timeout=10)


@sqlite_only
def test_the_city_page_for_a_range(live_server: LiveServer) -> None:
    desk = _enroll(live_server)
    _enroll(live_server, OTHER, "Kelurahan Lain")
    events = _served(0, 0, 136, 10) + _served(1, 5, 4, 10)
    assert _push(live_server, desk, events).status_code == 200
    page = _get(live_server, "/?from=2026-11-20&to=2026-11-26")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "20–26 November 2026" in text and "Kelurahan Uji" in text and "Seluruh kota" in text
    assert "1 j 10 mnt" in text  # median of 136 and 4 minutes, readable
    assert not re.search(r"\d+m\d+d", text)  # no more "136m44d"
    assert f'href="/kantor/{CODE}?from=2026-11-20&amp;to=2026-11-26"' in text
    # Headers: a strict CSP without scripts, no sniffing, no framing, a short cache.
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "max-age=30" in page.headers["cache-control"]
    # Sorted by a column.
    by_issued = _get(live_server, "/?from=2026-11-20&to=2026-11-26&sort=issued").text
    assert by_issued.index("Kelurahan Uji") < by_issued.index("Kelurahan Lain")
    # A page per office, with its service table and daily trend.
    office = _get(live_server, f"/kantor/{CODE}?from=2026-11-22&to=2026-11-23")
    assert office.status_code == 200
    assert "Per layanan" in office.text and "23-11-2026" in office.text
    assert "<progress" in office.text  # the per-hour chart, drawn without script
    assert _get(live_server, "/kantor/99.99.99.9999").status_code == 404
    # The CSV of what is shown: ';' and a decimal comma, for Indonesian Excel.
    download = _get(live_server, "/kota.csv?from=2026-11-20&to=2026-11-26")
    rows = list(csv.reader(download.content.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0][:3] == ["Kode", "Kantor", "Antrian"]
    uji = next(r for r in rows if r[0] == CODE)
    assert uji[2] == "2" and uji[5] == "70,0"


@sqlite_only
def test_a_bad_date_answers_an_html_message(live_server: LiveServer) -> None:
    for query in ("date=2026-13-45", "from=kemarin", "from=2026-11-30&to=2026-11-01"):
        page = _get(live_server, f"/?{query}")
        assert page.status_code == 400, query
        assert page.headers["content-type"].startswith("text/html")
        assert "Tanggal" in page.text and "{" not in page.text  # HTML, not JSON


@sqlite_only
def test_the_docs_page_is_served_from_the_package(live_server: LiveServer) -> None:
    docs = _get(live_server, "/api/v1/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert not re.search(r"(src|href)=\"https?://", docs.text)  # no CDN
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "init.js"):
        assert _get(live_server, f"/api/v1/docs/{asset}").status_code == 200, asset


def test_the_page_is_rate_limited_per_address(server_db) -> None:  # type: ignore[no-untyped-def]
    server = LiveServer(server_db, page_limit=RateLimit(rate=0.01, burst=3)).start()
    try:
        codes = [_get(server, f"/?date=2026-11-2{i}").status_code for i in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        limited = _get(server, "/?date=2026-11-29")
        assert "Terlalu banyak permintaan" in limited.text and limited.headers["retry-after"]
    finally:
        server.stop()


@sqlite_only
def test_loket_server_offices_lists_pcs_and_their_state(
    live_server: LiveServer, server_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15 item 12: offices, their PCs, last sync, revoked or stale."""
    import json

    from loket.server.admin import revoke
    from tests.server.test_cli_and_schema import _run

    desk = _enroll(live_server)
    assert _push(live_server, desk, _served(0, 0, 5, 10)).status_code == 200
    second = _enroll(live_server)  # a second PC of the same office (a new code)
    revoke(live_server.db, code=CODE, desk_id=second["desk_id"])
    _enroll(live_server, OTHER, "Kelurahan Lain")
    assert _run("offices", "--db", server_db_url, "--json") == 0
    offices = {o["code"]: o for o in json.loads(capsys.readouterr().out)}
    uji = offices[CODE]
    assert [d["revoked"] for d in uji["desks"]] == [False, True]
    assert uji["last_sync"] is not None and not uji["stale"]
    assert offices[OTHER]["stale"] and offices[OTHER]["desks"][0]["last_seen"] is None
    assert _run("offices", "--db", server_db_url) == 0
    text = capsys.readouterr().out
    assert "DICABUT" in text and "perlu dicek" in text and "Kelurahan Lain" in text


@sqlite_only
def test_openapi_has_tags_security_dates_and_refusals(live_server: LiveServer) -> None:
    doc = _get(live_server, "/api/v1/openapi.json").json()
    assert {t["name"] for t in doc["tags"]} == {"desk", "publik"}
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    events = doc["paths"]["/api/v1/events"]["post"]
    assert events["tags"] == ["desk"] and events["security"] == [{"bearer": []}]
    assert {"401", "403", "409", "413", "429"} <= set(events["responses"])
    stats = doc["paths"]["/api/v1/stats"]["get"]
    assert stats["tags"] == ["publik"] and "security" not in stats
    (day,) = [p for p in stats["parameters"] if p["name"] == "date"]
    assert day["schema"]["format"] == "date"
    assert "security" not in doc["paths"]["/api/v1/enroll"]["post"]
