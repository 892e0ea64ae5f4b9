"""App-wide Qt signals of this process, declared in one place; windows subscribe.

``changed`` fires right after this process commits a queue change, so a display in the
same process follows at once; the data-version watcher covers other processes. (Not to
be confused with ``loket.hub``, the office hub that serves the LAN.)
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppSignals(QObject):
    changed = Signal()
    message = Signal(str)  # a line for status bars


_signals: AppSignals | None = None


def app_signals() -> AppSignals:
    global _signals
    if _signals is None:
        _signals = AppSignals()
    return _signals
