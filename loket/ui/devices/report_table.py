"""Report tables on paper: column widths that keep numbers whole, rows that page.

``measure`` sizes a table once (numbers, dates and times never wrap; text columns share
what is left); ``draw_table`` draws it down the pages, its header repeated on each.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter

from loket.app.reports.model import Column, Kind, Table, display
from loket.ui.devices.report_pages import WRAP, DrawnCell, Pages, TableLayout, translate

NUMERIC = {Kind.INT, Kind.NUMBER, Kind.MINUTES, Kind.SHARE}


class _Advances:
    """One-line text widths in the table's font, each text measured once."""

    def __init__(self, metrics: QFontMetricsF) -> None:
        self.metrics = metrics
        self.cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self.cache.get(text)
        if width is None:
            width = self.metrics.horizontalAdvance(text)
            self.cache[text] = width
        return width


def measure(pages: Pages, table: Table, points: float) -> TableLayout:
    """Widths that fit every number on one line and every word whole, then row heights.

    Numbers, dates and times never wrap; text columns get what they need up to a cap and
    give back room (wrapping at words) when the page is too narrow for all of them.
    """
    metrics = pages.metrics(pages.font(points))
    bold = pages.metrics(pages.font(points, bold=True))
    pad = pages.mm(0.8)
    advance = _Advances(metrics)
    texts = [
        [display(v, c.kind, short=c.short) for v, c in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]
    want, least = _wanted(pages, table, texts, bold, advance, pad)
    widths = _fit(want, least, pages.width, [c.kind is Kind.TEXT for c in table.columns])
    row_heights, advances = _rows(texts, widths, metrics, advance, pad)
    header_height = _header_height([c.title for c in table.columns], widths, bold, pad)
    return TableLayout(widths, texts, row_heights, header_height, advances, metrics.ascent())


def _wanted(pages: Pages, table: Table, texts: list[list[str]], bold: QFontMetricsF,
            advance: _Advances, pad: float) -> tuple[list[float], list[float]]:  # fmt: skip
    """Each column's wished width and the least it can take (its longest word)."""
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
    return want, least


def _header_height(titles: list[str], widths: list[float], bold: QFontMetricsF,
                   pad: float) -> float:  # fmt: skip
    """The header row's height, its titles wrapped at words in their columns."""
    tallest = bold.height()
    for text, w in zip(titles, widths, strict=True):
        box = bold.boundingRect(QRectF(0, 0, w - 2 * pad, 1e6), WRAP, text)
        tallest = max(tallest, box.height())
    return tallest + 2 * pad + bold.height() * 0.2


def _rows(texts: list[list[str]], widths: list[float], metrics: QFontMetricsF,
          advance: _Advances, pad: float) -> tuple[list[float], list[list[float]]]:  # fmt: skip
    """Each row's height once wrapped, and each cell's one-line width (-1: it wraps)."""
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
    return row_heights, advances


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


def draw_table(pages: Pages, table: Table, points: float, done: list[int], total: int) -> None:
    """The table down the pages: its title and header again on every page it reaches."""
    layout = pages.layouts.get(id(table))
    if layout is None:
        layout = pages.layouts[id(table)] = measure(pages, table, points)
    drawing = _Drawing(pages, table, layout, points)
    title_h = pages.metrics(pages.font(points + 2.5, True)).height()
    first_row = layout.row_heights[0] if layout.row_heights else 0.0
    pages.need(title_h + layout.header_height + first_row + pages.mm(1))
    drawing.header(table.title)
    if not table.rows:
        pages.text(translate("report_print", "(tidak ada data)"), points)
    for index, (texts, row_h) in enumerate(zip(layout.texts, layout.row_heights, strict=True)):
        if pages.y + row_h > pages.bottom:
            pages.new_page()
            drawing.header(translate("report_print", "{0} (lanjutan)").format(table.title))
        if pages.painter is not None:
            drawing.row(pages.painter, index, texts, row_h)
        pages.y += row_h
        done[0] += 1
        if pages.progress is not None and not pages.dry and done[0] % 200 == 0:
            pages.progress(done[0], total)
    if table.note:
        pages.y += pages.mm(1)
        pages.text(table.note, points - 0.5)
    pages.y += pages.mm(4)


def _aligned(column: Column) -> Qt.AlignmentFlag:
    return Qt.AlignmentFlag.AlignRight if column.kind in NUMERIC else Qt.AlignmentFlag.AlignLeft


class _Drawing:
    """One table's fonts, padding and alignments, for its header and its rows."""

    def __init__(self, pages: Pages, table: Table, layout: TableLayout, points: float) -> None:
        self.pages = pages
        self.table = table
        self.layout = layout
        self.points = points
        self.font = pages.font(points)
        self.bold = pages.font(points, bold=True)
        self.pad = pages.mm(0.8)
        self.right = [c.kind in NUMERIC for c in table.columns]
        self.flags = [int(_aligned(c) | Qt.AlignmentFlag.AlignTop) | WRAP for c in table.columns]

    def header(self, title: str) -> None:
        pages, layout, pad, p = self.pages, self.layout, self.pad, self.pages.painter
        pages.text(title, self.points + 2.5, bold=True, gap=0.8)
        if p is not None:
            p.fillRect(QRectF(0, pages.y, pages.width, layout.header_height), QColor("#dfe7f1"))
            p.setFont(self.bold)
            x = 0.0
            for column, w in zip(self.table.columns, layout.widths, strict=True):
                box = QRectF(x + pad, pages.y + pad, w - 2 * pad, layout.header_height - 2 * pad)
                p.drawText(box, int(_aligned(column) | Qt.AlignmentFlag.AlignVCenter) | WRAP,
                           column.title)  # fmt: skip
                x += w
        pages.y += layout.header_height

    def row(self, p: QPainter, index: int, texts: list[str], row_h: float) -> None:
        pages, layout, pad = self.pages, self.layout, self.pad
        if index in self.table.marked:
            p.fillRect(QRectF(0, pages.y, pages.width, row_h), QColor("#f8d7da"))
        elif index % 2:
            p.fillRect(QRectF(0, pages.y, pages.width, row_h), QColor("#f4f6f9"))
        p.setFont(self.font)
        x = 0.0
        baseline = pages.y + pad + layout.ascent
        row_advances = layout.advances[index]
        for col, (text, w) in enumerate(zip(texts, layout.widths, strict=True)):
            one_line = row_advances[col]
            if not text:
                pass
            elif one_line >= 0:  # fits on one line: no text layout needed (fast)
                left = x + w - pad - one_line if self.right[col] else x + pad
                p.drawText(QPointF(left, baseline), text)
            else:
                box = QRectF(x + pad, pages.y + pad, w - 2 * pad, row_h - 2 * pad)
                p.drawText(box, self.flags[col], text)
            if pages.cells is not None:
                box = QRectF(x + pad, pages.y + pad, w - 2 * pad, row_h - 2 * pad)
                pages.cells.append(DrawnCell(pages.page, self.table.key, index, col, box, text))
            x += w
