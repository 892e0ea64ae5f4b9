"""What the dashboard shows its figures with: the data of one load, its table model, a tile.

``load_dashboard`` runs on the worker thread (every query of one view); ``FiguresModel``
shows a report table with the same values and formatting as on paper; a ``Tile`` is one
key figure. Kept apart from the window so the window is only its layout and its loading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from PySide6.QtCharts import QChartView
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from loket.app.online.figures import OnlineDay
from loket.app.reports.model import Kind, Table, display
from loket.app.reports.writers import NUMBER_FORMATS
from loket.app.users import UserInfo
from loket.client.api import OfficeClient
from loket.core.days import service_day
from loket.core.periods import FollowUp, Period, PeriodStats
from loket.ui.report_text import report_tr

Index = QModelIndex | QPersistentModelIndex
PrintDialog = Callable[[QPrinter, QWidget], bool]
#: Live views refresh at most this often, however busy the counters are.
LIVE_REFRESH_MS = 2000

STYLE = """
QFrame#tile { background: #13315c; border-radius: 10px; }
QFrame#tile QLabel { color: white; }
QFrame#tile[alert="true"] { background: #a4161a; }
QLabel#tileValue { font-size: 26px; font-weight: bold; }
QLabel#tileLabel { font-size: 12px; color: #c9d6ea; }
QLabel#status { color: #555555; }
"""


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def qt_print_dialog(printer: QPrinter, parent: QWidget) -> bool:
    """The system print dialog: the second click is its Print button."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Cetak laporan hari ini"))
    return dialog.exec() == QDialog.DialogCode.Accepted


@dataclass(frozen=True)
class DashboardData:
    """What one load hands the window."""

    period: Period
    today: date
    stats: PeriodStats
    follow_ups: list[FollowUp]
    backlog: list[FollowUp]
    service_names: dict[int, str]
    online: list[OnlineDay] = field(default_factory=list)


def load_dashboard(
    client: OfficeClient, actor: UserInfo | None, period: Period, now: datetime
) -> DashboardData:
    """Every query of a dashboard view (runs on the worker thread)."""
    office = client.office()
    names = {sv.id: sv.name for sv in client.services()}
    today = service_day(now, office.tz)
    stats = client.period_stats(period, actor=actor)
    items, backlog = client.follow_ups(period, actor=actor)
    online = client.online_figures(period, actor=actor)
    return DashboardData(period, today, stats, items, backlog, names, online)


class FiguresModel(QAbstractTableModel):
    """A report table on screen: same values, same formatting as on paper."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table: Table | None = None

    def set_table(self, table: Table) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            self.table is not None
            and role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
        ):
            return report_tr(self.table.columns[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        column = self.table.columns[index.column()]
        value = self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, column.kind)
        if role == Qt.ItemDataRole.UserRole:
            return value
        numeric = column.kind in NUMBER_FORMATS and column.kind not in (Kind.DATE, Kind.DATETIME)
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        marked = index.row() in self.table.marked
        if role == Qt.ItemDataRole.BackgroundRole and marked:
            return QColor("#f8d7da")
        if role == Qt.ItemDataRole.FontRole and marked:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def is_marked(self, row: int) -> bool:
        return self.table is not None and row in self.table.marked


class Tile(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        layout = QVBoxLayout(self)
        self.value = QLabel("–", objectName="tileValue")
        self.label = QLabel(label, objectName="tileLabel")
        self.label.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.label)
        self.setAccessibleName(label)

    def set(self, text: str, *, alert: bool = False) -> None:
        self.value.setText(text)
        self.setAccessibleDescription(text)
        if self.property("alert") != alert:
            self.setProperty("alert", alert)
            self.style().unpolish(self)
            self.style().polish(self)


# (key, label): the label is translated where the window shows it
TILES = [
    ("issued", QT_TRANSLATE_NOOP("DashboardWindow", "Antrian")),
    ("served", QT_TRANSLATE_NOOP("DashboardWindow", "Selesai dilayani")),
    ("no_show", QT_TRANSLATE_NOOP("DashboardWindow", "Tidak hadir")),
    ("cancelled", QT_TRANSLATE_NOOP("DashboardWindow", "Batal")),
    ("transferred", QT_TRANSLATE_NOOP("DashboardWindow", "Dialihkan")),
    ("wait", QT_TRANSLATE_NOOP("DashboardWindow", "Tunggu median (menit)")),
    ("service", QT_TRANSLATE_NOOP("DashboardWindow", "Layanan median (menit)")),
    ("standard", QT_TRANSLATE_NOOP("DashboardWindow", "Selesai dalam waktu standar")),
    ("overdue", QT_TRANSLATE_NOOP("DashboardWindow", "Tindak lanjut terlambat")),
    ("rating", QT_TRANSLATE_NOOP("DashboardWindow", "Penilaian warga (1–4)")),
    ("ikm", QT_TRANSLATE_NOOP("DashboardWindow", "IKM")),
]


def tile_texts(st: PeriodStats) -> dict[str, tuple[str, bool]]:
    """Each tile's text, and whether it alerts (an overdue follow-up), from the figures."""
    c = st.counts
    median_wait, median_service = st.waiting_time.median, st.service_time.median
    overdue = st.follow_ups.overdue_total  # the rows marked "Terlambat" in the table
    skm = st.skm
    ikm = "–"
    if skm is not None and skm.ikm is not None and skm.band is not None:
        ikm = f"{display(float(skm.ikm), Kind.NUMBER)} {skm.band.letter}"
    texts = {
        "issued": display(c.issued, Kind.INT),
        "served": display(c.served, Kind.INT),
        "no_show": display(c.no_show, Kind.INT),
        "cancelled": display(c.cancelled, Kind.INT),
        "transferred": display(c.transferred, Kind.INT),
        "wait": display(None if median_wait is None else round(median_wait / 60, 1),
                        Kind.MINUTES),
        "service": display(None if median_service is None else round(median_service / 60, 1),
                           Kind.MINUTES),
        "standard": display(st.within_standard.ratio, Kind.SHARE),
        "overdue": display(overdue, Kind.INT),
        "rating": display(st.ratings.mean, Kind.NUMBER),
        "ikm": ikm,
    }  # fmt: skip
    return {key: (text, key == "overdue" and overdue > 0) for key, text in texts.items()}


class ChartsPage(QWidget):
    """The four charts of the daily report, two by two (``views`` by the chart's key)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views: dict[str, QChartView] = {}
        grid = QGridLayout(self)
        for index, (key, name) in enumerate(
            (("per-jam", self.tr("Grafik kedatangan dan selesai per jam")),
             ("per-layanan", self.tr("Grafik volume per layanan")),
             ("tunggu-layanan", self.tr("Grafik waktu tunggu per layanan")),
             ("sebaran-tunggu", self.tr("Grafik sebaran waktu tunggu")))
        ):  # fmt: skip
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setAccessibleName(name)
            view.setMinimumHeight(180)  # two rows fit a 768-px screen
            self.views[key] = view
            grid.addWidget(view, index // 2, index % 2)
