"""Queue tickets on 58 mm and 80 mm thermal rolls.

Two paths: Qt's print system (the PC's installed printer, or a PDF for preview and tests)
and raw ESC/POS bytes to a network thermal printer (``host:port``, port 9100 as most
shops set them) or a device file. The ESC/POS path writes the few standard commands
itself instead of pulling python-escpos with its USB, serial, image and QR stacks,
none of which a number ticket needs.

A print failure never stops the queue: the ticket is issued first, printing only reports
a message.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from loket.app.desk import IssueResult
from loket.core.days import INDONESIAN_ZONES

ROLL_WIDTHS_MM = (58, 80)
TICKET_HEIGHT_MM = 95


translate = QCoreApplication.translate  # lupdate reads translate("ctx", "...")


def tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


class PrintError(Exception):
    """A printer problem; its text is shown to the operator, the queue goes on."""


@dataclass(frozen=True)
class TicketSlip:
    """Everything printed on a ticket: no name, NIK or phone, ever."""

    office_name: str
    service_name: str
    label: str
    issued_at: datetime
    timezone: str
    ahead: int
    wait_minutes: int

    @classmethod
    def from_issue(cls, office_name: str, timezone: str, result: IssueResult) -> TicketSlip:
        return cls(
            office_name,
            result.service_name,
            result.ticket.label,
            result.ticket.issued_at,
            timezone,
            result.ahead,
            round(result.estimated_wait_seconds / 60),
        )

    def local_time(self) -> str:
        local = self.issued_at.astimezone(ZoneInfo(self.timezone))
        zone = INDONESIAN_ZONES.get(self.timezone, "")
        return f"{local:%d-%m-%Y %H:%M} {zone}".strip()

    def lines(self) -> list[tuple[str, str]]:
        """(style, text) from top to bottom; the layouts and ESC/POS share it."""
        return [
            ("small", self.office_name),
            ("small", self.service_name),
            ("rule", ""),
            ("small", translate("printing", "NOMOR ANTRIAN")),
            ("huge", self.label),
            ("rule", ""),
            ("small", self.local_time()),
            ("small", translate("printing", "{0} orang di depan Anda").format(self.ahead)),
            (
                "small",
                translate("printing", "Perkiraan tunggu ± {0} menit").format(self.wait_minutes),
            ),
            ("tiny", translate("printing", "Mohon menunggu panggilan. Terima kasih.")),
        ]


def make_printer(
    width_mm: int, *, pdf_path: Path | None = None, name: str | None = None
) -> QPrinter:
    """A printer set to one ticket of a roll width; to a PDF file when ``pdf_path`` is given."""
    if width_mm not in ROLL_WIDTHS_MM:
        raise ValueError(f"roll width must be one of {ROLL_WIDTHS_MM}")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    elif name:
        printer.setPrinterName(name)
    size = QPageSize(QSizeF(width_mm, TICKET_HEIGHT_MM), QPageSize.Unit.Millimeter, "Loket roll")
    printer.setPageLayout(
        QPageLayout(
            size,
            QPageLayout.Orientation.Portrait,
            QMarginsF(2, 2, 2, 2),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def render(painter: QPainter, page: QRectF, slip: TicketSlip, width_mm: int) -> None:
    """Draw a ticket into ``page`` (device pixels); type sizes follow the roll width."""
    px_per_mm = page.width() / max(1.0, width_mm - 4)
    scale = 1.0 if width_mm >= 80 else 0.75
    sizes = {"tiny": 2.6, "small": 3.4, "huge": 16.0}
    y = page.top()
    for style, text in slip.lines():
        if style == "rule":
            y += 1.5 * px_per_mm
            painter.drawLine(int(page.left()), int(y), int(page.right()), int(y))
            y += 1.5 * px_per_mm
            continue
        font = QFont("DejaVu Sans")
        font.setPixelSize(max(6, int(sizes[style] * scale * px_per_mm)))
        font.setBold(style == "huge")
        painter.setFont(font)
        height = painter.fontMetrics().height() * (1 + text.count("\n"))
        box = QRectF(page.left(), y, page.width(), height * 2)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        used = painter.boundingRect(box, int(flags), text)
        painter.drawText(box, int(flags), text)
        y += used.height() + 0.8 * px_per_mm


def print_slip(slip: TicketSlip, printer: QPrinter, width_mm: int) -> None:
    """Print through Qt; raise ``PrintError`` with an Indonesian message on failure."""
    # Without a file name the printer is meant to be a real one (Qt falls back to PDF
    # format when the OS has no print system, so the format alone does not tell).
    if not printer.outputFileName():
        names = QPrinterInfo.availablePrinterNames()
        if not names:
            raise PrintError(
                translate("printing", "Printer tidak ditemukan. Nomor antrian tetap tercatat.")
            )
        if printer.printerName() and printer.printerName() not in names:
            raise PrintError(
                translate(
                    "printing", "Printer {0} tidak tersedia. Nomor antrian tetap tercatat."
                ).format(printer.printerName())
            )
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(
            translate(
                "printing",
                "Printer tidak siap (kertas habis atau tidak tersambung). "
                "Nomor antrian tetap tercatat.",
            )
        )
    try:
        page = printer.pageRect(QPrinter.Unit.DevicePixel)
        render(painter, QRectF(0, 0, page.width(), page.height()), slip, width_mm)
    finally:
        painter.end()


# -- ESC/POS -------------------------------------------------------------------------

ESC, GS = b"\x1b", b"\x1d"


def escpos_bytes(slip: TicketSlip, width_mm: int) -> bytes:
    """The ticket as ESC/POS: init, centred text, a double-size number, feed and cut."""
    columns = 32 if width_mm < 80 else 48
    out = bytearray(ESC + b"@" + ESC + b"a\x01")  # initialise, centre
    for style, text in slip.lines():
        if style == "rule":
            out += b"-" * columns + b"\n"
            continue
        size = b"\x77" if style == "huge" else b"\x00"  # GS ! : 8x width and height
        out += GS + b"!" + size + (ESC + b"E\x01" if style == "huge" else ESC + b"E\x00")
        out += text.encode("cp437", errors="replace") + b"\n"
    out += GS + b"!\x00" + b"\n\n\n" + GS + b"V\x41\x03"  # feed and partial cut
    return bytes(out)


def send_escpos(data: bytes, target: str, timeout: float = 5.0) -> None:
    """Send to ``host:port`` over TCP, or write to a device path (e.g. /dev/usb/lp0)."""
    try:
        if ":" in target and not target.startswith(("/", "\\\\")):
            host, port = target.rsplit(":", 1)
            with socket.create_connection((host, int(port)), timeout=timeout) as conn:
                conn.sendall(data)
        else:
            with open(target, "wb") as device:
                device.write(data)
    except (OSError, ValueError) as exc:
        raise PrintError(
            translate(
                "printing",
                "Printer thermal {0} tidak dapat dihubungi ({1}). Nomor antrian tetap tercatat.",
            ).format(target, exc)
        ) from exc
