"""What an operator types or pastes that the office refuses: said in the dialog, kept."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
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
    pasted = QMimeData()
    pasted.setText(("isi dokumen yang ditempel " * 4 + "\n") * 5000)  # ~525,000 characters
    QApplication.clipboard().setMimeData(pasted)
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
