"""Reports on paper and in PDF: A4, the office's header, charts, tables that page.

One renderer draws a ``loket.app.reports.Report`` on any paged device, so the PDF file
(``QPdfWriter``) and the printer (``QPrinter``, from the dashboard's print dialog) get the
same pages. Charts are QtCharts scenes painted straight into the page: vectors, not
screenshots, so they stay sharp on a laser printer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QValueAxis
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication, QGraphicsScene

from loket.app.output import check_target, write_bytes_atomic
from loket.app.reports import Chart, Kind, Report, Table, display

#: Bar colours: the display's navy and amber, then quieter ones.
PALETTE = ["#134074", "#f2a541", "#8da9c4", "#4f772d", "#a4161a"]
PDF_DPI = 150
MARGIN_MM = 12
CHART_HEIGHT_MM = 62
NUMERIC = {Kind.INT, Kind.NUMBER, Kind.MINUTES, Kind.SHARE}


translate = QCoreApplication.translate  # lupdate reads translate("ctx", "...")


def tr(text: str) -> str:
    return QCoreApplication.translate("report_print", text)


def ensure_app() -> QApplication:
    """A QApplication for the CLI's PDF export (QtCharts draws through QGraphicsScene).

    Without a display (a server, a cron job) it runs on the offscreen platform.
    """
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    if app is not None:  # pragma: no cover - a QGuiApplication made elsewhere
        raise RuntimeError("a QGuiApplication exists; charts need a QApplication")
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication(sys.argv[:1])


def build_chart(spec: Chart, *, animated: bool = False) -> QChart:
    """A grouped bar chart of a report's chart (the dashboard shows the same ones)."""
    chart = QChart()
    chart.setTitle(spec.title)
    if not animated:
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    series = QBarSeries()
    top = 0.0
    for index, (name, values) in enumerate(spec.series):
        bar = QBarSet(name)
        bar.setColor(QColor(PALETTE[index % len(PALETTE)]))
        bar.append([float(v) for v in values])
        series.append(bar)
        top = max([top, *values])
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append(spec.categories or [""])
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    if spec.max_value is not None:
        axis_y.setRange(0, spec.max_value)
    else:
        axis_y.setRange(0, max(1.0, top * 1.05))
        axis_y.applyNiceNumbers()
    axis_y.setLabelFormat("%.0f" if top >= 10 else "%.1f")
    if spec.axis_title:
        axis_y.setTitleText(spec.axis_title)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    chart.legend().setVisible(len(spec.series) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


class _Pages:
    """A cursor down the pages of one device, with the header and footer of each page."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice, report: Report) -> None:
        self.painter = painter
        self.device = device
        self.report = report
        self.dpi = float(device.logicalDpiY())
        layout = device.pageLayout()
        paint = layout.paintRectPixels(device.logicalDpiX())
        self.width = float(paint.width())
        self.height = float(paint.height())
        self.page = 1
        self.y = 0.0
        self._footer()

    def mm(self, value: float) -> float:
        return value * self.dpi / 25.4

    def font(self, points: float, bold: bool = False) -> QFont:
        font = QFont("DejaVu Sans")
        font.setPointSizeF(points)
        font.setBold(bold)
        return font

    @property
    def bottom(self) -> float:
        return self.height - self.mm(8)  # room for the footer

    def need(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.new_page()

    def new_page(self) -> None:
        self.device.newPage()
        self.page += 1
        self.y = 0.0
        self._footer()

    def _footer(self) -> None:
        p = self.painter
        p.setFont(self.font(7))
        p.setPen(QColor("#555555"))
        box = QRectF(0, self.height - self.mm(6), self.width, self.mm(6))
        left = f"{self.report.office.name} · {self.report.title} · {self.report.period.label()}"
        p.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), left)
        p.drawText(
            box,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            translate("report_print", "Halaman {0}").format(self.page),
        )
        p.setPen(QColor("black"))

    def text(self, line: str, points: float, bold: bool = False, gap: float = 1.0) -> None:
        font = self.font(points, bold)
        height = QFontMetricsF(font, self.device).height()
        self.need(height)
        self.painter.setFont(font)
        box = QRectF(0, self.y, self.width, height)
        self.painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft), line)
        self.y += height + self.mm(gap)

    def rule(self) -> None:
        self.painter.setPen(QPen(QColor("#134074"), self.mm(0.4)))
        self.painter.drawLine(0, int(self.y), int(self.width), int(self.y))
        self.painter.setPen(QColor("black"))
        self.y += self.mm(3)


def _header(pages: _Pages) -> None:
    lines = pages.report.header_lines()
    pages.text(lines[0], 14, bold=True, gap=0.5)
    pages.text(lines[1], 9)
    pages.text(lines[2], 13, bold=True, gap=0.5)
    pages.text(lines[3], 10, gap=0.5)
    pages.text(lines[4], 8)
    pages.rule()


def _chart(pages: _Pages, spec: Chart, width: float, x: float, height: float) -> None:
    chart = build_chart(spec)
    scene = QGraphicsScene()
    scene.addItem(chart)
    size = QSizeF(900, 900 * height / width)
    chart.resize(size)
    scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
    scene.render(pages.painter, QRectF(x, pages.y, width, height), scene.sceneRect())
    scene.removeItem(chart)
    chart.deleteLater()


def _charts(pages: _Pages, charts: list[Chart]) -> None:
    height = pages.mm(CHART_HEIGHT_MM)
    wide = pages.width > pages.height
    per_row = 2 if wide else 1
    width = (pages.width - pages.mm(4) * (per_row - 1)) / per_row
    for start in range(0, len(charts), per_row):
        pages.need(height)
        for offset, spec in enumerate(charts[start : start + per_row]):
            _chart(pages, spec, width, offset * (width + pages.mm(4)), height)
        pages.y += height + pages.mm(4)


def _table(pages: _Pages, table: Table, points: float) -> None:
    p = pages.painter
    font = pages.font(points)
    bold = pages.font(points, bold=True)
    metrics = QFontMetricsF(font, pages.device)
    row_h = metrics.height() * 1.35
    total = sum(c.width for c in table.columns)
    widths = [pages.width * c.width / total for c in table.columns]
    pad = pages.mm(0.8)
    header_lines = 3
    header_h = metrics.height() * header_lines + pad * 2

    def header(title: str) -> None:
        pages.text(title, points + 2.5, bold=True, gap=0.8)
        p.fillRect(QRectF(0, pages.y, pages.width, header_h), QColor("#dfe7f1"))
        p.setFont(bold)
        x = 0.0
        for column, w in zip(table.columns, widths, strict=True):
            box = QRectF(x + pad, pages.y + pad, w - 2 * pad, header_h - 2 * pad)
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
            flags |= (
                Qt.AlignmentFlag.AlignRight
                if column.kind in NUMERIC
                else Qt.AlignmentFlag.AlignLeft
            )
            p.drawText(box, int(flags), column.title)
            x += w
        pages.y += header_h

    title_h = QFontMetricsF(pages.font(points + 2.5, True), pages.device).height()
    pages.need(title_h + header_h + row_h * 2)
    header(table.title)
    if not table.rows:
        pages.text(translate("report_print", "(tidak ada data)"), points)
    for index, row in enumerate(table.rows):
        if pages.y + row_h > pages.bottom:
            pages.new_page()
            header(translate("report_print", "{0} (lanjutan)").format(table.title))
        if index in table.marked:
            p.fillRect(QRectF(0, pages.y, pages.width, row_h), QColor("#f8d7da"))
        elif index % 2:
            p.fillRect(QRectF(0, pages.y, pages.width, row_h), QColor("#f4f6f9"))
        p.setFont(font)
        x = 0.0
        for value, column, w in zip(row, table.columns, widths, strict=True):
            text = display(value, column.kind, short=column.short)
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, w - 2 * pad)
            align = (
                Qt.AlignmentFlag.AlignRight
                if column.kind in NUMERIC
                else Qt.AlignmentFlag.AlignLeft
            )
            p.drawText(
                QRectF(x + pad, pages.y, w - 2 * pad, row_h),
                int(align | Qt.AlignmentFlag.AlignVCenter),
                text,
            )
            x += w
        pages.y += row_h
    if table.note:
        pages.y += pages.mm(1)
        pages.text(table.note, points - 0.5)
    pages.y += pages.mm(4)


def render_report(report: Report, device: QPagedPaintDevice) -> int:
    """Draw every page of ``report`` on ``device``; returns the number of pages."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(translate("report_print", "Printer atau berkas PDF tidak dapat dibuka."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pages = _Pages(painter, device, report)
        _header(pages)
        points = 6.5 if report.kind == "register" else 8.0
        # The summary first, then the charts, then the detail tables.
        tables = list(report.tables)
        if tables and report.charts:
            _table(pages, tables.pop(0), points)
        if report.charts and isinstance(QApplication.instance(), QApplication):
            _charts(pages, report.charts)
        for table in tables:
            _table(pages, table, points)
        return pages.page
    finally:
        painter.end()


def page_layout(landscape: bool) -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def pdf_bytes(report: Report) -> bytes:
    """The report as the bytes of an A4 PDF (drawn in memory)."""
    ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"{report.title} {report.period.label()}")
    writer.setCreator("Loket")
    writer.setPageLayout(page_layout(report.landscape))
    render_report(report, writer)
    del writer  # ends the document: the trailer is in the buffer now
    data = bytes(buffer.data().data())
    buffer.close()
    return data


def write_pdf(report: Report, path: Path) -> Path:
    """The report as an A4 PDF file, complete or not written at all.

    Drawn in memory first, then written beside the target and renamed: Qt's PDF writer
    reports no write error, so drawing straight to the file left a 0-byte PDF on a full
    disk while the command printed success.
    """
    check_target(path)
    return write_bytes_atomic(path, pdf_bytes(report))
