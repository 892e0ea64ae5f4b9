"""Starting the GUI: the operator panel (default), the kiosk or the public display."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from loket.paths import database_path
from loket.ui.qapp import application

if TYPE_CHECKING:
    from loket.ui.session import Session

# Everything of the office (the store, SQLAlchemy, the windows past the login, printing)
# is imported where it is used: the login window shows before any of it (issue 14).

#: Names other modules and the tests import from here, loaded on first use.
_LAZY = {
    "slip_printer": "loket.ui.devices.printing",
    "watch_printer": "loket.ui.devices.printing",
    "office_configured": "loket.client.local",
    "open_local": "loket.client.local",
    "DAMAGED": "loket.client.local",
    "first_run": "loket.ui.startup",
    "open_lan_session": "loket.ui.startup",
    # Session and the opening helpers live in session.py (startup.py needs them too);
    # tests and benchmarks import them from here. Not before the login: session.py
    # loads the change feed, the time zones and the windows' helpers.
    "Session": "loket.ui.session",
    "fail": "loket.ui.session",
    "open_checked": "loket.ui.session",
    "open_for_gui": "loket.ui.session",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)


def run_gui(data_dir: Path, *, demo: bool = False, mode: str = "operator",
            screen: int | None = None, windowed: bool = False) -> int:  # fmt: skip
    from loket.ui import guard

    app = application()
    guard.install()  # from here on, an exception in any slot is logged and explained
    try:
        return _run_gui(app, data_dir, demo=demo, mode=mode, screen=screen, windowed=windowed)
    finally:
        leave_loop(app)  # however the GUI ended (operator panel, kiosk, display, login)
        guard.uninstall()


def _run_gui(app: QApplication, data_dir: Path, *, demo: bool, mode: str,
             screen: int | None, windowed: bool) -> int:  # fmt: skip
    from loket.ui.startup import first_run, open_lan_session

    if not demo:
        lan = open_lan_session(data_dir)
        if lan is not False:  # this PC is paired to an office hub
            return _run_session(app, lan, mode, screen, windowed) if lan is not None else 1
    if mode == "operator" and (demo or database_path(data_dir).exists()):
        from loket.ui.startup import run_operator

        code = run_operator(app, data_dir, demo)
        if code is not None:
            return code
    from loket.client.local import office_configured

    if not demo and not office_configured(data_dir):
        # Nothing set up yet: the wizard sets up the office, or opens the demo office
        # in its own folder, so trying Loket never writes into the real data dir.
        choice = first_run(data_dir)
        if choice is None:
            return 0
        data_dir, demo = choice
        if not demo:  # paired with a hub by the wizard: this PC now uses the hub's queue
            lan = open_lan_session(data_dir)
            if lan is not False:
                return _run_session(app, lan, mode, screen, windowed) if lan is not None else 1
    from loket.ui.session import Session, open_for_gui

    local = open_for_gui(data_dir, demo)
    if local is None:
        return 1
    return _run_session(app, Session(local, demo), mode, screen, windowed)


def _run_session(app: QApplication, session: Session, mode: str, screen: int | None,
                 windowed: bool) -> int:  # fmt: skip
    if mode == "kiosk":
        session.kiosk(fullscreen=not windowed)
    elif mode == "display":
        session.display(screen, fullscreen=not windowed)
    elif session.operator() is None:
        session.close()
        return 0
    code = app.exec()
    session.close()
    return int(code)


def leave_loop(app: QApplication) -> None:
    """Drop a Quit still queued when the loop has ended, so the next loop can run.

    Closing the last window posts a Quit of its own (quitOnLastWindowClosed); when
    ``quit()`` ends the loop in the same turn, that posted Quit outlives the loop. The
    next event loop of this process would take it: ``exit()`` runs outside any loop,
    Qt's "quit now" flag stays set, and from then on no nested loop delivers what
    worker threads post (a LAN answer, a backup's result): they wait until a timeout.
    Qt drops it the same way when a window shows again before the posted Quit runs.
    """
    QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
