"""The operator sees the city link: enrolled desks sync in the background, status in view."""

from __future__ import annotations

import pytest

from loket.client.local import LocalOffice
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
    background = Background(LocalOffice(desk))
    with qtbot.waitSignal(background.syncStatus) as status:
        assert background.start_sync() is False
    assert status.args == ["Belum terdaftar ke server kota.", False]


def test_enrolled_desk_syncs_off_the_gui_thread_and_shows_it(  # type: ignore[no-untyped-def]
    qtbot, sqlite_only: None, desk: Database, live_server: LiveServer, new_code: NewCode
) -> None:
    enroll_database(desk, make_client(live_server.url), new_code(), desk_name="Loket 1")
    assert read_status(desk).events_waiting > 0
    background = Background(LocalOffice(desk))
    seen: list[tuple[str, bool]] = []
    background.syncStatus.connect(lambda text, ok: seen.append((text, ok)))
    background.start_sync(interval=3600)
    qtbot.waitUntil(lambda: any(ok and "0 menunggu dikirim" in t for t, ok in seen), timeout=20_000)
    assert "daring" in seen[-1][0]
    background.stop()
    assert read_status(desk).events_waiting == 0


def test_the_wizard_enrolls_a_new_office_off_the_gui_thread(  # type: ignore[no-untyped-def]
    qtbot, sqlite_only: None, tmp_path, live_server: LiveServer, new_code: NewCode
) -> None:
    from loket.store.migrate import open_database
    from loket.ui.dialogs.wizard import SetupWizard

    code = new_code()  # the city created the office 32.73.01.1001 (the demo's code)
    db = open_database(tmp_path / "new-office")
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.start.new_office.setChecked(True)
    wizard.next()
    wizard.office.name.setText("Kelurahan Sukamaju")
    wizard.office.kode.setText("3273011001")
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.admin.name.setText("admin")
    wizard.admin.password.setText("admin-pass")
    wizard.admin.repeat.setText("admin-pass")
    wizard.next()
    assert wizard.created and wizard.currentId() == wizard.PAGE_ENROLL
    wizard.enroll.server.setText(live_server.url)
    wizard.enroll.code.setText("WRONG-CODE")
    wizard.next()  # refused by the server: the message stays on the page
    qtbot.waitUntil(lambda: "gagal" in wizard.enroll.error.text(), timeout=15_000)
    wizard.enroll.code.setText(code)
    with qtbot.waitSignal(wizard.accepted, timeout=15_000):
        wizard.next()
    assert read_status(db).enrolled
    db.close()
