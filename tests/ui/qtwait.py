"""Waiting for a worker thread's queued signals in tests that share one QApplication.

After an earlier test in the same process ran ``run_gui`` to its QApplication.quit(),
nested event loops (qtbot.waitUntil / waitSignal) were seen to run their timers but
leave signals posted from other threads queued until the loop returned: a LAN answer
that arrives during the wait then looks like a timeout. ``until`` delivers posted events
on every look, so such a test waits for the answer itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication


def until(qtbot, predicate: Callable[[], object], timeout: int = 20_000) -> None:  # type: ignore[no-untyped-def]
    def look() -> bool:
        QApplication.sendPostedEvents()
        return bool(predicate())

    qtbot.waitUntil(look, timeout=timeout)
