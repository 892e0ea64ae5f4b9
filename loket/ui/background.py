"""Work that must never run on the GUI thread: city sync, the daily backup, the purge.

The sync loop runs on its own thread (``loket.sync.loop``); its status comes back through
a Qt signal, which Qt queues onto the GUI thread. The daily backup and the retention
purge run once at start on the thread pool. Both report one Indonesian line each.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool, Signal

from loket.app.maintenance import backup_if_due, disk_warning, purge_personal_data
from loket.client.local import LocalOffice
from loket.core.errors import LoketError
from loket.ui.tasks import run_task


class Background(QObject):
    """Owns the background jobs of one GUI session on the PC that holds the office file
    (standalone or hub): a LAN client has none of these jobs."""

    syncStatus = Signal(str, bool)
    maintenance = Signal(str)

    def __init__(self, local: LocalOffice, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = local.db
        self.loop = None
        self.live = None
        self.sender = None

    def start_sync(self, interval: float = 300.0) -> bool:
        """Start the sync loop when this desk is enrolled; False otherwise."""
        from loket.sync.engine import client_for
        from loket.sync.loop import SyncLoop
        from loket.sync.state import SyncStatus, read_status

        status = read_status(self.db)
        self.syncStatus.emit(status.summary(), status.enrolled and not status.needs_enroll)
        if not status.enrolled:
            return False

        def publish(new: SyncStatus) -> None:  # on the sync thread: the signal is queued
            healthy = bool(new.online) and not new.needs_enroll and not new.skew_warning
            text = new.summary() + (f" · {new.skew_warning}" if new.skew_warning else "")
            self.syncStatus.emit(text, healthy)

        self.loop = SyncLoop(self.db, lambda: client_for(self.db), interval=interval,
                             on_status=publish)  # fmt: skip
        self.loop.start()
        from loket.app.online.pusher import start_live

        self.live = start_live(self.db)  # the citizens' live position (when turned on)
        return True

    def start_messages(self) -> None:
        """Messages to citizens who agreed (idle until the office sets a gateway)."""
        from loket.app.online.sender import start_sender

        self.sender = start_sender(self.db)

    def sync_now(self) -> None:
        if self.loop is not None:
            self.loop.trigger()

    def run_maintenance(self) -> None:
        """Daily backup and retention purge, off the GUI thread."""

        def work() -> list[str]:
            lines = []
            try:
                path = backup_if_due(self.db)
                if path is not None:
                    lines.append(f"Cadangan harian dibuat: {path.name}.")
                purged = purge_personal_data(self.db)
                if purged:
                    lines.append(f"{purged} data pribadi lewat masa simpan dihapus.")
            except (LoketError, OSError) as exc:
                lines.append(
                    "Cadangan harian gagal: "
                    + (exc.message if isinstance(exc, LoketError) else str(exc))
                )
            warning = disk_warning(self.db.path.parent)
            if warning:
                lines.append(warning)
            return lines

        def done(lines: list[str] | None, error: Exception | None) -> None:
            if error is not None:
                raise error  # a bug: the slot guard logs it and says so
            if lines:
                self.maintenance.emit(" ".join(lines))

        run_task(work, done, owner=self)

    def stop(self) -> None:
        if self.sender is not None:
            self.sender.stop()
            self.sender = None
        if self.live is not None:
            self.live.stop()
            self.live = None
        if self.loop is not None:
            self.loop.stop(timeout=5.0)
            self.loop = None
        QThreadPool.globalInstance().waitForDone(10_000)
