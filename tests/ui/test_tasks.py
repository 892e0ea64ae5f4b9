"""``run_task``: work off the GUI thread, its answer (or its error) back on it."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject, QThread, QThreadPool
from PySide6.QtWidgets import QApplication

from loket.core.errors import InvalidInput
from loket.ui.tasks import error_text, run_task


def test_the_result_comes_back_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[object, object, bool, bool]] = []
    gui = QThread.currentThread()

    def work() -> int:
        return threading.get_ident()

    run_task(work, lambda r, e: seen.append((r, e, QThread.currentThread() is gui, True)))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    worker, error, on_gui, _ = seen[0]
    assert error is None and on_gui
    assert worker != threading.get_ident()  # the work itself ran elsewhere


def test_an_error_is_handed_over_never_lost(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[object, Exception | None]] = []

    def work() -> None:
        raise InvalidInput("Periode tidak sah.")

    run_task(work, lambda r, e: seen.append((r, e)))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    result, error = seen[0]
    assert result is None and isinstance(error, InvalidInput)
    assert error_text(error) == "Periode tidak sah."
    assert error_text(ValueError()) == "ValueError"


def test_nothing_is_delivered_to_a_closed_owner(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner = QObject()
    gate = threading.Event()
    seen: list[object] = []
    run_task(gate.wait, lambda r, e: seen.append(r), owner=owner)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # gone before the end
    gate.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    QApplication.processEvents()
    assert seen == []
