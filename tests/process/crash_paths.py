"""The two paths that aborted with ``Fatal Python error: none_dealloc`` (issue 10 item 5).

``python crash_paths.py operator DATA_DIR TICKETS``: an operator window with the change
watcher on while another connection issues ``TICKETS`` tickets; it waits until the window
has refreshed on the last one, closes and lets the interpreter exit (where it aborted).
Prints ``refreshed <waiting>`` and exits 0 when all went well.

The cause was shiboken6 6.12.0 on Python 3.11: every void method (``QPainter.setPen``,
``QWidget.resize``...) dropped a reference to ``None`` and every signal carrying a bool
one to ``True``; Python 3.12 made those objects immortal, 3.11 frees them once the count
reaches zero, so a long enough run aborts. ``pyproject.toml`` keeps that build out.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from loket.app.desk import Desk
from loket.app.office import list_counters, list_services, load_office
from loket.app.simulate import ensure_demo_office
from loket.app.users import add_user
from loket.store.migrate import open_database
from loket.ui.controller import DeskController
from loket.ui.operator import OperatorWindow

DEADLINE_MS = 30_000


def operator(data_dir: Path, tickets: int) -> int:
    app = QApplication(sys.argv[:1])
    db = open_database(data_dir)
    ensure_demo_office(db, counters=2)
    user = add_user(db, "petugas1", "operator", "1234")
    with db.read() as s:
        info, services, counters = load_office(s), list_services(s), list_counters(s)
    counter = next(c for c in counters if c.number == 1)
    window = OperatorWindow(db, DeskController(db_desk := Desk(db), counter, user),
                            info, services, counters, watch=True)  # fmt: skip
    window.show()
    other = open_database(data_dir)  # another connection: what the watcher notices
    other_desk = Desk(other)
    service = next(sv.id for sv in services if sv.id in counter.service_ids)
    issued = 0

    def issue_one() -> None:
        nonlocal issued
        if issued < tickets:
            other_desk.issue(service)
            issued += 1

    def check() -> None:
        if issued >= tickets and len(db_desk.waiting(None)) == tickets:
            text = window.tabs.tabText(0)
            if str(tickets) in text:
                print("refreshed", tickets, flush=True)
                window.close()
                app.quit()

    issuer = QTimer(interval=5)
    issuer.timeout.connect(issue_one)
    issuer.start()
    checker = QTimer(interval=50)
    checker.timeout.connect(check)
    checker.start()
    QTimer.singleShot(DEADLINE_MS, lambda: app.exit(3))
    code = app.exec()
    issuer.stop()
    checker.stop()
    other.close()
    db.close()
    return code


def main() -> int:
    role, data_dir, *rest = sys.argv[1:]
    if role == "operator":
        return operator(Path(data_dir), int(rest[0]))
    raise SystemExit(f"unknown role {role}")


if __name__ == "__main__":
    sys.exit(main())
