"""Notice every commit to the database, from this process or another one.

SQLite bumps ``PRAGMA data_version`` on a connection whenever *another* connection
commits. The watcher keeps a connection of its own, so the operator's own writes, the
kiosk in another process and the display all look alike to it: one cheap query a tick.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from loket.store.database import DataVersion
from loket.ui.hub import hub

#: How often to look; the display must follow a change within one second.
POLL_MS = 200


class DataVersionWatcher(QObject):
    changed = Signal()

    def __init__(self, path: Path, parent: QObject | None = None, interval_ms: int = POLL_MS):
        super().__init__(parent)
        self._version = DataVersion(path)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._timer.start()

    def poll(self) -> bool:
        """Look now; True (and ``changed`` emitted) when someone committed since last time."""
        if self._version.changed():
            self.changed.emit()
            return True
        return False

    def stop(self) -> None:
        self._timer.stop()
        self._version.close()


class ChangeFeed(QObject):
    """What every live window needs: a call on this process's commits (the hub, at once)
    and on other processes' commits (the data-version watcher), and one idempotent stop.
    """

    def __init__(
        self,
        owner: QObject,
        path: Path,
        slot: Callable[[], None],
        *,
        watch: bool = True,
        interval_ms: int = POLL_MS,
    ) -> None:
        super().__init__(owner)
        self._slot = slot
        hub().changed.connect(slot)
        self._listening = True
        self.watcher = DataVersionWatcher(path, self, interval_ms) if watch else None
        if self.watcher is not None:
            self.watcher.changed.connect(slot)

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        if self._listening:
            self._listening = False
            hub().changed.disconnect(self._slot)
