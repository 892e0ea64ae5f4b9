"""Role gates through the real widgets, and admin changes reaching the queue at once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from loket.app.audit import entries
from loket.app.users import UserInfo, add_user, authenticate
from loket.core.errors import QuotaExceeded
from loket.core.queue import PriorityMode
from loket.ui.admin.dialog import AdminDialog
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office


def tabs(dialog: AdminDialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def test_an_operator_cannot_open_the_office_settings(qtbot, operator: OperatorWindow) -> None:  # type: ignore[no-untyped-def]
    assert not operator.menus.admin_action.isEnabled()
    operator.open_admin()
    assert "tidak berhak" in operator.message.text()


def test_a_supervisor_sees_the_audit_but_cannot_change_users(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    kasi = add_user(office.db, "kasi", "supervisor", "rahasia-kasi")
    dialog = AdminDialog(office.client, kasi)
    qtbot.addWidget(dialog)
    assert tabs(dialog) == ["Jejak audit"]


@pytest.fixture
def admin(office: Office) -> UserInfo:
    return add_user(office.db, "admin", "admin", "admin-pass")


def test_admin_changes_a_service_and_the_queue_follows(
    qtbot, office: Office, admin: UserInfo
) -> None:  # type: ignore[no-untyped-def]
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    assert "Pengguna" in tabs(dialog) and "Layanan" in tabs(dialog)
    office.desk.issue(office.services["A"])  # the desk has read the set-up already
    dialog.services_tab.services.item(0, 4).setText("2")  # quota of A: 2 a day
    dialog.services_tab.services.item(0, 2).setText("x")
    dialog.services_tab.save_services()
    assert "harus angka" in dialog.message.text()
    dialog.services_tab.services.item(0, 2).setText("12")
    dialog.services_tab.save_services()
    assert "tersimpan" in dialog.message.text()
    office.desk.issue(office.services["A"])
    with pytest.raises(QuotaExceeded):  # the running desk saw the change at once
        office.desk.issue(office.services["A"])
    assert any(e.action == "service_changed" for e in entries(office.db))


def test_admin_switches_the_priority_policy(qtbot, office: Office, admin: UserInfo) -> None:  # type: ignore[no-untyped-def]
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    dialog.policy_tab.mode.setCurrentIndex(
        dialog.policy_tab.mode.findData(PriorityMode.ONE_IN_N.value)
    )
    dialog.policy_tab.every_n.setValue(2)
    dialog.policy_tab.running_text.setText("Loket tutup pukul 15.00")
    dialog.policy_tab.save_policy()
    from loket.app.board import read_board
    from loket.app.office import load_settings

    with office.db.read() as s:
        policy = load_settings(s).priority_policy
    assert policy.mode is PriorityMode.ONE_IN_N and policy.n == 2
    assert read_board(office.db, office.clock()).running_text == "Loket tutup pukul 15.00"


def test_admin_manages_users(qtbot, office: Office, admin: UserInfo) -> None:  # type: ignore[no-untyped-def]
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.users_tab.new_name, "Petugas Baru")
    qtbot.keyClicks(dialog.users_tab.new_password, "4321")
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Tambah pengguna")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert "ditambahkan" in dialog.message.text()
    assert authenticate(office.db, "petugas baru", "4321") is not None
    names = [
        dialog.users_tab.users.item(r, 0).text() for r in range(dialog.users_tab.users.rowCount())
    ]
    dialog.users_tab.users.setCurrentCell(names.index("Petugas Baru"), 0)
    dialog.users_tab.new_password.setText("9876")
    dialog.users_tab.reset_selected()
    assert authenticate(office.db, "petugas baru", "9876") is not None
    dialog.users_tab.toggle_selected()
    assert authenticate(office.db, "petugas baru", "9876") is None  # deactivated


def test_backup_now_from_the_data_tab(qtbot, office: Office, admin: UserInfo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    dialog.data_tab.folder.setText(str(tmp_path / "usb"))
    dialog.data_tab.save_data()
    qtbot.mouseClick(dialog.data_tab.backup_button, Qt.MouseButton.LeftButton)
    assert not dialog.data_tab.backup_button.isEnabled()  # off the GUI thread: the button waits
    qtbot.waitUntil(lambda: "Cadangan dibuat" in dialog.message.text(), timeout=20_000)
    assert dialog.data_tab.backup_button.isEnabled()
    assert list((tmp_path / "usb").glob("loket-*.db"))


def test_purge_from_the_data_tab_runs_off_the_gui_thread(
    qtbot, office: Office, admin: UserInfo
) -> None:  # type: ignore[no-untyped-def]
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.data_tab.purge_button, Qt.MouseButton.LeftButton)
    assert (
        not dialog.data_tab.purge_button.isEnabled()
        and not dialog.data_tab.backup_button.isEnabled()
    )
    qtbot.waitUntil(lambda: "data pribadi lama dihapus" in dialog.message.text(), timeout=20_000)
    assert dialog.data_tab.purge_button.isEnabled()


def test_operators_do_not_get_the_dashboard(operator: OperatorWindow) -> None:
    assert not operator.menus.dashboard_action.isEnabled()


def test_admin_edits_the_office_and_counters(qtbot, office: Office, admin: UserInfo) -> None:  # type: ignore[no-untyped-def]
    from loket.app.office import list_counters, load_office

    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    assert tabs(dialog)[:3] == ["Kantor", "Layanan", "Loket"]
    dialog.office_tab.office_name.setText("Kelurahan Uji Baru")
    dialog.office_tab.office_zone.setCurrentIndex(
        dialog.office_tab.office_zone.findData("Asia/Makassar")
    )
    dialog.office_tab.save_office()
    with office.db.read() as s:
        info = load_office(s)
    assert (info.name, info.timezone) == ("Kelurahan Uji Baru", "Asia/Makassar")
    # counter 1 (row 0) starts serving C too (column 2 + index of C)
    c_col = 2 + [sv.prefix for sv in dialog.counters_tab._counter_services].index("C")
    dialog.counters_tab.counters.item(0, c_col).setCheckState(Qt.CheckState.Checked)
    dialog.counters_tab.save_counters()
    assert "tersimpan" in dialog.message.text()
    office.desk.issue(office.services["C"])
    assert office.desk.call_next(office.counters[1]).label == "C-001"  # type: ignore[union-attr]
    dialog.counters_tab.add_counter()
    with office.db.read() as s:
        assert [c.number for c in list_counters(s)] == [1, 2, 3, 4]


def test_admin_fills_in_the_letterhead(qtbot, office: Office, admin: UserInfo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from loket.app.letterhead import load_letterhead

    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    tab = dialog.letterhead_tab
    dialog.tabs.setCurrentWidget(tab)
    qtbot.keyClicks(tab.fields["government"], "Pemerintah Kota Bandung")
    qtbot.keyClicks(tab.fields["head_name"], "Drs. Ahmad Fauzi")
    qtbot.keyClicks(tab.fields["head_nip"], "1975")  # too short
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "NIP lurah harus 18 angka" in dialog.message.text()
    qtbot.keyClicks(tab.fields["head_nip"], "03122000031004")
    not_a_logo = tmp_path / "logo.png"
    not_a_logo.write_bytes(b"not an image")
    tab.set_logo_file(not_a_logo)  # what the file dialog hands over
    assert "PNG atau JPEG" in dialog.message.text() and tab.logo is None
    logo = Path(__file__).parents[2] / "resources" / "icons" / "loket.png"
    tab.set_logo_file(logo)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "Kop surat tersimpan" in dialog.message.text()
    stored = load_letterhead(office.db)
    assert (
        stored.government == "Pemerintah Kota Bandung" and stored.head_nip == "197503122000031004"
    )
    assert stored.logo == logo.read_bytes()
    assert any(e.action == "letterhead_changed" for e in entries(office.db))
