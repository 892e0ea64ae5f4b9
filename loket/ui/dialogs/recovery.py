"""When the database is damaged: a clear screen offering a restore, never a silent new file.

This screen stays on the local file by nature: it is about this PC's own database (the
standalone or hub PC), before any office client can exist. It calls the app's
``restore`` use case on the data dir and never opens the database itself; a LAN client
has no office file of its own to recover.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.app.maintenance import restore
from loket.core.errors import LoketError
from loket.paths import backups_dir
from loket.ui.widgets import error_label, ok_cancel


def backup_files(data_dir: Path) -> list[Path]:
    """Backups in the data dir's folder, newest first (daily ones before pre-upgrade ones)."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.glob("*.db") if not p.name.startswith("pre-restore-")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )


class RecoveryDialog(QDialog):
    """Explains the problem, lists the backups, restores the chosen one."""

    def __init__(self, data_dir: Path, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.restored_from: Path | None = None
        self.setWindowTitle(self.tr("Basis data bermasalah"))
        head = QLabel(
            self.tr(
                "<b>Basis data Loket tidak dapat dipakai.</b><br>{0}<br><br>"
                "Pilih cadangan untuk dipulihkan. Berkas yang rusak disimpan, tidak "
                "dihapus."
            ).format(problem)
        )
        head.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Daftar cadangan"))
        for path in backup_files(data_dir):
            item = QListWidgetItem(path.name)
            item.setData(256, str(path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        browse = QPushButton(self.tr("Pilih berkas cadangan lain…"))
        browse.setAccessibleName(browse.text())
        browse.clicked.connect(self._browse)
        self.error = error_label()
        buttons = ok_cancel(
            self, self.tr("Pulihkan"), self.restore_selected, cancel_text=self.tr("Keluar")
        )
        layout = QVBoxLayout(self)
        for widget in (head, self.list, browse, self.error, buttons):
            layout.addWidget(widget)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Berkas cadangan"), str(backups_dir(self.data_dir)), "*.db"
        )
        if name:
            item = QListWidgetItem(Path(name).name)
            item.setData(256, name)
            self.list.insertItem(0, item)
            self.list.setCurrentRow(0)

    def restore_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            self.error.setText(self.tr("Belum ada cadangan. Hubungi admin kota."))
            return
        source = Path(item.data(256))
        try:
            restore(self.data_dir, source)
        except LoketError as exc:
            self.error.setText(exc.message)
            return
        self.restored_from = source
        self.accept()
