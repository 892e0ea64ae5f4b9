"""The whole online path over loopback, with real processes (issue 16's "done when"):

a city server process (`loket server run`) and an office hub process (`loket hub run`,
enrolled, online extras on); a citizen books on the city page, the hub pulls the
booking, a kiosk PC paired with the hub checks it in by the typed code, the citizen
follows the place on the phone page, gets "almost your turn" through a fake WhatsApp
gateway (the edge of the world), is served, and the city counts the check-in.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from PySide6.QtCore import Qt

from loket.app.audit import SYSTEM
from loket.app.online.admin import update_online
from loket.app.online.booking import save_session_rules
from loket.client.connect import open_client
from loket.core.links import ticket_token
from loket.server.admin import add_office
from loket.server.db import ServerDatabase
from loket.server.online.models import OnlineBooking
from loket.store.migrate import open_database
from loket.store.online_models import BookingRow
from loket.sync.engine import enroll_database
from loket.sync.online_schemas import SessionRule
from loket.ui.windows.kiosk import KioskWindow
from tests.hub.helpers import HubProcess, child_env, make_office, pair_pc
from tests.sync.helpers import DEMO_CODE, DEMO_NAME, FAST, make_client

from .gateway import FakeGateway

pytestmark = pytest.mark.timeout(240)
DEADLINE_S = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class CityProcess:
    url: str
    db_url: str
    proc: subprocess.Popen[bytes]


@pytest.fixture
def city_process(tmp_path: Path) -> Iterator[CityProcess]:
    db_url = f"sqlite:///{tmp_path / 'city.db'}"
    ServerDatabase.open(db_url).close()  # migrated before the server starts
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "loket", "server", "run", "--db", db_url, "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=(tmp_path / "city.stderr").open("w"), env=child_env(),
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    wait_for(lambda: _up(url), "the city server did not start")
    yield CityProcess(url, db_url, proc)
    proc.terminate()
    proc.wait(timeout=20)


def _up(url: str) -> bool:
    try:
        return requests.get(f"{url}/api/v1/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def wait_for(check: Any, what: str, timeout: float = DEADLINE_S) -> Any:
    """Poll a condition another process makes true (bounded; no signal crosses processes)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


class SyncingHub(HubProcess):
    """``loket hub run`` with the city sync and the online extras (the helper's has none)."""

    def start(self) -> SyncingHub:
        import queue
        import threading

        env = {**child_env(), "LOKET_ONLINE_PULL_S": "1"}
        args = [sys.executable, "-m", "loket", "--data-dir", str(self.data_dir), "hub", "run",
                "--host", "127.0.0.1", "--port", "0", "--no-announce"]  # fmt: skip
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, encoding="utf-8",
                                     stderr=(self.data_dir / "hub.stderr").open("a"),
                                     stdin=subprocess.DEVNULL, env=env)  # fmt: skip
        assert self.proc.stdout is not None
        lines: queue.Queue[str] = queue.Queue()
        stdout = self.proc.stdout
        threading.Thread(target=lambda: [lines.put(x) for x in stdout], daemon=True).start()
        first = lines.get(timeout=60)
        found = re.search(r"https://127\.0\.0\.1:(\d+)", first)
        assert found, (first, self.stderr())
        self.port = int(found.group(1))
        self.lines = lines
        return self


