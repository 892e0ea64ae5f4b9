"""Booking ahead (issue 16, item 2): sessions synced from the office, a citizen books on
the city page, the hub pulls, the kiosk checks in by the typed code or a scanned QR
(also offline, by the city's signature), served and counted; quotas hold under a crowd.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt

from loket.app.online.booking import save_session_rules
from loket.app.online.pusher import booking_round
from loket.app.online.settings import OnlineSettings
from loket.printing.slip import TicketSlip
from loket.server.auth import RateLimit
from loket.server.db import ServerDatabase
from loket.server.online.booking_figures import booking_figures
from loket.server.online.models import OnlineBooking
from loket.sync.online_schemas import SessionRule
from loket.ui.windows.kiosk import KioskWindow
from tests.server.live import LiveServer
from tests.sync.helpers import DEMO_CODE, make_client

from .conftest import OnlineDesk, enrolled_desk

pytestmark = pytest.mark.timeout(90)
ALL_DAY = {"weekdays": "1234567", "start": "00:00", "end": "23:59"}


def add_session(desk: OnlineDesk, quota: int = 3, prefix: str = "A") -> SessionRule:
    service = next(s for s in desk.local.services() if s.prefix == prefix)
    rule = SessionRule(service_prefix=prefix, service_name=service.name, quota=quota, **ALL_DAY)
    save_session_rules(desk.db, [rule])
    return rule


def book_on_city(city: LiveServer, name: str = "Siti Aminah", consent: bool = True,
                 expect: int = 303, phone: str = "0812-3456-7890") -> str:  # fmt: skip
    """Book the first open session on the office's city page, through its links and form."""
    office = requests.get(f"{city.url}/pesan/{DEMO_CODE}", timeout=5)
    assert office.status_code == 200, office.text
    link = re.search(r'href="(/pesan/[^"]+/\d+/\d{4}-\d\d-\d\d)"', office.text)
    assert link, office.text
    form = requests.get(city.url + link.group(1), timeout=5)
    assert form.status_code == 200 and "Nomor HP" in form.text
    data = {"name": name, "phone": phone, "nik": ""}
    if consent:
        data["consent"] = "1"
    made = requests.post(city.url + link.group(1), data=data, timeout=5, allow_redirects=False)
    assert made.status_code == expect, made.text
    if expect != 303:
        return made.text
    return str(made.headers["location"]).rsplit("/", 1)[1]


def kiosk_for(desk: OnlineDesk, qtbot: Any, printed: list[TicketSlip]) -> KioskWindow:
    kiosk = KioskWindow(desk.local, desk.local.office(), desk.local.services(), printed.append)
    qtbot.addWidget(kiosk)
    kiosk.show()
    return kiosk


def type_code(qtbot: Any, kiosk: KioskWindow, text: str) -> None:
    """As a citizen or a keyboard-wedge scanner does: keys, then Enter."""
    qtbot.keyClicks(kiosk.booking_code, text)
    qtbot.keyClick(kiosk.booking_code, Qt.Key.Key_Return)


