"""Figures of the online extras (issue 16, item 4): bookings, check-ins, no-shows and
messages sent/failed per day and service, on the dashboard, in the daily report and on
the city's page."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from loket.app.audit import SYSTEM
from loket.app.online import sender
from loket.app.online.admin import update_online
from loket.app.online.pusher import booking_round, push_live
from loket.app.online.settings import read_online
from loket.app.reports.builders import daily_report
from loket.app.users import add_user
from loket.core.days import service_day, utc_now
from loket.core.periods import Period
from loket.server.online.models import OnlineBooking
from loket.store.online_models import BookingRow
from loket.sync import notify
from loket.ui.windows.dashboard import DashboardWindow
from tests.server.live import LiveServer
from tests.sync.helpers import make_client

from .conftest import OnlineDesk
from .gateway import FakeGateway
from .test_booking import add_session, book_on_city

pytestmark = pytest.mark.timeout(90)


def a_day_of_bookings(city: LiveServer, desk: OnlineDesk, gateway: FakeGateway) -> Any:
    """Today: 3 booked (1 checked in, 1 cancelled, 1 still to come), a message sent and one
    failed; yesterday: 1 booked, never came."""
    current = asdict(read_online(desk.db))
    update_online(desk.db, SYSTEM, **{**current, "notify_channel": "whatsapp",
                                      "gateway_url": gateway.url, "notify_ahead": 5})  # fmt: skip
    add_session(desk, quota=10)
    client = make_client(city.url)
    booking_round(desk.db, client)
    codes = [book_on_city(city, name=f"Warga {i}", phone=f"081234567{i:03d}") for i in range(3)]
    requests.post(f"{city.url}/b/{codes[1]}/batal", timeout=5)
    booking_round(desk.db, client)
    desk.local.check_in_booking(codes[0], actor=None)
    gateway.script.append((401, {"error": "bad token"}))  # the first message fails
    sender.run_once(desk.db, notify.notifier_for("whatsapp", gateway.url, "T"))
    desk.local.check_in_booking(codes[2], actor=None)
    sender.run_once(desk.db, notify.notifier_for("whatsapp", gateway.url, "T"))
    today = service_day(utc_now(), desk.local.office().tz)
    yesterday = today - timedelta(days=1)
    with desk.db.write() as s:
        s.add(BookingRow(code="YYYYYYYY", service_prefix="A", service_name="x", day=yesterday,
                         start="08:00", end="09:00", consent=False, cancelled=False,
                         source="city"))  # fmt: skip
    with city.db.write() as s:
        office_id = s.query(OnlineBooking).first().office_id  # type: ignore[union-attr]
        s.add(OnlineBooking(office_id=office_id, code="YYYYYYYY", day=yesterday,
                            service_prefix="A", service_name="Domisili", start="08:00",
                            end="09:00", name="x", phone="0812", consent=False,
                            created_at=datetime.now(UTC)))  # fmt: skip
    booking_round(desk.db, client)  # the check-ins reach the city
    push_live(desk.db, client)  # with today's message counts
    return today, yesterday


def test_desk_figures_dashboard_and_report(
    qtbot: Any, city: LiveServer, desk: OnlineDesk, gateway: FakeGateway
) -> None:
    today, yesterday = a_day_of_bookings(city, desk, gateway)
    kasi = add_user(desk.db, "kasi", "supervisor", "rahasia-kasi-1")
    rows = desk.local.online_figures(Period(yesterday, today), actor=kasi)
    got = {(r.day, r.booked, r.checked_in, r.no_show, r.cancelled, r.sent, r.failed)
           for r in rows}  # fmt: skip
    assert got == {(yesterday, 1, 0, 1, 0, 0, 0), (today, 2, 2, 0, 1, 1, 1)}, rows
    operator = add_user(desk.db, "petugas1", "operator", "1234")
    with pytest.raises(Exception, match="tidak berhak"):
        desk.local.online_figures(Period(today, today), actor=operator)
    report = daily_report(desk.db, Period(yesterday, today))
    table = next(t for t in report.tables if t.key == "Booking online")
    assert [row[2:] for row in table.rows] == [(1, 0, 1, 0, 0, 0), (2, 2, 0, 1, 1, 1)]
    window = DashboardWindow(desk.local, actor=kasi)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=15_000):
        window.set_period(Period(yesterday, today))
    model = window.models["online"]
    assert model.rowCount() == 2
    assert model.data(model.index(1, 3)) == "2"  # today's check-ins


def test_the_city_shows_them(
    any_city: LiveServer, any_desk: OnlineDesk, gateway: FakeGateway
) -> None:
    city, desk = any_city, any_desk
    today, yesterday = a_day_of_bookings(city, desk, gateway)
    page = requests.get(f"{city.url}/pesan/angka?from={yesterday}&to={today}", timeout=5)
    assert page.status_code == 200
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", page.text)
    rows = [cells[i : i + 9] for i in range(0, len(cells), 9)]
    numbers = sorted(tuple(r[3:]) for r in rows)
    assert numbers == sorted([("1", "0", "1", "0", "0", "0"), ("2", "2", "0", "1", "1", "1")]), rows
    bad = requests.get(f"{city.url}/pesan/angka?from=kemarin", timeout=5)
    assert bad.status_code == 400
