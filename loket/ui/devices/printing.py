"""Queue tickets on 58 mm and 80 mm thermal rolls: the Qt side.

What a ticket says, its ESC/POS bytes and the devices live in ``loket.printing`` (no
Qt); here are Qt's print system (the PC's installed printer through its driver, or a
PDF for preview and tests), the same QR drawn by QPainter, the ticket's translated
wording, a picture of what ESC/POS bytes print (from ``loket.printing.interpret``), and
a watcher that tells the operator when a network printer is out of paper before the
next ticket.

A print failure never stops the queue: the ticket is issued first, printing only reports
a message.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QObject, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from loket.printing.devices import (
    PrinterStatus,
    installed_printers,
    is_network,
    print_escpos,
    query_status,
    send_escpos,
    spool_raw,
)
from loket.printing.errors import PrintError
from loket.printing.escpos import ROLLS, escpos_bytes
from loket.printing.interpret import Page
from loket.printing.qr import qr_matrix
from loket.printing.slip import SlipWords, Style, TicketSlip
from loket.ui.localsettings import LocalSettings
from loket.ui.tasks import run_task

__all__ = [
    "ROLL_WIDTHS_MM",
    "PrintError",
    "PrinterWatch",
    "TicketSlip",
    "escpos_bytes",
    "localized",
    "make_printer",
    "paint_escpos",
    "print_slip",
    "printer_names",
    "render",
    "send_escpos",
    "slip_printer",
    "watch_printer",
]

ROLL_WIDTHS_MM = tuple(sorted(ROLLS))
TICKET_HEIGHT_MM = 120


translate = QCoreApplication.translate  # lupdate reads translate("ctx", "...")


def slip_words() -> SlipWords:
    """The ticket's fixed wording in this PC's language (Indonesian by default)."""
    return SlipWords(
        number=translate("printing", "NOMOR ANTRIAN"),
        ahead=translate("printing", "{0} orang di depan Anda"),
        wait=translate("printing", "Perkiraan tunggu ± {0} menit"),
        thanks=translate("printing", "Mohon menunggu panggilan. Terima kasih."),
        reprint=translate("printing", "CETAK ULANG"),
        reprinted_at=translate("printing", "dicetak ulang {0}"),
    )


def localized(slip: TicketSlip) -> TicketSlip:
    return dataclasses.replace(slip, words=slip_words())


def make_printer(
    width_mm: int, *, pdf_path: Path | None = None, name: str | None = None
) -> QPrinter:
    """A printer set to one ticket of a roll width; to a PDF file when ``pdf_path`` is given.

    Raises ``PrintError`` when the named printer is not installed.
    """
    if width_mm not in ROLL_WIDTHS_MM:
        raise ValueError(f"roll width must be one of {ROLL_WIDTHS_MM}")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    elif name:
        # Qt quietly falls back to the default printer for an unknown name: refuse instead.
        if name not in QPrinterInfo.availablePrinterNames():
            raise PrintError(
                translate(
                    "printing", "Printer {0} tidak tersedia. Nomor antrian tetap tercatat."
                ).format(name)
            )
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


SIZES = {Style.TINY: 2.6, Style.SMALL: 3.4, Style.TITLE: 3.6, Style.HEADING: 4.4,
         Style.NOTICE: 4.4, Style.HUGE: 16.0}  # fmt: skip


def mono_image(rows: list[list[bool]]) -> QImage:
    """A 1-bit image of dark (True) dots, built in one go.

    One image and one ``drawImage`` rather than a rectangle per module: fewer calls into
    Qt per ticket (a kiosk prints all day).
    """
    height, width = len(rows), len(rows[0]) if rows else 0
    stride = (width + 31) // 32 * 4
    data = bytearray(stride * height)
    for r, row in enumerate(rows):
        base = r * stride
        for c, dark in enumerate(row):
            if dark:
                data[base + c // 8] |= 0x80 >> (c % 8)
    image = QImage(bytes(data), width, height, stride, QImage.Format.Format_Mono).copy()
    image.setColorTable([0xFFFFFFFF, 0xFF000000])
    return image


def draw_qr(painter: QPainter, data: str, centre_x: float, top: float, side: float) -> float:
    """Draw ``data``'s QR (the matrix ESC/POS prints) as a ``side`` square; returns its height."""
    image = mono_image(qr_matrix(data))
    painter.drawImage(QRectF(centre_x - side / 2, top, side, side), image)
    return side


def render(painter: QPainter, page: QRectF, slip: TicketSlip, width_mm: int) -> None:
    """Draw a ticket into ``page`` (device pixels); type sizes follow the roll width."""
    px_per_mm = page.width() / max(1.0, width_mm - 4)
    scale = 1.0 if width_mm >= 80 else 0.75
    y = page.top()
    for line in slip.lines():
        if line.style is Style.RULE:
            y += 1.5 * px_per_mm
            painter.drawLine(int(page.left()), int(y), int(page.right()), int(y))
            y += 1.5 * px_per_mm
            continue
        if line.style is Style.QR:
            y += 1.5 * px_per_mm
            side = (28 if width_mm >= 80 else 24) * px_per_mm
            y += draw_qr(painter, line.text, page.center().x(), y, side) + 1.5 * px_per_mm
            continue
        font = QFont("DejaVu Sans")
        font.setPixelSize(max(6, int(SIZES[line.style] * scale * px_per_mm)))
        font.setBold(line.style in (Style.HUGE, Style.TITLE, Style.HEADING, Style.NOTICE))
        painter.setFont(font)
        height = painter.fontMetrics().height()
        box = QRectF(page.left(), y, page.width(), height * 8)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        used = painter.boundingRect(box, int(flags), line.text)
        painter.drawText(box, int(flags), line.text)
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


