"""The admin's "Jejak audit" tab: who changed what, newest first (read only)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.ui.admin.parts import Report, table


class AuditTab(QWidget):
    def __init__(self, client: OfficeClient, user: UserInfo, error: Report,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.audit = table(
            [self.tr("Waktu (UTC)"), self.tr("Pengguna"), self.tr("Tindakan"), self.tr("Sasaran")],
            self.tr("Jejak audit"),
        )
        self.audit.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        try:
            rows = client.audit_entries(actor=user)
        except LoketError as exc:
            rows = []
            error(exc.message)
        self.audit.setRowCount(len(rows))
        for row, e in enumerate(rows):
            for col, value in enumerate(
                (f"{e.at:%Y-%m-%d %H:%M}", e.user_name, e.action, e.target)
            ):
                self.audit.setItem(row, col, QTableWidgetItem(value))
        layout = QVBoxLayout(self)
        layout.addWidget(self.audit)
