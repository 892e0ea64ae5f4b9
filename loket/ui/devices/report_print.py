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
from dataclasses import dataclass
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
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtWidgets import QApplication, QGraphicsScene

from loket.app.output import check_target, write_bytes_atomic
from loket.app.reports.model import Chart, Column, Kind, Report, Table, display

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
        layouts: dict[int, _TableLayout] | None = None,
        progress: Progress | None = None,
        cells: list[DrawnCell] | None = None,
    ) -> None:
        self.painter = painter
        self.cells = cells
        self.device = device
        self.report = report
        self.total = total
        self.layouts: dict[int, _TableLayout] = {} if layouts is None else layouts
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


def _kop(pages: _Pages) -> None:
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


def _title(pages: _Pages) -> None:
    report = pages.report
    center = Qt.AlignmentFlag.AlignHCenter
    pages.text(report.title.upper(), 13, bold=True, gap=0.6, align=center)
    pages.text(f"Periode: {report.period.label()}", 10, gap=0.4, align=center)
    made = f"Dibuat: {report.generated_at:%d-%m-%Y %H:%M} {report.zone}".rstrip()
    pages.text(f"Kode wilayah {report.office.code} · {made}", 8, gap=3.0, align=center)


def _signature(pages: _Pages) -> None:
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


def _chart(pages: _Pages, spec: Chart, width: float, x: float, height: float) -> None:
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


@dataclass
class _TableLayout:
    """Column widths from the measured texts, and each row's height once wrapped."""

    widths: list[float]
    texts: list[list[str]]
    row_heights: list[float]
    header_height: float
    #: Each cell's one-line width, or -1 when it wraps (drawn through the slower layout).
    advances: list[list[float]]
    ascent: float


WRAP = int(Qt.TextFlag.TextWordWrap)


