"""A newcomer with an empty data dir is guided to a working office, by clicks.

The wizard is driven only through its own buttons (Lanjut, Buat kantor, Selesai) and
the keyboard, as a person uses it: calling ``wizard.next()`` directly once hid that
"Atur kantor baru" had no way forward.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QWizard,
)

from loket.app.office import ServiceSpec, add_services, create_office, has_office
from loket.app.setup import SetupPlan, apply_plan, read_setup_state
from loket.app.users import authenticate
from loket.core.errors import InvalidInput
from loket.store.migrate import open_database
from loket.ui.dialogs.counter import FinishDialog
from loket.ui.dialogs.login import LoginDialog
from loket.ui.dialogs.wizard import SetupWizard
from loket.ui.windows.operator import OperatorWindow

LEFT = Qt.MouseButton.LeftButton
NEXT = QWizard.WizardButton.NextButton
COMMIT = QWizard.WizardButton.CommitButton
FINISH = QWizard.WizardButton.FinishButton


def click(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:  # type: ignore[no-untyped-def]
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), f"{button.text()} cannot be pressed"
    qtbot.mouseClick(button, LEFT)


def choose(qtbot, radio: QRadioButton) -> None:  # type: ignore[no-untyped-def]
    """Click a radio button on its label (a wide button's centre is past its text)."""
    qtbot.mouseClick(radio, LEFT, pos=QPoint(12, radio.height() // 2))
    assert radio.isChecked()


def visible_buttons(wizard: QWizard) -> set[str]:
    return {
        wizard.button(b).text()
        for b in (NEXT, COMMIT, FINISH, QWizard.WizardButton.BackButton)
        if wizard.button(b).isVisible()
    }


def toggle(qtbot, table: QTableWidget, row: int, col: int) -> None:  # type: ignore[no-untyped-def]
    """Tick or untick a cell's box with the space bar, as from the keyboard."""
    table.setFocus()
    table.setCurrentCell(row, col)
    before = table.item(row, col).checkState()
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert table.item(row, col).checkState() != before


def edit_cell(qtbot, table: QTableWidget, row: int, col: int, text: str) -> None:  # type: ignore[no-untyped-def]
    table.setFocus()
    table.setCurrentCell(row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editors = [e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "F2 opened no editor"
    editor = editors[0]
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next turn
    qtbot.waitUntil(lambda: table.item(row, col).text() == text, timeout=2000)


def fill_new_office(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    """From the first page to the office written, through the wizard's own buttons."""
    assert wizard.currentId() == wizard.PAGE_START
    choose(qtbot, wizard.start.new_office)
    assert "Lanjut" in visible_buttons(wizard)  # the bug: only Selesai and Batal
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_OFFICE
    qtbot.keyClicks(wizard.office.name, "Kelurahan Cihapit")
    qtbot.keyClicks(wizard.office.kode, "327301100")  # one digit short
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_OFFICE and "10 angka" in wizard.office.error.text()
    qtbot.keyClicks(wizard.office.kode, "6")
    qtbot.keyClick(wizard.office.zone, Qt.Key.Key_Down)
    qtbot.keyClick(wizard.office.zone, Qt.Key.Key_Down)  # WITA
    click(qtbot, wizard, NEXT)
    assert wizard.office.kode.text() == "32.73.01.1006"
    assert wizard.currentId() == wizard.PAGE_SERVICES
    # the first five are ticked; untick D, give A a shorter standard time
    toggle(qtbot, wizard.services.table, 3, 0)
    edit_cell(qtbot, wizard.services.table, 0, 2, "8")
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_COUNTERS
    qtbot.keyClick(wizard.counters.count, Qt.Key.Key_Up)  # 3 counters
    table = wizard.counters.table
    for col in range(table.columnCount()):  # counter 3 serves only E
        if table.horizontalHeaderItem(col).text() != "E":
            toggle(qtbot, table, 2, col)
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_ADMIN
    assert "Buat kantor" in visible_buttons(wizard)
    qtbot.keyClicks(wizard.admin.name, "Admin Kelurahan")
    qtbot.keyClicks(wizard.admin.password, "rahasia-1")
    qtbot.keyClicks(wizard.admin.repeat, "rahasia-2")
    click(qtbot, wizard, COMMIT)
    assert wizard.currentId() == wizard.PAGE_ADMIN and "tidak sama" in wizard.admin.error.text()
    assert not has_office(wizard.db)  # nothing written while a page is wrong
    wizard.admin.repeat.clear()
    qtbot.keyClicks(wizard.admin.repeat, "rahasia-1")
    click(qtbot, wizard, COMMIT)  # writes the office, in one transaction
    assert wizard.currentId() == wizard.PAGE_ENROLL and wizard.created
    assert read_setup_state(wizard.db).complete
    click(qtbot, wizard, FINISH)  # no city server yet: enrol later


class ModalDriver:
    """Answers each modal window ``run_gui`` opens, in turn, as a person would."""

    def __init__(self, steps: list[Callable[[], bool]], deadline_s: float = 60) -> None:
        self.steps = steps
        self.errors: list[BaseException] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        self.deadline = QTimer()
        self.deadline.setSingleShot(True)
        self.deadline.timeout.connect(
            lambda: self._stop(TimeoutError(f"stuck at {self.steps[0].__name__}: {self.seen()}"))
        )
        self.deadline.start(int(deadline_s * 1000))

    @staticmethod
    def seen() -> str:
        modal = QApplication.activeModalWidget()
        shown = [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]
        error = getattr(modal, "error", None)
        said = error.text() if error is not None else ""
        return f"modal {type(modal).__name__ if modal else None} {said!r}, shown {shown}"

    def _tick(self) -> None:
        if not self.steps:
            self.timer.stop()
            self.deadline.stop()
            return
        try:
            if self.steps[0]():
                self.steps.pop(0)
        except BaseException as exc:  # report in the test, then let the GUI end
            self._stop(exc)

    def _stop(self, exc: BaseException) -> None:
        self.errors.append(exc)
        self.steps.clear()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                widget.close()
        QApplication.quit()


def test_a_new_office_set_up_by_clicks_serves_its_first_citizen(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from loket.ui.app import run_gui

    data = tmp_path / "kantor"
    seen: dict[str, object] = {}

    def wizard_step() -> bool:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, SetupWizard):
            return False
        fill_new_office(qtbot, wizard)
        return True

    def login_step() -> bool:
        login = QApplication.activeModalWidget()
        if not isinstance(login, LoginDialog) or not login.login_button.isEnabled():
            return False  # (the login shows while the office is still being opened)
        assert login.counter.count() == 3
        # (this PC may remember a last user: select it all and type over it)
        qtbot.keyClick(login.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(login.name, "admin kelurahan")
        qtbot.keyClicks(login.password, "rahasia-1")
        buttons = login.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
        return True

    def serve_step() -> bool:
        windows = [  # (earlier tests may leave hidden operator windows behind)
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, OperatorWindow) and w.isVisible()
        ]
        if not windows:
            return False
        window = windows[0]
        qtbot.mouseClick(window.issue_row.issue_button, LEFT)  # the first citizen's number
        qtbot.mouseClick(window.call_next_button, LEFT)
        seen["called"] = window.card.number.text()
        qtbot.mouseClick(window.start_button, LEFT)
        seen["window"] = window
        # The finish dialog is modal: open it on the next turn, answer it in the next step.
        QTimer.singleShot(0, lambda: qtbot.mouseClick(window.finish_button, LEFT))
        return True

    def finish_step() -> bool:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FinishDialog):
            return False
        buttons = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)
        return True

    def done_step() -> bool:
        window = seen["window"]
        assert isinstance(window, OperatorWindow)
        if (
            QApplication.activeModalWidget() is not None
            or window.lists.served_model.rowCount() == 0
        ):
            return False
        seen["served"] = window.lists.served_model.rowCount()
        del seen["window"]
        window.close()
        QApplication.quit()
        return True

    driver = ModalDriver([wizard_step, login_step, serve_step, finish_step, done_step])
    assert run_gui(data) == 0
    if driver.errors:
        raise driver.errors[0]
    assert not driver.steps, "the GUI stopped before the office served anyone"
    assert seen == {"called": "A-001", "served": 1}
    db = open_database(data)
    try:
        state = read_setup_state(db)
        assert state.office is not None and state.office.timezone == "Asia/Makassar"
        services = {s.prefix: s for s in state.services}
        assert sorted(services) == ["A", "B", "C", "E"] and services["A"].standard_minutes == 8
        assert len(state.counters) == 3
        assert state.counters[2].service_ids == (services["E"].id,)
        assert authenticate(db, "admin kelurahan", "rahasia-1") is not None
    finally:
        db.close()


def test_the_demo_choice_goes_on_and_creates_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "data")
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.start.demo.isChecked() and "Lanjut" in visible_buttons(wizard)
    click(qtbot, wizard, NEXT)
    assert wizard.currentId() == wizard.PAGE_DEMO and "Selesai" in visible_buttons(wizard)
    # The way back to a real office names the first page's choices as they read there
    # (it said "Atur kantor baru", an option the first page does not have).
    said = " ".join(label.text() for label in wizard.currentPage().findChildren(QLabel))
    for choice in (wizard.start.new_office, wizard.start.hub_office):
        assert f"“{choice.text()}”" in said
    with qtbot.waitSignal(wizard.accepted, timeout=5000):
        click(qtbot, wizard, FINISH)
    assert wizard.wants_demo() and not wizard.created and not has_office(db)
    db.close()


def test_a_half_office_opens_at_its_missing_step_pre_filled(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An office with services but no counter or admin (an older version's half set-up)."""
    db = open_database(tmp_path / "data")
    create_office(db, name="Kelurahan Lama", code="3273011002", timezone="Asia/Jayapura")
    add_services(db, [ServiceSpec("K", "Legalisir", 5), ServiceSpec("L", "SKCK", 20)])
    state = read_setup_state(db)
    assert state.missing == ["counters", "admin"]
    assert "belum ada loket dan belum ada akun admin" in state.describe()
    wizard = SetupWizard(db, state)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentId() == wizard.PAGE_COUNTERS
    assert wizard.office.name.text() == "Kelurahan Lama" and wizard.office.kode.isReadOnly()
    assert [s.prefix for s in wizard.services.chosen()] == ["K", "L"]
    assert wizard.counters.table.columnCount() == 2
    click(qtbot, wizard, NEXT)
    qtbot.keyClicks(wizard.admin.name, "admin")
    qtbot.keyClicks(wizard.admin.password, "rahasia-1")
    qtbot.keyClicks(wizard.admin.repeat, "rahasia-1")
    click(qtbot, wizard, COMMIT)
    after = read_setup_state(db)
    assert after.complete, after.describe()
    assert [s.prefix for s in after.services] == ["K", "L"] and len(after.counters) == 2
    assert after.office is not None and after.office.code == "32.73.01.1002"
    db.close()


def test_a_plan_lists_every_problem_before_writing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "data")
    plan = SetupPlan(office_name=" ", kode_wilayah="12", counters={1: []}, admin_password="1")
    problems = plan.problems()
    assert len(problems) >= 5
    assert any("Kode wilayah" in p for p in problems) and any("Loket 1" in p for p in problems)
    with pytest.raises(InvalidInput):
        apply_plan(db, plan)
    assert not has_office(db)
    db.close()


def test_keys_alone_reach_the_office_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Alt+N / Enter work too: the default button is Lanjut on the first page."""
    db = open_database(tmp_path / "data")
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    choose(qtbot, wizard.start.new_office)
    QTest.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == wizard.PAGE_OFFICE
    db.close()
