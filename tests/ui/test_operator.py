"""The operator panel driven with the keyboard, as a counter works all day."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QWidget

from loket.core.tickets import Outcome, TicketState
from loket.ui.devices.printing import PrintError, TicketSlip
from loket.ui.dialogs.counter import FinishDialog, TransferDialog
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office


def press(window: OperatorWindow, key: Qt.Key) -> None:
    """A key press as the window system delivers it (so window shortcuts apply)."""
    QTest.keyClick(window.windowHandle(), key)


def when_dialog(handler: Callable[[QDialog], None]) -> None:
    """Answer the next modal dialog once it is open."""

    def find() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, find)
            return
        handler(dialog)  # type: ignore[arg-type]

    QTimer.singleShot(0, find)


def test_issue_call_serve_finish_with_the_keyboard(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    press(operator, Qt.Key.Key_F10)  # a number for the first service (A)
    assert "A-001" in operator.message.text()
    assert operator.lists.waiting_model.rowCount() == 1
    press(operator, Qt.Key.Key_F1)
    assert operator.card.number.text() == "A-001"
    assert operator.lists.waiting_model.rowCount() == 0
    assert not operator.call_next_button.isEnabled()  # one ticket at a time
    press(operator, Qt.Key.Key_F2)
    assert "dipanggil 2×" in operator.card.meta.text()
    press(operator, Qt.Key.Key_F3)
    assert operator.ticket is not None and operator.ticket.state is TicketState.SERVING

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, FinishDialog)
        qtbot.mouseClick(dialog.follow_up, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.notes, "menunggu tanda tangan lurah")
        dialog.accept()

    when_dialog(answer)
    press(operator, Qt.Key.Key_F4)
    assert operator.card.number.text() == "–"
    assert "A-001 selesai" in operator.message.text()
    done = office.desk.find("A-001")
    assert done.outcome is Outcome.FOLLOW_UP and done.notes == "menunggu tanda tangan lurah"
    assert operator.lists.served_model.rowCount() == 1
    assert (
        operator.lists.served_model.data(operator.lists.served_model.index(0, 3)) == "Tindak lanjut"
    )


def test_rejection_needs_a_reason_in_the_dialog(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    operator.controller.quick_serve(office.services["A"])
    dialog = FinishDialog(operator.controller.current())  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.rejected.setChecked(True)
    dialog._accept()
    assert dialog.result() == 0 and "wajib" in dialog.error.text()
    qtbot.keyClicks(dialog.reason, "KK belum diperbarui")
    dialog._accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_skip_then_return_by_number(
    qtbot, operator: OperatorWindow, office: Office, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    office.desk.issue(office.services["B"])
    press(operator, Qt.Key.Key_F1)
    press(operator, Qt.Key.Key_F5)
    assert office.desk.find("B-001").state is TicketState.NO_SHOW
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("b-001", True))
    press(operator, Qt.Key.Key_F8)
    assert "B-001 kembali" in operator.message.text()
    assert operator.lists.waiting_model.rowCount() == 1
    # and called directly by number
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("B1", True))
    press(operator, Qt.Key.Key_F7)
    assert operator.card.number.text() == "B-001"


def test_transfer_through_the_dialog(qtbot, operator: OperatorWindow, office: Office) -> None:  # type: ignore[no-untyped-def]
    office.desk.issue(office.services["A"])
    press(operator, Qt.Key.Key_F1)

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, TransferDialog)
        dialog.service.setCurrentIndex(dialog.service.findData(office.services["C"]))
        qtbot.keyClicks(dialog.notes, "butuh pengantar nikah")
        dialog.accept()

    when_dialog(answer)
    press(operator, Qt.Key.Key_F6)
    assert "A-001 dialihkan" in operator.message.text()
    moved = office.desk.find("A-001")
    assert moved.service_id == office.services["C"] and moved.state is TicketState.WAITING
    assert operator.card.number.text() == "–"


def test_refusals_are_shown_not_raised(qtbot, operator: OperatorWindow) -> None:  # type: ignore[no-untyped-def]
    operator.controller.call_number("Z-009")
    assert "tidak ada hari ini" in operator.message.text() or "Layanan" in operator.message.text()


def test_printer_failure_keeps_the_ticket(qtbot, operator: OperatorWindow, office: Office) -> None:  # type: ignore[no-untyped-def]
    def broken(slip: TicketSlip) -> None:
        raise PrintError("Printer tidak siap (kertas habis). Nomor antrian tetap tercatat.")

    operator.print_slip = broken
    press(operator, Qt.Key.Key_F10)
    assert "kertas habis" in operator.message.text()
    assert office.desk.find("A-001").state is TicketState.WAITING


def test_every_control_has_an_accessible_name(operator: OperatorWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QTableView

    found = [w for kind in (QAbstractButton, QComboBox, QTableView)
             for w in operator.findChildren(kind)]  # fmt: skip
    controls = [w for w in found if w.isVisible() and type(w).__name__ != "QToolButton"]
    assert controls
    assert all(w.accessibleName() for w in controls), [
        w.text() for w in controls if not w.accessibleName()
    ]  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10"])
def test_shortcuts_are_printed_on_their_buttons(operator: OperatorWindow, key: str) -> None:
    from PySide6.QtWidgets import QPushButton

    assert any(f"[{key}]" in b.text() and b.property("shortcutKey") == key
               for b in operator.findChildren(QPushButton))  # fmt: skip


def test_citizen_data_is_validated_and_shown_masked(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    office.desk.issue(office.services["A"])
    press(operator, Qt.Key.Key_F1)
    operator.citizen_box.name.setText("Siti Aminah 🌸")  # QTest cannot type outside the BMP
    qtbot.keyClicks(operator.citizen_box.nik, "327301570890001")  # 15 digits
    qtbot.mouseClick(operator.citizen_box.save_button, Qt.MouseButton.LeftButton)
    assert "NIK harus 16 angka (yang diisi 15 angka)" in operator.message.text()
    assert operator.citizen_box.name.text() == "Siti Aminah 🌸"  # nothing typed is lost
    operator.citizen_box.nik.setText("3273015708900001")
    qtbot.keyClicks(operator.citizen_box.phone, "+62 812-3456-7890")
    qtbot.mouseClick(operator.citizen_box.save_button, Qt.MouseButton.LeftButton)
    saved = operator.citizen_box.saved.text()
    assert "************0001" in saved and "Siti Aminah 🌸" in saved and "0812" in saved
    assert "3273015708900001" not in saved
    raw = office.db.path.read_bytes() + Path(str(office.db.path) + "-wal").read_bytes()
    assert b"3273015708900001" not in raw  # the full NIK is never stored
    # a returning citizen is found by the full NIK
    from loket.app.citizens import tickets_for_nik

    assert tickets_for_nik(office.db, "3273015708900001") == [office.desk.find("A-001").id]


def test_citizen_fields_are_off_without_a_ticket(operator: OperatorWindow) -> None:
    assert not operator.citizen_box.isEnabled()


def type_text(widget: QWidget, text: str) -> None:
    """Type as a keyboard layout or input method does: key events carrying the text.

    (``QTest.keyClicks`` takes Latin-1 characters only and aborts on others.)
    """
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
    assert text in widget.text()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "typed,accepted",
    [
        ("３２７３０１５７０８９００００１", True),  # full-width (an IME's digits): NFKC makes 0-9
        ("٣٢٧٣٠١٥٧٠٨٩٠٠٠٠١", False),  # Arabic-Indic: refused with a message, not a traceback
    ],
)
def test_a_nik_in_other_digits_is_saved_as_ascii_or_refused_clearly(
    qtbot, operator: OperatorWindow, office: Office, typed: str, accepted: bool
) -> None:  # type: ignore[no-untyped-def]
    """Issue 10 item 13: before, such a NIK passed isdigit() and save_citizen raised
    UnicodeEncodeError out of the button's slot."""
    office.desk.issue(office.services["A"])
    press(operator, Qt.Key.Key_F1)
    type_text(operator.citizen_box.nik, typed)
    type_text(operator.citizen_box.phone, "０８１２３４５６７８９０")
    qtbot.mouseClick(operator.citizen_box.save_button, Qt.MouseButton.LeftButton)
    if accepted:
        assert "************0001" in operator.citizen_box.saved.text(), operator.message.text()
        assert "0812" in operator.citizen_box.saved.text()
        from loket.app.citizens import tickets_for_nik

        assert tickets_for_nik(office.db, "3273015708900001") == [office.desk.find("A-001").id]
    else:
        assert "NIK hanya boleh berisi angka 0-9" in operator.message.text()
        assert operator.citizen_box.nik.text() == typed  # kept to correct
        assert operator.citizen_box.saved.text() == ""


def test_a_disabled_call_next_button_looks_disabled(qtbot, operator: OperatorWindow) -> None:  # type: ignore[no-untyped-def]
    """The style sheet's blue must not make F1 look pressable while a ticket is open."""

    def edge_colour() -> tuple[int, int, int]:
        button = operator.call_next_button
        image = button.grab().toImage()
        colour = image.pixelColor(6, image.height() // 2)
        return colour.red(), colour.green(), colour.blue()

    operator.show()
    qtbot.waitExposed(operator)
    press(operator, Qt.Key.Key_F10)
    assert operator.call_next_button.isEnabled()
    enabled = edge_colour()
    press(operator, Qt.Key.Key_F1)
    assert not operator.call_next_button.isEnabled()
    disabled = edge_colour()
    assert enabled[2] > enabled[0] + 60  # the primary blue
    assert abs(disabled[2] - disabled[0]) < 30, disabled  # grey, not blue
