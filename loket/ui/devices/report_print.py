"""Reports on paper and in PDF: A4, the office's header, charts, tables that page.

One renderer draws a ``loket.app.reports.model.Report`` on any paged device, so the PDF file
(``QPdfWriter``) and the printer (``QPrinter``, from the dashboard's print dialog) get the
same pages. Charts are QtCharts scenes painted straight into the page: vectors, not
screenshots, so they stay sharp on a laser printer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QValueAxis
from PySide6.QtCore import (
    QBuffer,
    QCoreApplication,
    QIODevice,
    QMarginsF,
    QPointF,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)
from PySide6.QtWidgets import QApplication, QGraphicsScene

from loket.app.output import check_target, write_bytes_atomic
from loket.app.reports.model import Chart, Report
from loket.ui.devices.report_pages import WRAP, DrawnCell, Pages, Progress, TableLayout, translate
from loket.ui.devices.report_table import draw_table

#: Bar colours: the display's navy and amber, then quieter ones.
PALETTE = ["#134074", "#f2a541", "#8da9c4", "#4f772d", "#a4161a"]
PDF_DPI = 150
MARGIN_MM = 12
CHART_HEIGHT_MM = 62


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


def whole_ticks(top: float) -> tuple[int, int]:
    """A step and a tick count for counts and minutes: whole numbers, at most six ticks.

    With all values zero Qt's own nice numbers gave 0.0, 0.2 … 1.0: fifths of a citizen.
    """
    need = max(4.0, top * 1.05)
    step = next(s for s in (m * 10**e for e in range(7) for m in (1, 2, 5)) if s * 5 >= need)
    ticks = int(-(-need // step)) + 1
    return step, ticks


def stand_labels_up(axis: QBarCategoryAxis, plot_width: float) -> None:
    """Category labels wider than their slot turn upright instead of showing "…".

    The wait histogram's "100", "110", "120+" read "…" on a dashboard 1024 px wide.
    """
    categories = axis.categories()
    metrics = QFontMetricsF(axis.labelsFont())
    widest = max((metrics.horizontalAdvance(c) for c in categories), default=0.0)
    # Qt's own rule (horizontalaxis.cpp): the plot's width over one more than the
    # categories, less a 5 px padding each side.
    slot = plot_width / (len(categories) + 1) - 10
    angle = 0 if widest <= slot else -90
    if axis.labelsAngle() != angle:
        axis.setLabelsAngle(angle)


def build_chart(spec: Chart, *, animated: bool = False, text: Callable[[str], str] = str) -> QChart:
    """A grouped bar chart of a report's chart (the dashboard shows the same ones).

    ``text``: how the chart's own words are shown (the dashboard translates them; paper
    keeps the report's Indonesian).
    """
    chart = QChart()
    chart.setTitle(text(spec.title))
    if not animated:
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    series = QBarSeries()
    top = 0.0
    for index, (name, values) in enumerate(spec.series):
        bar = QBarSet(text(name))
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
        axis_y.setLabelFormat("%.1f")
    else:
        step, ticks = whole_ticks(top)
        axis_y.setRange(0, step * (ticks - 1))
        axis_y.setTickCount(ticks)
        axis_y.setLabelFormat("%.0f")
    if spec.axis_title:
        axis_y.setTitleText(text(spec.axis_title))
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    chart.plotAreaChanged.connect(lambda area: stand_labels_up(axis_x, area.width()))
    chart.legend().setVisible(len(spec.series) > 1)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _kop(pages: Pages) -> None:
    """The letterhead: logo on the left, centred lines, a thick and a thin rule below."""
    report = pages.report
    head = report.letterhead
    logo_size = pages.mm(22)
    image = QImage()
    if head.logo:
        image.loadFromData(head.logo)
    lines = head.kop_lines(report.office.name)
    office_line = head.office_line(report.office.name)
    styles = []
    for line in lines:
        if line == office_line:
            styles.append((15.0, True))
        elif line == head.contact_line():
            styles.append((8.5, False))
        else:
            styles.append((12.5, True))
    indent = logo_size + pages.mm(3) if not image.isNull() else 0.0
    inner = pages.width - 2 * indent
    centred = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | WRAP
    heights = [
        pages.metrics(pages.font(pt, b))
        .boundingRect(QRectF(0, 0, inner, 1e6), centred, line)
        .height()
        for line, (pt, b) in zip(lines, styles, strict=True)
    ]  # a long address wraps under itself instead of running off both sides
    block = max(sum(heights), logo_size if not image.isNull() else 0.0)
    pages.need(block + pages.mm(4))
    top = pages.y
    p = pages.painter
    if p is not None and not image.isNull():
        scaled = image.size().scaled(
            int(logo_size), int(logo_size), Qt.AspectRatioMode.KeepAspectRatio
        )
        target = QRectF(0, top + (block - scaled.height()) / 2, scaled.width(), scaled.height())
        p.drawImage(target, image)
    y = top + (block - sum(heights)) / 2
    for line, (points, bold), height in zip(lines, styles, heights, strict=True):
        if p is not None:
            p.setFont(pages.font(points, bold))
            p.drawText(QRectF(indent, y, inner, height), centred, line)
        y += height
    pages.y = top + block + pages.mm(1.5)
    pages.rule(weight=0.8, gap=0.7)
    pages.rule(weight=0.25, gap=4.0)


def _title(pages: Pages) -> None:
    report = pages.report
    center = Qt.AlignmentFlag.AlignHCenter
    pages.text(report.title.upper(), 13, bold=True, gap=0.6, align=center)
    pages.text(f"Periode: {report.period.label()}", 10, gap=0.4, align=center)
    made = f"Dibuat: {report.generated_at:%d-%m-%Y %H:%M} {report.zone}".rstrip()
    pages.text(f"Kode wilayah {report.office.code} · {made}", 8, gap=3.0, align=center)


def _signature(pages: Pages) -> None:
    """Mengetahui, Lurah … (left) and place, date, Kasi Pelayanan (right), with NIPs."""
    report = pages.report
    block = report.letterhead.signature(report.office.name, report.generated_at.date())
    font = pages.font(9.5)
    bold = pages.font(9.5, bold=True)
    line = pages.metrics(font).height()
    space = pages.mm(20)  # room to sign and stamp
    height = line * 5 + space + pages.mm(6)
    pages.need(height)
    pages.y += pages.mm(6)
    top = pages.y
    half = pages.width / 2
    center = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
    columns = (
        (0.0, block.left, block.left_name, block.left_nip),
        (half, block.right, block.right_name, block.right_nip),
    )
    p = pages.painter
    for x, (first, second), name, nip in columns:
        if p is None:
            continue
        box = QRectF(x, top, half, line)
        p.setFont(font)
        p.drawText(box, center, first)
        p.drawText(box.translated(0, line), center, second)
        name_box = box.translated(0, 2 * line + space)
        p.setFont(bold)
        shown = name or "(" + "." * 40 + ")"
        p.drawText(name_box, center, shown)
        if name:
            width = pages.metrics(bold).horizontalAdvance(name)
            under = name_box.bottom() - line * 0.12
            p.drawLine(
                QPointF(x + (half - width) / 2, under), QPointF(x + (half + width) / 2, under)
            )
        p.setFont(font)
        p.drawText(name_box.translated(0, line), center, nip)
    pages.y = top + height - pages.mm(6)


def _chart(pages: Pages, spec: Chart, width: float, x: float, height: float) -> None:
    if pages.painter is None:
        return
    chart = build_chart(spec)
    scene = QGraphicsScene()
    scene.addItem(chart)
    size = QSizeF(900, 900 * height / width)
    chart.resize(size)
    scene.setSceneRect(QRectF(0, 0, size.width(), size.height()))
    scene.render(pages.painter, QRectF(x, pages.y, width, height), scene.sceneRect())
    scene.removeItem(chart)
    chart.deleteLater()


def _charts(pages: Pages, charts: list[Chart]) -> None:
    height = pages.mm(CHART_HEIGHT_MM)
    wide = pages.width > pages.height
    per_row = 2 if wide else 1
    width = (pages.width - pages.mm(4) * (per_row - 1)) / per_row
    for start in range(0, len(charts), per_row):
        pages.need(height)
        for offset, spec in enumerate(charts[start : start + per_row]):
            _chart(pages, spec, width, offset * (width + pages.mm(4)), height)
        pages.y += height + pages.mm(4)


def _lay_out(pages: Pages) -> int:
    report = pages.report
    _kop(pages)
    _title(pages)
    points = 6.5 if report.kind == "register" else 8.0
    total = sum(len(t.rows) for t in report.tables)
    done = [0]
    # The summary first, then the charts, then the detail tables.
    tables = list(report.tables)
    if tables and report.charts:
        draw_table(pages, tables.pop(0), points, done, total)
    if report.charts and isinstance(QApplication.instance(), QApplication):
        _charts(pages, report.charts)
    for table in tables:
        draw_table(pages, table, points, done, total)
    for title, paragraph in report.sections:
        pages.text(title, points + 2.5, bold=True, gap=0.8)
        pages.text(paragraph or "–", points + 1, gap=4.0)
    _signature(pages)
    if pages.progress is not None and not pages.dry:
        pages.progress(total, total)
    return pages.page


def render_report(
    report: Report,
    device: QPagedPaintDevice,
    progress: Progress | None = None,
    cells: list[DrawnCell] | None = None,
) -> int:
    """Draw every page of ``report`` on ``device``; returns the number of pages.

    A measuring pass first (nothing drawn) counts the pages for "Halaman N dari M" and
    keeps each table's measured layout, so the drawing pass does not measure again.
    """
    layouts: dict[int, TableLayout] = {}
    total = _lay_out(Pages(None, device, report, layouts=layouts))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(translate("report_print", "Printer atau berkas PDF tidak dapat dibuka."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pages = Pages(painter, device, report, total, layouts, progress, cells)
        return _lay_out(pages)
    finally:
        painter.end()


def page_layout(landscape: bool) -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def pdf_bytes(
    report: Report, progress: Progress | None = None, cells: list[DrawnCell] | None = None
) -> bytes:
    """The report as the bytes of an A4 PDF (drawn in memory)."""
    ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setTitle(f"{report.title} {report.period.label()}")
    writer.setCreator("Loket")
    writer.setPageLayout(page_layout(report.landscape))
    render_report(report, writer, progress, cells)
    del writer  # ends the document: the trailer is in the buffer now
    data = bytes(buffer.data().data())
    buffer.close()
    return data


def write_pdf(report: Report, path: Path, progress: Progress | None = None) -> Path:
    """The report as an A4 PDF file, complete or not written at all.

    Drawn in memory first, then written beside the target and renamed: Qt's PDF writer
    reports no write error, so drawing straight to the file left a 0-byte PDF on a full
    disk while the command printed success.
    """
    check_target(path)
    return write_bytes_atomic(path, pdf_bytes(report, progress))
