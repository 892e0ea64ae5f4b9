"""The operator panel's start: the login window shows first, the office opens behind it.

``run_gui`` as ``loket`` runs it. The login window is on screen (and its button waits)
before the office's database is opened; the counters fill in once the worker opened
and checked it, and the operator logs in with the keyboard. A damaged database never
reaches a login: the worker's quick_check fails, the login closes, the recovery screen
opens, and the file is not written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from loket.ui.dialogs.login import LoginDialog
from loket.ui.windows.operator import OperatorWindow


def _steps(*steps):  # type: ignore[no-untyped-def]
    """Run each step on the GUI thread, every 20 ms, until it says it is done."""
    pending = list(steps)
    errors: list[BaseException] = []
    timer = QTimer()

    def tick() -> None:
        try:
            if pending and pending[0]():
                pending.pop(0)
        except BaseException as exc:  # report in the test, end the GUI
            errors.append(exc)
            pending.clear()
            for widget in QApplication.topLevelWidgets():
                widget.close()
            QApplication.quit()
        if not pending:
            timer.stop()

    timer.timeout.connect(tick)
    timer.start(20)
    return timer, errors


def test_the_login_shows_before_the_office_is_open_then_lets_the_operator_in(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import loket.ui.startup as startup
    from loket.ui.app import run_gui

    seen: dict[str, object] = {}
    real_open = startup.open_office

    def open_office(data_dir: Path, demo: bool) -> startup.Opened:
        # On the worker: the login must already be on screen, its button waiting.
        login = next(w for w in QApplication.topLevelWidgets() if isinstance(w, LoginDialog))
        seen["shown_before_open"] = login.isVisible() and not login.login_button.isEnabled()
        return real_open(data_dir, demo)

    monkeypatch.setattr(startup, "open_office", open_office)

    def log_in() -> bool:
        login = QApplication.activeModalWidget()
        if not isinstance(login, LoginDialog) or not login.login_button.isEnabled():
            return False
        seen["counters"] = login.counter.count()
        qtbot.keyClick(login.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(login.name, "petugas1")
        qtbot.keyClicks(login.password, "1234")
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        return True

    def operator_shown() -> bool:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, OperatorWindow) and w.isVisible()]  # fmt: skip
        if not windows:
            return False
        seen["operator"] = windows[0].windowTitle()
        windows[0].close()
        QApplication.quit()
        return True

    timer, errors = _steps(log_in, operator_shown)
    assert run_gui(tmp_path / "data", demo=True) == 0
    timer.stop()
    assert not errors, errors
    assert seen["shown_before_open"] is True
    assert seen["counters"] == 3
    assert "operator" in seen


def test_after_the_gui_ended_by_a_close_and_a_quit_worker_answers_still_arrive(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """The operator window closed (the last window: Qt posts a Quit of its own) and
    ``quit()`` in the same turn, as a test or a tool ends ``run_gui``. The posted Quit
    outlived the loop and set Qt's "quit now" flag in the next wait of the process:
    from then on a worker's result (a backup, a LAN answer) was never delivered."""
    from loket.ui.app import run_gui
    from loket.ui.tasks import run_task

    def log_in() -> bool:
        login = QApplication.activeModalWidget()
        if not isinstance(login, LoginDialog) or not login.login_button.isEnabled():
            return False
        qtbot.keyClick(login.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(login.name, "petugas1")
        qtbot.keyClicks(login.password, "1234")
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        return True

    def close_and_quit() -> bool:
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, OperatorWindow) and w.isVisible()]  # fmt: skip
        if not windows:
            return False
        windows[0].close()
        QApplication.quit()
        return True

    timer, errors = _steps(log_in, close_and_quit)
    assert run_gui(tmp_path / "data", demo=True) == 0
    timer.stop()
    assert not errors, errors
    answers: list[object] = []
    run_task(lambda: 42, lambda result, error: answers.append(result))
    qtbot.waitUntil(lambda: answers == [42], timeout=5_000)


def test_a_damaged_database_closes_the_login_and_opens_the_recovery_screen(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from loket.ui.app import run_gui
    from loket.ui.dialogs.recovery import RecoveryDialog
    from tests.faults import damaged_office_with_wal, file_bytes, quick_check_fails

    data = tmp_path / "office"
    damaged_office_with_wal(data, tmp_path / "live")
    assert quick_check_fails(data)
    before = file_bytes(data)
    shown: list[str] = []
    logins: list[bool] = []

    def leave(dialog: RecoveryDialog) -> int:
        logins.extend(w.login_button.isEnabled() for w in QApplication.topLevelWidgets()
                      if isinstance(w, LoginDialog) and w.isVisible())  # fmt: skip
        shown.append(dialog.findChildren(QLabel)[0].text())
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", leave)
    assert run_gui(data, demo=False) == 1
    assert shown and "rusak" in shown[0]
    assert logins == []  # the login had closed: nobody logs in to a damaged file
    assert file_bytes(data) == before
