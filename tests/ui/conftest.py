"""UI fixtures: real widgets on the offscreen platform over a real database."""

from __future__ import annotations

import pytest

from loket.app.office import list_counters, list_services, load_office
from loket.app.users import UserInfo, add_user
from loket.ui.controller import DeskController
from loket.ui.windows.operator import OperatorWindow
from tests.conftest import Office


@pytest.fixture
def operator_user(office: Office) -> UserInfo:
    return add_user(office.db, "petugas1", "operator", "1234")


@pytest.fixture
def controller(office: Office, operator_user: UserInfo) -> DeskController:
    with office.db.read() as s:
        counter = next(c for c in list_counters(s) if c.number == 1)
    return DeskController(office.client, counter, operator_user)


@pytest.fixture
def operator(qtbot, office: Office, controller: DeskController) -> OperatorWindow:  # type: ignore[no-untyped-def]
    with office.db.read() as s:
        info, services, counters = load_office(s), list_services(s), list_counters(s)
    window = OperatorWindow(controller, info, services, counters, clock=office.clock)
    qtbot.addWidget(window)
    # Shortcuts only reach the active window. waitActive is a context manager: called
    # bare it returned one and waited for nothing.
    with qtbot.waitActive(window, timeout=5000):
        window.show()
        window.activateWindow()
    assert window.isActiveWindow()
    return window
