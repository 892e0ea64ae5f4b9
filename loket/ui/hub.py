"""App-wide signals, declared in one place; windows subscribe.

``changed`` fires right after this process commits a queue change, so a display in the
same process follows at once; the data-version watcher covers other processes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    changed = Signal()
    message = Signal(str)  # a line for status bars


_hub: Hub | None = None


def hub() -> Hub:
    global _hub
    if _hub is None:
        _hub = Hub()
    return _hub
