"""The city page in a real browser (issue 15): Debian's headless Chromium at an office
monitor's 1366×900 and a phone's 390×844, with no horizontal overflow, and the range
form driven by its own button. Skipped when Chromium is absent (CI installs it)."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from loket.server.city_settings import set_name
from loket.server.reference import publish
from loket.sync.schemas import ServiceStandard
from tests.server.chromium import Chromium, chromium_path
from tests.server.live import LiveServer
from tests.server.test_api import CODE, OTHER, _enroll, _push, sqlite_only
from tests.server.test_city_page import _served

# Every step is time-boxed inside Chromium (30 s per DevTools answer).
pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium not installed")
#: Set LOKET_SCREENSHOTS=resources/screenshots to refresh the README's pictures.
SHOTS = os.environ.get("LOKET_SCREENSHOTS")

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def browser() -> Chromium:  # type: ignore[misc]
    chrome = Chromium()
    yield chrome
    chrome.close()


@sqlite_only
@pytest.mark.parametrize(("width", "height", "name"), [(1366, 900, "city-page"),
                                                       (390, 844, "city-page-phone")])  # fmt: skip
def test_the_city_page_fits_and_its_form_works(
    live_server: LiveServer, browser: Chromium, tmp_path: Path, width: int, height: int, name: str
) -> None:
    desk = _enroll(live_server, name="Kelurahan Sukamaju")
    other = _enroll(live_server, OTHER, "Kelurahan Cipedes Tengah Raya (kantor pelayanan terpadu)")
    events = [e for i in range(12) for e in _served(i, i * 7, 5 + i * 3, 8 + i)]
    assert _push(live_server, desk, events).status_code == 200
    # SKM answers and a few faces, as the desks' sync sends them: the IKM column fills.
    for office, answers in (
        (desk, [(4, 3, 4, 4, 3, 4, 4, 3, 4), (3,) * 9, (4,) * 9]),
        (other, [(3, 3, 2, 3, 3, 3, 4, 3, 3), (2, 3, 3, 3, 2, 3, 3, 3, 3)]),
    ):
        items = [
            {
                "seq": i + 1,
                "kind": "skm",
                "key": str(uuid.uuid4()),
                "day": "2026-11-23",
                "data": {"scores": list(a), "age_band": "30-39", "sex": "P"},
            }
            for i, a in enumerate(answers)
        ]
        body = {
            "office_code": office["office"]["code"],
            "desk_id": office["desk_id"],
            "after_seq": 0,
            "items": items,
        }
        answer = requests.post(
            f"{live_server.url}/api/v1/feedback",
            json=body,
            timeout=10,
            headers={"Authorization": f"Bearer {office['token']}"},
        )
        assert answer.status_code == 200, answer.text
    # The city's own name (set on the server) and a published standard of 15 minutes.
    with live_server.db.write() as s:
        set_name(s, "Pemerintah Kota Sukamaju", datetime.now(UTC))
    publish(live_server.db, ServiceStandard(prefix="A", name="Surat Keterangan Domisili",
            standard_minutes=15), now=datetime.now(UTC))  # fmt: skip
    browser.open(f"{live_server.url}/?from=2026-11-23&to=2026-11-23", width, height)
    assert browser.evaluate("document.title").startswith("Layanan kelurahan")
    assert "Pemerintah Kota Sukamaju" in browser.evaluate("document.body.innerText")
    assert "IKM" in browser.evaluate("document.body.innerText")
    assert browser.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
    shot = browser.screenshot(tmp_path / f"{name}.png")
    assert shot.stat().st_size > 5000
    if SHOTS:
        browser.screenshot(Path(SHOTS) / f"{name}.png", full_page=width < 600)
    # The range form, by its own button: the period and the figures follow.
    browser.evaluate(
        "document.querySelector('input[name=from]').value = '2026-11-20';"
        "document.querySelector('form.range button').click()"
    )
    browser.wait_event("Page.loadEventFired")
    assert browser.evaluate("location.search") == "?from=2026-11-20&to=2026-11-23"
    assert "20–23 November 2026" in browser.evaluate("document.body.innerText")
    # The office's own page fits too.
    browser.open(f"{live_server.url}/kantor/{CODE}?from=2026-11-23&to=2026-11-23", width, height)
    assert browser.evaluate(OVERFLOW) <= 0
    office_text = browser.evaluate("document.body.innerText")
    assert "IKM per unsur" in office_text and "Profil responden" in office_text
    assert "30–39 tahun" in office_text  # the band, never a person
    if SHOTS and width >= 600:
        browser.screenshot(Path(SHOTS) / f"{name}-office.png")
