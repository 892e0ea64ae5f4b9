"""The citizen's pages on a phone (390×844) in headless Chromium: no sideways scroll,
the number and its place readable, the page refreshing itself without a script."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from loket.app.online.pusher import push_live
from loket.core.links import ticket_token
from tests.server.chromium import Chromium, chromium_path
from tests.server.live import LiveServer
from tests.sync.helpers import make_client

from .conftest import OnlineDesk

pytestmark = [
    pytest.mark.skipif(chromium_path() is None, reason="chromium not installed"),
    pytest.mark.timeout(120),
]
#: Set LOKET_SCREENSHOTS=resources/screenshots to refresh the README's pictures.
SHOTS = os.environ.get("LOKET_SCREENSHOTS")
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
PHONE = (390, 844)


@pytest.fixture
def browser() -> Chromium:  # type: ignore[misc]
    chrome = Chromium()
    yield chrome
    chrome.close()


def test_the_ticket_page_on_a_phone(
    city: LiveServer, desk: OnlineDesk, browser: Chromium, tmp_path: Path
) -> None:
    from loket.app.users import add_user

    services = desk.local.services(active_only=True)
    results = [desk.local.issue(services[i % 2].id, actor=None) for i in range(9)]
    add_user(desk.db, "petugas1", "operator", "1234")
    user = desk.local.login("petugas1", "1234")
    for counter in desk.local.counters()[:2]:
        desk.local.call_next(counter.id, actor=user)
    push_live(desk.db, make_client(city.url))
    mine = results[-1].ticket
    browser.open(f"{city.url}/t/{ticket_token(mine.id)}", *PHONE)
    text = browser.evaluate("document.body.innerText")
    assert mine.label in text and "orang di depan Anda" in text and "Dipanggil sekarang" in text
    assert browser.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
    refresh = browser.evaluate("document.querySelector('meta[http-equiv=refresh]').content")
    assert refresh == "20"
    # The big number is large enough to read at arm's length.
    size = browser.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.label')).fontSize)"
    )
    assert size >= 48
    assert browser.screenshot(tmp_path / "ticket.png").stat().st_size > 5000
    if SHOTS:
        browser.screenshot(Path(SHOTS) / "online-ticket-phone.png")


def test_the_booking_pages_on_a_phone(
    city: LiveServer, desk: OnlineDesk, browser: Chromium, tmp_path: Path
) -> None:
    from loket.app.online.booking import save_session_rules
    from loket.app.online.pusher import booking_round
    from loket.sync.online_schemas import SessionRule

    rules = [
        SessionRule(
            service_prefix=sv.prefix,
            service_name=sv.name,
            weekdays="1234567",
            start=start,
            end=end,
            quota=10,
        )
        for sv in desk.local.services(active_only=True)[:2]
        for start, end in (("08:00", "10:00"), ("10:00", "23:59"))
    ]
    save_session_rules(desk.db, rules)
    booking_round(desk.db, make_client(city.url))
    browser.open(f"{city.url}/pesan", *PHONE)
    assert "Kelurahan Sukamaju" in browser.evaluate("document.body.innerText")
    browser.evaluate("document.querySelector('ul.offices a').click()")
    browser.wait_event("Page.loadEventFired")
    assert browser.evaluate(OVERFLOW) <= 0
    if SHOTS:
        browser.screenshot(Path(SHOTS) / "online-sessions-phone.png")
    # The citizen picks the last session, fills the form and sends it with its button.
    browser.evaluate("[...document.querySelectorAll('a.pick')].pop().click()")
    browser.wait_event("Page.loadEventFired")
    assert browser.evaluate(OVERFLOW) <= 0
    browser.evaluate(
        "document.querySelector('input[name=name]').value = 'Siti Aminah';"
        "document.querySelector('input[name=phone]').value = '0812-3456-7890';"
        "document.querySelector('input[name=consent]').checked = true;"
        "document.querySelector('form.book button').click()"
    )
    browser.wait_event("Page.loadEventFired")
    text = browser.evaluate("document.body.innerText")
    assert "Kode booking" in text and browser.evaluate("location.pathname").startswith("/b/")
    assert (
        browser.evaluate("document.querySelector('div.qr svg').getBoundingClientRect().width")
        >= 200
    )
    assert browser.evaluate(OVERFLOW) <= 0
    assert browser.screenshot(tmp_path / "booking.png").stat().st_size > 5000
    if SHOTS:
        browser.screenshot(Path(SHOTS) / "online-booking-phone.png")
