"""A citizen takes a number at the kiosk by touch."""

from __future__ import annotations

from PySide6.QtCore import Qt

from loket.app.office import list_services, load_office
from loket.core.tickets import PriorityReason
from loket.ui.devices.printing import PrintError, TicketSlip
from loket.ui.windows.kiosk import KioskWindow
from tests.conftest import Office


def make(qtbot, office: Office, printer=None) -> KioskWindow:  # type: ignore[no-untyped-def]
    with office.db.read() as s:
        kiosk = KioskWindow(office.client, load_office(s), list_services(s), printer)
    qtbot.addWidget(kiosk)
    kiosk.resize(1024, 768)
    kiosk.show()
    return kiosk


def test_take_a_number_after_seeing_the_requirements(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    office.desk.issue(office.services["B"])
    office.desk.issue(office.services["B"])
    printed: list[TicketSlip] = []
    kiosk = make(qtbot, office, printed.append)
    qtbot.mouseClick(kiosk.service_buttons["B"], Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == kiosk.PAGE_CONFIRM
    assert "15 menit" in kiosk.confirm_detail.text() and "Gratis" in kiosk.confirm_detail.text()
    with qtbot.waitSignal(kiosk.ticketIssued) as issued:
        qtbot.mouseClick(kiosk.take_button, Qt.MouseButton.LeftButton)
    assert issued.args[0].ticket.label == "B-003"
    assert kiosk.number.text() == "B-003"
    assert "2 orang di depan Anda" in kiosk.result_detail.text()
    assert printed and printed[0].label == "B-003" and printed[0].ahead == 2
    kiosk.reset()
    assert kiosk.stack.currentIndex() == kiosk.PAGE_SERVICES


def test_priority_asks_the_reason_first(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    kiosk = make(qtbot, office)
    qtbot.mouseClick(kiosk.priority_button, Qt.MouseButton.LeftButton)
    assert kiosk.stack.currentIndex() == kiosk.PAGE_REASON
    qtbot.mouseClick(kiosk.reason_buttons["ibu_hamil"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.service_buttons["A"], Qt.MouseButton.LeftButton)
    assert "Prioritas: Ibu hamil" in kiosk.confirm_detail.text()
    result = kiosk.take()
    assert result is not None and result.ticket.priority_reason is PriorityReason.PREGNANT


def test_a_full_quota_is_explained_on_the_kiosk(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        office.desk.issue(office.services["C"])
    kiosk = make(qtbot, office)
    kiosk.choose(next(s for s in kiosk.services if s.prefix == "C"))
    assert kiosk.take() is None
    assert "Kuota harian" in kiosk.error.text()
    assert kiosk.stack.currentIndex() == kiosk.PAGE_CONFIRM


def test_printer_out_of_paper_still_gives_the_number(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    def out_of_paper(slip: TicketSlip) -> None:
        raise PrintError("Printer tidak siap (kertas habis). Nomor antrian tetap tercatat.")

    kiosk = make(qtbot, office, out_of_paper)
    kiosk.choose(kiosk.services[0])
    assert kiosk.take() is not None
    assert kiosk.number.text() == "A-001" and "kertas habis" in kiosk.print_status.text()
