"""Operator login and the choice of counter for this PC."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from loket.app.office import CounterInfo
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import InvalidInput, LoketError
from loket.ui.widgets import error_label, ok_cancel


class LoginDialog(QDialog):
    def __init__(self, client: OfficeClient, counters: list[CounterInfo], *,
                 counter_id: int | None = None, last_user: str = "", hint: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.user: UserInfo | None = None
        self.setWindowTitle(self.tr("Masuk Loket"))
        self.name = QLineEdit(last_user)
        self.name.setAccessibleName(self.tr("Nama pengguna"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Kata sandi atau PIN"))
        self.counter = QComboBox()
        self.counter.setAccessibleName(self.tr("Loket"))
        for c in counters:
            if c.active:
                self.counter.addItem(c.name, c.id)
        if counter_id is not None and (index := self.counter.findData(counter_id)) >= 0:
            self.counter.setCurrentIndex(index)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Nama"), self.name)
        form.addRow(self.tr("Kata sandi / PIN"), self.password)
        form.addRow(self.tr("Loket"), self.counter)
        buttons = ok_cancel(self, self.tr("Masuk"), self.try_login, cancel_text=self.tr("Keluar"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Masuk sebagai petugas loket")))
        layout.addLayout(form)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setStyleSheet("color: #37506e")
            layout.addWidget(note)
        if not counters:
            self.error.setText(self.tr("Belum ada loket. Atur kantor lebih dulu."))
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if last_user else self.name).setFocus()

    def counter_id(self) -> int | None:
        data = self.counter.currentData()
        return int(data) if data is not None else None

    def try_login(self) -> None:
        if self.counter_id() is None:
            self.error.setText(self.tr("Pilih loket."))
            return
        try:
            user = self.client.login(self.name.text(), self.password.text())
        except LoketError as exc:
            # A wrong password reads the same in both languages; a lock-out or an
            # unreachable hub says what it is.
            plain = type(exc) is InvalidInput
            self.error.setText(self.tr("Nama atau kata sandi salah.") if plain else exc.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        self.user = user
        self.accept()
