"""A display PC's copy of the office's recorded clips, kept in step with the hub.

On a LAN client the announcer speaks from ``<this PC's data>/voice/clips``; this keeps
that folder equal to the hub's clips (``loket.voice.share.sync_clips``) off the GUI
thread: once when the display opens, and whenever the hub's feed announces another
clip-set version. A failed fetch (the hub away) is tried again at the next notice; the
announcer meanwhile speaks with what it has (or the bundled voice), never half a call.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from loket.ui.tasks import error_text, run_task
from loket.voice.share import sync_clips

log = logging.getLogger(__name__)


class ClipSync(QObject):
    synced = Signal(bool)  # True when a clip was fetched or removed
    failed = Signal(str)

    def __init__(self, client: Any, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.folder = folder
        self.busy = False
        self._again = False

    def request(self, _version: str = "") -> None:
        """Bring the copy up to date (a request while one runs is run once after it)."""
        if self.busy:
            self._again = True
            return
        self.busy = True
        client, folder = self.client, self.folder
        run_task(lambda: sync_clips(client, folder), self._done, owner=self)

    def _done(self, changed: object, error: Exception | None) -> None:
        self.busy = False
        if error is not None:
            log.info("voice clips not fetched from the hub: %s", error)
            self.failed.emit(error_text(error))
        else:
            self.synced.emit(bool(changed))
        if self._again:
            self._again = False
            self.request()
