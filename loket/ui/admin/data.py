"""The admin's "Data & cadangan" tab: how long personal data is kept, backups, purging.

A backup (copy and verify) and a purge (a year of rows, VACUUM) take seconds on a large
register, so both run on the thread pool, one at a time.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.ui.admin.parts import Report, button
from loket.ui.tasks import error_text, run_task


class DataTab(QWidget):
    def __init__(self, client: OfficeClient, user: UserInfo, ok: Report, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client, self.user, self._ok, self._error = client, user, ok, error
        self.retention = QSpinBox()
        self.retention.setRange(30, 3650)
        retention, folder, last = client.data_settings(actor=user)
        self.retention.setValue(retention)
        self.retention.setSuffix(self.tr(" hari"))
        self.retention.setAccessibleName(self.tr("Masa simpan data pribadi"))
        self.folder = QLineEdit(folder)
        self.folder.setAccessibleName(self.tr("Folder cadangan"))
        self.last_backup = QLabel(
            self.tr("Cadangan terakhir: {0}").format(f"{last:%d-%m-%Y %H:%M} UTC" if last else "–")
        )
        form = QFormLayout(self)
        form.addRow(self.tr("Masa simpan data pribadi"), self.retention)
        form.addRow(self.tr("Folder cadangan (boleh diska USB)"), self.folder)
        form.addRow(self.last_backup)
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Simpan"), self.save_data))
        self.backup_button = button(self.tr("Cadangkan sekarang"), self.backup_now)
        self.purge_button = button(self.tr("Hapus data pribadi yang lewat masa simpan"), self.purge)
        row.addWidget(self.backup_button)
        row.addWidget(self.purge_button)
        form.addRow(row)
        note = QLabel(
            self.tr(
                "Memulihkan dari cadangan: tutup Loket lalu jalankan "
                "`loket db restore BERKAS`, atau pilih cadangan di layar yang "
                "muncul saat basis data rusak."
            )
        )
        note.setWordWrap(True)
        form.addRow(note)

    def save_data(self) -> None:
        try:
            self.client.save_data_settings(
                self.retention.value(), self.folder.text(), actor=self.user
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._ok(self.tr("Pengaturan data tersimpan."))

    def backup_now(self) -> None:
        """Copy and verify the file on the thread pool: a large register takes seconds."""
        self._busy(True)
        client, user = self.client, self.user
        run_task(lambda: client.backup_now(actor=user), self._backed_up, owner=self)

    def _backed_up(self, path: object, error: Exception | None) -> None:
        self._busy(False)
        if isinstance(error, LoketError | OSError):
            self._error(error_text(error))
        elif error is not None:
            raise error  # a bug: the slot guard logs it and says so
        else:
            self._ok(self.tr("Cadangan dibuat dan diperiksa: {0}").format(path))

    def purge(self) -> None:
        """Delete expired personal data on the thread pool (a year of rows, VACUUM)."""
        self._busy(True)
        client, user = self.client, self.user
        run_task(lambda: client.purge_personal_data(actor=user), self._purged, owner=self)

    def _purged(self, count: object, error: Exception | None) -> None:
        self._busy(False)
        if isinstance(error, LoketError):
            self._error(error.message)
        elif error is not None:
            raise error  # a bug: the slot guard logs it and says so
        else:
            self._ok(self.tr("{0} data pribadi lama dihapus; angka layanan tetap.").format(count))

    def _busy(self, busy: bool) -> None:
        """One data job at a time: the buttons wait while a backup or purge runs."""
        self.backup_button.setEnabled(not busy)
        self.purge_button.setEnabled(not busy)
