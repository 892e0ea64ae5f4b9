"""The operator panel's menu bar: Akun, Jendela, Laporan and the language.

It only makes the actions, each enabled for the signed-in role; the window connects
them to what they open (its dialogs, or the session's other windows by signal).
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from loket.core.roles import Permission, Role, can
from loket.ui.language import LanguageMenu

ADMIN_RIGHTS = (Permission.ADMIN_OFFICE, Permission.MANAGE_USERS, Permission.VIEW_PERSONAL_DATA)


class OperatorMenuBar(QMenuBar):
    def __init__(self, role: Role | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        account = self.addMenu(self.tr("&Akun"))
        self.change_password = self._add(account, self.tr("&Ganti kata sandi…"))
        self.admin_action = self._add(account, self.tr("&Pengaturan kantor…"))
        self.admin_action.setEnabled(any(can(role, p) for p in ADMIN_RIGHTS))
        self.reprint_kiosk_action = self._add(account, self.tr("Cetak ulang tiket &kios…"))
        self.reprint_kiosk_action.setEnabled(can(role, Permission.ADMIN_OFFICE))
        self.sync_action = self._add(account, self.tr("&Sinkronkan sekarang"))
        windows = self.addMenu(self.tr("&Jendela"))
        self.kiosk_action = self._add(windows, self.tr("Buka &kios antrian"))
        self.display_action = self._add(windows, self.tr("Buka &layar antrian"))
        self.rating_action = self._add(windows, self.tr("Layar &penilaian warga"))
        figures = self.addMenu(self.tr("&Laporan"))
        self.dashboard_action = self._add(figures, self.tr("&Dasbor pelayanan"))
        self.dashboard_action.setEnabled(can(role, Permission.VIEW_FIGURES))
        self.skm_action = self._add(figures, self.tr("Kuesioner &SKM…"))
        self.follow_up_action = self._add(figures, self.tr("Serahkan dokumen &tindak lanjut…"))
        self.follow_up_action.setEnabled(can(role, Permission.SERVE))
        self.language_menu = LanguageMenu(parent)
        self.addMenu(self.language_menu)

    def _add(self, menu: QMenu, text: str) -> QAction:
        action = QAction(text, self)
        menu.addAction(action)
        return action
