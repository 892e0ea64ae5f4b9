"""The operator panel's issue row: a number for a citizen at the counter (F10), printed
on this PC's ticket printer, and reprinting a ticket (Ctrl+P).

F9 (serve at once, from the action grid) uses the same service and priority choice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QWidget,
)

from loket.app.office import OfficeInfo, ServiceInfo
from loket.core.errors import LoketError
from loket.core.tickets import Ticket
from loket.ui.controller import DeskController
from loket.ui.devices.printing import PrintError, TicketSlip
from loket.ui.dialogs.reprint import link_base, reprint_one
from loket.ui.widgets import add_shortcut, shrink_to_fit
from loket.ui.windows.kiosk import PRIORITY_REASONS

SlipPrinter = Callable[[TicketSlip], None]


class IssueRow(QWidget):
    said = Signal(str)  # a line for the window's message
    failed = Signal(str)  # a refusal or a printer's trouble

    def __init__(self, controller: DeskController, office: OfficeInfo,
                 services: list[ServiceInfo], printer: Callable[[], SlipPrinter | None],
                 current: Callable[[], Ticket | None]) -> None:  # fmt: skip
        super().__init__()
        self.controller = controller
        self.client = controller.client
        self.office = office
        self.printer = printer  # this PC's ticket printer, as the window has it now
        self.current = current  # the ticket at the counter (the window's)
        self.issue_service = QComboBox()
        self.issue_service.setAccessibleName(self.tr("Layanan untuk nomor baru"))
        for s in services:
            if s.active:
                self.issue_service.addItem(f"{s.prefix} – {s.name}", s.id)
        self.issue_priority = QComboBox()
        self.issue_priority.setAccessibleName(self.tr("Prioritas nomor baru"))
        self.issue_priority.addItem(self.tr("Bukan prioritas"), None)
        for code, text in PRIORITY_REASONS:
            self.issue_priority.addItem(QCoreApplication.translate("KioskWindow", text), code)
        for combo in (self.issue_service, self.issue_priority):
            shrink_to_fit(combo, 10)  # long service names must not widen it past 1024
        self.issue_button = QPushButton(self.tr("Ambil nomor") + "  [F10]")
        add_shortcut(self, "F10", self.issue_button)
        self.issue_button.setAccessibleName(self.tr("Ambil nomor"))
        self.issue_button.clicked.connect(self.issue)
        self.reprint_button = QPushButton(self.tr("Cetak ulang tiket") + "  [Ctrl+P]")
        self.reprint_button.setAccessibleName(self.tr("Cetak ulang tiket"))
        add_shortcut(self, "Ctrl+P", self.reprint_button)
        self.reprint_button.clicked.connect(self.reprint_ticket)
        self._lay_out()
        self._last_issued = ""

    def _lay_out(self) -> None:
        """The service on a line of its own, as wide as the panel: beside the priority
        and both buttons it was cut to "A – Surat Keteran" on a 1024 px screen."""
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(self.tr("Nomor baru:")), 0, 0)
        grid.addWidget(self.issue_service, 0, 1, 1, 3)
        grid.addWidget(self.issue_priority, 1, 1)
        grid.addWidget(self.issue_button, 1, 2)
        grid.addWidget(self.reprint_button, 1, 3)
        grid.setColumnStretch(1, 1)

    def quick_serve(self) -> None:
        """F9: a citizen served at once, with the service and priority chosen here."""
        service_id = self.issue_service.currentData()
        if service_id is not None:
            self.controller.quick_serve(service_id, self.issue_priority.currentData())

    def issue(self) -> None:
        service_id = self.issue_service.currentData()
        if service_id is None:
            return
        result = self.controller.issue(service_id, self.issue_priority.currentData())
        if result is None:
            return
        self.issue_priority.setCurrentIndex(0)
        self._last_issued = result.ticket.label
        self.said.emit(
            self.tr("Nomor {0} · {1} orang di depan · perkiraan tunggu ± {2} menit").format(
                result.ticket.label, result.ahead, round(result.estimated_wait_seconds / 60)
            )
        )
        print_slip = self.printer()
        if print_slip is not None:
            try:
                print_slip(
                    TicketSlip.from_issue(
                        self.office.name, self.office.timezone, result, link_base(self.client)
                    )
                )
            except PrintError as exc:
                self.failed.emit(str(exc))

    def reprint_ticket(self) -> None:
        """Reprint the ticket of the citizen at the counter (or a number typed in)."""
        print_slip = self.printer()
        if print_slip is None:
            self.failed.emit(self.tr("PC ini tidak diatur untuk mencetak tiket."))
            return
        ticket = self.current()
        ref = ticket.id if ticket is not None else ""
        if not ref:
            label, ok = QInputDialog.getText(
                self, self.tr("Cetak ulang tiket"), self.tr("Nomor antrian hari ini (mis. A-012):"),
                text=self._last_issued,
            )  # fmt: skip
            if not ok or not label.strip():
                return
            ref = label
        try:
            done = reprint_one(self.client, self.office, ref, self.controller.user, print_slip)
        except LoketError as exc:
            self.failed.emit(exc.message)
            return
        except PrintError as exc:
            self.failed.emit(str(exc))
            return
        self.said.emit(self.tr("Tiket {0} dicetak ulang (nomor tetap).").format(done.ticket.label))
