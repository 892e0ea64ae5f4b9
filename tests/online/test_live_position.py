"""A printed ticket's QR leads a phone to the citizen's place in the queue (issue 16, 1).

The QR is read back with zxing-cpp from the pictures of what is printed (the ESC/POS
bytes played back, and the Qt print path drawn into an image); the link it carries is
opened on the real city server, which answers from the live state the desk sent.
"""

from __future__ import annotations

import re
import time

import pytest
import requests
import zxingcpp
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from loket.app.audit import SYSTEM
from loket.app.online.admin import update_online
from loket.app.online.pusher import LivePusher, push_live
from loket.core.links import is_token, ticket_token
from loket.printing.escpos import ROLLS, escpos_bytes
from loket.printing.interpret import interpret
from loket.printing.slip import TicketSlip
from loket.ui.devices.printing import paint_escpos, render
from loket.ui.dialogs.reprint import link_base
from tests.server.live import LiveServer
from tests.sync.helpers import make_client

from .conftest import OnlineDesk

pytestmark = pytest.mark.timeout(60)


def page_text(url: str) -> str:
    response = requests.get(url, timeout=5)
    assert response.status_code == 200, response.text
    text = re.sub(r"<[^>]+>", " ", response.text)
    return re.sub(r"\s+", " ", text)


def decode(image: QImage) -> str:
    found = zxingcpp.read_barcodes(image.convertToFormat(QImage.Format.Format_Grayscale8))
    assert len(found) == 1, found
    return str(found[0].text)


def qt_ticket(slip: TicketSlip, width_mm: int = 80) -> QImage:
    image = QImage(576, 1100, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    try:
        render(painter, QRectF(8, 8, 560, 1084), slip, width_mm)
    finally:
        painter.end()
    return image


def issue_three(desk: OnlineDesk) -> list[TicketSlip]:
    office = desk.local.office()
    service = desk.local.services(active_only=True)[0]
    slips = []
    for _ in range(3):
        result = desk.local.issue(service.id, actor=None)
        slips.append(
            TicketSlip.from_issue(office.name, office.timezone, result, link_base(desk.local))
        )
    return slips


@pytest.mark.parametrize("path", ["escpos-native", "escpos-raster", "qt"])
def test_the_printed_qr_opens_the_tickets_place(
    qapp: object, city: LiveServer, desk: OnlineDesk, path: str
) -> None:
    slips = issue_three(desk)
    third = slips[2]
    if path == "qt":
        image = qt_ticket(third)
    else:
        raw = escpos_bytes(third, 58, native_qr=path == "escpos-native")
        image = paint_escpos(interpret(raw, ROLLS[58].dots))
    link = decode(image)
    assert link.startswith(f"{city.url}/t/"), link
    token = link.rsplit("/", 1)[1]
    assert is_token(token) and len(link) < len(city.url) + 20  # short
    assert push_live(desk.db, make_client(city.url)) is not None
    text = page_text(link)
    assert "A-003" in text and desk.local.services()[0].name in text
    assert "2 orang di depan Anda" in text
    assert "Diperbarui" in text and "Data terakhir" not in text


def test_the_page_follows_calls_and_says_when_the_data_is_old(
    any_city: LiveServer, any_desk: OnlineDesk
) -> None:
    city, desk = any_city, any_desk
    issue_three(desk)
    waiting = desk.local.waiting()
    first, third = waiting[0], waiting[2]
    client = make_client(city.url)
    push_live(desk.db, client)
    # Counter 1 calls the first: its page sends the citizen to the counter, the third
    # moves up, and the "now calling" list shows it.
    counter = next(c for c in desk.local.counters() if c.number == 1)
    user = _operator(desk)
    desk.local.call_next(counter.id, actor=user)
    push_live(desk.db, client)
    assert "silakan menuju LOKET 1" in page_text(f"{city.url}/t/{ticket_token(first.id)}")
    third_page = page_text(f"{city.url}/t/{ticket_token(third.id)}")
    assert "1 orang di depan Anda" in third_page and "Loket 1 A-001" in third_page
    desk.local.start(first.id, counter.id, actor=user)
    desk.local.finish(first.id, counter.id, actor=user)
    push_live(desk.db, client)
    assert "tidak dalam antrian" in page_text(f"{city.url}/t/{ticket_token(first.id)}")
    # The office goes quiet (offline): the page says how old its figures are.
    city.clock.offset_s = 600
    stale = page_text(f"{city.url}/t/{ticket_token(third.id)}")
    assert re.search(r"Data terakhir \d\d\.\d\d", stale), stale
    # A late retry of an older state changes nothing (the highest version is kept).
    city.clock.offset_s = 0


def test_unknown_and_malformed_tokens_are_a_plain_404(city: LiveServer) -> None:
    for token in ("aaaaaaaaaaaaaaaa", "AAAAAAAAAAAAAAAA", "<b>x", "x" * 300):
        response = requests.get(f"{city.url}/t/{token}", timeout=5)
        assert response.status_code == 404
        assert "Tiket tidak ditemukan" in response.text and "<b>x" not in response.text
        assert "script-src" not in response.headers["content-security-policy"]


def test_the_live_state_needs_the_desk_token_and_keeps_the_newest(
    city: LiveServer, desk: OnlineDesk
) -> None:
    from loket.app.online.live import live_state
    from loket.core.days import utc_now
    from loket.sync.state import load_state

    state = live_state(desk.db, utc_now())
    body = state.model_dump_json()
    refused = requests.post(f"{city.url}/api/v1/live", data=body, timeout=5,
                            headers={"Content-Type": "application/json"})  # fmt: skip
    assert refused.status_code == 401
    with desk.db.read() as s:
        token = load_state(s).token  # type: ignore[union-attr]
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    newer = state.model_copy(update={"version": state.version + 10})
    ok = requests.post(f"{city.url}/api/v1/live", data=newer.model_dump_json(), headers=headers,
                       timeout=5)  # fmt: skip
    assert ok.json()["version"] == state.version + 10
    late = requests.post(f"{city.url}/api/v1/live", data=body, headers=headers, timeout=5)
    assert late.json()["version"] == state.version + 10


def test_the_pusher_tells_the_city_within_seconds_of_a_change(
    city: LiveServer, desk: OnlineDesk
) -> None:
    pusher = LivePusher(desk.db, lambda: make_client(city.url), heartbeat=30.0, settle=0.2,
                        watch=0.05)  # fmt: skip
    pusher.start()
    try:
        service = desk.local.services(active_only=True)[0]
        started = time.monotonic()
        result = desk.local.issue(service.id, actor=None)
        url = f"{city.url}/t/{ticket_token(result.ticket.id)}"
        while requests.get(url, timeout=5).status_code != 200:  # bounded: the test's timeout
            assert time.monotonic() - started < 10, "the city never heard of the ticket"
            time.sleep(0.05)
        assert time.monotonic() - started < 5
    finally:
        pusher.stop()


def test_an_office_with_it_off_prints_the_plain_id_and_sends_nothing(
    city: LiveServer, desk: OnlineDesk
) -> None:
    update_online(desk.db, SYSTEM, link_base="")
    slip = issue_three(desk)[0]
    assert re.fullmatch(r"[0-9a-f-]{36}", slip.qr)
    assert push_live(desk.db, make_client(city.url)) is None


def _operator(desk: OnlineDesk):  # type: ignore[no-untyped-def]
    from loket.app.users import add_user

    add_user(desk.db, "petugas1", "operator", "1234")
    return desk.local.login("petugas1", "1234")
