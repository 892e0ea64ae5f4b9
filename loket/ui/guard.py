"""No exception escapes a Qt slot unseen: it is logged and the person gets a clear message.

PySide6 hands an exception raised in a slot, a timer or an overridden event handler to
``sys.excepthook`` and carries on. Python's default hook prints a traceback on a console
a kelurahan PC does not have, so the operator would see a button that "does nothing".
``install`` replaces that hook, for the whole GUI, with one that:

- logs the traceback (``logs/loket.log``, redacted like every record);
- shows one message box: a known fault (a refusal, a full disk, a damaged database...,
  sorted by ``loket.store.errors``) in its own Indonesian words; anything else as an
  unexpected error with where the log is, saying that Loket keeps running;
- works from any thread: a worker's exception is shown on the GUI thread;
- shows at most one box at a time (a timer failing every 200 ms must not bury the
  screen in boxes); the rest still go to the log.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger("loket.ui")


class SlotGuard(QObject):
    """The GUI's exception hook; ``report`` carries the text to the GUI thread."""

    report = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.previous = sys.excepthook
        self.box: QMessageBox | None = None
        self.shown: list[str] = []  # every message shown (tests read it)
        self._connected = False

    def _connect(self) -> None:
        """Queue ``report`` to the GUI thread, made at the first exception.

        Not at ``install``: the connection type lives in PySide6's ``Qt`` namespace, whose
        enums cost ~40 ms to build, before the login window could show (issue 14).
        Qt's connections may be made from any thread.
        """
        if not self._connected:
            from PySide6.QtCore import Qt

            self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)
            self._connected = True

    def hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, exc, tb)
            return
        try:
            log.error("exception in the GUI", exc_info=(kind, exc, tb))
            self._connect()
            self.report.emit(self.message_for(exc))
        except Exception:  # the guard itself must never fail: fall back to the printout
            traceback.print_exception(kind, exc, tb)

    def message_for(self, exc: BaseException) -> str:
        from loket.app.faults import user_message

        known = user_message(exc)
        if known is not None:
            return known
        where = log_file()
        text = self.tr(
            "Terjadi kesalahan yang tidak terduga; tindakan terakhir mungkin tidak selesai. "
            "Loket tetap berjalan: periksa layar lalu ulangi bila perlu."
        )
        if where:
            text += "\n\n" + self.tr("Rinciannya dicatat di {0}.").format(where)
        return text

    @Slot(str)
    def _show(self, text: str) -> None:
        from PySide6.QtCore import Qt

        self.shown.append(text)
        if self.box is not None and self.box.isVisible():
            return  # one at a time; the log has every one
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Warning, "Loket", text, QMessageBox.StandardButton.Ok,
                          parent)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setObjectName("slotGuardMessage")
        box.destroyed.connect(self._forget)
        self.box = box
        box.open()  # not exec(): no nested event loop inside a failing slot

    @Slot()
    def _forget(self) -> None:
        self.box = None


def log_file() -> str | None:
    """The file the root logger writes to (``setup_logging``), if any."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler):
            return handler.baseFilename
    return None


_guard: SlotGuard | None = None


def install() -> SlotGuard:
    """Make the guard ``sys.excepthook`` (once); ``uninstall`` puts the old hook back."""
    global _guard
    if _guard is None:
        _guard = SlotGuard()
    if sys.excepthook != _guard.hook:
        _guard.previous = sys.excepthook
        sys.excepthook = _guard.hook
    return _guard


def uninstall() -> None:
    """Back to the previous hook: a crash outside the event loop prints its traceback."""
    if _guard is not None and sys.excepthook == _guard.hook:
        sys.excepthook = _guard.previous
