"""Small dialogs of the operator panel: finish with outcome, transfer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from loket.app.office import CounterInfo, ServiceInfo
from loket.core.errors import LoketError
from loket.core.tickets import Outcome, Ticket
from loket.ui.widgets import BoundedTextEdit, error_label, ok_cancel

# The office's limits (clean_text in loket/app/desk/calling.py), checked here too
# so a note that is too long is refused while the dialog, and the text, are still open.
NOTES_LIMIT = 2000
REASON_LIMIT = 500


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
        self.reason.setMaxLength(REASON_LIMIT)
        self.notes = BoundedTextEdit(NOTES_LIMIT)
        self.notes.setPlaceholderText(self.tr("Catatan (tidak wajib)"))
        self.notes.setAccessibleName(self.tr("Catatan layanan"))
        self.notes.setTabChangesFocus(True)
        self.error = error_label()
        self.notes.truncated.connect(self._notes_cut)
        buttons = ok_cancel(self, self.tr("Simpan"), self._accept)
        layout = QVBoxLayout(self)
        for widget in (
            self.completed,
            self.follow_up,
            self.rejected,
            self.reason,
            self.notes,
            self.error,
            buttons,
        ):
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
        length = len(self.notes.toPlainText().strip())
        if length > NOTES_LIMIT:
            self.error.setText(
                self.tr("Catatan terlalu panjang: {0} karakter, paling banyak {1}.").format(
                    length, NOTES_LIMIT
                )
            )
            self.notes.setFocus()
            return
        self.accept()

    def _notes_cut(self) -> None:
        self.error.setText(
            self.tr("Teks yang ditempel dipotong: catatan paling banyak {0} karakter.").format(
                NOTES_LIMIT
            )
        )


class TransferDialog(QDialog):
    """Target service and/or counter, and a note for the next counter."""

    def __init__(
        self,
        ticket: Ticket,
        services: list[ServiceInfo],
        counters: list[CounterInfo],
        own_counter_id: int,
        parent: QWidget | None = None,
    ) -> None:
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
        self.notes.setMaxLength(NOTES_LIMIT)
        self.notes.setAccessibleName(self.tr("Catatan pengalihan"))
        self.notes.setPlaceholderText(self.tr("Catatan untuk loket tujuan (tidak wajib)"))
        form = QFormLayout()
        form.addRow(self.tr("Layanan tujuan"), self.service)
        form.addRow(self.tr("Loket tujuan"), self.counter)
        form.addRow(self.tr("Catatan"), self.notes)
        buttons = ok_cancel(self, self.tr("Alihkan"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> tuple[int | None, int | None, str]:
        return self.service.currentData(), self.counter.currentData(), self.notes.text()


class ChangePasswordDialog(QDialog):
    """A user changes their own password (the old one proves it is them).

    ``change(old, new)`` is tried while the dialog is open: a wrong old password or a
    new one the policy refuses is said here, with what was typed still there to fix.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        change: Callable[[str, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.change = change
        self.setWindowTitle(self.tr("Ganti kata sandi"))
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for field, name in (
            (self.old, self.tr("Kata sandi lama")),
            (self.new, self.tr("Kata sandi baru")),
            (self.repeat, self.tr("Ulangi kata sandi baru")),
        ):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Kata sandi lama"), self.old)
        form.addRow(self.tr("Kata sandi baru"), self.new)
        form.addRow(self.tr("Ulangi"), self.repeat)
        buttons = ok_cancel(self, self.tr("Simpan"), self._accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        if self.new.text() != self.repeat.text():
            self.error.setText(self.tr("Kata sandi baru tidak sama."))
            return
        if self.change is not None:
            try:
                self.change(self.old.text(), self.new.text())
            except LoketError as exc:
                self.error.setText(exc.message)
                return
        self.accept()