def test_book_pull_check_in_by_typing_serve_and_count(
    qtbot: Any, city: LiveServer, desk: OnlineDesk
) -> None:
    add_session(desk, quota=3)
    client = make_client(city.url)
    booking_round(desk.db, client)  # the office's sessions reach the city
    code = book_on_city(city)
    page = requests.get(f"{city.url}/b/{code}", timeout=5).text
    assert f"{code[:4]}-{code[4:]}" in page and "<svg" in page and "Batalkan booking" in page
    assert booking_round(desk.db, client) == 1  # the hub pulls the day's bookings
    printed: list[TicketSlip] = []
    kiosk = kiosk_for(desk, qtbot, printed)
    qtbot.mouseClick(kiosk.booking_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == kiosk.PAGE_BOOKING
    with qtbot.waitSignal(kiosk.ticketIssued, timeout=5000) as issued:
        type_code(qtbot, kiosk, f"{code[:4].lower()}-{code[4:].lower()}")
    result = issued.args[0]
    assert result.ticket.prefix == "A" and kiosk.stack.currentIndex() == kiosk.PAGE_RESULT
    assert printed and printed[0].label == result.ticket.label
    # The same code again is refused, with the number it already has.
    qtbot.mouseClick(kiosk.booking_button, Qt.MouseButton.LeftButton)
    type_code(qtbot, kiosk, code)
    assert "sudah check-in" in kiosk.booking_error.text()
    assert result.ticket.label in kiosk.booking_error.text()
    # Served at counter 1.
    from loket.app.users import add_user

    add_user(desk.db, "petugas1", "operator", "1234")
    user = desk.local.login("petugas1", "1234")
    counter = next(c for c in desk.local.counters() if c.number == 1)
    called = desk.local.call_next(counter.id, actor=user)
    assert called is not None and called.id == result.ticket.id
    desk.local.start(called.id, counter.id, actor=user)
    desk.local.finish(called.id, counter.id, actor=user)
    # Counted: the check-in reaches the city with the next round.
    booking_round(desk.db, client)
    with city.db.read() as s:
        row = s.query(OnlineBooking).filter_by(code=code).one()
        assert row.checked_in_at is not None and row.ticket_label == result.ticket.label
        today = row.day
        figures = booking_figures(s, None, today, today, today)
    assert [(f.booked, f.checked_in, f.no_show) for f in figures] == [(1, 1, 0)]
    assert "Sudah check-in" in requests.get(f"{city.url}/b/{code}", timeout=5).text


def test_a_cancelled_booking_is_refused_at_the_kiosk(
    qtbot: Any, city: LiveServer, desk: OnlineDesk
) -> None:
    add_session(desk)
    client = make_client(city.url)
    booking_round(desk.db, client)
    code = book_on_city(city)
    cancelled = requests.post(f"{city.url}/b/{code}/batal", timeout=5, allow_redirects=False)
    assert cancelled.status_code == 303
    assert "sudah dibatalkan" in requests.get(f"{city.url}/b/{code}", timeout=5).text
    booking_round(desk.db, client)
    kiosk = kiosk_for(desk, qtbot, [])
    kiosk.open_booking()
    type_code(qtbot, kiosk, code)
    assert "dibatalkan" in kiosk.booking_error.text()
    type_code(qtbot, kiosk, "ZZZZ-ZZZZ")
    assert "tidak ditemukan" in kiosk.booking_error.text()


def test_an_offline_hub_checks_in_a_scanned_qr_by_its_signature(
    qtbot: Any, city: LiveServer, desk: OnlineDesk
) -> None:
    add_session(desk)
    client = make_client(city.url)
    booking_round(desk.db, client)  # an earlier round brought the city's public key
    code = book_on_city(city)
    page = requests.get(f"{city.url}/b/{code}", timeout=5).text
    with city.db.write() as s:
        from loket.server.online.booking import find, view

        qr_text = view(s, find(s, code), datetime.now(UTC)).qr_text  # what the QR carries
    assert qr_text.startswith("LKT1.") and "<svg" in page
    city.stop()  # the office is offline from here: no pull has brought this booking
    printed: list[TicketSlip] = []
    kiosk = kiosk_for(desk, qtbot, printed)
    # A forged QR (another code under the same signature) is refused.
    payload, signature = qr_text[5:].split(".")
    import base64

    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    forged_payload = raw.replace(code, "ZZZZZZZZ").encode()
    forged = "LKT1." + base64.urlsafe_b64encode(forged_payload).decode().rstrip("=") + "."
    kiosk.open_booking()
    type_code(qtbot, kiosk, forged + signature)
    assert "tidak sah" in kiosk.booking_error.text()
    # The scanner types on the service page: the kiosk opens the check-in by itself.
    kiosk.reset()
    with qtbot.waitSignal(kiosk.ticketIssued, timeout=5000) as issued:
        qtbot.keyClicks(kiosk, qr_text[:1])
        assert kiosk.stack.currentIndex() == kiosk.PAGE_BOOKING
        type_code(qtbot, kiosk, qr_text[1:])
    assert issued.args[0].ticket.prefix == "A"
    assert printed
    # Back online: the check-in is reported and counted.
    city.start()
    booking_round(desk.db, make_client(city.url))
    with city.db.read() as s:
        assert s.query(OnlineBooking).filter_by(code=code).one().checked_in_at is not None


def test_placement_by_session_puts_a_booking_first(
    qtbot: Any, city: LiveServer, desk: OnlineDesk
) -> None:
    from dataclasses import asdict

    from loket.app.audit import SYSTEM
    from loket.app.online.admin import update_online
    from loket.app.online.settings import read_online

    current = asdict(read_online(desk.db))
    update_online(desk.db, SYSTEM, **{**current, "placement": "session", "early_minutes": 30})
    assert read_online(desk.db).placement == "session"
    add_session(desk)
    client = make_client(city.url)
    booking_round(desk.db, client)
    code = book_on_city(city)
    booking_round(desk.db, client)
    service = next(s for s in desk.local.services() if s.prefix == "A")
    walk_ins = [desk.local.issue(service.id, actor=None) for _ in range(3)]
    booked = desk.local.check_in_booking(code, actor=None)
    order = [t.id for t in desk.local.waiting(service.id)]
    assert order[0] == booked.ticket.id and order[1] == walk_ins[0].ticket.id
    assert OnlineSettings().placement == "arrival"  # the default: like a walk-in


def test_concurrent_bookings_never_exceed_the_quota(tmp_path: Path, server_db_url: str) -> None:
    """On SQLite (serialized writes) and PostgreSQL (the session row locked FOR UPDATE)."""
    db = ServerDatabase.open(server_db_url)
    city = LiveServer(db, page_limit=RateLimit(rate=1000.0, burst=1000.0)).start()
    try:
        desk = enrolled_desk(city, tmp_path / "desk")
        add_session(desk, quota=5)
        booking_round(desk.db, make_client(city.url))
        statuses: list[int] = []
        lock = threading.Lock()
        barrier = threading.Barrier(24)

        def one(i: int) -> None:
            office = requests.get(f"{city.url}/pesan/{DEMO_CODE}", timeout=10).text
            link = re.search(r'href="(/pesan/[^"]+/\d+/\d{4}-\d\d-\d\d)"', office)
            barrier.wait(timeout=30)
            if link is None:  # already full when this citizen looked
                with lock:
                    statuses.append(409)
                return
            made = requests.post(city.url + link.group(1), timeout=20, allow_redirects=False,
                                 data={"name": f"Warga {i}", "phone": f"08123{i:07d}"})  # fmt: skip
            with lock:
                statuses.append(made.status_code)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(24)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert statuses.count(303) == 5 and statuses.count(409) == 19, statuses
        with db.read() as s:
            assert s.query(OnlineBooking).count() == 5
        assert "Penuh" in requests.get(f"{city.url}/pesan/{DEMO_CODE}", timeout=5).text
        desk.db.close()
    finally:
        city.stop()
        db.close()


def test_sessions_set_on_the_server_and_personal_data_purged(
    city: LiveServer, desk: OnlineDesk, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import timedelta

    from loket.app.maintenance import purge_personal_data
    from loket.cli import main
    from loket.store.online_models import BookingRow

    url = f"sqlite:///{city.db.engine.url.database}"
    common = ["server", "session", "--db", url, "--code", DEMO_CODE, "--service", "B",
              "--name", "SKTM", "--days", "1234567", "--start", "00:00"]  # fmt: skip
    assert main([*common, "--end", "23:59", "--quota", "2"]) == 0
    assert "dibuka untuk kantor" in capsys.readouterr().out
    assert main([*common, "--end", "25:00", "--quota", "2"]) == 1  # a bad hour: a message
    assert "--end '25:00' tidak diterima" in capsys.readouterr().err
    assert "SKTM" in requests.get(f"{city.url}/pesan/{DEMO_CODE}", timeout=5).text
    code = book_on_city(city)
    booking_round(desk.db, make_client(city.url))
    with desk.db.read() as s:
        row = s.get(BookingRow, code)
        assert row is not None and row.phone == "081234567890"
        day = row.day
    # After the retention period the desk keeps the booking's figures, not the person.
    purge_personal_data(desk.db, now=datetime.combine(day + timedelta(days=400),
                                                      datetime.min.time(), UTC))  # fmt: skip
    with desk.db.read() as s:
        row = s.get(BookingRow, code)
        assert row is not None and row.phone is None and row.name is None
