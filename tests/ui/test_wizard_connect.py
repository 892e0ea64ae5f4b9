"""A fresh PC joins the office hub through the wizard's own buttons, then works on the LAN.

A real ``loket hub run`` on 127.0.0.1 (announced by mDNS on loopback only); the admin
makes the code with the hub PC's own "Buat kode pemasangan" button; on the new PC the
wizard's "Sambungkan ke PC utama" page lists the hub (or takes the typed address when
the machine has no loopback multicast), explains a wrong code, an unreachable address
and an impostor's certificate in Indonesian, pairs, and the kiosk then issues numbers
from the hub's one queue.
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QRadioButton, QWizard

from loket.app.demo import DEMO_STAFF_PASSWORD
from loket.client.connect import read_pc
from loket.client.local import LocalOffice, open_local
from loket.hub.cert import ensure_certificate
from loket.hub.discovery import find_hubs
from loket.store.migrate import open_database
from loket.ui.admin.dialog import AdminDialog
from loket.ui.app import open_lan_session
from loket.ui.devices.printing import TicketSlip
from loket.ui.dialogs.wizard import SetupWizard
from loket.ui.windows.kiosk import KioskWindow
from tests.hub.helpers import HubProcess, make_office, tickets_in

LEFT = Qt.MouseButton.LeftButton
LOOPBACK = "127.0.0.1"


def click(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), f"{button.text()} cannot be pressed"
    qtbot.mouseClick(button, LEFT)


def choose(qtbot, radio: QRadioButton) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(radio, LEFT, pos=QPoint(12, radio.height() // 2))
    assert radio.isChecked()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    office = make_office(tmp_path / "hub")
    process = HubProcess(office.data_dir, announce=True).start()
    yield process
    process.stop()


@pytest.fixture
def impostor(tmp_path: Path) -> Iterator[int]:
    """A TLS server at another address that answers a pairing as if it were the hub."""
    cert = ensure_certificate(tmp_path / "impostor")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            body = json.dumps({"pc_name": "x", "token": "t" * 43, "hub_proof": "0" * 64})
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *_args: object) -> None:
            return

    server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert.cert_path, cert.key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def code_from_the_hub_admin_screen(qtbot, hub: HubProcess) -> str:  # type: ignore[no-untyped-def]
    """The admin on the hub PC: Pengaturan kantor → PC kantor → Buat kode pemasangan."""
    db = open_database(hub.data_dir)
    local = LocalOffice(db, hub.data_dir)
    try:
        admin = local.login("admin", DEMO_STAFF_PASSWORD)
        dialog = AdminDialog(local, admin)
        qtbot.addWidget(dialog)
        dialog.show()
        tab = dialog.pc_role_tab
        dialog.tabs.setCurrentWidget(tab)
        assert "PC utama kantor" in tab.role_label.text()  # `loket hub run` made it the hub
        qtbot.mouseClick(tab.pair_button, LEFT)
        code = tab.code_label.text()
        assert len(code) == 11 and "berlaku sampai" in dialog.message.text()
        dialog.close()
        return code
    finally:
        db.close()


def test_a_fresh_pc_joins_the_hub_by_the_wizard_and_issues_on_the_lan(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess, impostor: int, tmp_path: Path
) -> None:
    code = code_from_the_hub_admin_screen(qtbot, hub)
    data_dir = tmp_path / "kiosk-pc"
    local = open_local(data_dir)
    wizard = SetupWizard(local.db, local.setup_state(),
                         finder=lambda: find_hubs(3.0, interfaces=[LOOPBACK]))  # fmt: skip
    qtbot.addWidget(wizard)
    wizard.show()
    try:
        choose(qtbot, wizard.start.join)  # "Sambungkan ke PC utama"
        click(qtbot, wizard, QWizard.WizardButton.NextButton)
        assert wizard.currentId() == wizard.PAGE_CONNECT
        page = wizard.connect_page
        assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
        qtbot.waitUntil(lambda: not page.searching, timeout=20_000)
        if page.hubs.count():  # found by mDNS on loopback: one hub, picked already
            assert page.address.text() == hub.url
        else:  # no loopback multicast here: the typed address
            assert "Tidak ada PC utama yang ditemukan" in page.search_status.text()
            qtbot.keyClicks(page.address, f"{LOOPBACK}:{hub.port}")

        def connect(expect: str) -> None:
            qtbot.mouseClick(page.connect_button, LEFT)
            qtbot.waitUntil(lambda: expect in page.error.text(), timeout=20_000)
            assert page.connect_button.isEnabled() and page.config is None

        qtbot.keyClicks(page.code, "ABCDE-FGHJK")
        connect("Kode pemasangan salah")
        hub_address = page.address.text()
        page.address.setText(f"{LOOPBACK}:{closed_port()}")
        connect("PC utama tidak terjangkau")
        page.address.setText(f"{LOOPBACK}:{impostor}")
        connect("bukan milik PC utama")
        assert not (data_dir / "pc.json").exists()  # nothing kept from a failed try

        page.address.setText(hub_address)
        page.code.clear()
        qtbot.keyClicks(page.code, code.lower().replace("-", " "))  # as typed, roughly
        qtbot.mouseClick(page.connect_button, LEFT)
        qtbot.waitUntil(lambda: page.config is not None, timeout=20_000)
        assert "Tersambung ke PC utama" in page.status.text()
        with qtbot.waitSignal(wizard.accepted, timeout=5_000):
            click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        assert wizard.paired and not wizard.created
    finally:
        local.close()
    config = read_pc(data_dir)
    assert config.role == "client" and config.hub_url == hub.url

    session = open_lan_session(data_dir)  # what `loket` does next on this PC
    assert session is not None and session is not True and session is not False
    try:
        printed: list[TicketSlip] = []
        kiosk = KioskWindow(session.client, session.office, session.services, printed.append)
        qtbot.addWidget(kiosk)
        kiosk.resize(1024, 768)
        kiosk.show()
        qtbot.mouseClick(kiosk.service_buttons["A"], LEFT)
        with qtbot.waitSignal(kiosk.ticketIssued, timeout=10_000) as issued:
            qtbot.mouseClick(kiosk.take_button, LEFT)
        label = issued.args[0].ticket.label
        assert printed and printed[0].label == label == "A-001"
        kiosk.close()
    finally:
        session.close()
    db = open_database(hub.data_dir)
    try:
        assert ("A", 1) in tickets_in(db).values()  # on the hub: one office, one queue
    finally:
        db.close()
