"""Save a screenshot of every window on a demo office in mid-morning.

    QT_QPA_PLATFORM=offscreen python -m loket.ui.tools.screenshots resources/screenshots

The README shows the result; a test runs this into a temp folder so it keeps working.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from loket.app.demo import DEMO_STAFF_PASSWORD, demo_morning
from loket.client.local import LocalOffice, open_local
from loket.ui.admin.dialog import AdminDialog
from loket.ui.controller import DeskController
from loket.ui.dialogs.counter import FinishDialog
from loket.ui.dialogs.login import LoginDialog
from loket.ui.dialogs.wizard import SetupWizard
from loket.ui.qapp import application
from loket.ui.windows.display import DisplayWindow
from loket.ui.windows.kiosk import KioskWindow
from loket.ui.windows.operator import OperatorWindow

SIZES = {
    "operator": (1280, 760),
    "kiosk": (1024, 768),
    "display": (1600, 900),
    "login": (420, 260),
    "finish": (480, 360),
    "wizard": (720, 520),
    "admin": (900, 560),
}


def morning(local: LocalOffice, now: datetime) -> None:
    """A queue as it looks at ten: some served, some called, most waiting."""
    demo_morning(local.db, now)


def save(widget, name: str, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    width, height = SIZES[name]
    widget.resize(width, height)
    widget.show()
    for _ in range(5):
        QCoreApplication.processEvents()
    path = folder / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise OSError(f"could not save {path}")
    return path


def take_all(folder: Path, data_dir: Path | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    application()
    data = data_dir or Path(tempfile.mkdtemp(prefix="loket-shots-"))
    local = open_local(data)
    local.prepare_demo()
    now = datetime.now(UTC)
    morning(local, now)
    office = local.office()
    services = local.services()
    counters = local.counters()
    paths = []
    login = LoginDialog(local, counters, counter_id=counters[0].id, last_user="petugas1",
                        hint="Demo: petugas1, PIN 1234")  # fmt: skip
    paths.append(save(login, "login", folder))
    user = local.login("petugas1", "1234")
    controller = DeskController(local, counters[0], user)
    operator = OperatorWindow(controller, office, services, counters)
    controller.call_next()
    paths.append(save(operator, "operator", folder))
    kiosk = KioskWindow(local, office, services)
    paths.append(save(kiosk, "kiosk", folder))
    kiosk.choose(services[0])
    kiosk.take()
    paths.append(save(kiosk, "kiosk", folder).rename(folder / "kiosk-ticket.png"))
    kiosk.reset()
    paths[-2] = save(kiosk, "kiosk", folder)
    display = DisplayWindow(local)
    controller.recall()
    display.refresh()
    paths.append(save(display, "display", folder))
    controller.start()
    finish = FinishDialog(controller.current(), operator)  # type: ignore[arg-type]
    finish.follow_up.setChecked(True)
    finish.notes.setPlainText("Menunggu tanda tangan Lurah")
    paths.append(save(finish, "finish", folder))
    admin_user = local.login("admin", DEMO_STAFF_PASSWORD)
    admin = AdminDialog(local, admin_user)
    paths.append(save(admin, "admin", folder))
    for window in (operator, kiosk, display, finish, login, admin):
        window.close()
    local.close()
    fresh = open_local(Path(tempfile.mkdtemp(prefix="loket-wizard-")))
    wizard = SetupWizard(fresh.db)
    wizard.resize(*SIZES["wizard"])
    wizard.show()
    wizard.start.new_office.setChecked(True)
    wizard.next()
    wizard.office.name.setText("Kelurahan Cihapit")
    wizard.office.kode.setText("32.73.01.1006")
    wizard.next()
    paths.append(save(wizard, "wizard", folder))
    wizard.close()
    fresh.close()
    return paths


def dashboard_screenshot(
    path: Path, data_dir: Path | None = None, *, days: int = 7, tickets: int = 110
) -> Path:
    """Save the dashboard on a demo office (a simulated week up to a busy today) as PNG.

        QT_QPA_PLATFORM=offscreen python -c \\
            "from pathlib import Path; from loket.ui.tools import screenshots; \\
             screenshots.dashboard_screenshot(Path('resources/screenshots/dashboard.png'))"
    """
    from PySide6.QtCore import QEventLoop, QTimer

    from loket.app.simulate import simulate_day
    from loket.core.days import service_day, utc_now
    from loket.ui.windows.dashboard import DashboardWindow

    application()
    data = data_dir or Path(tempfile.mkdtemp(prefix="loket-dashboard-"))
    local = open_local(data)
    try:
        local.prepare_demo()
        now = utc_now()
        today = service_day(now, local.office().tz)
        for offset in range(days - 1, -1, -1):
            simulate_day(local.db, today - timedelta(days=offset), tickets, 3, seed=offset)
        kasi = local.login("kasi", DEMO_STAFF_PASSWORD)
        window = DashboardWindow(local, actor=kasi)
        loop = QEventLoop()
        window.loaded.connect(loop.quit)
        window.failed.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.show_week()
        loop.exec()
        window.resize(1400, 860)
        window.show()
        for _ in range(5):
            QCoreApplication.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        window.close()
    finally:
        local.close()
    return path


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "resources/screenshots")
    for path in take_all(out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
