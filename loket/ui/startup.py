"""The operator panel's start: the login window first, the office opened behind it.

Why (issue 14): starting ``loket`` used to import SQLAlchemy, the store, the reports and
every window, run SQLite's quick_check and the migrations check, and only then show
anything: ~7x a bare window. Now the login window, which needs Qt and nothing else,
shows at once; the database is opened and checked on a worker thread,
which also loads the operator window's modules meanwhile, and the counters fill in
when it is done. A damaged database still never reaches the login: the worker's
refusal closes it and the recovery screen opens, as before. The backups, the city sync
and the change feed start after the login, as before.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from loket.core.errors import LoketError
from loket.ui.dialogs.login import LoginDialog
from loket.ui.localsettings import LocalSettings

if TYPE_CHECKING:
    from loket.app.office import CounterInfo
    from loket.app.setup import SetupState
    from loket.client.local import LocalOffice

#: What the operator window needs once the login is done, loaded during the login.
WARM = (
    "loket.ui.windows.operator",
    "loket.ui.controller",
    "loket.ui.devices.printing",
    "loket.ui.feed",
    "loket.ui.background",
)
DEMO_PIN = "1234"  # loket.app.demo.DEMO_PASSWORD, without importing the store for it


@dataclass
class Opened:
    local: LocalOffice
    state: SetupState
    counters: list[CounterInfo]


def open_office(data_dir: Path, demo: bool) -> Opened:
    """On the worker: open (quick_check, migrate) and read what the login needs."""
    from loket.client.local import open_local

    local = open_local(data_dir, check=True)
    try:
        if demo:
            local.prepare_demo()
        opened = Opened(local, local.setup_state(), local.counters())
    except BaseException:
        local.close()
        raise
    for name in WARM:
        importlib.import_module(name)
    return opened


@dataclass
class LoginOutcome:
    """What the login-first start ended with (exactly one of the fields is meaningful)."""

    login: LoginDialog
    opened: Opened | None = None
    error: Exception | None = None  # the opening failed (a damaged file: DAMAGED)
    accepted: bool = False
    quit_early: bool = False  # Keluar before the office was open (nothing to explain)


def login_first(data_dir: Path, demo: bool, scope: str) -> LoginOutcome:
    """Show the login at once and open the office behind it; returns once it closed."""
    settings = LocalSettings.load(scope)
    hint = ""
    if demo:
        hint = QApplication.translate(
            "app", "Demo: masuk sebagai petugas1, petugas2 atau petugas3, PIN {0}."
        ).format(DEMO_PIN)
    login = LoginDialog(None, [], counter_id=settings.counter_id,
                        last_user=settings.last_user, hint=hint)  # fmt: skip
    outcome = LoginOutcome(login)

    def opened(result: Any, error: Exception | None) -> None:
        outcome.error, outcome.opened = error, result
        if error is not None or not login.isVisible():  # (or Keluar while it opened)
            login.reject()
        elif not demo and not (result.state.complete and result.state.can_queue):
            login.reject()  # the caller explains or runs the set-up wizard
        else:
            login.office_ready(result.local, result.counters)

    # Started from the event loop, i.e. once the login is on screen: the worker's imports
    # (SQLAlchemy, the store) would otherwise share the interpreter with its showing.
    # Its result is looked for by a timer on the GUI thread (a Future, not a queued
    # signal: delivered the same in any event loop, the login's included).
    future: Future[Opened] = Future()

    def work() -> None:
        try:
            future.set_result(open_office(data_dir, demo))
        except BaseException as exc:  # handed to the GUI thread
            future.set_exception(exc)

    worker = threading.Thread(target=work, name="loket-open", daemon=True)

    def look() -> None:
        if not worker.is_alive() and not future.done():
            worker.start()  # the first tick: the login is on screen by now
        elif future.done():
            poll.stop()
            error = future.exception()
            opened(None if error is not None else future.result(), _as_error(error))

    poll = QTimer(login)
    poll.setInterval(15)
    poll.timeout.connect(look)
    poll.start()
    outcome.accepted = bool(login.exec()) and login.user is not None
    poll.stop()
    if outcome.opened is None and outcome.error is None:
        if not worker.is_alive() and not future.done():
            worker.start()
        # Keluar before the office was open: let the worker finish, close what it opened.
        outcome.quit_early = True
        with contextlib.suppress(Exception):
            future.result(timeout=120).local.close()
    return outcome


def _as_error(error: BaseException | None) -> Exception | None:
    if error is None or isinstance(error, Exception):
        return error
    return RuntimeError(f"pembukaan data kantor terhenti ({type(error).__name__})")


def run_operator(app: QApplication, data_dir: Path, demo: bool) -> int | None:
    """The operator panel, its login shown first (``loket.ui.startup``).

    None: the office is not ready to queue (half set up): the caller runs the set-up
    wizard or explains, as for a window without a login.
    """
    for _attempt in range(3):
        outcome = login_first(data_dir, demo, "-demo" if demo else "")
        if outcome.quit_early:
            return 0
        # Loaded here, not before the login: the worker has loaded most of it by now.
        from loket.client.local import DAMAGED
        from loket.ui.session import Session, fail

        error = outcome.error
        if isinstance(error, DAMAGED):
            from loket.ui.dialogs.recovery import RecoveryDialog

            if not RecoveryDialog(data_dir, getattr(error, "message", str(error))).exec():
                return 1
            continue
        if isinstance(error, LoketError):
            return fail(error.message)
        if error is not None:
            raise error
        opened = outcome.opened
        assert opened is not None
        if not demo and not (opened.state.complete and opened.state.can_queue):
            opened.local.close()
            return None
        if not outcome.accepted:
            opened.local.close()
            return 0
        session = Session(opened.local, demo)
        if session.operator(outcome.login) is None:
            session.close()
            return 0
        code = app.exec()
        session.close()
        return int(code)
    return 1


def first_run(data_dir: Path) -> tuple[Path, bool] | None:
    """Run the set-up wizard; (data dir, demo?) to continue with, or None if cancelled."""
    from loket.client.local import open_local
    from loket.ui.dialogs.wizard import SetupWizard
    from loket.ui.session import fail

    try:
        local = open_local(data_dir)
    except LoketError as exc:
        fail(exc.message)
        return None
    try:
        wizard = SetupWizard(local.db, local.setup_state())
        accepted = wizard.exec()
        if wizard.wants_demo() and accepted:
            return data_dir / "demo", True
        return (data_dir, False) if wizard.created or wizard.paired else None
    finally:
        local.close()


def open_lan_session(data_dir: Path) -> Any:
    # (-> Session | bool | None; Session lives in loket.ui.session)
    """A session on the office hub when this PC is paired to one (``<data>/pc.json``).

    False: this PC holds its office itself (standalone or hub): open the local file.
    None: paired, but the hub could not be reached or the file is wrong (explained).
    """
    try:
        from loket.client.pc import pc_path

        if not pc_path(data_dir).exists():  # standalone: no LAN code before the login
            return False
        from loket.client.connect import CLIENT, open_client, read_pc
    except ImportError:  # a build without the LAN side
        return False
    try:
        if read_pc(data_dir).role != CLIENT:
            return False  # (before the session's and the feed's imports: the login waits)
        connection = open_client(data_dir, with_feed=True)
    except LoketError as exc:
        from loket.ui.session import fail

        fail(exc.message)
        return None
    from loket.ui.feed import OfficeFeed
    from loket.ui.session import Session, fail

    feed = OfficeFeed.lan(connection.feed)
    if connection.follower is not None:
        feed.watch_replica(connection.follower)
    try:
        session = Session(connection.client, False, feed=feed)
    except LoketError as exc:  # the hub is off or this PC's pairing was revoked
        feed.stop()
        connection.close()
        fail(exc.message)
        return None
    session.closers.append(connection.close)
    return session
