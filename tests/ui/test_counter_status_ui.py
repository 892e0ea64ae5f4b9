"""The operator puts the counter on a break; the display says so; F1 is refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from loket.app.counters import CounterStatus
from loket.ui.windows.display import DisplayWindow
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office


def test_a_break_shows_on_the_display_and_refuses_call_next(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    display = DisplayWindow(office.client, clock=office.clock)
    qtbot.addWidget(display)
    office.client.issue(office.services["A"], actor=None)
    assert display.counter_title(1) == "LOKET 1"
    operator.card.status_box.setFocus()
    QTest.keyClick(operator.card.status_box, Qt.Key.Key_Down)  # "Istirahat: istirahat"
    assert office.client.counter_state(office.counters[1]).status is CounterStatus.BREAK
    assert display.counter_title(1) == "LOKET 1 — istirahat"
    QTest.keyClick(operator.windowHandle(), Qt.Key.Key_F1)
    assert "Loket 1 sedang istirahat" in operator.message.text()
    assert operator.card.number.text() == "–" and operator.lists.waiting_model.rowCount() == 1
    operator.card.status_box.setFocus()
    QTest.keyClick(operator.card.status_box, Qt.Key.Key_Home)  # "Buka"
    assert display.counter_title(1) == "LOKET 1"
    QTest.keyClick(operator.windowHandle(), Qt.Key.Key_F1)
    assert operator.card.number.text() == "A-001" and display.counter_text(1) == "A-001"
    display.close()


def test_a_counter_holding_a_citizen_cannot_go_on_a_break(
    qtbot, operator: OperatorWindow, office: Office
) -> None:  # type: ignore[no-untyped-def]
    office.client.issue(office.services["A"], actor=None)
    QTest.keyClick(operator.windowHandle(), Qt.Key.Key_F1)
    operator.card.status_box.setFocus()
    QTest.keyClick(operator.card.status_box, Qt.Key.Key_End)  # "Tutup"
    assert "masih menangani antrian A-001" in operator.message.text()
    assert operator.card.status_box.currentIndex() == 0  # back on "Buka": nothing changed
