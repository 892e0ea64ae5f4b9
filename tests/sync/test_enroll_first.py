"""Enrolling an empty desk first leads into the wizard, never to a dead end at login.

The city gives the office's name, code and zone and publishes its services; the desk
keeps them, says what is left to set up, and the wizard opens at the services page with
the city's services ticked, then the office serves at once.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from loket.app.desk import Desk
from loket.app.setup import read_setup_state
from loket.cli.sync import register
from loket.core.days import utc_now
from loket.server.db import ServerDatabase
from loket.server.reference import publish
from loket.store.migrate import open_database
from loket.sync.schemas import ServiceStandard
from loket.ui.app import office_configured
from loket.ui.dialogs.wizard import SetupWizard

from ..server.live import LiveServer
from .conftest import NewCode
from .helpers import DEMO_CODE, DEMO_NAME

sqlite_only = pytest.mark.parametrize("server_db_url", ["sqlite"], indirect=True)


def _run(*argv: str) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir")
    parser = argparse.ArgumentParser(prog="loket")
    register(parser.add_subparsers(dest="command"), common)
    args = parser.parse_args(argv)
    return int(args.func(args, Path(args.data_dir)))


@sqlite_only
def test_enrolling_an_empty_desk_leads_into_the_wizard_with_the_citys_services(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    live_server: LiveServer,
    server_db: ServerDatabase,
    new_code: NewCode,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = new_code()
    now = utc_now()
    publish(server_db, ServiceStandard(prefix="A", name="Domisili", standard_minutes=12,
                                       requirements="KTP"), now=now)  # fmt: skip
    publish(server_db, ServiceStandard(prefix="K", name="Legalisir", standard_minutes=5),
            now=now, office_code=DEMO_CODE)  # fmt: skip
    data = tmp_path / "fresh"
    assert _run("enroll", "--data-dir", str(data), "--server", live_server.url, "--code", code) == 0
    out = capsys.readouterr().out
    assert "belum ada layanan, belum ada loket dan belum ada akun admin" in out
    assert "2 layanan terbitan server kota" in out
    assert not office_configured(data)  # the GUI opens the wizard, not the login

    db = open_database(data)
    state = read_setup_state(db)
    assert state.office is not None and state.office.name == DEMO_NAME
    assert [(s.prefix, s.name, s.standard_minutes) for s in state.city_services] == [
        ("A", "Domisili", 12),
        ("K", "Legalisir", 5),
    ]
    wizard = SetupWizard(db, state)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentId() == wizard.PAGE_SERVICES
    assert [s.prefix for s in wizard.services.chosen()] == ["A", "K"]  # ticked, the rest not
    assert wizard.office.kode.isReadOnly() and wizard.office.name.text() == DEMO_NAME
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentId() == wizard.PAGE_ADMIN
    qtbot.keyClicks(wizard.admin.name, "admin")
    qtbot.keyClicks(wizard.admin.password, "rahasia-1")
    qtbot.keyClicks(wizard.admin.repeat, "rahasia-1")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert wizard.created and wizard.enroll.already.isVisible()  # enrolled: nothing to ask
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    after = read_setup_state(db)
    assert after.complete, after.describe()
    assert after.office is not None and after.office.code == DEMO_CODE
    services = {s.prefix: s for s in after.services}
    assert services["A"].requirements == "KTP"
    assert Desk(db).issue(services["K"].id).ticket.label == "K-001"
    db.close()
    assert office_configured(data)
    assert _run("sync", "--once", "--data-dir", str(data)) == 0  # and it syncs as before
