"""Operator login and the choice of counter for this PC.

The first window of ``loket``: it imports Qt and nothing of the office's store, so it
can show while the database is still being opened and checked on a worker thread
(``loket.ui.startup``). Until ``office_ready`` hands it the client and the counters, the
login button waits and says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from loket.core.errors import InvalidInput, LoketError
from loket.ui.widgets import error_label, ok_cancel

if TYPE_CHECKING:  # types only: importing them would load the store before the window
    from loket.app.office import CounterInfo
    from loket.app.users import UserInfo
    from loket.client.api import OfficeClient


class LoginDialog(QDialog):
    def __init__(self, client: OfficeClient | None, counters: list[CounterInfo], *,
                 counter_id: int | None = None, last_user: str = "", hint: str = "",
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self._counter_id = counter_id
        self.user: UserInfo | None = None
        self.setWindowTitle(self.tr("Masuk Loket"))
        self.name = QLineEdit(last_user)
        self.name.setAccessibleName(self.tr("Nama pengguna"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Kata sandi atau PIN"))
        self.counter = QComboBox()
        self.counter.setAccessibleName(self.tr("Loket"))
        self.error = error_label()
        form = QFormLayout()
        form.addRow(self.tr("Nama"), self.name)
        form.addRow(self.tr("Kata sandi / PIN"), self.password)
        form.addRow(self.tr("Loket"), self.counter)
        buttons = ok_cancel(self, self.tr("Masuk"), self.try_login, cancel_text=self.tr("Keluar"))
        self.login_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Masuk sebagai petugas loket")))
        layout.addLayout(form)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            note.setStyleSheet("color: #37506e")
            layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.password if last_user else self.name).setFocus()
        if client is None:
            self.login_button.setEnabled(False)
            self.error.setText(self.tr("Membuka data kantor…"))
        else:
            self.office_ready(client, counters)

    def office_ready(self, client: OfficeClient, counters: list[CounterInfo]) -> None:
        """The office is open: fill the counters and let the operator in."""
        self.client = client
        self.counter.clear()
        for c in counters:
            if c.active:
                self.counter.addItem(c.name, c.id)
        wanted = self._counter_id
        if wanted is not None and (index := self.counter.findData(wanted)) >= 0:
            self.counter.setCurrentIndex(index)
        self.error.setText("" if counters else self.tr("Belum ada loket. Atur kantor lebih dulu."))
        self.login_button.setEnabled(True)

    def counter_id(self) -> int | None:
        data = self.counter.currentData()
        return int(data) if data is not None else None

    def try_login(self) -> None:
        if self.client is None:  # Enter pressed before the office was open
            return
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
