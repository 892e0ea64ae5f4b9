"""The UI's change feed: one Qt signal whatever the source, and the hub link label."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from loket.client.local import LocalOffice
from loket.ui.feed import ChangeFeed, LinkLabel, OfficeFeed
from loket.ui.signals import app_signals
from tests.conftest import Office


@dataclass(frozen=True)
class Link:
    connected: bool
    since: datetime
    reason: str = ""


class ThreadedSource:
    """Stands in for the LAN feed at its edge: callbacks arrive on a network thread."""

    def __init__(self) -> None:
        self.changes: list[Callable[[int], None]] = []
        self.links: list[Callable[[Link], None]] = []
        self.closed = False

    def subscribe(self, callback: Callable[[int], None]) -> None:
        self.changes.append(callback)

    def on_link(self, callback: Callable[[Link], None]) -> None:
        self.links.append(callback)
        callback(Link(False, datetime(2026, 11, 23, 1, 0, tzinfo=UTC), "unreachable"))

    def close(self) -> None:
        self.closed = True

    def from_thread(self, action: Callable[[], None]) -> None:
        worker = threading.Thread(target=action)
        worker.start()
        worker.join(timeout=5)


def test_lan_changes_and_link_arrive_as_qt_signals(qtbot) -> None:  # type: ignore[no-untyped-def]
    source = ThreadedSource()
    feed = OfficeFeed.lan(source)
    label = LinkLabel(feed)
    qtbot.addWidget(label)
    label.set_zone(__import__("zoneinfo").ZoneInfo("Asia/Jakarta"))
    qtbot.waitUntil(lambda: "terputus" in label.text(), timeout=2000)
    assert label.text() == "PC utama: terputus sejak 08.00"
    with qtbot.waitSignals([feed.linkChanged, feed.changed], timeout=2000):
        source.from_thread(lambda: source.links[0](Link(True, datetime.now(UTC))))
    assert feed.connected and label.text() == "PC utama: terhubung"
    seen: list[int] = []
    window_feed = ChangeFeed(label, feed, lambda: seen.append(1))
    with qtbot.waitSignal(feed.changed, timeout=2000):
        source.from_thread(lambda: source.changes[0](42))
    assert seen == [1]
    app_signals().changed.emit()  # on a LAN client only the hub's push counts (it reports ours too)
    assert seen == [1]
    source.from_thread(lambda: source.changes[0](43))
    qtbot.waitUntil(lambda: seen == [1, 1], timeout=2000)
    window_feed.stop()
    window_feed.stop()  # idempotent
    with qtbot.waitSignal(feed.linkChanged, timeout=2000):
        source.from_thread(
            lambda: source.links[0](Link(False, datetime(2026, 11, 23, 3, 5, tzinfo=UTC)))
        )
    assert label.text() == "PC utama: terputus sejak 10.05" and seen == [1, 1]
    feed.stop()
    assert source.closed


def test_the_local_feed_hides_the_link_and_follows_the_file(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    local = LocalOffice(office.db, clock=office.clock)
    feed = OfficeFeed.local(local.change_probe(), interval_ms=20)
    label = LinkLabel(feed)
    qtbot.addWidget(label)
    assert label.isHidden()  # this PC holds the office: there is no link to show
    other = LocalOffice(office.db, clock=office.clock)  # another writer of the same file
    with qtbot.waitSignal(feed.changed, timeout=3000):
        other.issue(office.services["A"], actor=None)
    feed.stop()


def test_the_display_shows_only_a_lost_link(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    from loket.ui.windows.display import DisplayWindow

    source = ThreadedSource()
    feed = OfficeFeed.lan(source)
    display = DisplayWindow(office.client, clock=office.clock, feed=feed)
    qtbot.addWidget(display)
    display.show()
    qtbot.waitUntil(lambda: display.link_label.isVisible(), timeout=2000)
    assert display.link_label.text() == "PC utama: terputus sejak 08.00"
    with qtbot.waitSignal(feed.linkChanged, timeout=2000):
        source.from_thread(lambda: source.links[0](Link(True, datetime.now(UTC))))
    assert display.link_label.isHidden()  # connected: nothing to say on a public screen
    display.close()
    feed.stop()


def test_the_status_bar_says_when_the_replica_is_behind(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Take-over (issue 13): the replica's lag, from its thread, in the link label."""
    from loket.hub.follow import FollowStatus

    class Follower:  # the replica's status callbacks arrive on its own thread
        def __init__(self) -> None:
            self.listeners: list[Callable[[FollowStatus], None]] = []

        def on_status(self, callback: Callable[[FollowStatus], None]) -> None:
            self.listeners.append(callback)

    source, follower = ThreadedSource(), Follower()
    feed = OfficeFeed.lan(source)
    feed.watch_replica(follower)
    label = LinkLabel(feed)
    qtbot.addWidget(label)
    source.from_thread(lambda: source.links[0](Link(True, datetime.now(UTC))))
    qtbot.waitUntil(lambda: label.text() == "PC utama: terhubung", timeout=2000)

    def status(behind: int) -> FollowStatus:
        return FollowStatus(True, 10, 10 + behind, 1, "https://127.0.0.1:8765", None)

    with qtbot.waitSignal(feed.linkChanged, timeout=2000):
        source.from_thread(lambda: follower.listeners[0](status(3)))
    assert label.text() == "PC utama: terhubung · salinan tertinggal 3"
    assert "tertinggal 3 kejadian" in label.toolTip()
    with qtbot.waitSignal(feed.linkChanged, timeout=2000):
        source.from_thread(lambda: follower.listeners[0](status(0)))
    assert label.text() == "PC utama: terhubung" and "tertinggal 0" in label.toolTip()
    feed.stop()
