"""What an operator types or pastes that the office refuses: said in the dialog, kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QInputDialog

from loket.core.tickets import Outcome, TicketState
from loket.ui.dialogs.counter import FinishDialog
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office
from tests.ui.test_operator import press, when_dialog


def save_button(dialog: QDialog):  # type: ignore[no-untyped-def]
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Ok)


def test_a_note_too_long_is_refused_in_the_open_dialog_with_the_text_kept(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    operator.controller.quick_serve(office.services["A"])
    seen: list[tuple[bool, str, int]] = []

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, FinishDialog)
        qtbot.mouseClick(dialog.follow_up, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.notes, "berkas belum lengkap " * 100)  # 2,100 characters
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        # Refused where the operator still is: the outcome and the note are still there.
        seen.append((dialog.isVisible(), dialog.error.text(), len(dialog.notes.toPlainText())))
        dialog.notes.selectAll()
        qtbot.keyClicks(dialog.notes, "berkas belum lengkap")
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    when_dialog(answer)
    press(operator, Qt.Key.Key_F4)
    visible, error, length = seen[0]
    assert visible and length == 2100
    assert "Catatan terlalu panjang: 2099 karakter, paling banyak 2000." in error
    done = office.desk.find("A-001")
    assert done.state is TicketState.DONE and done.outcome is Outcome.FOLLOW_UP
    assert done.notes == "berkas belum lengkap"
    assert "terlalu panjang" not in operator.message.text()


def test_a_huge_paste_into_the_notes_is_cut_to_what_the_office_keeps(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    operator.controller.quick_serve(office.services["A"])
    dialog = FinishDialog(operator.controller.current())  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.notes, "awal ")
    # setText, not a QMimeData of ours: the clipboard takes that object over, and both it
    # and Python deleting it crashed the test process at exit.
    QApplication.clipboard().setText(("isi dokumen yang ditempel " * 4 + "\n") * 5000)
    QTest.keySequence(dialog.notes, "Ctrl+V")
    assert len(dialog.notes.toPlainText()) == 2000
    assert dialog.notes.toPlainText().startswith("awal isi dokumen")
    assert "dipotong" in dialog.error.text() and "2000" in dialog.error.text()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_refusal_in_red_goes_once_the_next_move_works(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    press(operator, Qt.Key.Key_F10)  # A-001 waits

    def type_number(label: str):  # type: ignore[no-untyped-def]
        def answer(dialog: QDialog) -> None:
            assert isinstance(dialog, QInputDialog)
            dialog.setTextValue(label)
            dialog.accept()

        return answer

    when_dialog(type_number("A-999"))
    qtbot.mouseClick(operator.call_number_button, Qt.MouseButton.LeftButton)
    assert "A-999 tidak ada" in operator.message.text()
    when_dialog(type_number("A-001"))
    qtbot.mouseClick(operator.call_number_button, Qt.MouseButton.LeftButton)
    assert operator.card.number.text() == "A-001"
    assert "A-999" not in operator.message.text()  # not a refusal beside a number called


def test_adding_the_phone_later_keeps_the_name_and_asks_before_dropping_the_nik(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    from loket.app.citizens import tickets_for_nik

    box = operator.citizen_box
    office.desk.issue(office.services["A"])
    press(operator, Qt.Key.Key_F1)
    qtbot.keyClicks(box.name, "Siti Aminah")
    qtbot.keyClicks(box.nik, "3273015708900001")
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "************0001" in box.saved.text()
    assert box.name.text() == "Siti Aminah"  # the name stays to correct or keep
    ticket_id = office.desk.find("A-001").id
    qtbot.keyClicks(box.phone, "0812-3456-7890")  # the citizen gives the phone later
    asked: list[str] = []

    def answer(button_text: str):  # type: ignore[no-untyped-def]
        def click(dialog: QDialog) -> None:
            asked.append(dialog.text())  # type: ignore[attr-defined]
            button = next(b for b in dialog.buttons() if b.text() == button_text)  # type: ignore[attr-defined]
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

        return click

    when_dialog(answer("Batal"))
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert "NIK ************0001" in asked[0]
    assert tickets_for_nik(office.db, "3273015708900001") == [ticket_id]  # nothing dropped
    assert box.phone.text() == "0812-3456-7890"  # nor the phone typed
    when_dialog(answer("Ya, hapus"))
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert tickets_for_nik(office.db, "3273015708900001") == []  # dropped when asked to
    assert "Siti Aminah" in box.saved.text() and "0812" in box.saved.text()


def test_a_refused_password_change_is_said_in_the_open_dialog(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    """A wrong old PIN closed the dialog and the three fields had to be typed again."""
    from loket.app.users import authenticate
    from loket.ui.dialogs.counter import ChangePasswordDialog

    seen: list[tuple[bool, str, str]] = []

    def answer(dialog: QDialog) -> None:
        assert isinstance(dialog, ChangePasswordDialog)
        qtbot.keyClicks(dialog.old, "9999")  # wrong
        qtbot.keyClicks(dialog.new, "pintu masuk 7")
        qtbot.keyClicks(dialog.repeat, "pintu masuk 7")
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        seen.append((dialog.isVisible(), dialog.error.text(), dialog.new.text()))
        dialog.old.clear()
        qtbot.keyClicks(dialog.old, "1234")
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    when_dialog(answer)
    operator.menus.change_password.trigger()
    visible, error, kept = seen[0]
    assert visible and error and kept == "pintu masuk 7"
    assert operator.message.text() == "Kata sandi diganti."
    assert authenticate(office.db, "petugas1", "pintu masuk 7") is not None


@pytest.mark.parametrize(
    "typed,said",
    [("A-" + "9" * 60, "tidak dikenali (contoh: A-012)"), ("A-²", "A-002 tidak ada hari ini")],
)
def test_a_number_typed_with_a_slip_is_refused_with_a_message(
    qtbot, operator: OperatorWindow, office: Office, typed: str, said: str
) -> None:  # type: ignore[no-untyped-def]
    """Sixty nines overflowed SQLite's integer, '²' passed isdigit() but not int(): both
    raised out of the F7 and F8 buttons instead of a message (NFKC reads '²' as 2)."""
    press(operator, Qt.Key.Key_F10)
    for button in (operator.call_number_button, operator.return_button):

        def answer(dialog: QDialog) -> None:
            assert isinstance(dialog, QInputDialog)
            dialog.setTextValue(typed)
            dialog.accept()

        operator.show_message("")
        when_dialog(answer)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert said in operator.message.text()
    when_dialog(lambda dialog: (dialog.setTextValue("Ａ－００１"), dialog.accept()))  # type: ignore[attr-defined, func-returns-value]
    qtbot.mouseClick(operator.call_number_button, Qt.MouseButton.LeftButton)
    assert operator.card.number.text() == "A-001"  # an input method's full-width digits
