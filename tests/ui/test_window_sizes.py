"""Every window fits the office monitors: 1024×768 and 1366×768.

The kiosk once needed 908 px of height, so its priority button was off the screen.
A window's minimum size is what its layouts demand; a full-screen window must fit the
whole screen, a framed one the screen less its frame, title bar and the taskbar.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QSize
from PySide6.QtWidgets import QWidget

from loket.app.office import ServiceInfo, list_counters, list_services, load_office
from loket.app.users import add_user
from loket.ui.admin.dialog import AdminDialog
from loket.ui.dialogs.counter import ChangePasswordDialog, FinishDialog, TransferDialog
from loket.ui.dialogs.login import LoginDialog
from loket.ui.dialogs.recovery import RecoveryDialog
from loket.ui.dialogs.wizard import SetupWizard
from loket.ui.widgets import FRAME_ALLOWANCE, SMALL_SCREEN
from loket.ui.windows.dashboard import DashboardWindow
from loket.ui.windows.display import DisplayWindow
from loket.ui.windows.kiosk import KioskWindow
from loket.ui.windows.operator import OperatorWindow
from loket.ui.windows.rating import RatingWindow
from loket.ui.windows.skm_form import SkmForm
from tests.conftest import Office

SCREENS = [QSize(*SMALL_SCREEN), QSize(1366, 768)]


def needs(window: QWidget) -> QSize:
    """The smallest size the window's layouts allow, once shown."""
    window.show()
    QCoreApplication.processEvents()
    return window.minimumSize().expandedTo(window.minimumSizeHint())


def fits(window: QWidget, *, framed: bool) -> None:
    need = needs(window)
    if framed:
        need += QSize(*FRAME_ALLOWANCE)
    for screen in SCREENS:
        assert need.width() <= screen.width() and need.height() <= screen.height(), (
            f"{type(window).__name__} needs {need.width()}×{need.height()} "
            f"on a {screen.width()}×{screen.height()} screen"
        )


def many_services(count: int) -> list[ServiceInfo]:
    names = ["Surat Keterangan Tidak Mampu (SKTM)", "Surat Keterangan Ahli Waris"]
    return [
        ServiceInfo(i + 1, chr(ord("A") + i), names[i % 2], 15, "", 0, None, True)
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [3, 5, 8, 12])
def test_the_kiosk_and_its_priority_button_fit_a_1024x768_screen(
    qtbot, office: Office, count: int
) -> None:  # type: ignore[no-untyped-def]
    with office.db.read() as s:
        info = load_office(s)
    kiosk = KioskWindow(office.client, info, many_services(count))
    qtbot.addWidget(kiosk)
    fits(kiosk, framed=False)
    kiosk.resize(*SMALL_SCREEN)
    QCoreApplication.processEvents()
    bottom = kiosk.priority_button.mapTo(kiosk, QPoint(0, kiosk.priority_button.height()))
    assert bottom.y() <= SMALL_SCREEN[1], "the priority button is off the screen"
    kiosk.priority_button.setChecked(True)  # the reason page: six touch buttons
    fits(kiosk, framed=False)


def test_every_other_window_fits(qtbot, office: Office, operator: OperatorWindow,
                                 tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    db = office.db
    admin = add_user(db, "admin", "admin", "rahasia-1")
    with db.read() as s:
        services, counters = list_services(s), list_counters(s)
    ticket = office.desk.issue(services[0].id).ticket
    client = office.client
    full_screen: list[QWidget] = [
        DisplayWindow(client, clock=office.clock),
        RatingWindow(client, counters[0].id, clock=office.clock),
        SkmForm(client, services, clock=office.clock),
    ]
    framed: list[QWidget] = [
        operator,
        LoginDialog(client, counters, hint="Demo: petugas1, PIN 1234"),
        SetupWizard(db),
        DashboardWindow(client, actor=admin, clock=office.clock),
        AdminDialog(client, admin),
        FinishDialog(ticket),
        TransferDialog(ticket, services, counters, counters[0].id),
        ChangePasswordDialog(),
        RecoveryDialog(tmp_path, "Basis data rusak"),
    ]
    for window in full_screen + framed:
        if window is not operator:
            qtbot.addWidget(window)
    for window in full_screen:
        fits(window, framed=False)
    for window in framed:
        fits(window, framed=True)


def test_the_display_in_a_window_stays_on_a_small_screen(qtbot, office: Office) -> None:  # type: ignore[no-untyped-def]
    """Jendela → Buka layar antrian on a one-PC office: it opened at 1280×720 on a
    1024×768 screen, the last calls and the waiting counts past its right edge."""
    display = DisplayWindow(office.client, clock=office.clock)
    qtbot.addWidget(display)
    display.show_on_screen(None, fullscreen=False)
    free = display.screen().availableGeometry()
    assert display.width() <= free.width() and display.height() <= free.height()
    assert display.isVisible() and not display.isFullScreen()
