"""The admin's "Pengguna" tab: the office's users, adding one, passwords, (de)activating."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.roles import Role
from loket.ui.admin.parts import ROLE_NAMES, Report, button, table


class UsersTab(QWidget):
    def __init__(self, client: OfficeClient, user: UserInfo, ok: Report, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client, self.user, self._ok, self._error = client, user, ok, error
        self.users = table(
            [self.tr("Nama"), self.tr("Peran"), self.tr("Aktif")], self.tr("Daftar pengguna")
        )
        self.users.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._load_users()
        self.new_name = QLineEdit()
        self.new_name.setAccessibleName(self.tr("Nama pengguna baru"))
        self.new_role = QComboBox()
        self.new_role.setAccessibleName(self.tr("Peran pengguna baru"))
        for value, text in ROLE_NAMES.items():
            self.new_role.addItem(self.tr(text), value)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setAccessibleName(self.tr("Kata sandi pengguna"))
        form = QFormLayout()
        form.addRow(self.tr("Nama"), self.new_name)
        form.addRow(self.tr("Peran"), self.new_role)
        form.addRow(self.tr("Kata sandi / PIN"), self.new_password)
        row = QHBoxLayout()
        row.addWidget(button(self.tr("Tambah pengguna"), self.add_user))
        row.addWidget(button(self.tr("Atur ulang kata sandi terpilih"), self.reset_selected))
        row.addWidget(button(self.tr("Aktif / nonaktifkan terpilih"), self.toggle_selected))
        layout = QVBoxLayout(self)
        layout.addWidget(self.users)
        layout.addLayout(form)
        layout.addLayout(row)

    def _load_users(self) -> None:
        try:
            self._user_rows = self.client.users(actor=self.user)
        except LoketError as exc:
            self._user_rows = []
            self._error(exc.message)
        self.users.setRowCount(len(self._user_rows))
        for row, u in enumerate(self._user_rows):
            for col, value in enumerate(
                (
                    u.name,
                    self.tr(ROLE_NAMES[u.role.value]),
                    self.tr("ya") if u.active else self.tr("tidak"),
                )
            ):
                self.users.setItem(row, col, QTableWidgetItem(value))

    def _selected_user(self) -> UserInfo | None:
        row = self.users.currentRow()
        return self._user_rows[row] if 0 <= row < len(self._user_rows) else None

    def add_user(self) -> None:
        try:
            info = self.client.add_user(
                self.new_name.text(),
                Role(self.new_role.currentData()),
                self.new_password.text(),
                actor=self.user,
            )
        except LoketError as exc:
            self._error(exc.message)
            return
        self.new_name.clear()
        self.new_password.clear()
        self._load_users()
        self._ok(self.tr("Pengguna {0} ditambahkan.").format(info.name))

    def reset_selected(self) -> None:
        target = self._selected_user()
        if target is None or not self.new_password.text():
            self._error(self.tr("Pilih pengguna dan isi kata sandi barunya."))
            return
        try:
            self.client.reset_password(target.id, self.new_password.text(), actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self.new_password.clear()
        self._ok(self.tr("Kata sandi {0} diatur ulang.").format(target.name))

    def toggle_selected(self) -> None:
        target = self._selected_user()
        if target is None:
            self._error(self.tr("Pilih pengguna."))
            return
        try:
            self.client.set_user_active(target.id, not target.active, actor=self.user)
        except LoketError as exc:
            self._error(exc.message)
            return
        self._load_users()
        self._ok(self.tr("Status {0} diubah.").format(target.name))
