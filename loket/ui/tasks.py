"""Background work for every window: ``run_task(func, on_done)``.

Anything that can take longer than a frame (a database read of a month, a backup, a
report, an HTTP call, a silent printer) runs ``func`` on a thread pool; ``on_done(result,
error)`` then runs on the GUI thread, where widgets may be touched. Exactly one of the
two is set: ``error`` is the exception ``func`` raised (never raised again here, so no
worker's failure vanishes and none escapes a slot). As Picard's ``run_task``.

``owner``: when that QObject is destroyed first (its window closed), ``on_done`` is not
called at all. ``pool``: a window that must wait for its work when it closes passes its
own ``QThreadPool`` (and calls ``waitForDone`` then); the default is Qt's global pool.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

OnDone = Callable[[Any, Exception | None], None]


class _Relay(QObject):
    """Lives on the GUI thread: a signal emitted from the worker is queued onto it."""

    finished = Signal(object, object)

    def __init__(self, on_done: OnDone, owner: QObject | None) -> None:
        super().__init__(owner)
        self.on_done = on_done
        self.finished.connect(self._deliver)

    def _deliver(self, result: Any, error: Exception | None) -> None:
        _pending.discard(self)
        try:
            self.on_done(result, error)
        finally:
            self.deleteLater()


class _Task(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.func = func
        self.relay = relay

    def run(self) -> None:
        result: Any = None
        error: Exception | None = None
        try:
            result = self.func()
        except Exception as exc:  # handed to on_done on the GUI thread
            error = exc
        with contextlib.suppress(RuntimeError):  # the owner (and its relay) closed meanwhile
            self.relay.finished.emit(result, error)


#: Relays without an owner are kept alive here until they deliver.
_pending: set[_Relay] = set()


def run_task(
    func: Callable[[], Any],
    on_done: OnDone,
    *,
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> None:
    """Run ``func()`` off the GUI thread, then ``on_done(result, error)`` on it."""
    relay = _Relay(on_done, owner)
    if owner is None:
        _pending.add(relay)
    (pool or QThreadPool.globalInstance()).start(_Task(func, relay))


def error_text(error: BaseException) -> str:
    """One line for a person: a refusal's Indonesian message, else the error itself."""
    return getattr(error, "message", None) or str(error) or type(error).__name__
