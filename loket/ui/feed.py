"""The office's change feed as Qt signals: what every live window listens to.

One ``OfficeFeed`` per GUI run, fed by one of two sources:

- local (standalone PC, hub PC): this process's own commits arrive at once through the
  app-wide ``changed`` signal; other processes' commits (a kiosk or the hub server on
  this PC) through a data-version probe polled every 200 ms;
- LAN (client PC): the hub's WebSocket feed (``loket.client.feed``), which also tells
  whether the link is up. Its callbacks come from a network thread; Qt queues them into
  the GUI thread through the private signals below.

Windows subscribe through ``ChangeFeed(owner, feed, slot)``, which also follows this
process's own commits (except on a LAN client, where the hub's push reports them too),
so a window without any feed still sees its own actions.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from loket.core.days import utc_now
from loket.ui.signals import app_signals

# How often to look; the display must follow a change within one second.
POLL_MS = 200


class ChangeProbe(Protocol):
    """Tells whether anyone committed since the last look (``LocalOffice.change_probe()``)."""

    def changed(self) -> bool: ...

    def close(self) -> None: ...


class OfficeFeed(QObject):
    """``changed`` on every office change; ``linkChanged`` when the hub link goes or comes."""

    changed = Signal()
    linkChanged = Signal(bool)  # connected?; ``since`` holds when it last flipped
    clipsChanged = Signal(str)  # the hub's recorded clips have this version now (LAN only)
    _remote_changed = Signal()
    _remote_link = Signal(bool, object)
    _replica_status = Signal(int)  # events the replica lacks, from the follower's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.connected = True
        self.since: datetime = utc_now()
        self.remote = False  # True when the office lives on a hub across the LAN
        self.replica_behind = 0  # events this client's replica lacks (normally 0)
        self._probe: ChangeProbe | None = None
        self._source: Any = None
        self._timer: QTimer | None = None
        self._remote_changed.connect(self.changed)
        self._remote_link.connect(self._set_link)

    # -- sources ---------------------------------------------------------------------

    @classmethod
    def local(
        cls, probe: ChangeProbe, parent: QObject | None = None, interval_ms: int = POLL_MS
    ) -> OfficeFeed:
        """Follow the local database file: other processes' commits within ``interval_ms``."""
        feed = cls(parent)
        feed._probe = probe
        feed._timer = QTimer(feed)
        feed._timer.setInterval(interval_ms)
        feed._timer.timeout.connect(feed.poll)
        feed._timer.start()
        return feed

    @classmethod
    def lan(cls, source: Any, parent: QObject | None = None) -> OfficeFeed:
        """Follow the hub's push feed (``loket.client.feed``): changes and the link state."""
        feed = cls(parent)
        feed.remote = True
        feed.connected = False  # until the feed says it reached the hub
        feed._source = source
        source.subscribe(lambda *_change: feed._remote_changed.emit())
        on_link = getattr(source, "on_link", None)
        if on_link is not None:  # LinkState(connected, since, reason), from the feed thread
            on_link(lambda state: feed._remote_link.emit(bool(state.connected), state.since))
        on_clips = getattr(source, "on_clips", None)
        if on_clips is not None:  # from the feed thread; queued onto the GUI thread
            on_clips(feed.clipsChanged.emit)
        return feed

    def watch_replica(self, follower: Any) -> None:
        """Show how far this client's replica of the office is behind the hub."""
        self._replica_status.connect(self._took_replica)
        follower.on_status(lambda status: self._replica_status.emit(int(status.behind)))

    def _took_replica(self, behind: int) -> None:
        if behind != self.replica_behind:
            self.replica_behind = behind
            self.linkChanged.emit(self.connected)

    def poll(self) -> bool:
        """Look now; True (and ``changed`` emitted) when someone committed since last time."""
        if self._probe is not None and self._probe.changed():
            self.changed.emit()
            return True
        return False

    def _set_link(self, connected: bool, since: object = None) -> None:
        stamp = since if isinstance(since, datetime) else utc_now()
        if connected == self.connected:
            if not connected and stamp < self.since:  # down since before we were told
                self.since = stamp
                self.linkChanged.emit(False)
            return
        self.connected = connected
        self.since = stamp
        self.linkChanged.emit(connected)
        if connected:
            self.changed.emit()  # catch up on whatever happened while the link was down

    def set_link(self, connected: bool, since: datetime | None = None) -> None:
        """Record the link state (the LAN source, or a refused call that found it down)."""
        self._set_link(connected, since)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._probe is not None:
            self._probe.close()
            self._probe = None
        if self._source is not None:
            source, self._source = self._source, None
            source.close()


class ChangeFeed(QObject):
    """One window's subscription: this process's commits (at once) and the office feed's,
    with one idempotent stop for the window's close.
    """

    def __init__(self, owner: QObject, feed: OfficeFeed | None, slot: Callable[[], None]) -> None:
        super().__init__(owner)
        self._slot = slot
        self.feed = feed
        # On a LAN client the hub's push is the one truth (it also reports this PC's own
        # actions, a few milliseconds later); elsewhere this process's commits come at once.
        self._in_process = feed is None or not feed.remote
        if self._in_process:
            app_signals().changed.connect(slot)
        if feed is not None:
            feed.changed.connect(slot)
        self._listening = True

    def stop(self) -> None:
        if self._listening:
            self._listening = False
            if self._in_process:
                app_signals().changed.disconnect(self._slot)
            if self.feed is not None:
                with contextlib.suppress(RuntimeError):  # the feed went first (app exit)
                    self.feed.changed.disconnect(self._slot)


class LinkLabel(QLabel):
    """The status bar's hub link: "PC utama: terhubung" or "terputus sejak 10.42".

    Hidden on a PC that holds the office itself (standalone, hub): there is no link.
    """

    def __init__(
        self, feed: OfficeFeed | None, parent: QWidget | None = None, *, quiet: bool = False
    ) -> None:
        super().__init__(parent)
        self.quiet = quiet  # show only a lost link (the public display)
        self.setAccessibleName(self.tr("Sambungan ke PC utama"))
        self.feed = feed
        self._zone: Any = None
        if feed is not None:
            feed.linkChanged.connect(self.update_link)
        self.update_link()

    def set_zone(self, zone: Any) -> None:
        """Show times in the office's zone (the PC's own clock may be set to another)."""
        self._zone = zone
        self.update_link()

    def update_link(self, *_args: object) -> None:
        feed = self.feed
        if feed is None or not feed.remote or (self.quiet and feed.connected):
            self.hide()
            return
        self.show()
        behind = getattr(feed, "replica_behind", 0)
        tip = self.tr("Salinan data kantor di PC ini tertinggal {0} kejadian")
        self.setToolTip(tip.format(behind))
        if feed.connected:
            text = self.tr("PC utama: terhubung")
            if behind:
                text += " · " + self.tr("salinan tertinggal {0}").format(behind)
            self.setText(text)
            self.setStyleSheet("color: #1b4332")
            return
        since = feed.since.astimezone(self._zone)  # None: this PC's own zone
        self.setText(self.tr("PC utama: terputus sejak {0}").format(since.strftime("%H.%M")))
        colour = "#ffb4a2" if self.quiet else "#9a031e"  # the display's dark background
        self.setStyleSheet(f"color: {colour}; font-weight: bold")
