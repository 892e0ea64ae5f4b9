"""The public display follows calls made here and in other processes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from loket.app.office import set_running_text
from loket.client.local import LocalOffice
from loket.ui.devices.announcer import Announcer
from loket.ui.feed import OfficeFeed
from loket.ui.signals import app_signals
from loket.ui.windows.display import DisplayWindow
from tests.conftest import Office


def test_display_shows_calls_from_another_process(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    office.desk.clock = __import__("loket.core.days", fromlist=["utc_now"]).utc_now
    client = LocalOffice(office.db)  # real clock
    feed = OfficeFeed.local(client.change_probe())  # watching data_version
    display = DisplayWindow(client, feed=feed)
    qtbot.addWidget(display)
    display.show()
    assert display.counter_text(2) == "–"
    script = textwrap.dedent(f"""
        from pathlib import Path
        from loket.app.desk import Desk
        from loket.store.migrate import open_database
        db = open_database(Path({str(office.db.path.parent)!r}))
        desk = Desk(db)
        desk.issue({office.services["B"]})
        desk.call_next({office.counters[2]})
        db.close()
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    qtbot.waitUntil(lambda: display.counter_text(2) == "B-001", timeout=3000)
    assert display.is_fresh(2)
    assert "B-001" in display.recent.text()
    display.close()
    feed.stop()


def test_in_process_calls_update_at_once_and_are_announced(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    set_running_text(office.db, "Layanan gratis, tanpa calo.")
    announcer = Announcer(engine="mock", require_indonesian=False, chime_ms=1, gap_ms=1)
    texts: list[str] = []
    announcer.started.connect(texts.append)
    display = DisplayWindow(office.client, announcer=announcer, clock=office.clock)
    qtbot.addWidget(display)
    office.desk.issue(office.services["A"])
    office.desk.issue(office.services["C"])
    t = office.desk.call_next(office.counters[1])
    app_signals().changed.emit()
    assert display.counter_text(1) == "A-001"
    office.desk.recall(t.id, office.counters[1])  # type: ignore[union-attr]
    office.desk.call_next(office.counters[3])
    app_signals().changed.emit()
    assert display.counter_text(3) == "C-001"
    assert display.marquee.text() == "Layanan gratis, tanpa calo."
    assert "(ulang)" in display.recent.text()
    qtbot.waitUntil(lambda: announcer.pending == 0, timeout=10_000)
    assert texts == [
        "Nomor antrian A satu, silakan menuju loket satu.",
        "Nomor antrian A satu, silakan menuju loket satu.",  # the recall repeats it
        "Nomor antrian Ce satu, silakan menuju loket tiga.",
    ]
    display.close()


def test_waiting_counts_per_service(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    for prefix in "AAB":
        office.desk.issue(office.services[prefix])
    display = DisplayWindow(office.client, clock=office.clock)
    qtbot.addWidget(display)
    assert "Domisili: <b>2</b>" in display.waiting.text()
    assert "SKTM: <b>1</b>" in display.waiting.text()
    display.close()
