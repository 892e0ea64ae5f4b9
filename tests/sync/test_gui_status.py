"""The operator sees the city link: enrolled desks sync in the background, status in view."""

from __future__ import annotations

import pytest

from loket.store.database import Database
from loket.sync.engine import enroll_database
from loket.sync.state import read_status
from loket.ui.background import Background

from ..server.live import LiveServer
from .conftest import NewCode
from .helpers import make_client


@pytest.fixture
def sqlite_only(server_db_url: str) -> None:
    if not server_db_url.startswith("sqlite"):
        pytest.skip("the GUI side is the same whatever the city's database")


def test_not_enrolled_says_so(qtbot, desk: Database) -> None:  # type: ignore[no-untyped-def]
    background = Background(desk)
    with qtbot.waitSignal(background.syncStatus) as status:
        assert background.start_sync() is False
    assert status.args == ["Belum terdaftar ke server kota.", False]


def test_enrolled_desk_syncs_off_the_gui_thread_and_shows_it(  # type: ignore[no-untyped-def]
    qtbot, sqlite_only: None, desk: Database, live_server: LiveServer, new_code: NewCode
) -> None:
    enroll_database(desk, make_client(live_server.url), new_code(), desk_name="Loket 1")
    assert read_status(desk).events_waiting > 0
    background = Background(desk)
    seen: list[tuple[str, bool]] = []
    background.syncStatus.connect(lambda text, ok: seen.append((text, ok)))
    background.start_sync(interval=3600)
    qtbot.waitUntil(lambda: any(ok and "0 menunggu dikirim" in t for t, ok in seen), timeout=20_000)
    assert "daring" in seen[-1][0]
    background.stop()
    assert read_status(desk).events_waiting == 0