def _measure(pages: _Pages, table: Table, points: float) -> _TableLayout:
    """Widths that fit every number on one line and every word whole, then row heights.

    Numbers, dates and times never wrap; text columns get what they need up to a cap and
    give back room (wrapping at words) when the page is too narrow for all of them.
    """
    metrics = pages.metrics(pages.font(points))
    bold = pages.metrics(pages.font(points, bold=True))
    pad = pages.mm(0.8)
    cache: dict[str, float] = {}

    def advance(text: str) -> float:
        width = cache.get(text)
        if width is None:
            width = metrics.horizontalAdvance(text)
            cache[text] = width
        return width

    texts = [
        [display(v, c.kind, short=c.short) for v, c in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]
    cap = pages.mm(70)
    want: list[float] = []
    least: list[float] = []
    for i, column in enumerate(table.columns):
        header_word = max((bold.horizontalAdvance(w) for w in column.title.split()), default=0.0)
        cells = [row[i] for row in texts]
        natural = max((advance(t) for t in cells), default=0.0)
        if column.kind in NUMERIC or column.kind in (Kind.DATE, Kind.DATETIME):
            need = max(natural, header_word)
            want.append(need + 2 * pad)
            least.append(need + 2 * pad)
        else:
            longest_word = max((advance(w) for t in cells for w in t.split()), default=0.0)
            low = max(header_word, min(longest_word, pages.mm(30)))
            want.append(max(low, min(natural, cap)) + 2 * pad)
            least.append(low + 2 * pad)
    widths = _fit(want, least, pages.width, [c.kind is Kind.TEXT for c in table.columns])

    def height(texts_row: list[str], font_metrics: QFontMetricsF, measure: bool) -> float:
        tallest = font_metrics.height()
        for text, w in zip(texts_row, widths, strict=True):
            inner = w - 2 * pad
            if measure or font_metrics.horizontalAdvance(text) > inner:
                box = font_metrics.boundingRect(QRectF(0, 0, inner, 1e6), WRAP, text)
                tallest = max(tallest, box.height())
        return tallest + 2 * pad + font_metrics.height() * 0.2

    row_heights = []
    advances = []
    for row in texts:
        tallest = metrics.height()
        row_advances = []
        for text, w in zip(row, widths, strict=True):
            inner = w - 2 * pad
            one_line = advance(text)
            if one_line > inner:
                tallest = max(
                    tallest, metrics.boundingRect(QRectF(0, 0, inner, 1e6), WRAP, text).height()
                )
                one_line = -1.0
            row_advances.append(one_line)
        row_heights.append(tallest + 2 * pad)
        advances.append(row_advances)
    header_height = height([c.title for c in table.columns], bold, True)
    return _TableLayout(widths, texts, row_heights, header_height, advances, metrics.ascent())


def _fit(want: list[float], least: list[float], total: float, text: list[bool]) -> list[float]:
    """Share ``total`` among the columns: extra room evenly, a shortfall from text columns.

    A shortfall is taken from the widest text columns first (one cap for all of them,
    found by bisection, never below a column's longest word), so a long service name
    and a long note wrap alike instead of one of them being squeezed to a sliver.
    """
    wanted = sum(want)
    if wanted <= total:
        extra = (total - wanted) / len(want)
        return [w + extra for w in want]

    def capped(cap: float) -> list[float]:
        return [
            min(w, max(cap, lo)) if t else w for w, lo, t in zip(want, least, text, strict=True)
        ]

    if sum(capped(0.0)) > total:  # even every text column at its floor is too wide
        floor = capped(0.0)
        scale = total / sum(floor)
        return [w * scale for w in floor]
    low, high = 0.0, max(want)
    for _ in range(40):
        middle = (low + high) / 2
        if sum(capped(middle)) > total:
            high = middle
        else:
            low = middle
    widths = capped(low)
    extra = (total - sum(widths)) / len(widths)
    return [w + extra for w in widths]


def _table(pages: _Pages, table: Table, points: float, done: list[int], total: int) -> None:
    layout = pages.layouts.get(id(table))
    if layout is None:
        layout = pages.layouts[id(table)] = _measure(pages, table, points)
    p = pages.painter
    font = pages.font(points)
    bold = pages.font(points, bold=True)
    pad = pages.mm(0.8)
    widths = layout.widths

    def aligned(column: Column) -> Qt.AlignmentFlag:
        if column.kind in NUMERIC:
            return Qt.AlignmentFlag.AlignRight
        return Qt.AlignmentFlag.AlignLeft

    def header(title: str) -> None:
        pages.text(title, points + 2.5, bold=True, gap=0.8)
        if p is not None:
            p.fillRect(QRectF(0, pages.y, pages.width, layout.header_height), QColor("#dfe7f1"))
            p.setFont(bold)
            x = 0.0
            for column, w in zip(table.columns, widths, strict=True):
                box = QRectF(x + pad, pages.y + pad, w - 2 * pad, layout.header_height - 2 * pad)
                p.drawText(box, int(aligned(column) | Qt.AlignmentFlag.AlignVCenter) | WRAP,
                           column.title)  # fmt: skip
                x += w
        pages.y += layout.header_height

    right = [c.kind in NUMERIC for c in table.columns]
    flags = [int(aligned(c) | Qt.AlignmentFlag.AlignTop) | WRAP for c in table.columns]
    title_h = pages.metrics(pages.font(points + 2.5, True)).height()
    first_row = layout.row_heights[0] if layout.row_heights else 0.0
    pages.need(title_h + layout.header_height + first_row + pages.mm(1))
    header(table.title)
    if not table.rows:
        pages.text(translate("report_print", "(tidak ada data)"), points)
    for index, (texts, row_h) in enumerate(zip(layout.texts, layout.row_heights, strict=True)):
        if pages.y + row_h > pages.bottom:
            pages.new_page()
            header(translate("report_print", "{0} (lanjutan)").format(table.title))
        if p is not None:
            if index in table.marked:
                p.fillRect(QRectF(0, pages.y, pages.width, row_h), QColor("#f8d7da"))
            elif index % 2:
                p.fillRect(QRectF(0, pages.y, pages.width, row_h), QColor("#f4f6f9"))
            p.setFont(font)
            x = 0.0
            baseline = pages.y + pad + layout.ascent
            row_advances = layout.advances[index]
            for col, (text, w) in enumerate(zip(texts, widths, strict=True)):
                one_line = row_advances[col]
                if not text:
                    pass
                elif one_line >= 0:  # fits on one line: no text layout needed (fast)
                    left = x + w - pad - one_line if right[col] else x + pad
                    p.drawText(QPointF(left, baseline), text)
                else:
                    box = QRectF(x + pad, pages.y + pad, w - 2 * pad, row_h - 2 * pad)
                    p.drawText(box, flags[col], text)
                if pages.cells is not None:
                    box = QRectF(x + pad, pages.y + pad, w - 2 * pad, row_h - 2 * pad)
                    pages.cells.append(DrawnCell(pages.page, table.key, index, col, box, text))
                x += w
        pages.y += row_h
        done[0] += 1
        if pages.progress is not None and not pages.dry and done[0] % 200 == 0:
            pages.progress(done[0], total)
    if table.note:
        pages.y += pages.mm(1)
        pages.text(table.note, points - 0.5)
    pages.y += pages.mm(4)


def _lay_out(pages: _Pages) -> int:
    report = pages.report
    _kop(pages)
    _title(pages)
    points = 6.5 if report.kind == "register" else 8.0
    total = sum(len(t.rows) for t in report.tables)
    done = [0]
    # The summary first, then the charts, then the detail tables.
    tables = list(report.tables)
    if tables and report.charts:
        _table(pages, tables.pop(0), points, done, total)
    if report.charts and isinstance(QApplication.instance(), QApplication):
        _charts(pages, report.charts)
    for table in tables:
        _table(pages, table, points, done, total)
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
    layouts: dict[int, _TableLayout] = {}
    total = _lay_out(_Pages(None, device, report, layouts=layouts))
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(translate("report_print", "Printer atau berkas PDF tidak dapat dibuka."))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pages = _Pages(painter, device, report, total, layouts, progress, cells)
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
