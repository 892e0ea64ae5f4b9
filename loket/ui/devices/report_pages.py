"""The paged layout's cursor: where the next line goes on which page, with the footers.

``Pages`` runs down the pages of one device (a PDF writer or a printer); the same layout
runs twice, first only measuring (to count the pages), then drawing. Shared by the
report's parts (report_print.py) and its tables (report_table.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPagedPaintDevice, QPainter, QPen

from loket.app.reports.model import Report

translate = QCoreApplication.translate  # lupdate reads translate("ctx", "...")
WRAP = int(Qt.TextFlag.TextWordWrap)


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DrawnCell:
    """Where a table cell's text was drawn (for tests that read the PDF back)."""

    page: int
    table: str
    row: int
    column: int
    rect: QRectF  # device pixels, inside the page margins
    text: str


@dataclass
class TableLayout:
    """Column widths from the measured texts, and each row's height once wrapped."""

    widths: list[float]
    texts: list[list[str]]
    row_heights: list[float]
    header_height: float
    # Each cell's one-line width, or -1 when it wraps (drawn through the slower layout).
    advances: list[list[float]]
    ascent: float


class Pages:
    """A cursor down the pages of one device, with the footer of each page.

    The same layout runs twice: first ``dry`` (nothing drawn, only measured) to learn
    the number of pages, then for real with "Halaman N dari M" in every footer.
    """

    def __init__(
        self,
        painter: QPainter | None,
        device: QPagedPaintDevice,
        report: Report,
        total: int | None = None,
        layouts: dict[int, TableLayout] | None = None,
        progress: Progress | None = None,
        cells: list[DrawnCell] | None = None,
    ) -> None:
        self.painter = painter
        self.cells = cells
        self.device = device
        self.report = report
        self.total = total
        self.layouts: dict[int, TableLayout] = {} if layouts is None else layouts
        self.progress = progress
        self.dpi = float(device.logicalDpiY())
        layout = device.pageLayout()
        paint = layout.paintRectPixels(device.logicalDpiX())
        self.width = float(paint.width())
        self.height = float(paint.height())
        self.page = 1
        self.y = 0.0
        self._footer()

    @property
    def dry(self) -> bool:
        return self.painter is None

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.device)

    @property
    def bottom(self) -> float:
        return self.height - self.mm(8)  # room for the footer

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def new_page(self) -> None:
        if not self.dry:
            self.device.newPage()
        self.page += 1
        self.y = 0.0
        self._footer()

    def _footer(self) -> None:
        p = self.painter
        if p is None:
            return
        p.setFont(self.font(7))
        p.setPen(QColor("#555555"))
        box = QRectF(0, self.height - self.mm(6), self.width, self.mm(6))
        p.drawLine(QPointF(0, box.top()), QPointF(self.width, box.top()))
        left = f"{self.report.office.name} · {self.report.title} · {self.report.period.label()}"
        p.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
        p.drawText(
            box,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            translate("report_print", "Halaman {0} dari {1}").format(
                self.page, self.total or self.page
            ),
        )
        p.setPen(QColor("black"))

    def text(
        self,
        line: str,
        points: float,
        bold: bool = False,
        gap: float = 1.0,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        """A paragraph across the page width, wrapped at words."""
        font = self.font(points, bold)
        flags = int(align | Qt.TextFlag.TextWordWrap)
        height = (
            self.metrics(font)
            .boundingRect(QRectF(0, 0, self.width, 10 * self.height), flags, line)
            .height()
        )
        self.need(height)
        if self.painter is not None:
            self.painter.setFont(font)
            self.painter.drawText(QRectF(0, self.y, self.width, height), flags, line)
        self.y += height + self.mm(gap)

    def rule(self, weight: float = 0.4, gap: float = 3.0) -> None:
        if self.painter is not None:
            self.painter.setPen(QPen(QColor("black"), self.mm(weight)))
            self.painter.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))
            self.painter.setPen(QColor("black"))
        self.y += self.mm(gap)
