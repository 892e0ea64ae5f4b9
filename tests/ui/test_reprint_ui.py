"""Reprint and printer status from the windows, with real widgets and a fake printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from loket.app.audit import entries
from loket.app.office import list_services, load_office
from loket.app.reprint import AUDIT_ACTION
from loket.app.users import add_user
from loket.printing.interpret import interpret
from loket.store.models import TicketRow
from loket.ui.admin.dialog import AdminDialog
from loket.ui.devices.printing import PrinterWatch, TicketSlip
from loket.ui.dialogs.reprint import KioskReprintDialog
from loket.ui.localsettings import LocalSettings
from loket.ui.windows.kiosk import KioskWindow
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office
from tests.printing.test_devices import PAPER_OUT, READY, FakePrinter, wait_for


def tickets(office: Office) -> int:
    with office.db.read() as s:
        return int(s.scalar(select(func.count()).select_from(TicketRow)) or 0)


def test_operator_reprints_the_ticket_at_the_counter(qtbot, operator: OperatorWindow,
                                                     office: Office) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    printed: list[TicketSlip] = []
    operator.print_slip = printed.append
    office.desk.issue(office.services["A"])
    qtbot.mouseClick(operator.call_next_button, Qt.MouseButton.LeftButton)
    assert operator.card.number.text() == "A-001"
    before = tickets(office)
    office.clock.advance(minutes=3)
    qtbot.mouseClick(operator.issue_row.reprint_button, Qt.MouseButton.LeftButton)
    assert len(printed) == 1 and printed[0].label == "A-001"
    assert printed[0].reprinted_at == office.clock() and printed[0].ahead is None
    assert "dicetak ulang" in operator.message.text()
    assert tickets(office) == before and operator.card.number.text() == "A-001"
    trail = [e for e in entries(office.db) if e.action == AUDIT_ACTION]
    assert [(e.target, e.user_name) for e in trail] == [("A-001", "petugas1")]


def test_reprint_without_a_printer_says_so(qtbot, operator: OperatorWindow, office: Office) -> None:  # type: ignore[no-untyped-def]
    office.desk.issue(office.services["A"])
    qtbot.mouseClick(operator.call_next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(operator.issue_row.reprint_button, Qt.MouseButton.LeftButton)
    assert "tidak diatur" in operator.message.text()
    assert not [e for e in entries(office.db) if e.action == AUDIT_ACTION]


def test_admin_reprints_the_kiosks_last_tickets_at_the_kiosk(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    add_user(office.db, "admin", "admin", "admin-pass")
    with office.db.read() as s:
        info, services = load_office(s), list_services(s)
    printed: list[TicketSlip] = []
    kiosk = KioskWindow(office.client, info, services, print_slip=printed.append)
    qtbot.addWidget(kiosk)
    for _ in range(3):
        kiosk.choose(services[0])
        qtbot.mouseClick(kiosk.take_button, Qt.MouseButton.LeftButton)
        kiosk.reset()
    assert [p.label for p in printed] == ["A-001", "A-002", "A-003"]
    dialog = KioskReprintDialog(office.client, info, printed.append, kiosk)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "admin")
    qtbot.keyClicks(dialog.password, "salah")
    dialog.count.setValue(2)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert "salah" in dialog.result.text() and len(printed) == 3
    qtbot.keyClicks(dialog.password, "admin-pass")
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert [p.label for p in printed[3:]] == ["A-002", "A-003"]
    assert all(p.reprinted_at is not None for p in printed[3:])
    assert "A-002, A-003" in dialog.result.text() and dialog.password.text() == ""
    assert tickets(office) == 3


@pytest.fixture
def fake_printer():  # type: ignore[no-untyped-def]
    printers: list[FakePrinter] = []

    def make(replies: dict[int, int]) -> FakePrinter:
        printers.append(FakePrinter(replies))
        return printers[-1]

    yield make
    for printer in printers:
        printer.close()


def test_paper_out_is_shown_to_the_operator_before_the_next_ticket(
    qtbot, operator: OperatorWindow, office: Office, fake_printer
) -> None:  # type: ignore[no-untyped-def]
    printer = fake_printer(PAPER_OUT)
    watch = PrinterWatch(printer.target, parent=operator)
    watch.status.connect(operator.show_printer)
    with qtbot.waitSignal(watch.status, timeout=10_000) as said:
        watch.start()
    assert said.args[1] is False and "habis" in said.args[0]
    assert "habis" in operator.printer_label.text() and "habis" in operator.message.text()
    # The number is still issued, and the print error says so.
    from loket.ui.devices.printing import slip_printer

    operator.print_slip = slip_printer(
        LocalSettings(print_mode="escpos", escpos_target=printer.target, roll_width=58)
    )
    qtbot.mouseClick(operator.issue_row.issue_button, Qt.MouseButton.LeftButton)
    assert "tetap tercatat" in operator.message.text() and tickets(office) == 1
    assert bytes(printer.received) == b""
    printer.replies.update(READY)  # the roll is changed
    with qtbot.waitSignal(watch.status, timeout=10_000) as said:
        watch.check()
    assert said.args[1] is True and "siap" in said.args[0]
    watch.stop()


def test_settings_page_prints_a_test_ticket(
    qtbot, office: Office, fake_printer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    admin = add_user(office.db, "admin", "admin", "admin-pass")
    printer = fake_printer(READY)
    dialog = AdminDialog(office.client, admin, local_scope=f"-test-{tmp_path.name}")
    qtbot.addWidget(dialog)
    dialog.devices_tab.print_mode.setCurrentIndex(dialog.devices_tab.print_mode.findData("escpos"))
    dialog.devices_tab.roll.setCurrentIndex(dialog.devices_tab.roll.findData(58))
    dialog.devices_tab.escpos.setText(printer.target)
    dialog.devices_tab.native_qr.setChecked(False)
    qtbot.mouseClick(dialog.devices_tab.test_print_button, Qt.MouseButton.LeftButton)
    assert "58 mm" in dialog.message.text()
    assert wait_for(lambda: bytes(printer.received).endswith(b"\x1dVA\x03"))
    page = interpret(bytes(printer.received), 384)
    assert not page.problems and "A-001" in page.text() and page.images[0].source == "raster"
    assert (
        dialog.devices_tab.print_mode.findData("spooler") >= 0
    )  # USB printers through the spooler
