"""The admin's "Kantor" tab: the office's name and time zone (its code is fixed)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.ui.admin.parts import Report, button


class OfficeTab(QWidget):
    def __init__(self, client: OfficeClient, user: UserInfo, ok: Report, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        from loket.ui.dialogs.wizard_pages import ZONES

        super().__init__(parent)
        self.client, self.user, self._ok, self._error = client, user, ok, error
        office = client.office()
        self.office_name = QLineEdit(office.name)
        self.office_name.setAccessibleName(self.tr("Nama kantor"))
        self.office_zone = QComboBox()
        self.office_zone.setAccessibleName(self.tr("Zona waktu"))
        for tz, text in ZONES:
            self.office_zone.addItem(text, tz)
        self.office_zone.setCurrentIndex(self.office_zone.findData(office.timezone))
        form = QFormLayout(self)
        form.addRow(self.tr("Nama kantor"), self.office_name)
        form.addRow(self.tr("Kode wilayah"), QLabel(office.code))
        form.addRow(self.tr("Zona waktu"), self.office_zone)
        form.addRow(button(self.tr("Simpan kantor"), self.save_office))

    def save_office(self) -> None:
        try:
            self.client.update_office(
                self.office_name.text(), self.office_zone.currentData(), actor=self.user
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._ok(self.tr("Data kantor tersimpan."))
