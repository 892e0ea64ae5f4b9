"""*Serahkan dokumen tindak lanjut…*: the citizen comes back for a document that was due
later; the operator picks the follow-up and marks it handed over.

Only what an operator may see: numbers, services and dates (no citizen's data). The
office client checks the role again; a refusal is shown in the dialog.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.periods import FollowUp
from loket.ui.widgets import error_label


class FollowUpDialog(QDialog):
    def __init__(
        self,
        client: OfficeClient,
        actor: UserInfo | None,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.actor = actor
        self.today = today
        self.setWindowTitle(self.tr("Serahkan dokumen tindak lanjut"))
        self.names = {s.id: s.name for s in client.services()}
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("Tindak lanjut yang belum diserahkan"))
        self.notes = QLineEdit()
        self.notes.setAccessibleName(self.tr("Catatan"))
        self.notes.setPlaceholderText(self.tr("Catatan (tidak wajib)"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.error = error_label()
        self.hand_over_button = QPushButton(self.tr("Serahkan"))
        self.hand_over_button.setAccessibleName(self.tr("Serahkan"))
        self.hand_over_button.setDefault(True)
        self.hand_over_button.clicked.connect(self.hand_over)
        close = QPushButton(self.tr("Tutup"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.hand_over_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Pilih nomor yang dokumennya diserahkan:")))
        layout.addWidget(self.items, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.items.currentItemChanged.connect(lambda *_: self._enable())
        self.load()

    def load(self) -> None:
        self.items.clear()
        try:
            follow_ups = self.client.open_follow_ups(actor=self.actor)
        except LoketError as exc:
            self.error.setText(exc.message)
            follow_ups = []
        for f in follow_ups:
            item = QListWidgetItem(self._line(f))
            item.setData(Qt.ItemDataRole.UserRole, f.ticket_id)
            self.items.addItem(item)
        if not follow_ups and not self.error.text():
            self.status.setText(self.tr("Tidak ada tindak lanjut yang menunggu diserahkan."))
        self._enable()

    def _line(self, f: FollowUp) -> str:
        line = self.tr("{0} · {1} · dilayani {2:%d-%m-%Y} · jadi {3:%d-%m-%Y}").format(
            f.label, self.names.get(f.service_id, ""), f.service_day, f.due_date
        )
        if f.is_overdue(self.today):
            line += " · " + self.tr("terlambat")
        return line

    def _enable(self) -> None:
        self.hand_over_button.setEnabled(self.items.currentItem() is not None)

    def hand_over(self) -> None:
        item = self.items.currentItem()
        if item is None:
            return
        ticket_id = str(item.data(Qt.ItemDataRole.UserRole))
        label = item.text().split(" · ", 1)[0]
        try:
            self.client.close_follow_up(ticket_id, self.notes.text(), actor=self.actor)
        except LoketError as exc:
            self.error.setText(exc.message)
            return
        self.error.clear()
        self.notes.clear()
        self.items.takeItem(self.items.row(item))
        self.status.setText(self.tr("Dokumen {0} diserahkan.").format(label))
        self._enable()
