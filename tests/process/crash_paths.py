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

from loket.app.demo import ensure_demo_office
from loket.app.desk import Desk
from loket.app.users import add_user
from loket.client.local import open_local
from loket.store.migrate import open_database
from loket.ui.controller import DeskController
from loket.ui.feed import OfficeFeed
from loket.ui.windows.operator import OperatorWindow

DEADLINE_MS = 30_000


def operator(data_dir: Path, tickets: int) -> int:
    app = QApplication(sys.argv[:1])
    client = open_local(data_dir)
    ensure_demo_office(client.db, counters=2)
    user = add_user(client.db, "petugas1", "operator", "1234")
    info, services, counters = client.office(), client.services(), client.counters()
    counter = next(c for c in counters if c.number == 1)
    feed = OfficeFeed.local(client.change_probe())  # the change watcher, as the GUI runs it
    window = OperatorWindow(DeskController(client, counter, user), info, services, counters,
                            feed=feed)  # fmt: skip
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
        shown = str(tickets) in window.lists.tabText(0)
        if issued >= tickets and shown and len(client.waiting(None)) == tickets:
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
    feed.stop()
    other.close()
    client.close()
    return code


def main() -> int:
    role, data_dir, *rest = sys.argv[1:]
    if role == "operator":
        return operator(Path(data_dir), int(rest[0]))
    raise SystemExit(f"unknown role {role}")


if __name__ == "__main__":
    sys.exit(main())
