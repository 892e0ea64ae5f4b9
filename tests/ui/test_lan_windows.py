"""Two client PCs on one office hub, each with its own LanOffice to a real hub process
on 127.0.0.1: F1 on the operator panel of the first makes the number appear on the
display of the second and be announced there (Qt's mock speech engine)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from loket.client.connect import Connection, open_client
from loket.ui.controller import DeskController
from loket.ui.devices.announcer import Announcer
from loket.ui.feed import OfficeFeed
from loket.ui.windows.display import DisplayWindow
from loket.ui.windows.operator import OperatorWindow
from tests.hub.helpers import PASSWORD, HubProcess, make_office, pair_pc


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """One hub process for the module (it takes seconds to start on a busy machine); the
    last test stops it on purpose."""
    office = make_office(tmp_path_factory.mktemp("hub"))
    process = HubProcess(office.data_dir).start()
    yield process
    process.stop()


def paired(hub: HubProcess, folder: Path, name: str, *, feed: bool) -> Connection:
    pair_pc(hub, folder, name)
    return open_client(folder, with_feed=feed)


def test_f1_on_one_client_is_shown_and_announced_on_another(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, hub: HubProcess
) -> None:
    process = hub
    counter_pc = paired(process, tmp_path / "counter-pc", "loket-1", feed=True)
    display_pc = paired(process, tmp_path / "display-pc", "tv-ruang-tunggu", feed=True)
    counter_feed = OfficeFeed.lan(counter_pc.feed)
    display_feed = OfficeFeed.lan(display_pc.feed)
    try:
        lan = counter_pc.client
        user = lan.login("petugas1", PASSWORD)
        counters = lan.counters()
        counter = next(c for c in counters if c.number == 1)
        operator = OperatorWindow(DeskController(lan, counter, user), lan.office(),
                                  lan.services(), counters, feed=counter_feed)  # fmt: skip
        announcer = Announcer(engine="mock", require_indonesian=False, chime_ms=1, gap_ms=1)
        spoken: list[str] = []
        announcer.started.connect(spoken.append)
        display = DisplayWindow(display_pc.client, announcer=announcer, feed=display_feed)
        for window in (operator, display):
            qtbot.addWidget(window)
            window.show()
        qtbot.waitUntil(lambda: counter_feed.connected and display_feed.connected, timeout=20_000)
        assert operator.link_label.text() == "PC utama: terhubung"
        a = next(s for s in lan.services() if s.prefix == "A")
        issued = lan.issue(a.id, actor=None)  # the kiosk's number, through the hub
        label = issued.ticket.label
        operator.activateWindow()
        qtbot.waitActive(operator)
        QTest.keyClick(operator.windowHandle(), Qt.Key.Key_F2)  # the first press activates
        QTest.keyClick(operator.windowHandle(), Qt.Key.Key_F1)
        assert operator.card.number.text() == label, operator.message.text()
        qtbot.waitUntil(lambda: display.counter_text(1) == label, timeout=10_000)
        assert display.is_fresh(1)
        qtbot.waitUntil(lambda: announcer.pending == 0 and bool(spoken), timeout=10_000)
        assert spoken == ["Nomor antrian A satu, silakan menuju loket satu."]
        for window in (operator, display):
            window.close()
    finally:
        counter_feed.stop()
        display_feed.stop()
        counter_pc.close()
        display_pc.close()


def test_a_client_cut_from_its_hub_says_so_and_refuses_queue_actions(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, hub: HubProcess
) -> None:
    process = hub
    counter_pc = paired(process, tmp_path / "counter-pc", "loket-1", feed=True)
    feed = OfficeFeed.lan(counter_pc.feed)
    try:
        lan = counter_pc.client
        user = lan.login("petugas1", PASSWORD)
        counters = lan.counters()
        counter = next(c for c in counters if c.number == 2)
        a = next(s for s in lan.services() if s.prefix == "A")
        lan.issue(a.id, actor=None)
        operator = OperatorWindow(DeskController(lan, counter, user), lan.office(),
                                  lan.services(), counters, feed=feed)  # fmt: skip
        qtbot.addWidget(operator)
        operator.show()
        operator.activateWindow()
        qtbot.waitActive(operator)
        QTest.keyClick(operator.windowHandle(), Qt.Key.Key_F2)  # the first press activates
        qtbot.waitUntil(lambda: feed.connected, timeout=20_000)
        process.stop()
        qtbot.waitUntil(lambda: not feed.connected, timeout=20_000)
        assert operator.link_label.text().startswith("PC utama: terputus sejak ")
        QTest.keyClick(operator.windowHandle(), Qt.Key.Key_F1)
        assert "PC utama tidak terjangkau" in operator.message.text()
        assert operator.card.number.text() == "–"
        operator.close()
    finally:
        feed.stop()
        counter_pc.close()
