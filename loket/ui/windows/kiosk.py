"""The kiosk: a citizen takes a number with a few taps.

Touch-sized buttons per open service; a priority button that asks the reason (UU 25/2009
art. 29 groups); the service's requirements, standard time and fee shown before the
number is taken; then the number, how many are ahead and the estimated wait. Printing
comes after the ticket exists: a printer problem is shown, the number stays valid.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from html import escape

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from loket.app.desk import IssueResult
from loket.app.office import OfficeInfo, ServiceInfo
from loket.client.api import OfficeClient
from loket.core.errors import LoketError
from loket.core.tickets import PriorityReason
from loket.ui.devices.printing import PrintError, TicketSlip
from loket.ui.dialogs.reprint import KioskReprintDialog, link_base
from loket.ui.signals import app_signals

RESULT_SECONDS = 10  # the result page goes back to the start by itself

STYLE = """
KioskWindow { background: #eef3f8; }
QLabel#title { font-size: 34px; font-weight: bold; color: #0b2545; }
QLabel#hint { font-size: 20px; color: #37506e; }
QPushButton { font-size: 24px; padding: 12px; border-radius: 14px; background: #134074;
              color: white; min-height: 64px; }
QPushButton:pressed { background: #0b2545; }
QPushButton#priority { background: #f2a541; color: #0b2545; }
QPushButton#priority:checked { background: #d1495b; color: white; }
QPushButton#secondary { background: #8da9c4; color: #0b2545; }
QLabel#number { font-size: 140px; font-weight: bold; color: #0b2545; }
QLabel#detail { font-size: 24px; color: #0b2545; }
QLabel#error { font-size: 20px; color: #a4161a; }
"""

# The labels are translated where they are shown (KioskWindow context, also used by
# the operator panel); QT_TRANSLATE_NOOP only lets lupdate find them.
PRIORITY_REASONS = [
    ("disabilitas", QT_TRANSLATE_NOOP("KioskWindow", "Penyandang disabilitas")),
    ("lansia", QT_TRANSLATE_NOOP("KioskWindow", "Lanjut usia")),
    ("ibu_hamil", QT_TRANSLATE_NOOP("KioskWindow", "Ibu hamil")),
    ("anak", QT_TRANSLATE_NOOP("KioskWindow", "Anak-anak")),
    ("korban_bencana", QT_TRANSLATE_NOOP("KioskWindow", "Korban bencana")),
]


def fee_text(fee: int) -> str:
    return (
        QT_TRANSLATE_NOOP("KioskWindow", "Gratis") if fee == 0 else f"Rp{fee:,}".replace(",", ".")
    )


class KioskWindow(QWidget):
    ticketIssued = Signal(object)

    PAGE_SERVICES, PAGE_REASON, PAGE_CONFIRM, PAGE_RESULT, PAGE_BOOKING = range(5)

    def __init__(self, client: OfficeClient, office: OfficeInfo, services: list[ServiceInfo],
                 print_slip: Callable[[TicketSlip], None] | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.client = client
        self.office = office
        self.services = [s for s in services if s.active]
        self.print_slip = print_slip
        self.chosen: ServiceInfo | None = None
        self.reason: str | None = None
        self.last_result: IssueResult | None = None
        self.setWindowTitle(self.tr("Kios Antrian"))
        self.setStyleSheet(STYLE)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._services_page())
        self.stack.addWidget(self._reason_page())
        self.stack.addWidget(self._confirm_page())
        self.stack.addWidget(self._result_page())
        self.stack.addWidget(self._booking_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._back_timer = QTimer(self)
        self._back_timer.setSingleShot(True)
        self._back_timer.timeout.connect(self.reset)
        # An admin reprints the last tickets here after the roll ran out (asks a password).
        self.reprint_shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        self.reprint_shortcut.activated.connect(self.reprint_last)

    # -- pages -------------------------------------------------------------------

    def _services_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel(
            self.tr("Selamat datang di {0}").format(self.office.name), objectName="title"
        )
        hint = QLabel(self.tr("Sentuh layanan yang Anda perlukan untuk mengambil nomor antrian."),
                      objectName="hint")  # fmt: skip
        layout.addWidget(title)
        layout.addWidget(hint)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.service_buttons: dict[str, QPushButton] = {}
        # Four rows at most, so the page fits a 1024×768 screen with the priority button.
        columns = max(2, -(-len(self.services) // 4))
        wrap = 28 if columns == 2 else 20  # long names take two lines, not the full width
        for index, service in enumerate(self.services):
            text = self.tr("{0}  {1}\n± {2} menit").format(
                service.prefix, "\n".join(textwrap.wrap(service.name, wrap)),
                service.standard_minutes,
            )  # fmt: skip
            button = QPushButton(text)
            if columns > 2:
                button.setStyleSheet("font-size: 20px;")
            button.setAccessibleName(self.tr("Layanan {0}").format(service.name))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, s=service: self.choose(s))
            grid.addWidget(button, index // columns, index % columns)
            self.service_buttons[service.prefix] = button
        layout.addLayout(grid, 1)
        self.priority_button = QPushButton(
            self.tr("Layanan prioritas (lansia, disabilitas, ibu hamil, anak, korban bencana)"),
            objectName="priority",
        )
        self.priority_button.setCheckable(True)
        self.priority_button.setAccessibleName(self.tr("Layanan prioritas"))
        self.priority_button.toggled.connect(self._priority_toggled)
        self.booking_button = QPushButton(self.tr("Punya booking?"), objectName="secondary")
        self.booking_button.setAccessibleName(self.tr("Check-in booking online"))
        self.booking_button.clicked.connect(lambda: self.open_booking())
        layout.addWidget(self.priority_button)
        layout.addWidget(self.booking_button)
        return page

    def _booking_page(self) -> QWidget:
        """Check-in of a booking: the code typed on screen, or its QR read by a scanner
        that types it (a keyboard-wedge scanner ends with Enter)."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Check-in booking"), objectName="title"))
        hint = QLabel(
            self.tr("Ketik kode booking (mis. K7M2-X9QD) atau pindai kode QR dari HP Anda."),
            objectName="hint",
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.booking_code = QLineEdit()
        self.booking_code.setAccessibleName(self.tr("Kode booking"))
        self.booking_code.setPlaceholderText("K7M2-X9QD")
        self.booking_code.setMaxLength(400)
        self.booking_code.setStyleSheet("font-size: 32px; padding: 12px;")
        self.booking_code.returnPressed.connect(self.check_in)
        layout.addWidget(self.booking_code)
        self.booking_error = QLabel(objectName="error")
        self.booking_error.setWordWrap(True)
        layout.addWidget(self.booking_error)
        layout.addStretch(1)
        row = QHBoxLayout()
        back = QPushButton(self.tr("Kembali"), objectName="secondary")
        back.setAccessibleName(self.tr("Kembali ke daftar layanan"))
        back.clicked.connect(self.reset)
        self.check_in_button = QPushButton(self.tr("Check-in"))
        self.check_in_button.setAccessibleName(self.tr("Check-in booking"))
        self.check_in_button.clicked.connect(self.check_in)
        row.addWidget(back)
        row.addWidget(self.check_in_button, 2)
        layout.addLayout(row)
        return page

    def _reason_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel(self.tr("Pilih alasan layanan prioritas"), objectName="title"))
        # Two columns: one tall column of six touch buttons did not fit a 768-px screen.
        grid = QGridLayout()
        grid.setSpacing(16)
        self.reason_buttons: dict[str, QPushButton] = {}
        for index, (code, text) in enumerate(PRIORITY_REASONS):
            button = QPushButton(self.tr(text))
            button.setAccessibleName(self.tr(text))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, c=code: self._set_reason(c))
            grid.addWidget(button, index // 2, index % 2)
            self.reason_buttons[code] = button
        back = QPushButton(self.tr("Batal"), objectName="secondary")
        back.setAccessibleName(self.tr("Batal prioritas"))
        back.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        back.clicked.connect(lambda: self.priority_button.setChecked(False))
        grid.addWidget(back, len(PRIORITY_REASONS) // 2, len(PRIORITY_REASONS) % 2)
        layout.addLayout(grid, 1)
        return page

    def _confirm_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.confirm_title = QLabel(objectName="title")
        self.confirm_title.setWordWrap(True)
        self.confirm_title.setTextFormat(Qt.TextFormat.PlainText)  # a service's name, as typed
        self.confirm_detail = QLabel(objectName="detail")
        self.confirm_detail.setWordWrap(True)
        self.confirm_detail.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.confirm_title)
        layout.addWidget(self.confirm_detail, 1)
        self.error = QLabel(objectName="error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        back = QPushButton(self.tr("Kembali"), objectName="secondary")
        back.setAccessibleName(self.tr("Kembali ke daftar layanan"))
        back.clicked.connect(self.reset)
        self.take_button = QPushButton(self.tr("Ambil Nomor"))
        self.take_button.setAccessibleName(self.tr("Ambil nomor antrian"))
        self.take_button.clicked.connect(self.take)
        row.addWidget(back)
        row.addWidget(self.take_button, 2)
        layout.addLayout(row)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        head = QLabel(self.tr("Nomor antrian Anda"), objectName="title")
        head.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = QLabel(objectName="number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_detail = QLabel(objectName="detail")
        self.result_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result_detail.setWordWrap(True)
        self.print_status = QLabel(objectName="error")
        self.print_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_status.setWordWrap(True)
        done = QPushButton(self.tr("Selesai"))
        done.setAccessibleName(self.tr("Selesai, kembali ke awal"))
        done.clicked.connect(self.reset)
        for widget in (head, self.number, self.result_detail, self.print_status, done):
            layout.addWidget(widget)
        return page

    # -- flow --------------------------------------------------------------------

    def _priority_toggled(self, on: bool) -> None:
        self.reason = None
        self.stack.setCurrentIndex(self.PAGE_REASON if on else self.PAGE_SERVICES)

    def _set_reason(self, code: str) -> None:
        self.reason = code
        self.stack.setCurrentIndex(self.PAGE_SERVICES)

    def choose(self, service: ServiceInfo) -> None:
        self.chosen = service
        self.error.clear()
        self.confirm_title.setText(service.name)
        requirements = "".join(  # escaped: "usia < 17 tahun" is text, not the start of a tag
            f"<li>{escape(item.strip())}</li>"
            for item in service.requirements.split(";")
            if item.strip()
        )
        prio = ""
        if self.reason:
            label = dict(PRIORITY_REASONS)[self.reason]
            prio = "<p><b>" + self.tr("Prioritas: {0}").format(self.tr(label)) + "</b></p>"
        minutes = self.tr("Waktu layanan: ± {0} menit").format(service.standard_minutes)
        fee = self.tr("Biaya: {0}").format(self.tr(fee_text(service.fee)))
        listing = f"<ul>{requirements}</ul>" if requirements else "<p>–</p>"
        needs = self.tr("Persyaratan:")  # outside the f-string, where lupdate can see it
        self.confirm_detail.setText(
            f"{prio}<p>{minutes}</p><p>{fee}</p><p><b>{needs}</b></p>{listing}"
        )
        self.stack.setCurrentIndex(self.PAGE_CONFIRM)

    def open_booking(self, first: str = "") -> None:
        self._back_timer.stop()
        self.booking_error.clear()
        self.booking_code.setText(first)
        self.stack.setCurrentIndex(self.PAGE_BOOKING)
        self.booking_code.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A scanner's keystrokes on the service page open the check-in with them."""
        text = event.text()
        if self.stack.currentIndex() == self.PAGE_SERVICES and text.isprintable() and text.strip():
            self.open_booking(text)
            return
        super().keyPressEvent(event)

    def check_in(self) -> IssueResult | None:
        code = self.booking_code.text().strip()
        if not code:
            self.booking_error.setText(self.tr("Ketik kode booking lebih dulu."))
            return None
        try:
            result = self.client.check_in_booking(code, actor=None)
        except LoketError as exc:
            self.booking_error.setText(exc.message)
            self.booking_code.selectAll()
            return None
        self.booking_code.clear()
        return self._issued(result)

    def take(self) -> IssueResult | None:
        if self.chosen is None:
            return None
        try:
            reason = PriorityReason(self.reason) if self.reason else None
            result = self.client.issue(self.chosen.id, reason, actor=None)
        except LoketError as exc:
            self.error.setText(exc.message)
            return None
        return self._issued(result)

    def _issued(self, result: IssueResult) -> IssueResult:
        app_signals().changed.emit()
        self.last_result = result
        self.number.setText(result.ticket.label)
        self.result_detail.setText(
            self.tr("{0}\n{1} orang di depan Anda · perkiraan tunggu ± {2} menit").format(
                result.service_name, result.ahead, round(result.estimated_wait_seconds / 60)
            )
        )
        self.print_status.clear()
        if self.print_slip is not None:
            try:
                self.print_slip(
                    TicketSlip.from_issue(
                        self.office.name, self.office.timezone, result, link_base(self.client)
                    )
                )
            except PrintError as exc:
                self.print_status.setText(str(exc))
        self.stack.setCurrentIndex(self.PAGE_RESULT)
        self.ticketIssued.emit(result)
        self._back_timer.start(RESULT_SECONDS * 1000)
        return result

    def reprint_last(self) -> None:
        KioskReprintDialog(self.client, self.office, self.print_slip, self).exec()

    def reset(self) -> None:
        self._back_timer.stop()
        self.chosen = None
        self.reason = None
        self.priority_button.blockSignals(True)
        self.priority_button.setChecked(False)
        self.priority_button.blockSignals(False)
        self.booking_code.clear()
        self.booking_error.clear()
        self.stack.setCurrentIndex(self.PAGE_SERVICES)
