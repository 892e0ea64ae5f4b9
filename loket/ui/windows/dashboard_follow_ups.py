"""The dashboard's follow-ups tab: the table and its actions on the selected row.

A follow-up is a document the citizen collects later. "Dokumen siap" queues the
citizen's message (when they agreed to one, booking online); "Tandai diserahkan" closes
it when they collect it. Both go through the office client with the signed-in actor;
the window shows what happened and reloads its figures after a hand-over.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.periods import FollowUp


class FollowUpsPanel(QWidget):
    said = Signal(str)  # what happened, for the window's status line
    failed = Signal(str)  # a refusal (the hub went away, the role was taken away)
    closed = Signal()  # a follow-up was handed over: the figures changed

    def __init__(self, client: OfficeClient, actor: UserInfo | None, view: QTableView,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.actor = actor
        self.view = view
        self.items: list[FollowUp] = []
        self.hand_over_button = QPushButton(self.tr("Tandai diserahkan"))
        self.hand_over_button.setAccessibleName(self.tr("Tandai diserahkan"))
        self.hand_over_button.setEnabled(False)
        self.hand_over_button.clicked.connect(self.hand_over_selected)
        # The document is ready: the citizen is told when they agreed (booked online with
        # consent); the hand-over comes later, when they collect it.
        self.ready_button = QPushButton(self.tr("Dokumen siap (kabari warga)"))
        self.ready_button.setAccessibleName(self.tr("Dokumen siap, kabari warga"))
        self.ready_button.setEnabled(False)
        self.ready_button.clicked.connect(self.ready_selected)
        view.selectionModel().selectionChanged.connect(lambda *_: self._buttons_shown())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ready_button)
        row.addWidget(self.hand_over_button)
        layout.addLayout(row)

    def show_items(self, items: list[FollowUp]) -> None:
        """The table's rows, in order (the table itself is the window's model)."""
        self.items = items
        self._buttons_shown()

    def _selected(self) -> FollowUp | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()]

    def _buttons_shown(self) -> None:
        chosen = self._selected()
        self.hand_over_button.setEnabled(chosen is not None and chosen.closed_on is None)
        self.ready_button.setEnabled(chosen is not None and chosen.closed_on is None)

    def ready_selected(self) -> None:
        """The selected follow-up's document is ready: queue the citizen's message."""
        chosen = self._selected()
        if chosen is None or chosen.closed_on is not None:
            return
        try:
            told = self.client.document_ready(chosen.ticket_id, actor=self.actor)
        except LoketError as exc:
            self.failed.emit(exc.message)
            return
        if told:
            self.said.emit(self.tr("Dokumen {0} siap: warga dikabari.").format(chosen.label))
        else:
            self.said.emit(
                self.tr("Dokumen {0} siap (warga tidak meminta pesan).").format(chosen.label)
            )

    def hand_over_selected(self) -> None:
        """Close the selected follow-up (its document was handed over); the window reloads."""
        chosen = self._selected()
        if chosen is None or chosen.closed_on is not None:
            return
        try:
            self.client.close_follow_up(chosen.ticket_id, actor=self.actor)
        except LoketError as exc:
            self.failed.emit(exc.message)
            return
        self.said.emit(self.tr("Dokumen {0} diserahkan.").format(chosen.label))
        self.closed.emit()
