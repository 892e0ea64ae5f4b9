"""Names as long as the protocol allows, with no space to wrap at, in headless Chromium.

An office or service name of a careless admin (``SKTM/Domisili/Kelahiran/...`` or a
pasted code) made the office page, the city table and the booking sessions scroll
sideways, the *Pesan* button off a phone's screen. Skipped when Chromium is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests

from loket.server.admin import add_office
from tests.server.chromium import Chromium, chromium_path
from tests.server.live import LiveServer

pytestmark = [
    pytest.mark.skipif(chromium_path() is None, reason="chromium not installed"),
    pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True),
]

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
CODE = "32.73.01.1001"


@pytest.fixture
def browser() -> Iterator[Chromium]:
    chrome = Chromium()
    yield chrome
    chrome.close()


def test_long_names_without_spaces_wrap_instead_of_widening_the_page(
    live_server: LiveServer, browser: Chromium
) -> None:
    name = "Kelurahan" + "X" * 191  # the longest the enrollment answer carries
    secret = add_office(live_server.db, code=CODE, name=name, now=datetime.now(UTC))
    enrolled = requests.post(f"{live_server.url}/api/v1/enroll",
                             json={"code": secret.enrollment_code}, timeout=10)  # fmt: skip
    assert enrolled.status_code == 200, enrolled.text
    rule = {"service_prefix": "A", "service_name": "SKTM/Domisili/" + "S" * 186,
            "weekdays": "1234567", "start": "00:00", "end": "23:59", "quota": 5}  # fmt: skip
    put = requests.put(f"{live_server.url}/api/v1/sessions", json={"rules": [rule]},
                       headers={"Authorization": f"Bearer {enrolled.json()['token']}"},
                       timeout=10)  # fmt: skip
    assert put.status_code == 200, put.text
    for width, height in ((390, 844), (1920, 1080)):
        for path in ("/", f"/kantor/{CODE}", f"/pesan/{CODE}"):
            browser.open(live_server.url + path, width, height)
            assert browser.evaluate(OVERFLOW) <= 0, f"{path} scrolls sideways at {width} px"
    # The booking button stays whole and on the phone's screen.
    browser.open(f"{live_server.url}/pesan/{CODE}", 390, 844)
    button = "document.querySelector('a.pick').getBoundingClientRect()"
    assert browser.evaluate(f"{button}.right") <= 390
    assert browser.evaluate(f"{button}.height") < 60  # one line, not a letter per line
