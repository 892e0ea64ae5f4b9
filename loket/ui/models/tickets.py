"""Item models over the queue: tested without any window."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from loket.core.tickets import Outcome, Ticket, TicketState

Index = QModelIndex | QPersistentModelIndex
TicketRole = Qt.ItemDataRole.UserRole + 1


translate = QCoreApplication.translate  # lupdate reads translate("ctx", "...")


def tr(text: str) -> str:
    return QCoreApplication.translate("models", text)


def minutes(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return translate("models", "{0} mnt").format(round(seconds / 60))


def priority_text(ticket: Ticket) -> str:
    names = {
        "disabilitas": translate("models", "Disabilitas"),
        "lansia": translate("models", "Lansia"),
        "ibu_hamil": translate("models", "Ibu hamil"),
        "anak": translate("models", "Anak-anak"),
        "korban_bencana": translate("models", "Korban bencana"),
        "booking": translate("models", "Booking online"),
    }
    return names.get(ticket.priority_reason.value, "") if ticket.priority_reason else ""


def state_text(state: TicketState) -> str:
    return {
        TicketState.WAITING: translate("models", "Menunggu"),
        TicketState.CALLED: translate("models", "Dipanggil"),
        TicketState.SERVING: translate("models", "Dilayani"),
        TicketState.DONE: translate("models", "Selesai"),
        TicketState.NO_SHOW: translate("models", "Tidak hadir"),
        TicketState.CANCELLED: translate("models", "Batal"),
        TicketState.TRANSFERRED: translate("models", "Dialihkan"),
    }[state]


def outcome_text(ticket: Ticket) -> str:
    if ticket.outcome is None:
        return state_text(ticket.state)
    return {
        Outcome.COMPLETED: translate("models", "Selesai"),
        Outcome.FOLLOW_UP: translate("models", "Tindak lanjut"),
        Outcome.REJECTED: translate("models", "Ditolak"),
    }[ticket.outcome]


class TicketTableModel(QAbstractTableModel):
    """A read-only table of tickets; subclasses name the columns."""

    columns: Sequence[tuple[str, Callable[[Ticket], str]]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Ticket] = []
        self.service_names: dict[int, str] = {}
        self.counter_numbers: dict[int, int] = {}
        self.now: Callable[[], datetime] | None = None

    def set_tickets(self, tickets: Sequence[Ticket]) -> None:
        self.beginResetModel()
        self._rows = list(tickets)
        self.endResetModel()

    def ticket(self, row: int) -> Ticket:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.columns[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ticket = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](ticket)
        if role == TicketRole:
            return ticket
        if role == Qt.ItemDataRole.FontRole and ticket.is_priority:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class WaitingModel(TicketTableModel):
    """Waiting tickets in calling order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            (QT_TRANSLATE_NOOP("models", "Nomor"), lambda t: t.label),
            (
                QT_TRANSLATE_NOOP("models", "Layanan"),
                lambda t: self.service_names.get(t.service_id, ""),
            ),
            (QT_TRANSLATE_NOOP("models", "Prioritas"), priority_text),
            (QT_TRANSLATE_NOOP("models", "Menunggu"), self._waited),
        ]

    def _waited(self, ticket: Ticket) -> str:
        if self.now is None:
            return ""
        return minutes((self.now() - ticket.queued_at).total_seconds())


class ServedModel(TicketTableModel):
    """Today's finished tickets, newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            (QT_TRANSLATE_NOOP("models", "Nomor"), lambda t: t.label),
            (
                QT_TRANSLATE_NOOP("models", "Layanan"),
                lambda t: self.service_names.get(t.service_id, ""),
            ),
            (
                QT_TRANSLATE_NOOP("models", "Loket"),
                lambda t: str(self.counter_numbers.get(t.counter_id or 0, "–")),
            ),
            (QT_TRANSLATE_NOOP("models", "Hasil"), outcome_text),
            (QT_TRANSLATE_NOOP("models", "Lama layanan"), lambda t: minutes(t.service_seconds)),
        ]
