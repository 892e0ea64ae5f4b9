"""Small dialogs of the operator panel: finish with outcome, transfer."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from loket.app.office import CounterInfo, ServiceInfo
from loket.core.tickets import Outcome, Ticket


class FinishDialog(QDialog):
    """Outcome (completed / follow-up / rejected with reason) and notes."""

    def __init__(self, ticket: Ticket, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Selesaikan layanan {0}").format(ticket.label))
        self.completed = QRadioButton(self.tr("&Selesai"))
        self.follow_up = QRadioButton(self.tr("Perlu &tindak lanjut (dokumen belum jadi hari ini)"))
        self.rejected = QRadioButton(self.tr("&Ditolak"))
        self.group = QButtonGroup(self)
        for button in (self.completed, self.follow_up, self.rejected):
            button.setAccessibleName(button.text().replace("&", ""))
            self.group.addButton(button)
        self.completed.setChecked(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Alasan penolakan, mis. KK belum diperbarui"))
        self.reason.setAccessibleName(self.tr("Alasan penolakan"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("Catatan (tidak wajib)"))
        self.notes.setAccessibleName(self.tr("Catatan layanan"))
        self.notes.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setStyleSheet("color: #a4161a")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.completed, self.follow_up, self.rejected, self.reason, self.notes,
                       self.error, buttons):  # fmt: skip
            layout.addWidget(widget)
        self.rejected.toggled.connect(self.reason.setEnabled)
        self.reason.setEnabled(False)

    def outcome(self) -> Outcome:
        if self.follow_up.isChecked():
            return Outcome.FOLLOW_UP
        if self.rejected.isChecked():
            return Outcome.REJECTED
        return Outcome.COMPLETED

    def _accept(self) -> None:
        if self.outcome() is Outcome.REJECTED and not self.reason.text().strip():
            self.error.setText(self.tr("Alasan penolakan wajib diisi."))
            self.reason.setFocus()
            return
        self.accept()


class TransferDialog(QDialog):
    """Target service and/or counter, and a note for the next counter."""

    def __init__(self, ticket: Ticket, services: list[ServiceInfo], counters: list[CounterInfo],
                 own_counter_id: int, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(self.tr("Alihkan antrian {0}").format(ticket.label))
        self.service = QComboBox()
        self.service.setAccessibleName(self.tr("Layanan tujuan"))
        for s in services:
            if s.active:
                self.service.addItem(f"{s.prefix} – {s.name}", s.id)
        index = self.service.findData(ticket.service_id)
        if index >= 0:
            self.service.setCurrentIndex(index)
        self.counter = QComboBox()
        self.counter.setAccessibleName(self.tr("Loket tujuan"))
        self.counter.addItem(self.tr("Loket mana saja"), None)
        for c in counters:
            if c.active and c.id != own_counter_id:
                self.counter.addItem(c.name, c.id)
        self.notes = QLineEdit()
        self.notes.setAccessibleName(self.tr("Catatan pengalihan"))
        self.notes.setPlaceholderText(self.tr("Catatan untuk loket tujuan (tidak wajib)"))
        form = QFormLayout()
        form.addRow(self.tr("Layanan tujuan"), self.service)
        form.addRow(self.tr("Loket tujuan"), self.counter)
        form.addRow(self.tr("Catatan"), self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Alihkan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> tuple[int | None, int | None, str]:
        return self.service.currentData(), self.counter.currentData(), self.notes.text()
