"""The admin's "Kebijakan antrian" tab: priority policy, overnight queue, running text."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.queue import PriorityMode, PriorityPolicy
from loket.ui.admin.parts import Report, button


class PolicyTab(QWidget):
    def __init__(self, client: OfficeClient, user: UserInfo, ok: Report, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client, self.user, self._ok, self._error = client, user, ok, error
        settings = client.settings()
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Kebijakan prioritas"))
        self.mode.addItem(self.tr("Prioritas selalu didahulukan"), PriorityMode.STRICT.value)
        self.mode.addItem(
            self.tr("Satu prioritas setiap N antrian biasa"), PriorityMode.ONE_IN_N.value
        )
        self.mode.setCurrentIndex(self.mode.findData(settings.priority_policy.mode.value))
        self.every_n = QSpinBox()
        self.every_n.setRange(1, 50)
        self.every_n.setValue(settings.priority_policy.n)
        self.every_n.setAccessibleName(self.tr("N antrian biasa"))
        self.overnight = QCheckBox(self.tr("Antrian tetap buka melewati tengah malam"))
        self.overnight.setAccessibleName(self.overnight.text())
        self.overnight.setChecked(settings.overnight_queue)
        self.running_text = QLineEdit(client.board().running_text)
        self.running_text.setAccessibleName(self.tr("Teks berjalan layar antrian"))
        form = QFormLayout(self)
        form.addRow(self.tr("Prioritas"), self.mode)
        form.addRow(self.tr("N"), self.every_n)
        form.addRow(self.overnight)
        form.addRow(self.tr("Teks berjalan"), self.running_text)
        form.addRow(button(self.tr("Simpan kebijakan"), self.save_policy))

    def save_policy(self) -> None:
        try:
            policy = PriorityPolicy(PriorityMode(self.mode.currentData()), self.every_n.value())
            self.client.save_policies(
                policy, self.overnight.isChecked(), self.running_text.text(), actor=self.user
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self._ok(self.tr("Kebijakan tersimpan."))
