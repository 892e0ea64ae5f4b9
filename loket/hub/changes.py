"""Change numbers for the WebSocket feed: one step per commit the hub sees.

Two sources bump it: the hub itself right after a LAN call commits (no delay), and a
watcher of SQLite's ``data_version`` that sees every other writer of the file (the GUI
on the hub PC, the CLI, the city sync). A client that saw number N and reconnects to a
hub now at M > N, or to a restarted hub (another ``boot``), refreshes everything.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loket.hub.fanout import Fanout
from loket.store.database import DataVersion

log = logging.getLogger(__name__)

#: How often the watcher looks at the file (one cheap PRAGMA per look).
WATCH_INTERVAL_S = 0.05
#: How often it looks at the recorded clips' folder (a directory listing per look).
CLIPS_INTERVAL_S = 1.0


class Changes:
    def __init__(self) -> None:
        self.boot = uuid.uuid4().hex
        self.number = 0
        #: The version of the office's recorded clips (``loket.voice.share``): the feed
        #: carries it, so a display PC fetches a changed clip set by itself.
        self.clips = ""
        self._queues: Fanout[Any] = Fanout()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._version: DataVersion | None = None
        self._version_lock = threading.Lock()
        #: Called in the committing thread before each notice (``RowPush.publish``).
        self.before_notice: Callable[[], object] | None = None

    # -- the asyncio side (the WebSocket handlers) ---------------------------------

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._queues.attach(loop)

    def subscribe(self) -> asyncio.Queue[Any]:
        """Change numbers (and, for a replica's feed socket, pushed rows: ``hub.push``)."""
        return self._queues.subscribe()

    def unsubscribe(self, queue: asyncio.Queue[Any]) -> None:
        self._queues.unsubscribe(queue)

    # -- any thread ------------------------------------------------------------------

    def bump(self) -> int:
        if self.before_notice is not None:
            try:
                self.before_notice()  # the commit's rows go out before its notice
            except Exception:  # the replicas then pull: a notice must still go out
                log.exception("pushing the rows failed")
        with self._lock:
            self.number += 1
            number = self.number
        self._queues.publish(number)
        return number

    def bump_own(self) -> int:
        """A notice for the hub's own commit, which the file watcher then need not repeat.

        The watcher sees every commit to the file, this hub's included: without this a
        LAN action made two notices, and every display read the whole board twice. Any
        other writer's commit absorbed here is covered by this very notice (clients
        re-read after it), so none is lost.
        """
        with self._version_lock:
            if self._version is not None:
                self._version.changed()
        return self.bump()

    def watch(
        self,
        db_path: Path,
        interval: float = WATCH_INTERVAL_S,
        *,
        clips_dir: Path | None = None,
        clips_interval: float = CLIPS_INTERVAL_S,
    ) -> None:
        """Start the watcher thread: data_version (writers other than this hub) and, with
        ``clips_dir``, the recorded clips (the admin records them in the GUI process)."""
        from loket.voice import share

        version = DataVersion(db_path)
        self._version = version
        seen: tuple[object, ...] | None = None
        every = max(1, round(clips_interval / interval))

        def look_at_clips() -> bool:
            nonlocal seen
            if clips_dir is None:
                return False
            now = share.signature(clips_dir)
            if now == seen:
                return False
            seen = now
            clips = share.manifest(clips_dir).version
            if clips == self.clips:
                return False
            self.clips = clips
            return True

        look_at_clips()

        def run() -> None:
            tick = 0
            try:
                while not self._stop.wait(interval):
                    tick += 1
                    with self._version_lock:
                        changed = version.changed()
                    if tick % every == 0 and look_at_clips():
                        changed = True
                    if changed:
                        self.bump()
            finally:
                with self._version_lock:
                    self._version = None
                    version.close()

        self._watcher = threading.Thread(target=run, name="loket-hub-watch", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=2)
