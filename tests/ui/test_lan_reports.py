"""The kop surat tab, the IKM analysis and the export dialog on a LAN client PC.

They once reached for the office database directly and so were hidden on a client; now
they go through the office client, so a Kasi at any counter PC types the IKM plan and
exports reports, and an admin sets the letterhead (its logo crosses the LAN as base64),
against a real hub process on 127.0.0.1, driven through the windows' own buttons.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from loket.app.demo import DEMO_STAFF_PASSWORD
from loket.app.ikm_plan import load_ikm_follow_up
from loket.app.letterhead import load_letterhead
from loket.client.connect import Connection, open_client
from loket.core.days import service_day, utc_now
from loket.core.periods import Period
from loket.store.migrate import open_database
from loket.ui.admin.dialog import AdminDialog
from loket.ui.windows.dashboard import DashboardWindow
from tests.hub.helpers import HubProcess, make_office, pair_pc

LEFT = Qt.MouseButton.LeftButton
LOGO = Path(__file__).parents[2] / "resources" / "icons" / "loket.png"


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    office = make_office(tmp_path_factory.mktemp("hub"))
    process = HubProcess(office.data_dir).start()
    yield process
    process.stop()


@pytest.fixture
def client_pc(hub: HubProcess, tmp_path: Path) -> Iterator[Connection]:
    pair_pc(hub, tmp_path / "pc", "loket-kasi")
    connection = open_client(tmp_path / "pc")
    yield connection
    connection.close()


def test_an_admin_sets_the_letterhead_from_a_client_pc(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess, client_pc: Connection
) -> None:
    lan = client_pc.client
    admin = lan.login("admin", DEMO_STAFF_PASSWORD)
    dialog = AdminDialog(lan, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    tab = dialog.letterhead_tab  # no longer hidden on a client PC
    dialog.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.fields["government"], "Pemerintah Kota Bandung")
    qtbot.keyClicks(tab.fields["head_nip"], "197503122000031004")
    tab.set_logo_file(LOGO)  # what the file dialog hands over
    qtbot.mouseClick(tab.save_button, LEFT)
    assert "Kop surat tersimpan" in dialog.message.text(), dialog.message.text()
    db = open_database(hub.data_dir)
    try:
        stored = load_letterhead(db)
    finally:
        db.close()
    assert stored.government == "Pemerintah Kota Bandung"
    assert stored.logo == LOGO.read_bytes()  # every byte of the PNG crossed the LAN
    again = AdminDialog(lan, admin)  # and comes back to the client the same
    qtbot.addWidget(again)
    assert again.letterhead_tab.logo == LOGO.read_bytes()
    assert again.letterhead_tab.fields["head_nip"].text() == "197503122000031004"


def test_a_kasi_types_the_ikm_plan_and_exports_on_a_client_pc(  # type: ignore[no-untyped-def]
    qtbot, hub: HubProcess, client_pc: Connection, tmp_path: Path
) -> None:
    lan = client_pc.client
    kasi = lan.login("kasi", DEMO_STAFF_PASSWORD)
    a = next(s for s in lan.services() if s.prefix == "A")
    lan.issue(a.id, actor=None)
    window = DashboardWindow(lan, actor=kasi)
    qtbot.addWidget(window)
    window.resize(1300, 800)
    window.show()
    today = service_day(utc_now(), lan.office().tz)
    loaded: list[object] = []
    window.loaded.connect(loaded.append)
    window.set_period(Period.day(today))
    qtbot.waitUntil(lambda: bool(loaded), timeout=20_000)
    assert window.ikm_button.isEnabled() and window.export_button.isEnabled()

    qtbot.mouseClick(window.ikm_button, LEFT)
    dialog = window.ikm_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    qtbot.keyClicks(dialog.analysis, "U9 terendah.")
    qtbot.keyClicks(dialog.plan, "Kotak saran dibuka tiap Jumat.")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    db = open_database(hub.data_dir)
    try:
        saved = load_ikm_follow_up(db, Period.day(today))
    finally:
        db.close()
    assert (saved.analysis, saved.plan, saved.by) == (
        "U9 terendah.",
        "Kotak saran dibuka tiap Jumat.",
        "kasi",
    )

    qtbot.mouseClick(window.export_button, LEFT)
    export = window.export_dialog
    qtbot.waitUntil(export.isVisible, timeout=5_000)
    export.kind.setCurrentIndex(export.kind.findData("register"))
    export.format.setCurrentIndex(export.format.findData("csv"))
    target = tmp_path / "register.csv"
    export.target.setText(str(target))  # what the file dialog hands over
    written: list[str] = []
    export.finished_export.connect(written.append)
    export.failed.connect(written.append)
    qtbot.mouseClick(export.export_button, LEFT)
    qtbot.waitUntil(lambda: bool(written), timeout=20_000)
    assert written == [str(target)]
    assert "A-001" in target.read_text(encoding="utf-8-sig")  # written on this PC
    export.kind.setCurrentIndex(export.kind.findData("ikm"))
    target = tmp_path / "ikm.xlsx"
    export.format.setCurrentIndex(export.format.findData("xlsx"))
    export.target.setText(str(target))
    qtbot.mouseClick(export.export_button, LEFT)
    qtbot.waitUntil(lambda: len(written) == 2, timeout=20_000)
    assert written[1] == str(target) and target.stat().st_size > 0
    window.close()