def slip_printer(settings: LocalSettings) -> Callable[[TicketSlip], None] | None:
    """The print function this PC's settings ask for (None: do not print)."""

    def raw(slip: TicketSlip) -> bytes:
        return escpos_bytes(localized(slip), settings.roll_width, native_qr=settings.native_qr)

    if settings.print_mode == "escpos" and settings.escpos_target:

        def to_escpos(slip: TicketSlip) -> None:
            print_escpos(raw(slip), settings.escpos_target)  # status first (DLE EOT)

        return to_escpos
    if settings.print_mode == "spooler":
        return lambda slip: spool_raw(raw(slip), settings.printer_name)
    if settings.print_mode == "system":

        def to_system(slip: TicketSlip) -> None:
            printer = make_printer(settings.roll_width, name=settings.printer_name)
            print_slip(localized(slip), printer, settings.roll_width)

        return to_system
    return None


def printer_names() -> list[str]:
    """Installed printers, as Qt and the spooler know them (the same on most PCs)."""
    return sorted(set(QPrinterInfo.availablePrinterNames()) | set(installed_printers()))


# -- what ESC/POS bytes print -------------------------------------------------------


def paint_escpos(page: Page, margin: int = 16) -> QImage:
    """A picture of an interpreted ESC/POS ticket: one pixel per printer dot.

    Characters are drawn in DejaVu Sans Mono stretched to their 12 × 24 dot cell times
    the ``GS !`` size, at the places the interpreter gave them; dot images as dots.
    """
    image = QImage(page.dots + 2 * margin, page.height + 2 * margin, QImage.Format.Format_RGB32)
    image.fill(QColor("#f7f5ee"))
    painter = QPainter(image)
    painter.fillRect(margin, 0, page.dots, image.height(), QColor("white"))
    painter.setPen(QPen(QColor("#c8c8c8"), 1, Qt.PenStyle.DotLine))  # the roll's edges
    painter.drawLine(margin - 1, 0, margin - 1, image.height())
    painter.drawLine(margin + page.dots, 0, margin + page.dots, image.height())
    painter.setPen(QColor("black"))
    font = QFont("DejaVu Sans Mono")
    font.setPixelSize(20)
    painter.setFont(font)
    # Font A's cell is 12 dots: set the advance to exactly that.
    font.setLetterSpacing(
        QFont.SpacingType.AbsoluteSpacing, 12 - painter.fontMetrics().horizontalAdvance("M")
    )
    for line in page.lines:
        font.setBold(line.bold)
        painter.setFont(font)
        painter.save()
        painter.translate(margin + line.x, margin + line.y)
        painter.scale(line.magnify[0], line.magnify[1])
        painter.drawText(QRectF(0, 0, 12 * len(line.text), 24),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         line.text)  # fmt: skip
        painter.restore()
    for picture in page.images:
        painter.drawImage(margin + picture.x, margin + picture.y, mono_image(picture.rows))
    painter.setPen(QPen(QColor("#888888"), 1, Qt.PenStyle.DashLine))
    for cut in page.cuts:
        painter.drawLine(0, margin + cut, image.width(), margin + cut)
    painter.end()
    return image


# -- a network printer's status, before the next ticket -----------------------------


class PrinterWatch(QObject):
    """Asks a network ESC/POS printer for its status (DLE EOT) every ``interval`` seconds.

    The question runs on a worker thread (a silent printer takes its timeout); the answer
    comes back as ``status(message, ready)`` on the GUI thread, only when it changed.
    """

    status = Signal(str, bool)

    def __init__(self, target: str, interval: float = 30.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.last: PrinterStatus | None = None
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval * 1000))
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        if self._busy or not self.target:
            return
        self._busy = True

        target = self.target
        run_task(lambda: query_status(target), self._answered, owner=self)

    def _answered(self, new: PrinterStatus | None, error: Exception | None) -> None:
        self._busy = False
        if error is not None:
            raise error  # a bug: the slot guard logs it and says so
        assert new is not None
        self._publish(new)

    def _publish(self, new: PrinterStatus) -> None:
        first = self.last is None
        changed = first or new.message() != (self.last.message() if self.last else "")
        self.last = new
        if changed and not (first and new.ready and not new.paper_low):  # quiet while all is well
            self.status.emit(self.message(new), new.ready and not new.paper_low)

    @staticmethod
    def message(status: PrinterStatus) -> str:
        if not status.reachable:
            return translate("printing", "Printer tiket tidak terhubung. Nomor tetap bisa diambil.")
        if status.paper_out:
            return translate("printing", "Kertas printer tiket habis: ganti gulungan kertas.")
        if status.cover_open:
            return translate("printing", "Tutup printer tiket terbuka.")
        if status.offline or status.error:
            return translate("printing", "Printer tiket sedang tidak siap (offline).")
        if status.paper_low:
            return translate("printing", "Kertas printer tiket hampir habis.")
        return translate("printing", "Printer tiket siap.")


def watch_printer(
    settings: LocalSettings, show: Callable[[str, bool], None], parent: QObject
) -> PrinterWatch | None:
    """Watch this PC's network ESC/POS printer for ``parent``'s lifetime (None: nothing to ask)."""
    if settings.print_mode != "escpos" or not is_network(settings.escpos_target):
        return None
    watch = PrinterWatch(settings.escpos_target, parent=parent)
    watch.status.connect(show)
    watch.start()
    return watch
