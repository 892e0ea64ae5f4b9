"""Issue 10 item 13: an exception that escapes a Qt slot is logged and explained, never lost.

pytest-qt normally turns such an exception into a test failure (through its own
``sys.excepthook``); these tests switch that off and install Loket's guard instead, as
``run_gui`` does, then press real buttons whose handlers raise.
"""

from __future__ import annotations

import errno
import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from loket.store.errors import disk_full
from loket.ui import guard
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office


@pytest.fixture
def slot_guard(qapp: QApplication) -> Iterator[guard.SlotGuard]:
    installed = guard.install()
    installed.shown.clear()
    yield installed
    guard.uninstall()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.close()


def guard_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.objectName() == "slotGuardMessage"
             and w.isVisible()]  # fmt: skip
    return boxes[0] if boxes else None


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_exception_in_a_slot_is_logged_and_shown(
    qtbot, slot_guard: guard.SlotGuard, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    presses: list[int] = []

    def handler() -> None:
        presses.append(1)
        raise RuntimeError("a bug in a slot")

    button = QPushButton("Tekan")
    qtbot.addWidget(button)
    button.clicked.connect(handler)
    button.show()
    with caplog.at_level(logging.ERROR, logger="loket.ui"):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: guard_box() is not None, timeout=5000)
    box = guard_box()
    assert box is not None
    assert "kesalahan yang tidak terduga" in box.text() and "Loket tetap berjalan" in box.text()
    assert "Traceback" not in box.text()
    record = next(r for r in caplog.records if r.name == "loket.ui")
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError  # traceback kept
    # The application goes on: the button still works, and a second failure while the
    # box is open adds no second box.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(slot_guard.shown) == 2, timeout=5000)
    assert presses == [1, 1]
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]  # fmt: skip
    assert len(boxes) == 1


@pytest.mark.qt_no_exception_capture
def test_a_known_fault_in_a_slot_gets_its_own_message(
    qtbot, slot_guard: guard.SlotGuard, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    def handler() -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.db"))

    button = QPushButton("Tekan")
    qtbot.addWidget(button)
    button.clicked.connect(handler)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: guard_box() is not None, timeout=5000)
    assert guard_box().text() == disk_full(tmp_path / "x.db").message  # type: ignore[union-attr]


@pytest.mark.qt_no_exception_capture
def test_an_operator_button_whose_use_case_breaks_shows_a_message_not_a_crash(
    qtbot,
    slot_guard: guard.SlotGuard,
    operator: OperatorWindow,
    office: Office,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    def broken(*_args: object, **_kwargs: object) -> None:
        raise UnicodeEncodeError("ascii", "٣", 0, 1, "ordinal not in range(128)")

    office.desk.issue(office.services["A"])
    qtbot.keyClick(operator, Qt.Key.Key_F1)
    monkeypatch.setattr(operator.client, "save_citizen", broken)
    operator.citizen_box.nik.setText("3273015708900001")
    qtbot.mouseClick(operator.citizen_box.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: guard_box() is not None, timeout=5000)
    assert "kesalahan yang tidak terduga" in guard_box().text()  # type: ignore[union-attr]
    assert operator.isVisible()
    assert operator.citizen_box.nik.text() == "3273015708900001"  # what was typed is kept