def test_book_check_in_follow_serve_and_count(
    qtbot: Any, tmp_path: Path, city_process: CityProcess, gateway: FakeGateway
) -> None:
    city = city_process
    server_db = ServerDatabase.open(city.db_url)
    office = make_office(tmp_path / "hub")
    db = open_database(office.data_dir)
    try:
        code = add_office(server_db, code=DEMO_CODE, name=DEMO_NAME,
                          now=datetime.now(UTC)).enrollment_code  # fmt: skip
        enroll_database(db, make_client(city.url), code, policy=FAST)
        update_online(db, SYSTEM, link_base=None, notify_channel="whatsapp",
                      gateway_url=gateway.url, gateway_token="RAHASIA", notify_ahead=3)  # fmt: skip
        save_session_rules(db, [SessionRule(service_prefix="A", service_name="Domisili",
                                            weekdays="1234567", start="00:00", end="23:59",
                                            quota=10)])  # fmt: skip
    finally:
        db.close()
    hub = SyncingHub(office.data_dir).start()
    try:
        # The hub sends the office's sessions: the city's booking page offers them.
        def offered() -> re.Match[str] | None:
            page = requests.get(f"{city.url}/pesan/{DEMO_CODE}", timeout=5).text
            return re.search(r'href="(/pesan/[^"]+/\d+/[\d-]+)"', page)

        link = wait_for(offered, "no session reached the city")
        form = {"name": "Siti", "phone": "0812-3456-7890", "consent": "1"}
        made = requests.post(city.url + link.group(1), data=form, allow_redirects=False, timeout=5)
        assert made.status_code == 303, made.text
        booking = made.headers["location"].rsplit("/", 1)[1]
        # The hub pulls it.
        hub_db = open_database(office.data_dir)
        try:
            wait_for(lambda: _pulled(hub_db, booking), "the hub never pulled the booking")
        finally:
            hub_db.close()
        # A kiosk PC paired with the hub checks it in by the typed code.
        kiosk_dir = tmp_path / "kiosk"
        kiosk_dir.mkdir()
        pair_pc(hub, kiosk_dir, "Kios")
        connection = open_client(kiosk_dir)
        lan = connection.client
        printed: list[Any] = []
        kiosk = KioskWindow(lan, lan.office(), lan.services(), printed.append)
        qtbot.addWidget(kiosk)
        kiosk.show()
        qtbot.mouseClick(kiosk.booking_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(kiosk.ticketIssued, timeout=15000) as issued:
            qtbot.keyClicks(kiosk.booking_code, f"{booking[:4]}-{booking[4:]}")
            qtbot.keyClick(kiosk.booking_code, Qt.Key.Key_Return)
        ticket = issued.args[0].ticket
        assert printed and printed[0].qr == f"{city.url}/t/{ticket_token(ticket.id)}"
        # The citizen follows the place on the phone page (the hub sent the live state).
        page = wait_for(lambda: _page(printed[0].qr), "the ticket page never appeared")
        assert ticket.label in page and "0 orang di depan Anda" in page
        # The citizen agreed to messages: "almost your turn" comes from the hub's sender.
        sent = wait_for(gateway.messages, "no message reached the gateway")
        assert sent[0].form["target"] == "6281234567890"
        assert ticket.label in sent[0].form["message"] and "/t/" in sent[0].form["message"]
        # Served at a counter (an operator on the same LAN client interface).
        user = lan.login("petugas1", "1234")
        counter = next(c for c in lan.counters() if office.services["A"] in c.service_ids)
        called = lan.call_next(counter.id, actor=user)
        assert called is not None and called.id == ticket.id
        wait_for(lambda: "silakan menuju LOKET" in (_page(printed[0].qr) or ""),
                 "the phone page never showed the call")  # fmt: skip
        lan.start(ticket.id, counter.id, actor=user)
        lan.finish(ticket.id, counter.id, actor=user)
        connection.close()
        # Counted on the city: the check-in, with its ticket number.
        wait_for(lambda: _checked_in(server_db, booking), "the city never counted the check-in")
    finally:
        hub.stop()
        server_db.close()


def _pulled(db: Any, code: str) -> bool:
    with db.read() as s:
        return s.get(BookingRow, code) is not None


def _page(url: str) -> str | None:
    response = requests.get(url, timeout=5)
    if response.status_code != 200:
        return None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def _checked_in(db: ServerDatabase, code: str) -> bool:
    with db.read() as s:
        row = s.query(OnlineBooking).filter_by(code=code).one()
        return row.checked_in_at is not None and bool(row.ticket_label)
