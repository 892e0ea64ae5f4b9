"""The operator panel's ticket card: the current number in large type, and the counter's
open / break / closed box above it.

The card only shows; choosing a status in its box is reported by ``statusChosen`` and
the window asks the office (which may refuse; then ``show_status`` puts back what holds).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from loket.app.counters import CounterState, CounterStatus
from loket.core.tickets import Ticket
from loket.ui.models.tickets import minutes, priority_text, state_text

# The break reasons as stored and shown on the display (loket.app.counters.BREAK_REASONS);
# the box translates them, QT_TRANSLATE_NOOP only lets lupdate find them.
BREAK_MENU = [
    QT_TRANSLATE_NOOP("TicketCard", "istirahat"),
    QT_TRANSLATE_NOOP("TicketCard", "sholat"),
    QT_TRANSLATE_NOOP("TicketCard", "sholat Jumat"),
    QT_TRANSLATE_NOOP("TicketCard", "rapat"),
    QT_TRANSLATE_NOOP("TicketCard", "tugas luar"),
]


def status_key(status: CounterStatus, reason: str | None) -> str:
    """The status box's item data: "open", "break|sholat Jumat", "closed"."""
    return f"{status.value}|{reason}" if status is CounterStatus.BREAK else status.value


class TicketCard(QFrame):
    statusChosen = Signal(object, object)  # CounterStatus, the break's reason or None

    def __init__(self, counter_number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="ticketCard")
        card_layout = QVBoxLayout(self)
        self.number = QLabel("–", objectName="bigNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setAccessibleName(self.tr("Nomor antrian sekarang"))
        self.service_label = QLabel(objectName="ticketService")
        self.priority_label = QLabel(objectName="ticketPriority")
        self.meta = QLabel(objectName="ticketMeta")
        for label in (self.service_label, self.priority_label, self.meta):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("LOKET {0}").format(counter_number)))
        header.addStretch(1)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(self.tr("Status loket"))
        self.status_box.setToolTip(
            self.tr("Istirahat atau tutup: layar antrian menampilkannya dan loket ini tidak "
                    "dapat memanggil antrian sampai dibuka lagi.")
        )  # fmt: skip
        self.status_box.addItem(self.tr("Buka"), status_key(CounterStatus.OPEN, None))
        for reason in BREAK_MENU:
            pause = status_key(CounterStatus.BREAK, reason)
            self.status_box.addItem(self.tr("Istirahat: {0}").format(self.tr(reason)), pause)
        self.status_box.addItem(self.tr("Tutup"), status_key(CounterStatus.CLOSED, None))
        self.status_box.activated.connect(self._chosen)
        header.addWidget(self.status_box)
        card_layout.addLayout(header)
        card_layout.addWidget(self.number)
        card_layout.addWidget(self.service_label)
        card_layout.addWidget(self.priority_label)
        card_layout.addWidget(self.meta)

    def _chosen(self, index: int) -> None:
        status, _, reason = str(self.status_box.itemData(index)).partition("|")
        self.statusChosen.emit(CounterStatus(status), reason or None)

    def show_status(self, state: CounterState | None) -> None:
        """Put the status box on the counter's status without acting on it."""
        if state is None:
            return
        wanted = status_key(state.status, state.reason)
        index = self.status_box.findData(wanted)
        if index < 0 and state.status is CounterStatus.BREAK:  # a reason typed elsewhere
            self.status_box.addItem(self.tr("Istirahat: {0}").format(state.reason or ""), wanted)
            index = self.status_box.count() - 1
        self.status_box.blockSignals(True)
        self.status_box.setCurrentIndex(max(0, index))
        self.status_box.blockSignals(False)
        self.status_box.setProperty("paused", not state.is_open)

    def show_ticket(self, ticket: Ticket | None, service: str) -> None:
        """The ticket at the counter (its service's name given), or how to call one."""
        if ticket is None:
            self.number.setText("–")
            self.service_label.setText(self.tr("Tidak ada antrian di loket ini"))
            self.priority_label.clear()
            self.meta.setText(self.tr("Tekan F1 untuk memanggil antrian berikutnya"))
            return
        self.number.setText(ticket.label)
        self.service_label.setText(service)
        prio = priority_text(ticket)
        self.priority_label.setText(self.tr("Prioritas: {0}").format(prio) if prio else "")
        self.meta.setText(
            self.tr("{0} · menunggu {1} · dipanggil {2}×").format(
                state_text(ticket.state), minutes(ticket.wait_seconds), ticket.call_count
            )
        )
