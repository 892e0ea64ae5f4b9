"""A service's numbers typed with a slip (extra digits, a stray symbol): refused clearly.

Before, 99999999999 minutes passed the wizard and the office, and the first follow-up
of that service raised OverflowError out of the finish button; a fee past SQLite's
integers, or "²" (str.isdigit() is true for it), raised out of the admin's save.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from loket.app.users import UserInfo, add_user
from loket.store.migrate import open_database
from loket.ui.admin.dialog import AdminDialog
from loket.ui.dialogs.wizard import SetupWizard
from tests.conftest import Office
from tests.ui.test_wizard import NEXT, choose, click, edit_cell


def test_the_wizard_refuses_a_standard_time_with_extra_digits_on_its_page(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "kantor")
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    choose(qtbot, wizard.start.new_office)
    click(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.office.name, "Kelurahan Cihapit")
    qtbot.keyClicks(wizard.office.kode, "3273011006")
    click(qtbot, wizard, NEXT)
    edit_cell(qtbot, wizard.services.table, 0, 2, "99999999999")
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_SERVICES  # said here, not pages later
    assert "Layanan A: Waktu standar layanan harus 1 sampai 99999 menit" in (
        wizard.services.error.text()
    )
    edit_cell(qtbot, wizard.services.table, 1, 1, "  ")  # a name typed away
    edit_cell(qtbot, wizard.services.table, 0, 2, "10")
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_SERVICES
    assert "Layanan B: Nama layanan wajib diisi" in wizard.services.error.text()
    edit_cell(qtbot, wizard.services.table, 1, 1, "Surat Pengantar KTP")
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_COUNTERS


@pytest.fixture
def admin(office: Office) -> UserInfo:
    return add_user(office.db, "admin", "admin", "admin-pass")


@pytest.mark.parametrize(
    "column,typed,said",
    [
        (2, "99999999999", "Waktu standar layanan harus 1 sampai 99999 menit"),
        (3, "99999999999999999999999", "Biaya layanan harus 0 sampai 999999999 rupiah"),
        (2, "²", "harus angka"),
        (4, "100000", "Kuota harian harus 1 sampai 9999"),
    ],
)
def test_the_admin_tab_refuses_a_number_out_of_range_with_a_message(
    qtbot, office: Office, admin: UserInfo, column: int, typed: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    tab = dialog.services_tab
    tab.services.item(0, column).setText(typed)
    save = next(
        b for b in tab.findChildren(QPushButton) if b.accessibleName() == "Simpan perubahan layanan"
    )
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert said in dialog.message.text()
    before = office.client.services()[0]
    assert before.standard_minutes < 1000 and before.fee < 10**6  # nothing odd written


def test_a_slip_in_one_row_saves_none_of_the_rows(qtbot, office: Office, admin: UserInfo) -> None:  # type: ignore[no-untyped-def]
    """The rows were saved one by one: a slip in the last row left the first saved,
    under a red message that read as if nothing was."""
    dialog = AdminDialog(office.client, admin)
    qtbot.addWidget(dialog)
    tab = dialog.services_tab
    before = {s.prefix: s.standard_minutes for s in office.client.services()}
    last = tab.services.rowCount() - 1
    last_prefix = tab.services.item(last, 0).text()
    tab.services.item(0, 2).setText(str(before["A"] + 5))
    tab.services.item(last, 2).setText("0")
    save = next(
        b for b in tab.findChildren(QPushButton) if b.accessibleName() == "Simpan perubahan layanan"
    )
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert f"Layanan {last_prefix}: Waktu standar" in dialog.message.text()
    assert {s.prefix: s.standard_minutes for s in office.client.services()} == before
    tab.services.item(last, 2).setText("25")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    after = {s.prefix: s.standard_minutes for s in office.client.services()}
    assert after["A"] == before["A"] + 5 and after[last_prefix] == 25
